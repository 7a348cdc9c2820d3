#!/bin/bash
# m4.sh TREE OUT: fresh server; warm runs 1000 and 2500 msg/s (30 s); the private ladder from 500 msg/s (x1.5); 100 msg/s
# for 30 s (no JFR: the CPU-per-message figure)
set -u
TREE=$1; OUT=$2
B=/work/bench
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
PID=$($B/up.sh $TREE $OUT)
echo "server $PID"
sleep 20
$B/run-sampled.sh $TREE $OUT warm1 1000 30
$B/run-sampled.sh $TREE $OUT warm2 2500 30
cd $TREE
./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --server-pid $PID --out $OUT/ladder > $OUT/ladder.txt 2>&1
grep -A12 "^step" $OUT/ladder.txt | grep -v "^results"
$B/run-sampled.sh $TREE $OUT t100 100 30
kill $PID; while kill -0 $PID 2>/dev/null; do sleep 1; done
echo done
