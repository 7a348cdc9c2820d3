#!/bin/bash
# Runs as the redis user; protected mode off as in the redis image (other containers connect over the network).
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  chown redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "${1:-}" = redis-server ]; then
  exec "$@" --protected-mode no
fi
exec "$@"
