#!/usr/bin/env python3
"""pgprocs.py SECONDS DATA: CPU of each PostgreSQL backend over SECONDS, labelled by pg_stat_activity (database, last query)."""
import os, sys, time, subprocess, re
secs, data = float(sys.argv[1]), sys.argv[2]
pw = [l.split('=',1)[1].strip() for l in open(f'{data}/secrets.properties') if 'postgres' in l.lower() and 'password' in l.lower()][0]
tck = os.sysconf('SC_CLK_TCK')
def snap():
    d = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            s = open(f'/proc/{p}/stat').read()
            if '(postgres' not in s: continue
            f = s[s.rindex(')')+2:].split()
            d[p] = int(f[11]) + int(f[12])
        except Exception: pass
    return d
def activity():
    env = dict(os.environ, PGPASSWORD=pw)
    out = subprocess.run(['psql','-h','127.0.0.1','-p','15432','-U','postgres','-d','postgres','-At','-F','|','-c',
        "select pid, datname, coalesce(backend_type,''), left(regexp_replace(query,'\\s+',' ','g'),70) from pg_stat_activity"],
        capture_output=True, text=True, env=env).stdout
    return {l.split('|')[0]: l.split('|',1)[1] for l in out.splitlines() if '|' in l}
a = snap(); acts = {}; t0 = time.time()
while time.time() - t0 < secs:
    for k, v in activity().items(): acts.setdefault(k, set()).add(v[:110])
    time.sleep(1)
b = snap(); el = time.time() - t0
rows = sorted(((b[p] - a.get(p, 0)) / tck / el, p) for p in b)
print(f'postgres total {sum(r[0] for r in rows):.3f} cores over {el:.0f} s')
for c, p in reversed(rows):
    if c < 0.002: continue
    qs = sorted(acts.get(p, {'?'}))
    print(f'{c:7.3f}  {p}  ' + ' || '.join(q for q in qs[:3]))
