# Sourced by the benchmark scripts: installs spamd if missing (as root) and starts one on a free loopback port,
# `spamd --local` (no network tests, no Bayes), stopped when the script exits. Sets $spamd_port.
start_local_spamd() {
    if ! command -v spamd >/dev/null; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "spamd is not installed and installing it needs root:" >&2
            echo "  apt-get install -y --no-install-recommends spamassassin spamd" >&2
            exit 1
        fi
        apt-get install -y --no-install-recommends spamassassin spamd >/dev/null
    fi
    port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
    spamd_port=$((20000 + RANDOM % 20000))
    while port_in_use "$spamd_port"; do spamd_port=$((spamd_port + 1)); done

    spamd_work=$(mktemp -d)
    chmod 755 "$spamd_work"
    local spamd_user=()
    if [ "$(id -u)" -eq 0 ]; then spamd_user=(--username=debian-spamd); fi
    spamd --listen="127.0.0.1:$spamd_port" --allowed-ips=127.0.0.1 --local --max-children=2 "${spamd_user[@]}" \
        --nouser-config --pidfile="$spamd_work/spamd.pid" --helper-home-dir="$spamd_work" >"$spamd_work/spamd.log" 2>&1 &
    spamd_pid=$!
    trap stop_local_spamd EXIT
    for _ in $(seq 1 100); do
        port_in_use "$spamd_port" && return 0
        kill -0 "$spamd_pid" 2>/dev/null || { echo "spamd did not start:" >&2; cat "$spamd_work/spamd.log" >&2; exit 1; }
        sleep 0.2
    done
    echo "spamd did not listen on $spamd_port within 20 s" >&2
    exit 1
}

stop_local_spamd() {
    kill "$spamd_pid" 2>/dev/null || true
    wait "$spamd_pid" 2>/dev/null || true
    rm -rf "$spamd_work"
}
