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

if ! command -v spamd >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "spamd is not installed and installing it needs root:" >&2
        echo "  apt-get install -y --no-install-recommends spamassassin spamd" >&2
        exit 1
    fi
    apt-get install -y --no-install-recommends spamassassin spamd >/dev/null
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$((20000 + RANDOM % 20000))
while port_in_use "$port"; do port=$((port + 1)); done

work=$(mktemp -d)
chmod 755 "$work"
spamd_user=()
if [ "$(id -u)" -eq 0 ]; then spamd_user=(--username=debian-spamd); fi
spamd --listen="127.0.0.1:$port" --allowed-ips=127.0.0.1 --local --max-children=2 "${spamd_user[@]}" \
    --nouser-config --pidfile="$work/spamd.pid" --helper-home-dir="$work" >"$work/spamd.log" 2>&1 &
spamd_pid=$!
stop_spamd() { kill "$spamd_pid" 2>/dev/null || true; wait "$spamd_pid" 2>/dev/null || true; rm -rf "$work"; }
trap stop_spamd EXIT
for _ in $(seq 1 100); do
    port_in_use "$port" && break
    kill -0 "$spamd_pid" 2>/dev/null || { echo "spamd did not start:" >&2; cat "$work/spamd.log" >&2; exit 1; }
    sleep 0.2
done

java -Xmx1g -cp "benchmarks/target/lib/*:benchmarks/target/gatehouse-benchmarks-0.1.0-SNAPSHOT.jar" \
    "org.gatehouse.benchmarks.$runner" "$port" "$result"
