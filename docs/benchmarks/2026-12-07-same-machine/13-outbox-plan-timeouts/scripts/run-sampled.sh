#!/bin/bash
# run-sampled.sh TREE OUT NAME RATE SECONDS [JFR]: one private run against the running server; per-thread CPU, per-process
# CPU (and JFR) over the middle of its measured window, started when the tool prints "sending:"
set -u
TREE=$1; OUT=$2; NAME=$3; RATE=$4; SECS=$5; JFR=${6:-}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
mkdir -p $OUT; cd $TREE
./relay bench private --users 1000 --rate $RATE --step-duration ${SECS}s --server-pid $PID --out $OUT/$NAME > $OUT/$NAME.txt 2>&1 &
B=$!
for _ in $(seq 1 600); do grep -q "^sending:" $OUT/$NAME.txt && break; sleep 0.5; done
sleep 7
W=$((SECS - 10))
[ -n "$JFR" ] && jcmd $PID JFR.start name=$NAME settings=profile duration=${W}s filename=$OUT/$NAME.jfr > /dev/null
/work/bench/procs.py $W > $OUT/procs-$NAME.txt &
scripts/threads.py $PID $W > $OUT/threads-$NAME.txt
wait $B
grep -A1 "^step" $OUT/$NAME.txt | tail -1
