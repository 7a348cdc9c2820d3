#!/usr/bin/env python3
"""procs.py SECONDS: CPU cores by process name over SECONDS (all processes, from /proc/*/stat), plus the machine's total."""
import os, sys, time, collections
tck = os.sysconf('SC_CLK_TCK')
def snap():
    d = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            s = open(f'/proc/{p}/stat').read()
            name = s[s.index('(')+1:s.rindex(')')]
            f = s[s.rindex(')')+2:].split()
            d[p] = (name, int(f[11]) + int(f[12]))
        except Exception: pass
    return d
def cpu():
    f = open('/proc/stat').readline().split()[1:]
    return sum(int(x) for x in f[:3]) + int(f[5]) + int(f[6]), int(f[7])
a = snap(); ca = cpu(); t0 = time.time(); time.sleep(float(sys.argv[1])); b = snap(); cb = cpu(); el = time.time() - t0
by = collections.Counter()
for p, (n, c) in b.items():
    by[n if not n.startswith('postgres') else 'postgres'] += c - a.get(p, (n, 0))[1]
print(f'machine busy {(cb[0]-ca[0])/tck/el:.3f} cores, steal {(cb[1]-ca[1])/tck/el:.3f}, processes {sum(by.values())/tck/el:.3f}')
for n, c in by.most_common(12):
    if c > 0: print(f'{c/tck/el:7.3f}  {n}')
