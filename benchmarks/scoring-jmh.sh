#!/usr/bin/env bash
# JMH: Gatehouse against one spamd CHECK of the same ~10 KB message, both measured in one JMH run; prints p50/p99 per
# message and the ratio. About 2 minutes.
#   benchmarks/scoring-jmh.sh             Gatehouse's spam scoring (parse + score + classify)
#   benchmarks/scoring-jmh.sh sa-rules    SpamAssassin's installed rules run inside Gatehouse (parse + every supported rule)
set -euo pipefail
case "${1:-scoring}" in
    scoring) runner=ScoringBenchmarkRunner; result=benchmarks/target/scoring-jmh.json ;;
    sa-rules) runner=SaRulesBenchmarkRunner; result=benchmarks/target/sa-rules-jmh.json ;;
    *) echo "usage: benchmarks/scoring-jmh.sh [scoring|sa-rules]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
# a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am

. benchmarks/spamd-local.sh
start_local_spamd

java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    "org.gatehouse.benchmarks.$runner" "$spamd_port" "$result"
