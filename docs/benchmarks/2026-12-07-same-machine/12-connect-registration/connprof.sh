#!/bin/bash
# connprof.sh SERVER_TREE OUT : fresh server, one warm-up run of 3,000 sessions, then 10,000 with JFR over the connects
set -u
TREE=$1; OUT=$2; mkdir -p $OUT; DATA=/tmp/relay-conn-data; rm -rf $DATA
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
cd $TREE && (nohup ./relay up --config scripts/bench-config.yaml --data $DATA > $OUT/relay.log 2>&1 &)
for i in $(seq 1 400); do grep -q "Press Ctrl-C" $OUT/relay.log && break; sleep 1; done
PID=$(pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1); echo "server pid $PID" | tee $OUT/console.txt
for run in warm1 run1; do
  n=10000; case $run in warm*) n=3000;; esac
  ./relay bench idle --users $n --hold 5s --server-pid $PID --out $OUT/$run > $OUT/$run.log 2>&1 &
  BP=$!
  if [ $run = run1 ]; then
    for i in $(seq 1 6000); do grep -q opening $OUT/$run.log && break; sleep 0.2; done
    jcmd $PID JFR.start name=c filename=$OUT/connect.jfr settings=profile >/dev/null
    for i in $(seq 1 600); do grep -q holding $OUT/$run.log && break; sleep 0.2; done
    jcmd $PID JFR.stop name=c >/dev/null
  fi
  wait $BP
  echo "== $run" | tee -a $OUT/console.txt; grep -v "^registering\|^results" $OUT/$run.log | tee -a $OUT/console.txt
done
kill -TERM $PID; for i in $(seq 1 60); do kill -0 $PID 2>/dev/null || break; sleep 1; done
python3 /work/main/scripts/jfr-summary.py $OUT/connect.jfr > $OUT/profile-connect.txt 2>&1
gzip -f $OUT/connect.jfr
