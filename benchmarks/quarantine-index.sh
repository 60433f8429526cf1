#!/usr/bin/env bash
# The quarantine index with 100,000 entries: indexing rate, search p50/p99 of typical queries against a scan of the
# same entries in memory, index size and heap. About 2 minutes.
#   benchmarks/quarantine-index.sh [ENTRIES]
set -euo pipefail
cd "$(dirname "$0")/.."
# a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am
java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.QuarantineIndexBenchmark core/src/test/resources/corpora/spamassassin-public-corpus \
    benchmarks/target/quarantine-index "${1:-100000}"
