#!/usr/bin/env bash
# Launcher benchmarks: claim throughput (1,000 trivial jobs, 2 claimers; and 1,000 jobs with targets, 2 hosts each
# claiming for itself) and the process executor's spawn-to-exit overhead (median of 20). Uses an embedded PostgreSQL unless CYBERBRAIN_TEST_DB_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl worker-launcher -am verify -Dtest=LauncherBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcyberbrain.excluded-groups=none -Dgroups=bench 2>&1 | grep -E '^BENCH|ERROR|FAIL' || true
grep -h '^BENCH' worker-launcher/target/surefire-reports/*LauncherBench-output.txt 2>/dev/null || true
