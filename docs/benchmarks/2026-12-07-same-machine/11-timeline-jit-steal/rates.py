#!/usr/bin/env python3
"""rates.py A B [per]: the counters that moved between two counts.sh snapshots, per second (and per message with per=msg/s)."""
import re, sys
def load(p):
    d = {}; t = None
    for l in open(p):
        l = l.rstrip('\n')
        if l.startswith('== '): t = float(l.split()[2]); continue
        if l.startswith('kafka '):
            k, v = l[6:].split('  ', 1)
            m = re.search(r'Count=(\d+)', v)
            if m: d['kafka ' + re.sub(r'name=RequestsPerSec,|type=RequestMetrics,', '', k)] = float(m.group(1))
        elif l.startswith('redis '):
            m = re.match(r'redis cmdstat_(\S+?):calls=(\d+),usec=(\d+)', l)
            if m: d['redis calls ' + m.group(1)] = float(m.group(2)); d['redis usec ' + m.group(1)] = float(m.group(3))
        elif l.startswith('pg '):
            head = ' '.join(x for x in l.split() if '=' not in x)
            for kv in re.findall(r'(\w+)=(\d+)', l): d[head + ' ' + kv[0]] = float(kv[1])
        elif l.startswith('metric '):
            parts = l.split()
            try: d['metric ' + parts[1] + ' ' + ' '.join(parts[2:-1])] = float(parts[-1])
            except ValueError: pass
    return t, d
ta, a = load(sys.argv[1]); tb, b = load(sys.argv[2]); el = tb - ta
per = float(sys.argv[3]) if len(sys.argv) > 3 else None
print(f'over {el:.1f} s')
for k in sorted(b):
    dv = b[k] - a.get(k, 0)
    if dv > 0:
        print(f'{dv/el:12.1f}/s' + (f'  {dv/el/per:8.3f}/msg' if per else '') + f'  {k}')
