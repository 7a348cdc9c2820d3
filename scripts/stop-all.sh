#!/usr/bin/env bash
# Stops what scripts/start-all.sh started, in reverse order, each with SIGTERM (graceful: sockets get 1001).
set -uo pipefail
cd "$(dirname "$0")/.."
RUN="${RELAY_RUN_DIR:-run}"
for name in gateway-service message-gateway group-message-server private-message-server group-service \
  friend-service auth-service user-service kafka; do
  pid_file="$RUN/pids/$name.pid"
  [ -f "$pid_file" ] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then echo "stop-all: $name did not stop in 60 s; killing it"; kill -KILL "$pid"; fi
    echo "stop-all: $name stopped"
  fi
  rm -f "$pid_file"
done
