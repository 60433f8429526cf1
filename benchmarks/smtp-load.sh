#!/usr/bin/env bash
# SMTP load benchmark: Gatehouse against plain James with the same ActiveMQ queue, same box, one invocation.
#   benchmarks/smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests package -pl benchmarks -am
exec java -Xmx1g -Dgatehouse.distribution=app/target/gatehouse/lib \
    -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.SmtpLoadBenchmark "$@"
