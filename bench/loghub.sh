#!/usr/bin/env bash
# Measures the log-triage parsing core (header splitter + template miner) on Loghub-style data
# (see bench/README.md).
#
#   bench/loghub.sh DIR [--details]     GA / PA / FGA / FTA per data set and their mean
#   bench/loghub.sh --throughput DIR    single-thread mining rate on >= 500,000 lines
#
# DIR holds formats.json and the data sets it names (e.g. ../shared/data/loghub-dev).
# Compiles the JDK-only sources of io.cyberbrain.worker.task.triage.{parse,mine} plus the harness
# with javac --release 17 into bench/target/loghub-classes (no Maven needed) and runs the harness.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

args=()
dir=""
for a in "$@"; do
    case "$a" in
        --throughput|--details|--auto) args+=("$a") ;;
        *) dir="$a" ;;
    esac
done
if [ -z "$dir" ]; then
    echo "usage: $0 [--throughput] DIR [--details]" >&2
    exit 2
fi
if [ ! -d "$dir" ]; then
    echo "error: data directory not found: $dir" >&2
    exit 2
fi
data="$(cd "$dir" && pwd)"

triage="$root/worker/src/main/java/io/cyberbrain/worker/task/triage"
out="$here/target/loghub-classes"

rm -rf "$out"
mkdir -p "$out"
javac --release 17 -encoding UTF-8 -d "$out" "$triage"/parse/*.java "$triage"/mine/*.java \
    "$here"/src/main/java/io/cyberbrain/bench/MiniJson.java "$here"/src/main/java/io/cyberbrain/bench/LoghubHarness.java
exec java -cp "$out" io.cyberbrain.bench.LoghubHarness "${args[@]}" "$data"
