#!/usr/bin/env bash
# The container's entrypoint (docker/Dockerfile; docker/README.md). It maps the GATEHOUSE_* environment variables onto
# the configuration directory in the data volume (never onto one the administrator mounted), then runs the gateway
# in the foreground. The same script runs the unpacked release in the tests (EntrypointContractTest).
set -eu

GATEHOUSE_HOME=${GATEHOUSE_HOME:-/opt/gatehouse}
GATEHOUSE_DATA=${GATEHOUSE_DATA:-/var/lib/gatehouse}
export GATEHOUSE_HOME GATEHOUSE_DATA

die() { echo "gatehouse-entrypoint: $*" >&2; exit 1; }

java_version() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

# Java 17 or later: JAVA_HOME, the java on the PATH, or one installed beside an older default (the apache/james
# 3.8.1 base image runs Java 11; its Dockerfile build adds openjdk-17-jre-headless).
choose_java() {
    local candidate version
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        version=$(java_version "$candidate")
        if [ "${version%%.*}" -ge 17 ] 2>/dev/null; then
            # /usr/bin/java is a link (alternatives): the installation is where it leads
            candidate=$(readlink -f "$candidate")
            JAVA_HOME=$(cd "$(dirname "$candidate")/.." && pwd -P)
            export JAVA_HOME
            return 0
        fi
    done
    die "no Java 17 or later found (JAVA_HOME, PATH, /usr/lib/jvm)"
}

# Another command given to the container (docker run IMAGE bash) runs instead of the gateway.
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    exec "$@"
fi

[ -x "$GATEHOUSE_HOME/bin/gatehouse" ] || die "no Gatehouse release in $GATEHOUSE_HOME (bin/gatehouse missing)"
choose_java
mkdir -p "$GATEHOUSE_DATA" 2>/dev/null || true
[ -w "$GATEHOUSE_DATA" ] || die "the data directory $GATEHOUSE_DATA is not writable by uid $(id -u): chown the volume to it"

"$JAVA_HOME/bin/java" -cp "$GATEHOUSE_HOME/lib/*" org.gatehouse.app.EnvironmentConfiguration "$GATEHOUSE_DATA/conf"

options=()
[ -z "${GATEHOUSE_SMTP_PORT:-}" ] || options+=(--smtp-port "$GATEHOUSE_SMTP_PORT")
[ -z "${GATEHOUSE_SUBMISSION_PORT:-}" ] || options+=(--submission-port "$GATEHOUSE_SUBMISSION_PORT")
[ -z "${GATEHOUSE_SUBMISSIONS_PORT:-}" ] || options+=(--submissions-port "$GATEHOUSE_SUBMISSIONS_PORT")
[ -z "${GATEHOUSE_WEBADMIN_PORT:-}" ] || options+=(--webadmin-port "$GATEHOUSE_WEBADMIN_PORT")
[ -z "${GATEHOUSE_HOSTNAME:-}" ] || options+=(--hostname "$GATEHOUSE_HOSTNAME")

exec "$GATEHOUSE_HOME/bin/gatehouse" run "${options[@]}" "$@"
