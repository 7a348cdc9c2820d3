#!/usr/bin/env bash
# Starts every Relay service as a process of its own against external PostgreSQL, Redis and Kafka, in dependency
# order, each after the previous one reports ready. Logs and pids go under $RELAY_RUN_DIR (default ./run).
#
#   RELAY_DB_SERVER   jdbc:postgresql://127.0.0.1:5432   each service uses its own database relay_<name> there
#   RELAY_DB_USER     postgres                           (RELAY_DB_PASSWORD: empty)
#   RELAY_DB_PREFIX   relay                              databases are <prefix>_user, <prefix>_auth, ...
#   REDIS_URL         redis://127.0.0.1:6379
#   KAFKA_BOOTSTRAP_SERVERS  127.0.0.1:9092              with no broker there, `./relay kafka` is started for you
#   RELAY_SERVICE_ARGS                                   more arguments for every service, e.g. "--refresh 10"
#   RELAY_MESSAGEGATEWAY_CLUSTER_SECRET                  the message-gateway nodes' shared secret, and
#   RELAY_AUTH_KEYS_ENCRYPTIONKEY                        the key that seals auth-service's signing keys in its database
#                                                        (default: each made up once and kept under $RELAY_RUN_DIR/secrets)
#
# Only the API gateway (8080) and the WebSocket (8090) listen beyond this machine; every internal port (the services'
# own HTTP ports, all gRPC ports and every management port, HTTP port + 10000, with the probes and
# /actuator/prometheus) listens on 127.0.0.1.
#
# scripts/stop-all.sh stops them again.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN="${RELAY_RUN_DIR:-run}"
DB_SERVER="${RELAY_DB_SERVER:-jdbc:postgresql://127.0.0.1:5432}"
DB_USER="${RELAY_DB_USER:-postgres}"
DB_PASSWORD="${RELAY_DB_PASSWORD:-}"
DB_PREFIX="${RELAY_DB_PREFIX:-relay}"
export PGPASSWORD="$DB_PASSWORD"
REDIS="${REDIS_URL:-redis://127.0.0.1:6379}"
KAFKA="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
mkdir -p "$RUN/logs" "$RUN/pids"
secret() { # variable: its value from the environment, else one made up once for this run directory
  if [ -z "${!1:-}" ]; then
    mkdir -p "$RUN/secrets" && chmod 700 "$RUN/secrets"
    [ -s "$RUN/secrets/$1" ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n=' >"$RUN/secrets/$1")
    export "$1=$(cat "$RUN/secrets/$1")"
  fi
}
secret RELAY_MESSAGEGATEWAY_CLUSTER_SECRET
secret RELAY_AUTH_KEYS_ENCRYPTIONKEY

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java" 2>/dev/null || echo 0)" -lt 21 ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
JAVA="${JAVA_HOME:?a JDK 21+ is needed (set JAVA_HOME)}/bin/java"

jar() { echo "$1/target/$1-0.1.0-SNAPSHOT-exec.jar"; }
if [ ! -f "$(jar gateway-service)" ] || [ ! -f launcher/target/launcher-0.1.0-SNAPSHOT-exec.jar ]; then
  echo "start-all: building Relay first ..."
  ./mvnw -q install -DskipTests
fi

answers() { (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; }

wait_ready() { # name url seconds
  for _ in $(seq 1 "$3"); do
    if curl -fsS "$2" 2>/dev/null | grep -q '"UP"'; then return 0; fi
    if ! kill -0 "$(cat "$RUN/pids/$1.pid")" 2>/dev/null; then
      echo "start-all: $1 exited; see $RUN/logs/$1.log" >&2; tail -20 "$RUN/logs/$1.log" >&2; exit 1
    fi
    sleep 1
  done
  echo "start-all: $1 not ready after $3 s; see $RUN/logs/$1.log" >&2
  exit 1
}

if ! answers "$KAFKA"; then
  echo "start-all: no Kafka on $KAFKA; starting ./relay kafka (data in $RUN/kafka)"
  nohup ./relay kafka --data "$RUN/kafka" --port "${KAFKA#*:}" >"$RUN/logs/kafka.log" 2>&1 &
  echo $! >"$RUN/pids/kafka.pid"
  for _ in $(seq 1 60); do answers "$KAFKA" && break; sleep 1; done
  answers "$KAFKA" || { echo "start-all: Kafka did not start; see $RUN/logs/kafka.log" >&2; exit 1; }
fi

start() { # service http-port [database]
  local name=$1 port=$2 database=${3:-}
  if [ -f "$RUN/pids/$name.pid" ] && kill -0 "$(cat "$RUN/pids/$name.pid")" 2>/dev/null; then
    echo "start-all: $name runs already (pid $(cat "$RUN/pids/$name.pid"))"; return
  fi
  local args=(--spring.data.redis.url="$REDIS" --spring.kafka.bootstrap-servers="$KAFKA"
    --spring.grpc.server.host=127.0.0.1 --management.server.address=127.0.0.1)
  case "$name" in
    gateway-service | message-gateway) ;;  # the client-facing ports
    *) args+=(--server.address=127.0.0.1) ;;
  esac
  if [ -n "$database" ]; then
    if command -v psql >/dev/null; then
      psql "postgresql://$DB_USER@${DB_SERVER#jdbc:postgresql://}/postgres" -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$database'" 2>/dev/null | grep -q 1 \
        || psql "postgresql://$DB_USER@${DB_SERVER#jdbc:postgresql://}/postgres" -qc "CREATE DATABASE $database" >/dev/null
    fi
    args+=(--spring.datasource.url="$DB_SERVER/$database" --spring.datasource.username="$DB_USER"
      --spring.datasource.password="$DB_PASSWORD")
  fi
  # shellcheck disable=SC2086
  nohup "$JAVA" -jar "$(jar "$name")" "${args[@]}" ${RELAY_SERVICE_ARGS:-} >"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/pids/$name.pid"
  wait_ready "$name" "http://127.0.0.1:$((port + 10000))/actuator/health/readiness" 120
  echo "start-all: $name ready on :$port"
}

# Each starts after those it calls, but for one cycle: message-gateway calls friend-service, and friend-service asks
# message-gateway (127.0.0.1:9090, its built-in channel) for presence only when a friend list is read; until then its
# friend lists show everyone offline.
start user-service 8082 "$DB_PREFIX"_user
start auth-service 8081 "$DB_PREFIX"_auth
start friend-service 8083 "$DB_PREFIX"_friend
start group-service 8084 "$DB_PREFIX"_group
start private-message-server 8085 "$DB_PREFIX"_private_message
start group-message-server 8086 "$DB_PREFIX"_group_message
start message-gateway 8090
start gateway-service 8080
echo "start-all: Relay is up: http://localhost:8080/api, ws://localhost:8090/ws; logs in $RUN/logs"
