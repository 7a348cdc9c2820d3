#!/bin/bash
# usage: idle-cmp.sh SERVER_TREE OUT_DIR [USERS]   (the load tool is /work/main's)
set -u
TREE=$1; OUT=$2; USERS=${3:-3000}
mkdir -p $OUT; rm -rf /tmp/relaydata
cd $TREE && (nohup ./relay up --config scripts/bench-config.yaml --data /tmp/relaydata > $OUT/relay.log 2>&1 &)
for i in $(seq 1 300); do grep -q "Press Ctrl-C" $OUT/relay.log && break; sleep 1; done
PID=$(ps -eo pid,args | grep "[j]ava.*launcher.*up --config" | awk '{print $1}' | head -1)
echo "server pid $PID" | tee $OUT/console.txt
cd /work/main
for run in 1 2 3; do
  ./relay bench idle --users $USERS --hold 10s --server-pid $PID --out $OUT/run$run > $OUT/run$run.log 2>&1 &
  BP=$!
  if [ $run = 3 ]; then
    for i in $(seq 1 600); do grep -q opening $OUT/run$run.log && break; sleep 0.2; done
    jcmd $PID JFR.start name=c filename=$OUT/connect-run3.jfr settings=profile >/dev/null
    for i in $(seq 1 600); do grep -q holding $OUT/run$run.log && break; sleep 0.2; done
    jcmd $PID JFR.stop name=c >/dev/null
  fi
  wait $BP
  echo "== run $run" | tee -a $OUT/console.txt; grep -v "^registering\|^results" $OUT/run$run.log | tee -a $OUT/console.txt
done
kill -TERM $PID; while kill -0 $PID 2>/dev/null; do sleep 0.5; done
python3 /work/main/scripts/jfr-summary.py $OUT/connect-run3.jfr > $OUT/profile-connect-run3.txt 2>&1
rm -f $OUT/connect-run3.jfr.gz; gzip -f $OUT/connect-run3.jfr
