#!/usr/bin/env bash
# Fits the shipped scoring weights on labelled mail and reports their held-out quality (stratified 5-fold
# cross-validation, fixed seed; the token classifier's band weights with nested folds) next to today's weights and a
# real spamd --local on the same messages, in the same run (docs/scoring.md, "Where the weights come from"). A few minutes.
#   benchmarks/fit-weights.sh [--with-sa] [--no-spamd] [--write] [--spam DIR... --ham DIR...]
#     --with-sa   also run SpamAssassin's installed rules in-process and fit the weight of their total
#     --no-spamd  do not start a spamd to compare with
#     --write     regenerate core/.../default-weights.properties, james-conf's scoring.properties and (with --with-sa)
#                 core/.../learning/bayes-weights.properties (the fitted band weights when they did better held out)
#     folders     default: the project's corpus (SpamAssassin public corpus subset in core's test resources)
# Maven is run as ${MVN:-mvn} (e.g. MVN="mvn -o" offline); SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=core/src/test/resources/corpora/spamassassin-public-corpus
args=()
folders=()
spamd=yes
for arg in "$@"; do
    case "$arg" in
        --no-spamd) spamd=no ;;
        --write) args+=(--write "$PWD") ;;
        --with-sa) args+=(--with-sa) ;;
        *) folders+=("$arg") ;;
    esac
done
if [ ${#folders[@]} -eq 0 ]; then
    folders=(--spam "$corpus/spam" "$corpus/spam_2" --ham "$corpus/easy_ham" "$corpus/easy_ham_2" "$corpus/hard_ham")
fi
if [ "${SKIP_BUILD:-}" != 1 ]; then
    rm -rf benchmarks/target/lib
    ${MVN:-mvn} -q -B -DskipTests package -pl benchmarks -am
fi
if [ "$spamd" = yes ]; then
    . benchmarks/spamd-local.sh
    start_local_spamd
    args+=(--spamd-port "$spamd_port")
fi
java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    org.gatehouse.benchmarks.FitWeights "${args[@]}" "${folders[@]}"
for arg in "$@"; do
    if [ "$arg" = --write ]; then scripts/sync-scoring-conf.sh; echo "Regenerated james-conf's scoring.properties"; fi
done
