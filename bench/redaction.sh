#!/usr/bin/env bash
# Measures the Redactor on labelled data (see bench/README.md).
#
#   bench/redaction.sh DIR [--details]
#
# DIR holds credsweeper_dev.jsonl and presidio_synth_dev.json (e.g. ../shared/data/redaction-dev).
# Compiles the JDK-only sources of io.cyberbrain.model.redaction plus the harness with
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

pkg="$root/common-model/src/main/java/io/cyberbrain/model/redaction"
out="$here/target/redaction-classes"

# The package also holds framework adapters (e.g. a Quarkus log filter) that need jars this
# script does not have; the redaction engine itself is JDK only. Take every source whose
# imports are all java.* (or none).
sources=()
for f in "$pkg"/*.java; do
    if ! grep -E '^import[[:space:]]' "$f" | grep -qvE '^import[[:space:]]+(static[[:space:]]+)?java\.'; then
        sources+=("$f")
    fi
done
if [ ${#sources[@]} -eq 0 ]; then
    echo "error: no sources found in $pkg" >&2
    exit 1
fi

rm -rf "$out"
mkdir -p "$out"
javac --release 17 -encoding UTF-8 -d "$out" "${sources[@]}" \
    "$here"/src/main/java/io/cyberbrain/bench/RedactionHarness.java "$here"/src/main/java/io/cyberbrain/bench/MiniJson.java
exec java -cp "$out" io.cyberbrain.bench.RedactionHarness "$data" "$@"
