#!/usr/bin/env bash
# Starts the four service images built by deploy/images/build.sh against an existing PostgreSQL, with host
# networking (no registry, no postgres image, no compose needed), and proves them: each image's own
# HEALTHCHECK turns healthy, a launch without a token is refused, a gpu_report run launched through the API
# is claimed by the launcher container and finishes (its worker is a child JVM inside that container).
# Removes its containers at the end, also on failure.
#
#   deploy/images/smoke-test.sh [tag]       # default tag: local
#
# Environment: POSTGRES_HOST (default 127.0.0.1), POSTGRES_PORT (5432), POSTGRES_USER (postgres),
# POSTGRES_PASSWORD, POSTGRES_DB (default cyberbrain_smoke: created if missing, with psql, and dropped
# afterwards unless SMOKE_KEEP_DB=1), SMOKE_PORT_BASE (default 18600: api, +1 scheduler, +2 ingester,
# +3 launcher), CYBERBRAIN_IMAGE_PREFIX (cyberbrain), CYBERBRAIN_IMAGE_ENGINE (podman, else docker).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tag="${1:-${CYBERBRAIN_IMAGE_TAG:-local}}"
prefix="${CYBERBRAIN_IMAGE_PREFIX:-cyberbrain}"
engine="${CYBERBRAIN_IMAGE_ENGINE:-}"
if [ -z "$engine" ]; then
    if command -v podman >/dev/null 2>&1; then engine=podman; else engine=docker; fi
fi
if [ "$engine" = podman ] && [ -z "${CONTAINERS_CONF:-}" ] && [ -f "$repo/deploy/podman/containers.conf" ]; then
    export CONTAINERS_CONF="$repo/deploy/podman/containers.conf"
fi
pg_host="${POSTGRES_HOST:-127.0.0.1}" pg_port="${POSTGRES_PORT:-5432}" pg_user="${POSTGRES_USER:-postgres}"
pg_db="${POSTGRES_DB:-cyberbrain_smoke}"
base="${SMOKE_PORT_BASE:-18600}"
token="cb_$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
run_id=$$
names=()

say() { echo "smoke: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }
psql_admin() { PGOPTIONS='-c client_min_messages=warning' PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres "$@"; }

cleanup() {
    local rc=$? n
    for n in ${names[@]+"${names[@]}"}; do
        if ((rc != 0)); then say "---- last lines of $n"; "$engine" logs --tail 25 "$n" >&2 2>&1 || true; fi
        "$engine" rm -f "$n" >/dev/null 2>&1 || true
    done
    if [ "${SMOKE_KEEP_DB:-0}" != 1 ] && [ -z "${POSTGRES_DB:-}" ]; then
        psql_admin -c "drop database if exists $pg_db" >/dev/null 2>&1 || true
    fi
    exit "$rc"
}
trap cleanup EXIT

command -v psql >/dev/null 2>&1 || die "psql is needed to create the test database (apt-get install postgresql-client)"
if [ -z "${POSTGRES_DB:-}" ]; then
    psql_admin -c "drop database if exists $pg_db" -c "create database $pg_db" >/dev/null
fi

start() { # image-short port-variable port [extra args...]
    local short=$1 var=$2 port=$3 name="cyberbrain-smoke-$1-$run_id"
    shift 3
    names+=("$name")
    "$engine" run -d --name "$name" --network host \
        -e POSTGRES_HOST="$pg_host" -e POSTGRES_PORT="$pg_port" -e POSTGRES_DB="$pg_db" \
        -e POSTGRES_USER="$pg_user" -e POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-unused}" \
        -e "$var=$port" -e CYBERBRAIN_API_PORT="$base" -e CYBERBRAIN_BIND=127.0.0.1 \
        -e JAVA_OPTS_APPEND=-Xmx384m "$@" "$prefix/$short:$tag" >/dev/null
}
# All at once, as compose starts them: their Flyway migrations meet on one empty database.
start api CYBERBRAIN_API_PORT "$base" -e CYBERBRAIN_ADMIN_TOKEN="$token"
start scheduler CYBERBRAIN_SCHEDULER_PORT "$((base + 1))"
start ingester CYBERBRAIN_INGESTER_PORT "$((base + 2))"
start worker-launcher CYBERBRAIN_LAUNCHER_PORT "$((base + 3))"
say "started ${names[*]}"

# The image's HEALTHCHECK, run by the engine (podman needs systemd for its timer, so it is run on demand).
healthy() {
    if [ "$engine" = podman ]; then
        "$engine" healthcheck run "$1" >/dev/null 2>&1
    else
        [ "$("$engine" inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null)" = healthy ]
    fi
}
deadline=$((SECONDS + 240))
for n in "${names[@]}"; do
    until healthy "$n"; do
        [ "$("$engine" inspect --format '{{.State.Running}}' "$n")" = true ] || die "$n exited"
        ((SECONDS < deadline)) || die "$n is not healthy after 240 s"
        sleep 2
    done
    say "$n healthy"
done

api="http://127.0.0.1:$base"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"tasks":["gpu_report"],"directive_id":2}' "$api/api/runs")"
[ "$code" = 401 ] || die "a launch without a token answered $code, not 401"
say "launch without a token: 401"
body="$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"tasks":["gpu_report"],"directive_id":2}' "$api/api/runs")"
[ "${body##*$'\n'}" = 201 ] || die "launch answered ${body##*$'\n'}: ${body%$'\n'*}"
run="$(printf '%s' "${body%$'\n'*}" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"
say "run $run launched (201)"
status=pending
for _ in $(seq 1 120); do
    status="$(curl -s -H "Authorization: Bearer $token" "$api/api/runs/$run" | grep -o '"status":"[a-z_]*"' | head -1 | cut -d'"' -f4)"
    case "$status" in pending | running | awaiting_approval) sleep 1 ;; *) break ;; esac
done
case "$status" in
    success) say "run $run ended: $status (the launcher container claimed it and ran its worker)" ;;
    pending | running | awaiting_approval) die "run $run is still '$status' after 120 s" ;;
    *) die "run $run ended '$status': $(curl -s -H "Authorization: Bearer $token" "$api/api/runs/$run")" ;;
esac
say "OK"
