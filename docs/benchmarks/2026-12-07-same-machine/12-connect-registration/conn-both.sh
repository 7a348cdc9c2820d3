#!/bin/bash
# one server at a time: before (0d6ffa8), then after (f8dba91)
/work/bench/conn.sh /work/wt-a /work/bench/conn-before > /work/bench/conn-before.out 2>&1
while pgrep -f "launcher-0.1.0-SNAPSHOT-exec.jar up" > /dev/null; do sleep 2; done
/work/bench/conn.sh /work/wt-b /work/bench/conn-after > /work/bench/conn-after.out 2>&1
