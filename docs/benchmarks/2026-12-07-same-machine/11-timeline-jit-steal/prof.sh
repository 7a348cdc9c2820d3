#!/bin/bash
# prof.sh TREE OUT RATE: fresh server; one warm run at 1,000 msg/s; then a 40 s run at RATE with JFR (1 ms sampling) over 20 s of it
set -u
TREE=$1; OUT=$2; RATE=$3
DATA=/tmp/relay-stall-data
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p $OUT; rm -rf $DATA; cd $TREE
./relay up --data $DATA --config scripts/bench-config.yaml > $OUT/server.log 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" $OUT/server.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1)
cat > $OUT/fast.jfc <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">2 ms</setting></event>
  <event name="jdk.NativeMethodSample"><setting name="enabled">false</setting></event>
</configuration>
X
./relay bench private --users 1000 --rate 1000 --step-duration 30s --server-pid $PID --out $OUT/warm > $OUT/warm.txt 2>&1
./relay bench private --users 1000 --rate $RATE --step-duration 40s --server-pid $PID --out $OUT/t$RATE > $OUT/t$RATE.txt 2>&1 &
B=$!
while ! grep -q "^sending" $OUT/t$RATE.txt 2>/dev/null; do sleep 0.5; done
sleep 14
jcmd $PID JFR.start name=p settings=profile duration=20s filename=$OUT/t$RATE.jfr > /dev/null
/work/main/scripts/threads.py $PID 20 > $OUT/t$RATE-threads.txt
sleep 2
wait $B
kill -TERM $PID; for _ in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
