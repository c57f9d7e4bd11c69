#!/usr/bin/env bash
# Scheduler benchmark: 3 scheduler processes on one embedded PostgreSQL against 3 db-scheduler JVMs on the same
# server: drain throughput of 10,000 due fires, and lag under 600 schedules per minute for 5 minutes.
# Takes about 20 minutes. Prints the BENCH lines; details in scheduler-service/target/surefire-reports.
# Sizes: -Dbench.instances=3 -Dbench.drain=10000 -Dbench.warmUpRounds=3 -Dbench.warmUpSize=2000 -Dbench.lagSchedules=600 -Dbench.lagMinutes=5
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl scheduler-service -am install -DskipTests
./mvnw -B -q -pl scheduler-service surefire:test -Dtest=SchedulerBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcyberbrain.excluded-groups=none -Dgroups=bench "$@" 2>&1 | grep -E '^BENCH|ERROR|FAIL' || true
grep -h '^BENCH' scheduler-service/target/surefire-reports/*SchedulerBench-output.txt 2>/dev/null || true
