#!/usr/bin/env bash
# deploy/smoke.sh: the smoke test of the real container artefacts. It builds the eight service images from
# deploy/Dockerfile through docker-compose.yml, brings the compose stack up as project "relay-smoke" (its own
# containers, network and volumes, on free ports, so a running Relay is not touched), waits for every health check,
# registers two users, befriends them, sends a message over the WebSocket and reads it back, prints the memory each
# service uses, and tears everything down (containers, network, volumes; the images stay as a build cache).
#
#   deploy/smoke.sh            # about 10-20 minutes the first time, less once the images are cached
#   deploy/smoke.sh --keep     # leave the stack running afterwards (remove it with the command it prints)
#
# With Docker (a daemon and the compose plugin) it runs `docker compose up --build --wait` with the public images.
# Otherwise it uses podman and podman-compose, as on the project's machines, where no public image can be pulled:
# it first builds local stand-ins (deploy/smoke/images/: a debootstrapped Debian 12, the JDK 25 of RELAY_SMOKE_JDK,
# PostgreSQL, Redis and Prometheus from Debian, Kafka from its Maven Central jars) and swaps them in through
# deploy/smoke/local-images.env, never by editing docker-compose.yml or the Dockerfile. Grafana has no Debian
# package, so the podman run leaves it out. Needs root for podman there; it installs missing Debian packages itself.
# Not part of `./mvnw verify` (too slow). See deploy/README.md, "Smoke test".
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PROJECT="${RELAY_SMOKE_PROJECT:-relay-smoke}"
JDK="${RELAY_SMOKE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
TAG="${RELAY_SMOKE_TAG:-smoke}"
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "smoke: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

START=$(date +%s)
WORK="$(mktemp -d /tmp/relay-smoke.XXXXXX)"
LOG="$WORK/smoke.log"
step() { printf '\n== %s  [%ds]\n' "$*" $(($(date +%s) - START)); }
ok() { printf '  ok  %s\n' "$*"; }
die() { printf '  FAIL %s\n' "$*"; exit 1; }
PYTHON=python3
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------------------------------------------- the engine
if [ "${RELAY_SMOKE_ENGINE:-}" != podman ] && command -v docker > /dev/null && docker info > /dev/null 2>&1 \
    && docker compose version > /dev/null 2>&1; then
  ENGINE=docker
else
  ENGINE=podman
fi
REVISION="$(git rev-parse --short HEAD 2> /dev/null || echo '?')"
[ -z "$(git status --porcelain 2> /dev/null)" ] || REVISION="$REVISION with uncommitted changes"
step "Relay smoke test: $REVISION on $(uname -n), engine $ENGINE, project $PROJECT"

