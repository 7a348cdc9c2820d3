#!/bin/bash
# group-idle.sh TREE OUT: fresh server, the group ladder as first traffic (as 9-group-ladder); then a fresh server, two 3,000 idle
# warm-ups and 10,000 sessions held 30 s (as 8-connects-memory's idle10k.sh)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TREE=$1; OUT=$2
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
stop() { kill -TERM $1; for _ in $(seq 1 60); do kill -0 $1 2>/dev/null || break; sleep 1; done; }
PID=$($HERE/up.sh $TREE $OUT/group); cd $TREE
./relay bench group --members 200 --ladder --start 25 --step-factor 1.5 --server-pid $PID --out $OUT/group/ladder > $OUT/group/console.txt 2>&1
stop $PID
PID=$($HERE/up.sh $TREE $OUT/idle); cd $TREE
for run in warm1 warm2; do ./relay bench idle --users 3000 --hold 5s --server-pid $PID --out $OUT/idle/$run > $OUT/idle/$run.log 2>&1; done
./relay bench idle --users 10000 --hold 30s --server-pid $PID --out $OUT/idle/idle-10k > $OUT/idle/idle-10k.log 2>&1 &
for i in $(seq 1 3000); do grep -q holding $OUT/idle/idle-10k.log && break; sleep 0.2; done
sleep 2; scripts/threads.py $PID 20 > $OUT/idle/server-threads-while-holding.txt
wait
for f in warm1 warm2 idle-10k; do echo "== ./relay bench idle ($f)"; grep -v "^registering" $OUT/idle/$f.log; done > $OUT/idle/console.txt
stop $PID
