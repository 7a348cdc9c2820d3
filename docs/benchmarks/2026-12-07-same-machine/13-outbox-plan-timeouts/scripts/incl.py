import re,collections,sys
txt=open(sys.argv[1]).read()
pat=sys.argv[2]; depth=int(sys.argv[3]) if len(sys.argv)>3 else 25
blocks=txt.split('jdk.ExecutionSample')[1:]
c=collections.Counter(); n=0
for b in blocks:
    th=re.search(r'sampledThread = "(.*?)"',b).group(1)
    if not re.search(pat,th): continue
    n+=1
    fr=re.findall(r'^\s+([\w$.<>/]+)\(.*?line:',b,re.M)
    for f in set(fr): c[f]+=1
print(n,'samples')
for k,v in c.most_common(depth): print(v,k)
