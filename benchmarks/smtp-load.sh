#!/usr/bin/env bash
# SMTP load benchmark: Gatehouse against plain James with the same ActiveMQ queue, same box, one invocation.
#   benchmarks/smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2] [--content-suite]
set -euo pipefail
cd "$(dirname "$0")/.."
# a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am
exec java -Xmx1g -Dgatehouse.distribution=app/target/gatehouse/lib \
    -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.SmtpLoadBenchmark "$@"
