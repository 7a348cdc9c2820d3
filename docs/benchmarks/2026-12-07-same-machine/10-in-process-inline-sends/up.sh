#!/bin/bash
# up.sh TREE OUT: a fresh ./relay up from TREE on a fresh data directory
TREE=$1; OUT=$2; DATA=/tmp/relay-probe-data
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
mkdir -p $OUT; rm -rf $DATA; cd $TREE
./relay up --data $DATA --config scripts/bench-config.yaml > $OUT/server.log 2>&1 &
for _ in $(seq 1 240); do grep -q "Relay is up" $OUT/server.log && break; sleep 1; done
pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" | head -1
