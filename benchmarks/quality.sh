#!/usr/bin/env bash
# Scores labelled folders of mail with the shipped defaults, in-process, as the gateway's scorer does, and prints spam
# (and phishing) caught at ham false-positive rates of 0, 0.1, 1 and 2 %, the rates at the thresholds 50 and 70, each
# rule's hits on spam and ham, and the time per message (docs/scoring.md, "Measuring quality on your own mail").
#   benchmarks/quality.sh [--no-sa] SPAM_DIR HAM_DIR [PHISH_DIR]
# A folder holds one message per file (subfolders included, so a Maildir works) or mbox files. SpamAssassin's rules
# are run when installed (Debian: apt-get install spamassassin), unless --no-sa.
# Maven is run as ${MVN:-mvn} (e.g. MVN="mvn -o" offline); SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: benchmarks/quality.sh [--no-sa] SPAM_DIR HAM_DIR [PHISH_DIR]" >&2
    exit 2
fi
folders=()
for arg in "$@"; do
    case "$arg" in
        --*) folders+=("$arg") ;;
        *) folders+=("$(cd "$arg" && pwd)") ;;
    esac
done
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-}" != 1 ]; then
    rm -rf benchmarks/target/lib
    ${MVN:-mvn} -q -B -DskipTests package -pl benchmarks -am
fi
java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.Quality "${folders[@]}"