if [ "$ENGINE" = podman ]; then
  missing=()
  command -v podman > /dev/null || missing+=(podman)
  command -v podman-compose > /dev/null || missing+=(podman-compose)
  command -v debootstrap > /dev/null || missing+=(debootstrap)
  # Debian's python3 (the one apt installs websockets for), also when another python3 comes first on the PATH
  [ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
  "$PYTHON" -c 'import websockets, yaml' 2> /dev/null || missing+=(python3-websockets python3-yaml)
  if [ -d /sys/fs/cgroup/unified ] && ! command -v runc > /dev/null; then missing+=(runc); fi
  # container names resolve through the CNI dnsname plugin when podman uses CNI (podman 4 on Debian 12)
  if [ ! -x /usr/lib/cni/dnsname ] && { ! command -v podman > /dev/null \
      || [ "$(podman info --format '{{.Host.NetworkBackend}}' 2> /dev/null)" = cni ]; }; then
    missing+=(golang-github-containernetworking-plugin-dnsname)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null \
      || die "install ${missing[*]} first (Debian: apt-get install ${missing[*]})"
    echo "  installing ${missing[*]} (apt-get)"
    apt-get install -y -qq "${missing[@]}" > "$WORK/apt.log" 2>&1 \
      || { apt-get update -qq > /dev/null && apt-get install -y -qq "${missing[@]}" > "$WORK/apt.log" 2>&1; } \
      || { tail -20 "$WORK/apt.log"; die "apt-get install ${missing[*]}"; }
  fi
  # podman as root needs ulimits below the host's (nofile/nproc), and on a host with the hybrid cgroup layout
  # (v1 controllers plus /sys/fs/cgroup/unified) runc, since crun refuses it: a containers.conf of this run's own
  {
    echo '[containers]'
    echo 'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]'
    if [ -d /sys/fs/cgroup/unified ]; then printf '[engine]\nruntime = "runc"\n'; fi
  } > "$WORK/containers.conf"
  export CONTAINERS_CONF="$WORK/containers.conf"
  [ -e .env ] && die "./.env exists: podman-compose 1.0 lets it override this run's settings; move it away first"
  compose() { podman-compose -p "$PROJECT" -f docker-compose.yml "$@"; }
  container() { echo "${PROJECT}_$1_1"; }
  ok "podman $(podman --version | awk '{print $3}'), podman-compose $(podman-compose version 2> /dev/null | awk '/compose/ {print $NF; exit}')"
else
  python3 -c 'import websockets, yaml' 2> /dev/null || die "needs python3 with websockets and yaml (pip install websockets pyyaml)"
  compose() { docker compose -p "$PROJECT" --env-file "$WORK/smoke.env" -f docker-compose.yml "$@"; }
  container() { docker compose -p "$PROJECT" --env-file "$WORK/smoke.env" -f docker-compose.yml ps -q "$1"; }
  ok "docker $(docker version --format '{{.Server.Version}}'), $(docker compose version --short)"
fi

# What to run: every compose service; with podman all but grafana (no image can be built for it here).
mapfile -t SERVICES < <("$PYTHON" -c '
import sys, yaml
print("\n".join(yaml.safe_load(open("docker-compose.yml"))["services"]))')
if [ "$ENGINE" = podman ]; then
  mapfile -t SERVICES < <(printf '%s\n' "${SERVICES[@]}" | grep -vx grafana)
fi
# Start levels: a service starts once everything it depends_on is healthy (podman-compose 1.0 does not wait for
# `condition: service_healthy` itself, so this script does what docker compose does). Also each health check.
"$PYTHON" - "$WORK" "${SERVICES[@]}" << 'EOF'
import sys, yaml
services = yaml.safe_load(open("docker-compose.yml"))["services"]
work, wanted = sys.argv[1], sys.argv[2:]
level = {}
def depth(name):
    if name not in level:
        level[name] = 1 + max([depth(d) for d in (services[name].get("depends_on") or {})], default=-1)
    return level[name]
for name in wanted:
    depth(name)
with open(work + "/levels", "w") as out:
    for n in range(max(level.values()) + 1):
        print(" ".join(s for s in wanted if level[s] == n), file=out)
with open(work + "/health", "w") as out:
    for name in wanted:
        test = services[name]["healthcheck"]["test"]
        test = " ".join(test[1:]) if isinstance(test, list) else test
        print(name, test.replace("$$", "$"), file=out)
EOF
mapfile -t LEVELS < "$WORK/levels"

# ------------------------------------------------------------------------------------------------ the settings
GATEWAY_PORT=$(free_port)
WS_PORT=$(free_port)
{
  if [ "$ENGINE" = podman ]; then grep -v '^#' deploy/smoke/local-images.env; fi
  echo "POSTGRES_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  echo "RELAY_MESSAGEGATEWAY_CLUSTER_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
  echo "RELAY_AUTH_KEYS_ENCRYPTIONKEY=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')"
  echo "GRAFANA_ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  echo "RELAY_IMAGE_TAG=$TAG"
  echo "GATEWAY_HTTP_PORT=$GATEWAY_PORT"
  echo "MESSAGE_GATEWAY_HTTP_PORT=$WS_PORT"
  echo "PROMETHEUS_PORT=$(free_port)"
  echo "GRAFANA_PORT=$(free_port)"
} > "$WORK/smoke.env"
set -a
# shellcheck disable=SC1091
. "$WORK/smoke.env"
set +a
ok "settings: random secrets, API gateway on 127.0.0.1:$GATEWAY_PORT, message-gateway on 127.0.0.1:$WS_PORT, images relay/<service>:$TAG"

teardown() {
  local status=$?
  trap - EXIT
  if [ $status -ne 0 ]; then
    echo
    echo "-- the containers when it failed:"
    if [ "$ENGINE" = podman ]; then
      podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}  {{.Status}}' || true
    else
      compose ps -a || true
    fi
    for service in "${SERVICES[@]}"; do
      id="$(container "$service" 2> /dev/null || true)"
      [ -n "$id" ] && $ENGINE container inspect "$id" > /dev/null 2>&1 || continue
      if [ "$ENGINE" = podman ] && ! podman healthcheck run "$id" > /dev/null 2>&1; then
        echo "-- last log lines of $service:"
        podman logs --tail 30 "$id" 2>&1 || true
      fi
    done
    echo "-- compose output: $LOG (kept with $WORK)"
  fi
  if [ $KEEP = 1 ]; then
    step "left running (--keep): remove with"
    echo "  (set -a; . $WORK/smoke.env; set +a; cd $ROOT && ${ENGINE}$([ "$ENGINE" = podman ] && echo -compose || echo ' compose') -p $PROJECT -f docker-compose.yml down -v)"
  else
    step "tear down: containers, network and volumes of $PROJECT"
    compose down -v >> "$LOG" 2>&1 || true
    [ "$ENGINE" = podman ] && podman network rm -f "${PROJECT}_default" >> "$LOG" 2>&1 || true
    left=$( (podman ps -a --filter "label=io.podman.compose.project=$PROJECT" -q 2> /dev/null || true) | wc -l)
    ok "removed ($left containers left)"
    [ $status -eq 0 ] && rm -rf "$WORK"
  fi
  printf '\n%s after %d s\n' "$([ $status -eq 0 ] && echo PASSED || echo FAILED)" $(($(date +%s) - START))
  exit $status
}
trap teardown EXIT

# ----------------------------------------------------------------------------------- local base images (podman)
build_image() { # name context [podman build args...]
  local name="$1" context="$2"
  shift 2
  local t=$(date +%s)
  podman build -q -t "$name" "$@" "$context" >> "$LOG" 2>&1 || { tail -30 "$LOG"; die "podman build $name"; }
  ok "$name ($(($(date +%s) - t)) s)"
}
if [ "$ENGINE" = podman ]; then
  step "local stand-ins for the images docker-compose.yml pulls (deploy/smoke/images, swapped in by local-images.env)"
  BASE=localhost/relay-smoke/debian:bookworm
  if podman image exists "$BASE"; then
    ok "$BASE (cached: podman rmi $BASE to rebuild)"
  else
    [ "$(id -u)" = 0 ] || die "debootstrap needs root"
    mirror="$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2> /dev/null | awk '$2 == "bookworm" {print $1; exit}')"
    mirror="${RELAY_SMOKE_DEBIAN_MIRROR:-${mirror:-http://deb.debian.org/debian/}}"
    t=$(date +%s)
    debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >> "$LOG" 2>&1 \
      || { tail -20 "$LOG"; die "debootstrap bookworm from $mirror"; }
    # as Debian's own images: no service starts at package installation, no recommended packages, no apt caches
    printf '#!/bin/sh\nexit 101\n' > "$WORK/rootfs/usr/sbin/policy-rc.d"
    chmod +x "$WORK/rootfs/usr/sbin/policy-rc.d"
    printf 'APT::Install-Recommends "false";\n' > "$WORK/rootfs/etc/apt/apt.conf.d/90relay-smoke"
    rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
    tar -C "$WORK/rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$BASE" >> "$LOG"
    rm -rf "$WORK/rootfs"
    ok "$BASE: debootstrap --variant=minbase bookworm $mirror, podman import ($(($(date +%s) - t)) s)"
  fi
  [ -x "$JDK/bin/java" ] || die "no JDK at $JDK (set RELAY_SMOKE_JDK to a JDK 25 for linux/amd64)"
  # the JDK with its symbolic links resolved (Debian's Temurin links cacerts to /etc/ssl/certs/java), and the CA
  # certificates this machine added to its own (a proxy that intercepts TLS to Maven Central needs them in the build)
  mkdir -p "$WORK/temurin/ca-certificates"
  cp -rL "$JDK" "$WORK/temurin/jdk"
  for certificate in ${RELAY_SMOKE_CA_CERTIFICATES:-/usr/local/share/ca-certificates/*.crt}; do
    if [ -f "$certificate" ]; then cp "$certificate" "$WORK/temurin/ca-certificates/"; fi
  done
  build_image "$JDK_IMAGE" "$WORK/temurin" -f deploy/smoke/images/temurin/Containerfile --build-arg "BASE=$BASE"
  rm -rf "$WORK/temurin"
  for engine in postgres redis prometheus; do
    variable="$(echo "$engine" | tr '[:lower:]' '[:upper:]')_IMAGE"
    build_image "${!variable}" "deploy/smoke/images/$engine" --build-arg "BASE=$BASE"
  done
  JAVA_HOME="$JDK" ./mvnw -B -ntp -q -f deploy/smoke/images/kafka/pom.xml dependency:copy-dependencies >> "$LOG" 2>&1 \
    || { tail -30 "$LOG"; die "the Kafka jars (mvnw dependency:copy-dependencies)"; }
  build_image "$KAFKA_IMAGE" deploy/smoke/images/kafka --build-arg "JDK=$JDK_IMAGE"
fi

# ------------------------------------------------------------------------------------------------------ the run
step "build the service images from deploy/Dockerfile ($([ "$ENGINE" = podman ] && echo 'podman-compose build' || echo 'docker compose build'))"
t=$(date +%s)
BUILT=()
for service in "${SERVICES[@]}"; do
  case "$service" in postgres|redis|kafka|prometheus|grafana) ;; *) BUILT+=("$service") ;; esac
done
# podman-compose 1.0 exits 0 when a build fails: untag first, then every image must be there again
for service in "${BUILT[@]}"; do $ENGINE image rm "relay/$service:$TAG" > /dev/null 2>&1 || true; done
compose build >> "$LOG" 2>&1 || { tail -40 "$LOG"; die "compose build"; }
for service in "${BUILT[@]}"; do
  image="relay/$service:$TAG"
  $ENGINE image inspect "$image" > /dev/null 2>&1 || { grep -B5 -A30 -m1 -i 'error' "$LOG" | head -60; die "no image $image"; }
  size="$($ENGINE image inspect --format '{{.Size}}' "$image" 2> /dev/null || echo 0)"
  ok "$image ($((size / 1024 / 1024)) MB)"
done
# podman prints "--> Using cache" after a step it did not run again
builds="$(awk '/RUN --mount=type=cache/ {maven = 1; total++; next} maven && /Using cache/ {cached++} {maven = 0}
    END {printf "%d of %d", total - cached, total}' "$LOG")"
ok "eight images in $(($(date +%s) - t)) s; the Maven build stage ran in $builds image builds, cached in the others"

step "start in dependency order, each service once everything it depends on is healthy"
if [ "$ENGINE" = docker ]; then
  t=$(date +%s)
  compose up -d --wait --wait-timeout 900 "${SERVICES[@]}" >> "$LOG" 2>&1 || { tail -40 "$LOG"; die "docker compose up --wait"; }
  ok "all ${#SERVICES[@]} containers healthy after $(($(date +%s) - t)) s (docker compose up --wait)"
else
  for level in "${LEVELS[@]}"; do
    t=$(date +%s)
    # shellcheck disable=SC2086
    compose up -d $level >> "$LOG" 2>&1 || { tail -40 "$LOG"; die "podman-compose up -d $level"; }
    for service in $level; do
      id="$(container "$service")"
      check="$(awk -v s="$service" '$1 == s {$1 = ""; print substr($0, 2)}' "$WORK/health")"
      until podman healthcheck run "$id" > /dev/null 2>&1; do
        state="$(podman inspect --format '{{.State.Status}}' "$id")"
        [ $(($(date +%s) - t)) -lt 420 ] || die "$service not healthy after 420 s (state $state)"
        sleep 3
      done
      ok "$service healthy after $(($(date +%s) - t)) s: $check"
    done
  done
fi

step "end to end: two users, a friendship, a message over the WebSocket"
"$PYTHON" deploy/smoke/chat_check.py "http://127.0.0.1:$GATEWAY_PORT" "ws://127.0.0.1:$WS_PORT/ws"

step "published ports"
for service in "${SERVICES[@]}"; do
  ports="$($ENGINE port "$(container "$service")" 2> /dev/null | tr '\n' ' ')"
  [ -n "$ports" ] && ok "$service: $ports"
done
prometheus="$($ENGINE port "$(container prometheus)" 9090 2> /dev/null | head -1)"
case "$prometheus" in 127.0.0.1:*) ;; *) die "Prometheus is published on $prometheus, not on 127.0.0.1 only" ;; esac

step "Prometheus scrapes the services"
up=""
for _ in $(seq 1 20); do
  up="$(curl -fsS "http://$prometheus/api/v1/targets" | python3 -c '
import json, sys
targets = json.load(sys.stdin)["data"]["activeTargets"]
print(sum(t["health"] == "up" for t in targets), len(targets))')"
  [ "${up% *}" = "${up#* }" ] && break
  sleep 3
done
[ "${up% *}" = "${up#* }" ] || die "Prometheus: only ${up% *} of ${up#* } targets up"
ok "${up% *} of ${up#* } targets up (GET /api/v1/targets)"

step "memory of each service under its limit (JAVA_TOOL_OPTIONS of deploy/Dockerfile)"
printf '  %-24s %8s %10s %10s %10s %10s  %s\n' service limit resident "max heap" "heap used" metaspace collector
mb() { if [ -n "$1" ]; then echo "$(($1 / $2)) MB"; else echo "?"; fi; }
for service in "${SERVICES[@]}"; do
  case " ${BUILT[*]} " in *" $service "*) ;; *) continue ;; esac
  id="$(container "$service")"
  limit="$($ENGINE inspect --format '{{.HostConfig.Memory}}' "$id")"
  resident="$($ENGINE stats --no-stream --format '{{.MemUsage}}' "$id" | awk '{print $1}')"
  # jcmd is in the JDK-based local images; a JRE image has none (then "?")
  jcmd() { $ENGINE exec --user 10001 "$id" jcmd 1 "$@" 2> /dev/null || true; }
  flags="$(jcmd VM.flags)"
  max="$(echo "$flags" | grep -o -- '-XX:MaxHeapSize=[0-9]*' | head -1 | cut -d= -f2)"
  collector="$(echo "$flags" | grep -o -- '-XX:+Use[A-Za-z]*GC' | head -1 | sed 's/-XX:+Use//')"
  # G1 prints one line for the heap, the serial collector one per generation (DefNew, Tenured): their "used" summed
  heap="$(jcmd GC.heap_info | awk '/ total .*, used [0-9]+K/ {
      for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/K.*/, "", v); sum += v}} END {if (sum) print sum}')"
  meta="$(jcmd VM.metaspace | sed -n 's/^ *Metaspace *used \([0-9]*\)K.*/\1/p' | head -1)"
  printf '  %-24s %8s %10s %10s %10s %10s  %s\n' "$service" "$(mb "$limit" 1048576)" "$resident" \
    "$(mb "$max" 1048576)" "$(mb "$heap" 1024)" "$(mb "$meta" 1024)" "${collector:-?}"
done
