#!/bin/bash
# probe2.sh TREE OUT: fresh server from TREE; one ladder to 4,000 msg/s (warm-up, first traffic); 100 msg/s and 4,000 msg/s
# steady runs with per-thread CPU (and JFR at 4,000) over the middle of the measured window; 60 s idle; stop
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TREE=$1; OUT=$2
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
PID=$($HERE/up.sh $TREE $OUT)
cd $TREE
./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --max-rate 4000 --server-pid $PID --out $OUT/warm-ladder > $OUT/warm-ladder.txt 2>&1
$HERE/run-sampled.sh $TREE $OUT t100 100 40
$HERE/run-sampled.sh $TREE $OUT t4000 4000 30 jfr
sleep 30; scripts/threads.py $PID 60 > $OUT/threads-idle.txt
kill -TERM $PID; for _ in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
