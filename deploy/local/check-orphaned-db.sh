#!/usr/bin/env bash
# Checks that the local launcher copes with an embedded PostgreSQL whose launcher JVM was killed with SIGKILL:
# 'status' reports it as orphaned with its real port, and 'down' stops it (the port is free afterwards).
# Needs the embedded-db jar (./mvnw -pl embedded-db package). CI runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home=$(mktemp -d)
chmod 755 "$home" # the embedded PostgreSQL runs as another user and must reach its data folder
port=${CHECK_DB_PORT:-54399}
log=$home/db.out
cleanup() { CYBERBRAIN_HOME=$home "$root/deploy/local/cyberbrain" down >/dev/null 2>&1 || true; rm -rf "$home"; }
trap cleanup EXIT
fail() { echo "check-orphaned-db: FAILED: $*" >&2; exit 1; }

java -jar "$root/embedded-db/target/embedded-db-0.1.0-SNAPSHOT.jar" "$home/db" "$port" cyberbrain >"$log" 2>&1 &
jvm=$!
for _ in $(seq 1 300); do grep -q '^READY ' "$log" && break; sleep 0.2; done
grep -q '^READY ' "$log" || fail "the embedded database did not start: $(tail -5 "$log")"
kill -KILL "$jvm"
wait "$jvm" 2>/dev/null || true
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "PostgreSQL did not outlive its JVM (nothing to check)"

status=$(CYBERBRAIN_HOME=$home "$root/deploy/local/cyberbrain" status || true)
grep -Eq "^embedded-db +orphaned +[0-9]+ +$port " <<<"$status" || fail "status does not report the orphan on port $port: $status"
CYBERBRAIN_HOME=$home "$root/deploy/local/cyberbrain" down
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port still in use after 'down'"; fi
echo "check-orphaned-db: ok (status showed the orphan on port $port; down stopped it)"
