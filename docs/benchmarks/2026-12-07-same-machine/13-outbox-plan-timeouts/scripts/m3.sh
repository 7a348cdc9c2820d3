#!/bin/bash
# m3.sh TREE OUT: fresh server; warm runs 1000, 2500 msg/s (30 s); then 2500 msg/s (40 s) with PostgreSQL backends' CPU and perf
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
./relay bench private --users 1000 --rate 2500 --step-duration 40s --server-pid $PID --out $OUT/pg2500 > $OUT/pg2500.txt 2>&1 &
BP=$!
for _ in $(seq 1 600); do grep -q "^sending:" $OUT/pg2500.txt && break; sleep 0.5; done
sleep 7
$B/pgprocs.py 25 /tmp/relay-probe-data > $OUT/pgprocs-2500.txt &
perf record -F 499 -a -g -o $OUT/perf-2500.data -- sleep 20 > /dev/null 2>&1
wait $BP
grep -A1 "^step" $OUT/pg2500.txt | tail -1
kill $PID; while kill -0 $PID 2>/dev/null; do sleep 1; done
echo done
