#!/bin/bash
# warmladder.sh TREE OUT: fresh server (GC log); a first-traffic ladder; warm-up runs at 1,000 and 3,000 msg/s; the same ladder warm; 100 msg/s warm
set -u
TREE=$1; OUT=$2
DATA=/tmp/relay-stall-data
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p $OUT; rm -rf $DATA; cd $TREE
RELAY_JAVA_OPTS="-Xlog:gc*,safepoint:file=$OUT/gc.log:time,uptime,level,tags" ./relay up --data $DATA --config scripts/bench-config.yaml > $OUT/server.log 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" $OUT/server.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
[ -n "$PID" ] || { echo "no server"; exit 1; }
LADDER="--users 1000 --ladder --start 500 --step-factor 1.5 --server-pid $PID"
./relay bench private $LADDER --out $OUT/ladder-first > $OUT/ladder-first.txt 2>&1
for r in 1000 1000 3000 3000; do
  ./relay bench private --users 1000 --rate $r --step-duration 30s --server-pid $PID --out $OUT/warm-$r > $OUT/warm-$r.txt 2>&1
  grep -E "^ +0 " $OUT/warm-$r.txt >> $OUT/warm-rows.txt
done
./relay bench private $LADDER --out $OUT/ladder-warm > $OUT/ladder-warm.txt 2>&1
./relay bench private --users 1000 --rate 100 --step-duration 30s --server-pid $PID --out $OUT/t100-warm > $OUT/t100-warm.txt 2>&1
kill -TERM $PID; for _ in $(seq 1 90); do kill -0 $PID 2>/dev/null || break; sleep 1; done
echo done
