#!/bin/bash
# idle10k.sh OUT : fresh ./relay up, two warm-up idle runs of 3,000, then 10,000 sessions held 30 s
set -u
OUT=$1; mkdir -p $OUT; rm -rf /tmp/relaydata
cd /work/main && (nohup ./relay up --config scripts/bench-config.yaml --data /tmp/relaydata > $OUT/relay.log 2>&1 &)
for i in $(seq 1 300); do grep -q "Press Ctrl-C" $OUT/relay.log && break; sleep 1; done
PID=$(ps -eo pid,args | grep "[j]ava.*launcher.*up --config" | awk '{print $1}' | head -1); echo $PID > /work/bench/pid
for run in warm1 warm2; do ./relay bench idle --users 3000 --hold 5s --server-pid $PID --out $OUT/$run > $OUT/$run.log 2>&1; done
./relay bench idle --users 10000 --hold 30s --server-pid $PID --out $OUT/idle-10k > $OUT/idle-10k.log 2>&1 &
for i in $(seq 1 3000); do grep -q holding $OUT/idle-10k.log && break; sleep 0.2; done
sleep 2; /work/bench/threads.py $PID 20 > $OUT/idle-10k/server-threads-while-holding.txt
wait
for f in warm1 warm2 idle-10k; do echo "== ./relay bench idle ($f)"; grep -v "^registering" $OUT/$f.log; done > $OUT/console.txt
