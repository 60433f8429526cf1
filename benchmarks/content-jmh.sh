#!/usr/bin/env bash
# JMH: the content checks on a plain mail, a 1 MB PDF and a nested zip (inspection + default content policy, and one
# clamd scan with a real local clamd), each against the foundation's parse of the same message. About 3 minutes.
# Needs /usr/sbin/clamd (scripts/test-services.sh install).
#   benchmarks/content-jmh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am

java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.ContentBenchmarkRunner benchmarks/target/content-jmh.json
