#!/usr/bin/env bash
# Size and start of worker images: for each IMAGE, its size as the engine reports it and the wall time of
# `<engine> run --rm` on a tiny service_map job (no containers: JVM start, job.json read, the task,
# result.json written, container removed), median of RUNS (default 5) after one warm-up run.
# An argument that is a folder (a worker jar + lib/, as the build leaves it) is run as the process executor
# runs it instead: `java -cp DIR/*:DIR/lib/* <its Main-Class>` with the JDK on PATH, no engine.
#
#   eval "$(deploy/podman/start-podman-api.sh)"     # podman (or set WORKER_IMAGE_ENGINE=docker)
#   bench/worker-image.sh cyberbrain/worker:before cyberbrain/worker:dev worker/target/worker
#
# Prints one line per image or folder: BENCH worker-image image=... size_mb=... start_ms_median=... runs=...
# (a folder also gets cpu_ms_median: the JVM's user + system CPU time, which a loaded machine disturbs less).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bench/worker-image.sh IMAGE..." >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs="${RUNS:-5}"
engine="${WORKER_IMAGE_ENGINE:-}"
if [ -z "$engine" ]; then
    if command -v podman >/dev/null 2>&1; then engine=podman; else engine=docker; fi
fi
if [ "$engine" = podman ] && [ -z "${CONTAINERS_CONF:-}" ] && [ -f "$root/deploy/podman/containers.conf" ]; then
    export CONTAINERS_CONF="$root/deploy/podman/containers.conf"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/cyberbrain-worker-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

one_run() { # IMAGE: prints the wall time in ms; fails when the worker wrote no successful result
    local image=$1 job="$work/job"
    rm -rf "$job"
    mkdir -p "$job"
    chmod 777 "$job"
    echo '{"version":1,"run_id":1,"job_id":1,"task_key":"service_map","directive":{},"config":{},"window_start":null,"window_end":"2026-01-01T00:00:00Z","inputs":{"containers":[],"networks":[],"scope":"allowlist"}}' \
        >"$job/job.json"
    local t0 t1
    t0=$(now_ms)
    if [ -d "$image" ]; then
        /usr/bin/time -f '%U %S' -o "$work/cpu" \
            java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$image/*:$image/lib/*" "$(main_class "$image")" "$job" \
            >"$work/run.log" 2>&1
        cpu[$image]="${cpu[$image]:-} $(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")"
    else
        "$engine" run --rm --network none --user 65534:65534 -v "$job:/job" "$image" /job >"$work/run.log" 2>&1
    fi
    t1=$(now_ms)
    grep -q '"status" : "success"' "$job/result.json" || { cat "$work/run.log" "$job/result.json" >&2; return 1; }
    echo $((t1 - t0))
}

median() {
    printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

main_class() { # DIR: the Main-Class of its worker jar
    unzip -p "$(ls "$1"/*.jar | head -n 1)" META-INF/MANIFEST.MF | awk -F': ' '$1 == "Main-Class" {print $2}' | tr -d '\r'
}

# Interleaved (image A, B, A, B, ...) so that the load of a shared machine falls on every image alike.
declare -A times sizes cpu
for image in "$@"; do
    if [ -d "$image" ]; then
        sizes[$image]="$(du -sb "$image" | cut -f1)"
    else
        sizes[$image]="$("$engine" image inspect --format '{{.Size}}' "$image")"
    fi
    one_run "$image" >/dev/null # warm-up: page cache, engine state
done
cpu=()
for _ in $(seq 1 "$runs"); do
    for image in "$@"; do
        one_run "$image" >"$work/ms"
        times[$image]="${times[$image]:-} $(cat "$work/ms")"
    done
done
for image in "$@"; do
    extra=""
    if [ -n "${cpu[$image]:-}" ]; then
        extra=" cpu_ms_median=$(median ${cpu[$image]})"
    fi
    echo "BENCH worker-image image=$image size_mb=$(awk -v s="${sizes[$image]}" 'BEGIN {printf "%.1f", s / 1000000}') start_ms_median=$(median ${times[$image]})$extra runs=${times[$image]# }"
done
