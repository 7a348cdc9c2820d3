#!/bin/bash
# One benchmark series of issue 14, as docs/benchmarks quotes them: a fresh `./relay up` on a fresh data directory,
# the JVM's CPU over 60 s idle (JIT still busy), private chat at 100 msg/s (cold), the private ladder under JFR, 100 msg/s again
# (warm) under JFR, 60 s idle again, then a clean stop. Run it from a checkout whose launcher is built; nothing else may hold Relay's
# ports. Writes into OUT: each run's console and CSV directory, ladder.jfr, warm.jfr, idle-cpu.txt,
# engines-cpu.txt (PostgreSQL and Redis, which are processes of their own).
#
#   scripts/bench-series.sh OUT [CONFIG]        (CONFIG defaults to scripts/bench-config.yaml)
set -u
OUT=$(realpath -m "$1"); CONF=${2:-scripts/bench-config.yaml}
DATA=${BENCH_DATA:-/tmp/relay-bench-data}
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if ss -ltn | grep -qE ":(8080|8090|15432|16379|19092) "; then echo "Relay's ports are in use: stop it first" >&2; exit 2; fi
mkdir -p "$OUT"; rm -rf "$DATA"

engines_cpu() { # CPU seconds so far of the embedded PostgreSQL (with its backends) and Redis
  local pm rd; pm=$(pgrep -f "bin/postgres -D $DATA" | head -1); rd=$(pgrep -f "redis-server.*16379" | head -1)
  for p in $pm $rd $([ -n "$pm" ] && pgrep -P "$pm"); do awk '{print $14+$15}' /proc/$p/stat 2>/dev/null; done \
    | awk '{s+=$1} END {printf "%.2f\n", s/100}'
}
jvm_ticks() { awk '{print $14+$15}' /proc/$PID/stat; }

./relay up --data "$DATA" --config "$CONF" > "$OUT/server.log" 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" "$OUT/server.log" && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
[ -n "$PID" ] || { echo "Relay did not start: $OUT/server.log" >&2; exit 3; }
sleep 20
T0=$(jvm_ticks); sleep 60; T1=$(jvm_ticks)
echo "idle, 60 s, 20 s after start: JVM $(echo "scale=3; ($T1-$T0)/6000" | bc) core" | tee "$OUT/idle-cpu.txt"

E0=$(engines_cpu)
./relay bench private --users 1000 --rate 100 --step-duration 30s --server-pid "$PID" --out "$OUT/private-100-first" \
  > "$OUT/private-100-first.txt" 2>&1
jcmd "$PID" JFR.start name=ladder settings=profile filename="$OUT/ladder.jfr" > /dev/null
./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --server-pid "$PID" \
  --out "$OUT/private-ladder" > "$OUT/private-ladder.txt" 2>&1
jcmd "$PID" JFR.stop name=ladder > /dev/null
E1=$(engines_cpu)
jcmd "$PID" JFR.start name=warm settings=profile filename="$OUT/warm.jfr" > /dev/null
./relay bench private --users 1000 --rate 100 --step-duration 30s --server-pid "$PID" --out "$OUT/private-100-warm" \
  > "$OUT/private-100-warm.txt" 2>&1
jcmd "$PID" JFR.stop name=warm > /dev/null
E2=$(engines_cpu)
{ echo "PostgreSQL + Redis CPU s, 100 msg/s first run + ladder (setup included): $(echo "$E1 - $E0" | bc)"
  echo "PostgreSQL + Redis CPU s, 100 msg/s warm run (setup included): $(echo "$E2 - $E1" | bc)"; } | tee "$OUT/engines-cpu.txt"

# idle again once the JIT has settled and the runs' sessions are gone
sleep 60
T0=$(jvm_ticks); E0=$(engines_cpu); sleep 60; T1=$(jvm_ticks); E1=$(engines_cpu)
echo "idle, 60 s, after the runs: JVM $(echo "scale=3; ($T1-$T0)/6000" | bc) core, PostgreSQL + Redis $(echo "scale=3; ($E1-$E0)/60" | bc) core" \
  | tee -a "$OUT/idle-cpu.txt"

kill -TERM "$PID"
for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 1; done
