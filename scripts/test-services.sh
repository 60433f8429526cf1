#!/usr/bin/env bash
# Installs and runs the real services Gatehouse's tests use (Debian packages, started on loopback only).
#   install              apt-get install what is missing (needs root or sudo)
#   start-postgresql     start a throw-away PostgreSQL cluster; prints its JDBC URL
#   stop-postgresql      stop it and delete its files
#   restart-postgresql   restart it as after a crash (immediate shutdown), same port and data
set -euo pipefail
STATE=${GATEHOUSE_TEST_STATE:-/tmp/gatehouse-test-services}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "test-services: root or sudo is needed to install: $*" >&2; exit 1; fi
}

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

install() {
    local missing=""
    [ -n "$(pg_bin)" ] || missing="$missing postgresql"
    command -v swaks >/dev/null || missing="$missing swaks"
    command -v smtp-source >/dev/null || [ -x /usr/sbin/smtp-source ] || missing="$missing postfix"
    [ -x /usr/sbin/unbound ] || missing="$missing unbound"
    # OpenLDAP for recipient validation in mode ldap (tests start their own slapd on loopback; the packaged one stays off)
    [ -x /usr/sbin/slapd ] || missing="$missing slapd ldap-utils"
    # the LDAP tests' TLS certificate
    command -v openssl >/dev/null || missing="$missing openssl"
    [ -x /usr/sbin/spamd ] || missing="$missing spamassassin spamd"
    [ -x /usr/bin/rspamd ] || missing="$missing rspamd"
    # clamd only (tests start it with their own signature database); never run freshclam here
    [ -x /usr/sbin/clamd ] || missing="$missing clamav clamav-daemon"
    [ -x /usr/bin/chromium ] || missing="$missing chromium"
    [ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
    # the Prometheus project's own text-format parser, for the /metrics test (MonitoringTest)
    /usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null || missing="$missing python3-prometheus-client"
    # a font for the charts of the scheduled reports (JFreeChart draws text through the JDK's fontconfig)
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core fontconfig"
    if [ -n "$missing" ]; then
        echo "Installing test services:$missing" >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo $((20000 + RANDOM % 20000))
}

run_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

start_postgresql() {
    local bin port dir
    bin=$(pg_bin)
    [ -n "$bin" ] || { echo "test-services: PostgreSQL is not installed (run install)" >&2; exit 1; }
    stop_postgresql >/dev/null 2>&1 || true
    mkdir -p "$STATE"
    dir=$(mktemp -d "$STATE/pg.XXXXXX")
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir" "$STATE"
    port=$(free_port)
    run_as_postgres "$bin/initdb -D $dir/data -A trust -U gatehouse >$dir/initdb.log 2>&1"
    run_as_postgres "$bin/pg_ctl -D $dir/data -w -t 60 -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' -l $dir/server.log start >/dev/null"
    "$bin/psql" -h 127.0.0.1 -p "$port" -U gatehouse -d postgres -qc 'CREATE DATABASE gatehouse' >/dev/null
    echo "$dir" > "$STATE/current"
    echo "PostgreSQL test server on 127.0.0.1:$port" >&2
    echo "jdbc:postgresql://127.0.0.1:$port/gatehouse?user=gatehouse"
}

# A crash-like restart (immediate shutdown, then start with the same options) of the running test cluster.
restart_postgresql() {
    [ -f "$STATE/current" ] || { echo "test-services: no test PostgreSQL is running" >&2; exit 1; }
    local dir
    dir=$(cat "$STATE/current")
    run_as_postgres "$(pg_bin)/pg_ctl -D $dir/data -m immediate -w -t 60 -l $dir/server.log restart >/dev/null"
}

stop_postgresql() {
    [ -f "$STATE/current" ] || return 0
    local dir
    dir=$(cat "$STATE/current")
    run_as_postgres "$(pg_bin)/pg_ctl -D $dir/data -m fast stop >/dev/null 2>&1" || true
    rm -rf "$dir" "$STATE/current"
}

case "${1:-}" in
    install) install ;;
    start-postgresql) start_postgresql ;;
    stop-postgresql) stop_postgresql ;;
    restart-postgresql) restart_postgresql ;;
    *) echo "usage: $0 install|start-postgresql|stop-postgresql|restart-postgresql" >&2; exit 2 ;;
esac
