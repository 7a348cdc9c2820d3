#!/bin/bash
# KAFKA_* → /opt/kafka/config/server.properties (lower case, _ → ., __ → _, ___ → -, as in apache/kafka), format the
# log directory with CLUSTER_ID when it is new, then run the broker as appuser.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  chown appuser /var/lib/kafka/data
  exec setpriv --reuid=appuser --regid=appuser --init-groups "$0" "$@"
fi
: "${CLUSTER_ID:?CLUSTER_ID is not set}"
config=/opt/kafka/config/server.properties
: > "$config"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key="${name#KAFKA_}"
  key="$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')"
  printf '%s=%s\n' "$key" "$value" >> "$config"
done < <(env)
cp /opt/kafka/log4j2.properties /opt/kafka/config/
java=(java ${KAFKA_HEAP_OPTS:--Xmx512m} ${KAFKA_OPTS:-} -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties
      -cp '/opt/kafka/libs/*')
"${java[@]}" kafka.tools.StorageTool format --cluster-id "$CLUSTER_ID" --config "$config" --ignore-formatted
exec "${java[@]}" kafka.Kafka "$config"
