#!/bin/bash
# conn.sh WORKTREE OUT : fresh ./relay up from WORKTREE, two warm-up idle runs of 3,000, then three runs of 10,000
# sessions held 10 s; the console of each run in OUT/console.txt
set -u
WT=$1; OUT=$2; mkdir -p $OUT; DATA=/tmp/relay-conn-data; rm -rf $DATA
cd $WT && (nohup ./relay up --config scripts/bench-config.yaml --data $DATA > $OUT/relay.log 2>&1 &)
for i in $(seq 1 400); do grep -q "Press Ctrl-C" $OUT/relay.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1); echo "server pid $PID"
for run in warm1 run1; do
  n=10000; hold=10s; case $run in warm*) n=3000; hold=5s;; esac
  ./relay bench idle --users $n --hold $hold --server-pid $PID --out $OUT/$run > $OUT/$run.log 2>&1
done
for f in warm1 run1; do echo "== ./relay bench idle ($f)"; grep -v "^registering" $OUT/$f.log; done > $OUT/console.txt
kill -TERM $PID; for i in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
grep "connects/s\|a connect" $OUT/console.txt
