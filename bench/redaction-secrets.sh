#!/usr/bin/env bash
# Measures the Redactor's secret detection on the development and held-out halves of the secret sets.
#
#   bench/redaction-secrets.sh DIR [--details]
#
# DIR holds secrets_dev.jsonl and secrets_heldout.jsonl, built by bench/secret-sets/build.py from the
# gitleaks and Nosey Parker rule test material (see bench/README.md). Compiles the redaction module's
# sources and the harness with javac --release 17 into bench/target/secret-set-classes and runs it.
# --details lists the misses and false positives of the development half only.
# --dev-only skips the held-out half (use it while tuning).
# --fresh measures only secrets_fresh.jsonl (bench/secret-sets/build_fresh.py: five further scanners, all held out).
# --unseen measures only secrets_unseen.jsonl (bench/secret-sets/build_unseen.py: four more scanners, all held out).
# --logs LOGDIR... also counts secret masks on ordinary log lines (*.log under each LOGDIR; should be 0).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

if [ $# -lt 1 ]; then
    echo "usage: $0 DIR [--details] [--dev-only | --fresh | --unseen] [--logs LOGDIR...]" >&2
    exit 2
fi
if [ ! -d "$1" ]; then
    echo "error: data directory not found: $1" >&2
    exit 2
fi
data="$(cd "$1" && pwd)"
shift

src="$root/redaction/src/main/java"
out="$here/target/secret-set-classes"
sources=()
while IFS= read -r -d '' f; do
    sources+=("$f")
done < <(find "$src" -name '*.java' -print0 | sort -z)

rm -rf "$out"
mkdir -p "$out"
javac --release 17 -encoding UTF-8 -d "$out" "${sources[@]}" \
    "$here"/src/main/java/io/cyberbrain/bench/SecretSetHarness.java "$here"/src/main/java/io/cyberbrain/bench/MiniJson.java
exec java -cp "$out" io.cyberbrain.bench.SecretSetHarness "$data" "$@"
