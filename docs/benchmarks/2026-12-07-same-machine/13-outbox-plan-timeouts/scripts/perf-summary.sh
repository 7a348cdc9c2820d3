#!/bin/bash
# perf-summary.sh DIR: text summaries of DIR/perf-2500.data (perf record -a -g over 20 s of the 2,500 msg/s run):
# the machine's samples by process and library, PostgreSQL's by backend, and the top functions of each busy backend
cd $1
{
  echo "== samples by command and library (whole machine, 20 s)"
  perf report -i perf-2500.data --no-children --sort comm,dso -g none --percent-limit 1 2>/dev/null | grep -v "^#" | grep .
  echo; echo "== PostgreSQL by backend (pid; pgprocs-2500.txt says which is which)"
  perf report -i perf-2500.data --no-children --comm postgres --sort pid -g none --percent-limit 0.5 2>/dev/null | grep -v "^#" | grep .
  for p in $(perf report -i perf-2500.data --no-children --comm postgres --sort pid -g none --percent-limit 2 2>/dev/null | grep -v "^#" | grep -o "[0-9]*:postgres" | cut -d: -f1); do
    echo; echo "== backend $p: top functions (share of the whole machine's samples)"
    perf report -i perf-2500.data --no-children --tid $p --sort sym -g none 2>/dev/null | grep -v "^#" | grep . | head -15
  done
} > perf-summary.txt
