#!/bin/bash
# counts.sh PID DATA LABEL: a snapshot of the work counters: broker requests by API, Redis commands, PostgreSQL commits and rows, relay batch metrics
PID=$1; DATA=$2; L=$3
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH
RP=$(grep redis.password $DATA/secrets.properties | cut -d= -f2-); PP=$(grep postgres.password $DATA/secrets.properties | cut -d= -f2-)
echo "== $L $(date +%s.%N)"
java -cp /work/bench/jmx Kreq $PID 2>/dev/null | sed 's/^/kafka /'
redis-cli -p 16379 -a "$RP" --no-auth-warning info commandstats | grep cmdstat | sed 's/^/redis /'
PGPASSWORD="$PP" psql -h 127.0.0.1 -p 15432 -U postgres -Atc "select 'pg db '||datname||' commits='||xact_commit||' rollbacks='||xact_rollback||' ins='||tup_inserted||' upd='||tup_updated||' del='||tup_deleted||' ret='||tup_returned from pg_stat_database where datname not like 'template%'" postgres
PGPASSWORD="$PP" psql -h 127.0.0.1 -p 15432 -U postgres -Atc "select 'pg wal records='||wal_records||' fpi='||wal_fpi||' bytes='||wal_bytes||' syncs='||wal_sync from pg_stat_wal"
for port in $(seq 18080 18090); do curl -s -m 2 localhost:$port/actuator/prometheus 2>/dev/null | grep -E "^relay_[a-z_]*(_count|_sum|_total)[{ ]" | sed "s/^/metric $port /"; done
