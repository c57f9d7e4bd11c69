#!/usr/bin/env bash
# Log triage benchmark: LogTriageTask end to end on a generated ~1 GB log folder (syslog, log4j with stack
# traces, JSON lines, nginx access, logfmt; rotated and .gz files), in a child JVM with a fixed heap.
# Prints one BENCH line: MB/s (target >= 50) and the heap peak. The folder is generated once into
# worker/target/triage-bench and reused.
#
#   bench/triage.sh [-Dtriage.bench.mb=1024] [-Dtriage.bench.xmx=512m] [-Dtriage.bench.pipelined=false]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl worker -am test -Dtest=TriageBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcyberbrain.excluded-groups=none -Dgroups=bench "$@" 2>&1 | grep -E '^BENCH|ERROR|FAIL' || true
grep -h '^BENCH' worker/target/surefire-reports/*TriageBench-output.txt 2>/dev/null || true
