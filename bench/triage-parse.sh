#!/usr/bin/env bash
# Prints what the log triage makes of every physical line of the files under DIR, through the worker's own
# reading, format detection, splitting and mining code (no layout declared): one JSON object per line,
#   {"file": path relative to DIR, "line": N, "entry_start": bool, "ts": ISO-8601 UTC or null,
#    "level": TRACE..FATAL or null, "message": text after the header, "template": template text}
# Files named *.truth.jsonl are skipped (labels). See bench/README.md.
#
#   bench/triage-parse.sh DIR [--timezone ZONE] > predictions.jsonl
#
# Compiles the JDK-only triage sources (read, parse, mine, the collector and TriageLineDump) with javac into
# bench/target/parse-classes (no Maven needed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR [--timezone ZONE]" >&2
    exit 2
fi
triage="$root/worker/src/main/java/io/cyberbrain/worker/task/triage"
out="$here/target/parse-classes"
rm -rf "$out"
mkdir -p "$out"
# -sourcepath: javac compiles whatever the dump reaches and nothing else, so a new class used by the
# collector cannot break this script (as a fixed file list did). The worker's JDK-only dependencies
# (redaction, policy) are on it too.
javac --release 17 -encoding UTF-8 -d "$out" \
    -sourcepath "$root/worker/src/main/java:$root/redaction/src/main/java:$root/policy/src/main/java" \
    "$triage"/TriageLineDump.java
exec java -cp "$out" io.cyberbrain.worker.task.triage.TriageLineDump "$@"
