#!/usr/bin/env bash
# Measures the Redactor on labelled data (see bench/README.md).
#
#   bench/redaction.sh DIR [--details]
#
# DIR holds credsweeper_dev.jsonl and presidio_synth_dev.json (e.g. ../shared/data/redaction-dev).
# Compiles the redaction module's sources (JDK only by design) plus the harness with
# javac --release 17 into bench/target/redaction-classes (no Maven needed) and runs the harness.
# --details also lists every missed gold span and every false positive.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

if [ $# -lt 1 ]; then
    echo "usage: $0 DIR [--details]" >&2
    exit 2
fi
if [ ! -d "$1" ]; then
    echo "error: data directory not found: $1" >&2
    exit 2
fi
data="$(cd "$1" && pwd)"
shift

src="$root/redaction/src/main/java"
out="$here/target/redaction-classes"

sources=()
while IFS= read -r -d '' f; do
    sources+=("$f")
done < <(find "$src" -name '*.java' -print0 | sort -z)
if [ ${#sources[@]} -eq 0 ]; then
    echo "error: no sources found in $src" >&2
    exit 1
fi

rm -rf "$out"
mkdir -p "$out"
javac --release 17 -encoding UTF-8 -d "$out" "${sources[@]}" \
    "$here"/src/main/java/io/cyberbrain/bench/RedactionHarness.java "$here"/src/main/java/io/cyberbrain/bench/MiniJson.java
exec java -cp "$out" io.cyberbrain.bench.RedactionHarness "$data" "$@"
