#!/usr/bin/env python3
"""threads.py PID SECONDS: CPU by thread name (digits folded; names cut to 15 characters by the kernel) over SECONDS,
from /proc/PID/task/*/stat, with the system (kernel) part of each."""
import os, re, sys, time, collections
pid, secs = sys.argv[1], float(sys.argv[2])
tck = os.sysconf('SC_CLK_TCK')
def snap():
    d = {}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            s = open(f'/proc/{pid}/task/{t}/stat').read()
            name = s[s.index('(')+1:s.rindex(')')]
            f = s[s.rindex(')')+2:].split()
            d[t] = (re.sub(r'\d+', 'N', name), int(f[11]) + int(f[12]), int(f[12]))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            pass
    return d
a = snap(); t0 = time.time(); time.sleep(secs); b = snap(); el = time.time() - t0
by = collections.Counter(); sy = collections.Counter()
for t, (n, c, k) in b.items():
    by[n] += c - a.get(t, (n, 0, 0))[1]; sy[n] += k - a.get(t, (n, 0, 0))[2]
tot = sum(by.values())
print(f'{tot/tck/el:.3f} cores over {el:.1f} s, system {sum(sy.values())/tck/el:.3f}')
for n, c in by.most_common(25):
    if c > 0: print(f'{c/tck/el:7.4f} (sys {sy[n]/tck/el:.4f})  {n}')
