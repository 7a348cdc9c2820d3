#!/bin/bash
# work.sh TREE OUT: fresh server; two warm runs at 1,000 msg/s; then steady 100 and 1,000 msg/s runs with counters and per-thread CPU over 20 s of the measured window
# CONFIG=FILE picks another --config (bench-p1.yaml: one partition a topic); scripts/bench-config.yaml by default
set -u
TREE=$1; OUT=$2
DATA=/tmp/relay-stall-data
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p $OUT; rm -rf $DATA; cd $TREE
./relay up --data $DATA --config ${CONFIG:-scripts/bench-config.yaml} > $OUT/server.log 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" $OUT/server.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
vmstat -t 1 > $OUT/vmstat.txt &
for r in 1000 1000; do ./relay bench private --users 1000 --rate $r --step-duration 30s --server-pid $PID --out $OUT/warm > $OUT/warm-$r.txt 2>&1; done
for r in 100 1000; do
  ./relay bench private --users 1000 --rate $r --step-duration 40s --server-pid $PID --out $OUT/t$r > $OUT/t$r.txt 2>&1 &
  B=$!
  while ! grep -q "^sending" $OUT/t$r.txt 2>/dev/null; do sleep 0.5; done
  sleep 14
  /work/bench/counts.sh $PID $DATA a > $OUT/t$r-counts-a.txt
  /work/main/scripts/threads.py $PID 20 > $OUT/t$r-threads.txt
  /work/bench/counts.sh $PID $DATA b > $OUT/t$r-counts-b.txt
  wait $B
done
kill %1 2>/dev/null; pkill -f "vmstat -t 1"
kill -TERM $PID; for _ in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
