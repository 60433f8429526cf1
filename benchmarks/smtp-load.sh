#!/usr/bin/env bash
# SMTP load benchmark: Gatehouse against plain James with the same ActiveMQ queue, same box, one invocation.
#   benchmarks/smtp-load.sh [--messages 2000] [--connections 4] [--size 4096] [--rounds 2] [--warmup 300] [--stall-seconds 60] [--profile]
#   benchmarks/smtp-load.sh --content-suite [--kinds PLAIN,PDF,ZIP] [--messages 400] [--rounds 3] [--profile]
#   benchmarks/smtp-load.sh --rollups-suite [--messages 2000] [--rounds 3]   (the full pipeline with the reports' rollup job off, then on)
# Each server first takes --warmup messages (not measured); each round prints, per message of the measured phase, the
# server JVM's JIT compile time (the compile tasks' elapsed time, an upper bound on their CPU) and GC pause time, from
# its performance counters: how far from a steady state the phase was.
# A server that delivers nothing, or stops delivering for --stall-seconds, stops the benchmark with the reason (exit 2).
# --profile records every server (content suite: the server with the content checks) with JDK Flight Recorder during
# each measured phase and prints its 25 hottest methods; the .jfr files stay in the work directory. Every run also
# reports the server process's CPU time per delivered message, which other load on the machine does not change, and
# how much of it the JIT compiler threads and the collector's threads used (from /proc, sampled every 200 ms).
# GATEHOUSE_BENCH_JVM="-XX:+PrintCompilation ..." adds options to every server's JVM (diagnostics; the same for all).
set -euo pipefail
cd "$(dirname "$0")/.."
# a stale jar left from an earlier build (an older commons-io) would shadow the right one on the class path
rm -rf benchmarks/target/lib
mvn -q -B -DskipTests package -pl benchmarks -am
exec java -Xmx1g -Dgatehouse.distribution=app/target/gatehouse/lib \
    -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.SmtpLoadBenchmark "$@"
