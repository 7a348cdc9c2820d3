#!/bin/bash
# ovl.sh TREE OUT: fresh server; one overload step (12,000 msg/s for 15 s); then idle CPU by thread and the Kafka request
# counts (broker by API, consumers' fetches and heartbeats by client) over two 30-s windows, 60 s and 150 s after it
set -u
TREE=$1; OUT=$2; B=/work/bench
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
PID=$($B/up.sh $TREE $OUT); echo "server $PID"
sleep 20
(cd $TREE && ./relay bench private --users 1000 --rate 12000 --step-duration 15s --server-pid $PID --out $OUT/overload > $OUT/overload.txt 2>&1)
grep -A1 "^step" $OUT/overload.txt | tail -1
snap() { java -cp $B/jmx Kreq $PID > $OUT/kreq-$1.txt; java -cp $B/jmx Kreq $PID "kafka.consumer:type=consumer-fetch-manager-metrics,*" >> $OUT/kreq-$1.txt; java -cp $B/jmx Kreq $PID "kafka.consumer:type=consumer-coordinator-metrics,*" >> $OUT/kreq-$1.txt; java -cp $B/jmx Kreq $PID "kafka.producer:type=producer-metrics,*" >> $OUT/kreq-$1.txt; }
sleep 60
snap a1; (cd $TREE && scripts/threads.py $PID 30 > $OUT/threads-idle-a.txt); snap a2
sleep 60
snap b1; (cd $TREE && scripts/threads.py $PID 30 > $OUT/threads-idle-b.txt); snap b2
head -1 $OUT/threads-idle-a.txt $OUT/threads-idle-b.txt
kill $PID; while kill -0 $PID 2>/dev/null; do sleep 1; done; echo done
