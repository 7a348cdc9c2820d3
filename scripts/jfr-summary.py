#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples, as the profile-*.txt files of docs/benchmarks: shares of samples by
thread, by library on the stack, by top frame, and by Relay method (inclusive).

    scripts/jfr-summary.py recording.jfr [FROM TO]      FROM/TO as HH:MM:SS, as `jfr print` shows them

DROP=word,word,... leaves out the samples whose stack names any of the words (the load tool's setup: registration's
Argon2 hashing, token checks of the handshakes ...). Needs the JDK's `jfr` (JAVA_HOME, else Temurin 25's path)."""
import collections, os, re, subprocess, sys
jfr = sys.argv[1]
def hms(x):
    h, m, sec = x.split(':'); return int(h)*3600 + int(m)*60 + float(sec)
# optional window: from-to as HH:MM:SS (UTC, as JFR prints)
window = (hms(sys.argv[2]), hms(sys.argv[3])) if len(sys.argv) > 3 else None
out = subprocess.run([os.path.join(os.environ.get('JAVA_HOME', '/usr/lib/jvm/temurin-25-jdk-amd64'), 'bin', 'jfr'), 'print', '--events', 'jdk.ExecutionSample',
                      '--stack-depth', '96', jfr], capture_output=True, text=True).stdout
samples = []
for block in out.split('jdk.ExecutionSample')[1:]:
    m = re.search(r'sampledThread = "(.*?)"', block)
    thread = m.group(1) if m else '?'
    frames = re.findall(r'^\s+([\w$.<>/]+)\(.*?line:', block, re.M)
    t = re.search(r'startTime = (\d+):(\d+):([\d.]+)', block)
    secs = int(t.group(1))*3600 + int(t.group(2))*60 + float(t.group(3)) if t else 0
    samples.append((re.sub(r'\d+', 'N', thread), frames, secs))
if window:
    samples = [s for s in samples if window[0] <= s[2] <= window[1]]
drop = os.environ.get('DROP')  # stacks naming any of these (comma-separated) are left out: the tool's setup
if drop:
    words = drop.split(',')
    samples = [s for s in samples if not any(w in f for f in s[1] for w in words)]
samples = [(a, b) for a, b, _ in samples]
n = len(samples)
print(f"{n} samples\n")
def show(title, counter, k=30):
    print("== " + title)
    for name, c in counter.most_common(k):
        print(f"{100*c/n:6.1f}%  {name}")
    print()
show("threads", collections.Counter(t for t, _ in samples), 25)
libs = {'kafka': ('org.apache.kafka', 'kafka.', 'scala.'), 'relay': ('im.relay',), 'spring': ('org.springframework',),
        'netty': ('io.netty',), 'micrometer': ('io.micrometer',), 'grpc': ('io.grpc',), 'reactor': ('reactor.',),
        'lettuce': ('io.lettuce',), 'jdbc/pg': ('org.postgresql', 'com.zaxxer'), 'jackson': ('tools.jackson', 'com.fasterxml'),
        'logback': ('ch.qos', 'org.slf4j'), 'protobuf': ('com.google.protobuf',), 'jdk-net/nio': ('sun.nio', 'java.nio'),
        'jfr': ('jdk.jfr',)}
lc = collections.Counter()
for _, fr in samples:
    for lib, pre in libs.items():
        if any(f.startswith(pre) for f in fr):
            lc[lib] += 1
show("libraries on stack", lc)
show("top frames", collections.Counter(fr[0] for _, fr in samples if fr), 30)
rc = collections.Counter()
for _, fr in samples:
    for f in set(x for x in fr if x.startswith('im.relay')):
        rc[f] += 1
show("relay methods (inclusive)", rc, 40)
mc = collections.Counter()
for _, fr in samples:
    for f in set(x for x in fr if x.startswith('io.micrometer')):
        mc[f] += 1
show("micrometer methods (inclusive)", mc, 15)
