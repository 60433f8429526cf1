#!/usr/bin/env bash
# Soak with faults: SMTP load at half the measured capacity for 30 minutes (the shipped pipeline, real clamd, unbound
# and PostgreSQL on loopback) while clamd is killed, the DNS server paused, PostgreSQL restarted and the gateway killed
# with SIGKILL; reports accepted, delivered, held, tempfailed and lost (must be 0), and RSS over time.
#   benchmarks/soak.sh [--minutes 30] [--probe-seconds 60] [--connections 4]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/test-services.sh install
pg_url=$(./scripts/test-services.sh start-postgresql)
trap './scripts/test-services.sh stop-postgresql' EXIT
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am
java -Xmx1g -Dgatehouse.distribution=app/target/gatehouse/lib \
    -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.SoakBenchmark --postgresql "$pg_url" "$@"
