#!/bin/bash
# stall3.sh TREE OUT [extra JVM opts]: fresh server; warm-up runs at 1,000 and 3,000 msg/s with the JIT's progress; then the measured ladder with per-thread CPU
set -u
TREE=$1; OUT=$2; EXTRA=${3:-}
DATA=/tmp/relay-stall-data
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p $OUT; rm -rf $DATA; cd $TREE
RELAY_JAVA_OPTS="-Xlog:gc*,safepoint:file=$OUT/gc.log:time,uptime,level,tags $EXTRA" ./relay up --data $DATA --config scripts/bench-config.yaml > $OUT/server.log 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" $OUT/server.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
(while kill -0 $PID 2>/dev/null; do echo "$(date +%T) $(jstat -compiler $PID | tail -1)"; sleep 10; done) > $OUT/jit.txt 2>&1 &
for r in 1000 1000 1000 3000 3000 3000; do
  ./relay bench private --users 1000 --rate $r --step-duration 30s --server-pid $PID --out $OUT/warm-$r > $OUT/warm-$r.txt 2>&1
  grep -E "^ +0 " $OUT/warm-$r.txt | cut -c1-230 >> $OUT/warm-rows.txt
done
/work/main/scripts/threads.py $PID 150 > $OUT/threads-ladder.txt &
./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --server-pid $PID --out $OUT/ladder > $OUT/ladder.txt 2>&1
kill -TERM $PID; for _ in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
