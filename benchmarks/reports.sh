#!/usr/bin/env bash
# The reports on a large message log (issue 17): generates ROWS message-log records (30 days, 200 tenants, every
# outcome) into Derby or PostgreSQL, backfills the rollups once, then measures p50/p95/p99 of a monthly summary and a
# top-10 senders, for one tenant and for all, against the same answers computed from the raw log in the same run.
# Times on this project's 2-core machine are in BENCHMARKS.md (10 million rows: tens of minutes on PostgreSQL, over an
# hour on Derby, most of it generating the records).
#   benchmarks/reports.sh derby [ROWS]
#   benchmarks/reports.sh postgresql [ROWS] [JDBC_URL]      (or GATEHOUSE_BENCH_POSTGRESQL_URL)
# For PostgreSQL it creates a database gh_bench_<random> on that server and drops it afterwards (GATEHOUSE_BENCH_KEEP=1
# keeps it, and the Derby directory); the URL names any database of the server, e.g. the one printed by
# ./scripts/test-services.sh start-postgresql. SKIP_BUILD=1 runs what was built last. GATEHOUSE_BENCH_REUSE=1 measures
# again on records kept by an earlier run with as many ROWS (for PostgreSQL, give the kept database's URL it printed):
# the rollups are computed anew and the expected counts drawn again, without writing the records.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:-}"
rows="${2:-10000000}"
case "$store" in
    derby) target=benchmarks/target/reports-derby ;;
    postgresql)
        target="${3:-${GATEHOUSE_BENCH_POSTGRESQL_URL:-}}"
        if [ -z "$target" ]; then
            echo "PostgreSQL: give the server's JDBC URL as third argument or in GATEHOUSE_BENCH_POSTGRESQL_URL" >&2
            echo "(./scripts/test-services.sh start-postgresql starts one and prints it)" >&2
            exit 2
        fi ;;
    *) echo "usage: $0 derby|postgresql [ROWS] [JDBC_URL]" >&2; exit 2 ;;
esac
if [ "${SKIP_BUILD:-}" != 1 ]; then
    # a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
    rm -rf benchmarks/target/lib
    mvn -q -B -DskipTests package -pl benchmarks -am
fi
# the daily top lists hold a day of records in memory
java -Xmx3g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.ReportsBenchmark "$store" "$target" "$rows"
