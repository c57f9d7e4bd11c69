#!/usr/bin/env bash
# Starts podman's Docker-compatible API on a unix socket, idempotently:
#   installs podman/runc/busybox-static if missing (Debian/Ubuntu, as root), points podman at
#   deploy/podman/containers.conf, starts `podman system service` in the background unless the socket
#   already answers, waits for GET /_ping = OK, and prints the DOCKER_HOST to use.
#
#   deploy/podman/start-podman-api.sh            # prints: export DOCKER_HOST=unix:///run/podman/podman.sock ...
#   eval "$(deploy/podman/start-podman-api.sh)"  # sets DOCKER_HOST and CONTAINERS_CONF in this shell
#
# Environment: PODMAN_SOCKET (default /run/podman/podman.sock), PODMAN_LOG (default /var/log/podman-api.log),
# PODMAN_WAIT_SECONDS (default 60). Progress goes to stderr, only the export lines to stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
socket="${PODMAN_SOCKET:-/run/podman/podman.sock}"
log="${PODMAN_LOG:-/var/log/podman-api.log}"
wait_seconds="${PODMAN_WAIT_SECONDS:-60}"
conf="${CONTAINERS_CONF:-$here/containers.conf}"

say() { echo "start-podman-api: $*" >&2; }

ping_ok() {
    [ -S "$socket" ] && [ "$(curl -s -m 3 --unix-socket "$socket" http://d/_ping 2>/dev/null || true)" = "OK" ]
}

print_env() {
    echo "export DOCKER_HOST=unix://$socket"
    echo "export CONTAINERS_CONF=$conf"
}

pidfile="$(dirname "$socket")/podman-api.pid"
if ping_ok && [ -f "$pidfile" ] && [[ "$(readlink "/proc/$(cat "$pidfile")/cwd" 2>/dev/null)" == *"(deleted)" ]]; then
    # started by an older version of this script from a checkout deleted since: its containers cannot start
    say "restarting the service (pid $(cat "$pidfile")): its working directory was deleted"
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 50); do ping_ok || break; sleep 0.1; done
fi
if ping_ok; then
    say "the API already answers on $socket"
    print_env
    exit 0
fi

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
[ -x /bin/busybox ] || command -v busybox >/dev/null 2>&1 || missing+=(busybox-static)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        say "missing ${missing[*]} and not root: install them first (apt-get install -y ${missing[*]})"
        exit 1
    fi
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
fi

if [ ! -f "$conf" ]; then
    say "no $conf: writing the default one"
    mkdir -p "$(dirname "$conf")"
    cat >"$conf" <<'CONF'
[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi
export CONTAINERS_CONF="$conf"

mkdir -p "$(dirname "$socket")" "$(dirname "$log")"
if [ -e "$socket" ]; then
    say "removing the stale socket $socket"
    rm -f "$socket"
fi
say "starting podman system service on unix://$socket (log: $log)"
# setsid + nohup: the service outlives this script and the shell that ran it. From /: conmon runs in the service's
# working directory, and a checkout that is deleted later (a CI clone) would break every container start after it.
(cd / && exec setsid nohup podman system service --time=0 "unix://$socket" >>"$log" 2>&1 </dev/null) &
pid=$!
echo "$pid" >"$pidfile"

for _ in $(seq 1 $((wait_seconds * 2))); do
    if ping_ok; then
        say "ready (pid $pid): $(podman --version)"
        print_env
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        say "podman system service exited; last lines of $log:"
        tail -n 20 "$log" >&2
        exit 1
    fi
    sleep 0.5
done
say "no answer from $socket after ${wait_seconds}s; last lines of $log:"
tail -n 20 "$log" >&2
exit 1
