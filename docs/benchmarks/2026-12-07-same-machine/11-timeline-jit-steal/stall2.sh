#!/bin/bash
# stall2.sh TREE OUT [extra JVM opts]: fresh server from TREE with a GC log; a warm-up ladder to 4,000; then the measured ladder with vmstat and per-thread CPU
set -u
TREE=$1; OUT=$2; EXTRA=${3:-}
DATA=/tmp/relay-stall-data
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p $OUT; rm -rf $DATA; cd $TREE
RELAY_JAVA_OPTS="-Xlog:gc*,safepoint:file=$OUT/gc.log:time,uptime,level,tags $EXTRA" ./relay up --data $DATA --config scripts/bench-config.yaml > $OUT/server.log 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" $OUT/server.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --max-rate 4000 --server-pid $PID --out $OUT/warm > $OUT/warm.txt 2>&1
vmstat -t 1 > $OUT/vmstat.txt &
VM=$!
/work/main/scripts/threads.py $PID 150 > $OUT/threads-ladder.txt &
./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --server-pid $PID --out $OUT/ladder > $OUT/ladder.txt 2>&1
kill $VM
kill -TERM $PID; for _ in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
