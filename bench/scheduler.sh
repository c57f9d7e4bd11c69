#!/usr/bin/env bash
# Scheduler benchmark: 3 scheduler processes against 3 db-scheduler JVMs (HikariCP, pool = threads + 2,
# lock-and-fetch; once with its default 10 s polling, once with 1 s), all on one embedded PostgreSQL server:
# drain throughput of 10,000 due fires, and lag under 600 schedules per minute for 5 minutes. Both sides are
# warmed up first. Takes about 25 minutes. Prints the BENCH lines (settings, then each side's drain and lag).
#
#   bench/scheduler.sh                          the tests' PostgreSQL settings (fsync=off, synchronous_commit=off)
#   bench/scheduler.sh -Dbench.durable=true     PostgreSQL's defaults, as in production (fsync, synchronous commit)
#
# Sizes: -Dbench.instances=3 -Dbench.drain=10000 -Dbench.warmUpRounds=5 -Dbench.warmUpSize=10000
#   -Dbench.lagSchedules=600 -Dbench.lagMinutes=5 -Dbench.lagSpreadSeconds=60 -Dbench.lagLeadSeconds=10
#   -Dbench.dbSchedulerThreads=10 -Dbench.dbSchedulerPolling=10s,1s; -Dbench.drainOnly=true for ours' drain alone.
#
# It builds the scheduler and the modules it needs in this reactor (nothing is installed into the local
# repository), packages it (the benchmark starts the packaged application) and runs the benchmark in the
# integration-test phase; no other test runs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=scheduler-service/target/scheduler-bench.out
mkdir -p scheduler-service/target
status=0
./mvnw -B -ntp -q -pl scheduler-service -am verify -Dtest=SchedulerBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SchedulerBench -Dfailsafe.failIfNoSpecifiedTests=false "$@" >"$out" 2>&1 || status=$?
grep -E '^BENCH' "$out" || true
if [ "$status" -ne 0 ]; then
  grep -E 'ERROR|FAIL' "$out" | head -40 >&2
  echo "scheduler benchmark failed (exit $status); full output in $out" >&2
  exit "$status"
fi
