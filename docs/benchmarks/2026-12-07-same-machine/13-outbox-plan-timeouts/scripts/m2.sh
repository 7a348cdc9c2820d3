#!/bin/bash
# m2.sh TREE OUT: fresh server; warm runs 1000, 2500, 1000 msg/s (30 s); then 100 msg/s and 2500 msg/s (40 s) with threads, procs, JFR
set -u
TREE=$1; OUT=$2
B=/work/bench
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
PID=$($B/up.sh $TREE $OUT)
echo "server $PID"
sleep 20
$B/run-sampled.sh $TREE $OUT warm1 1000 30
$B/run-sampled.sh $TREE $OUT warm2 2500 30
$B/run-sampled.sh $TREE $OUT warm3 1000 30
$B/run-sampled.sh $TREE $OUT t100 100 40 jfr
$B/run-sampled.sh $TREE $OUT t2500 2500 40 jfr
sleep 10
(cd $TREE && scripts/threads.py $PID 30 > $OUT/threads-idle.txt)
kill $PID; while kill -0 $PID 2>/dev/null; do sleep 1; done
echo done
