#!/usr/bin/env bash
# JMH: the phishing URL pass (MessageUrls.extract + UrlSignals.findings) on one parsed HTML message with 200 links
# to ~50 hosts, some of them tricks, warm and with hosts never seen before; prints p50/p99 per message. About 2 minutes.
#   benchmarks/phishing-jmh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am

java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.PhishingUrlBenchmarkRunner benchmarks/target/phishing-jmh.json
