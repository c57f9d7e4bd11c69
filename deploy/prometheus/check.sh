#!/usr/bin/env bash
# Proves the monitoring set-up against the real product: a real Prometheus scrapes the four services started by
# deploy/local/cyberbrain, and every query of the Grafana dashboard and of the alert rules is evaluated through
# Prometheus' HTTP API. Fails when a target is not up, a rule does not evaluate, or a dashboard query returns no
# data (except the GPU and LLM panels, which honestly have none on a machine without a GPU or an LLM endpoint:
# see NO_DATA_WITHOUT below). The services log JSON here (CYBERBRAIN_LOG_JSON=true), so it checks that too.
#
# Needs: the built jars (./mvnw -B -q package -DskipTests), java 17, curl, jq, and prometheus + promtool
# (Debian/Ubuntu: apt-get install prometheus jq). Installs nothing. Uses the launcher's default ports 9595-9598
# (deploy/prometheus/prometheus.local.yml scrapes those) and a private, temporary CYBERBRAIN_HOME.
# Usage: deploy/prometheus/check.sh
set -euo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
HERE=$REPO/deploy/prometheus
DASHBOARD=$REPO/deploy/grafana/cyberbrain-dashboard.json
CYBERBRAIN=$REPO/deploy/local/cyberbrain
API=http://127.0.0.1:9595
RATE_INTERVAL=1m # what Grafana's $__rate_interval stands for here (5 s scrapes)

say() { printf '%s\n' "$*"; }
fail() { printf 'check: FAILED: %s\n' "$*" >&2; exit 1; }

for tool in prometheus promtool jq curl java; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (prometheus and promtool: apt-get install prometheus; jq: apt-get install jq)"
done

say "== promtool"
promtool check config "$HERE/prometheus.yml"
promtool check config "$HERE/prometheus.local.yml"
promtool check rules "$HERE/alerts.yml"
jq -e '.panels | length > 0' "$DASHBOARD" >/dev/null || fail "$DASHBOARD is not a dashboard"

WORK=$(mktemp -d)
chmod 755 "$WORK" # run as root, the embedded PostgreSQL runs as nobody and must reach its data folder inside
export CYBERBRAIN_HOME=$WORK
PROM_PID=
cleanup() {
    local rc=$?
    [[ -n $PROM_PID ]] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
    "$CYBERBRAIN" down >/dev/null 2>&1 || true
    if ((rc != 0)); then
        say "--- kept for inspection: $WORK (service logs in logs/, prometheus.log)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "== product (deploy/local/cyberbrain up --no-build, JSON logs)"
CYBERBRAIN_LOG_JSON=true "$CYBERBRAIN" up --no-build | grep -E 'ready on port|is up' || fail "the product did not start"
TOKEN=$(tr -d ' \r\n\t' <"$CYBERBRAIN_HOME/admin-token")

free_port() {
    local p
    for p in $(seq 19090 19190); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { printf '%s' "$p"; return 0; }
    done
    fail "no free port for Prometheus in 19090-19190"
}
PROM_PORT=$(free_port)
PROM=http://127.0.0.1:$PROM_PORT

say "== prometheus on 127.0.0.1:$PROM_PORT with prometheus.local.yml"
prometheus --config.file="$HERE/prometheus.local.yml" --storage.tsdb.path="$WORK/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!

# Waits up to $1 seconds until the command after it succeeds, polling every half second.
wait_for() {
    local limit=$1 start=$SECONDS
    shift
    until "$@"; do
        ((SECONDS - start < limit)) || return 1
        sleep 0.5
    done
}
all_targets_up() {
    [[ $(curl -sf "$PROM/api/v1/targets" | jq '[.data.activeTargets[] | select(.health == "up")] | length') == 4 ]] 2>/dev/null
}
wait_for 60 all_targets_up || { curl -s "$PROM/api/v1/targets" | jq -c '.data.activeTargets[] | {scrapeUrl, health, lastError}'; fail "not all four targets are up"; }
curl -sf "$PROM/api/v1/targets" | jq -r '.data.activeTargets[] | "  target \(.labels.service) \(.scrapeUrl) \(.health)"'

say "== events, so that the domain metrics have data (after Prometheus' first scrape, so rates see them)"
api() { # METHOD PATH [curl args...] -> body; fails unless 2xx
    local method=$1 path=$2
    shift 2
    curl -sf -X "$method" -H "Authorization: Bearer $TOKEN" "$@" "$API$path"
}
run=$(api POST /api/runs -H 'Content-Type: application/json' -d '{"tasks":["gpu_report"],"directive_id":2}' | jq -r .id)
run_ended() { [[ $(api GET "/api/runs/$run" | jq -r .status) =~ ^(success|failed|cancelled)$ ]]; }
due=$(date -u -d '+2 seconds' +%Y-%m-%dT%H:%M:%SZ)
schedule=$(api POST /api/schedules -H 'Content-Type: application/json' \
    -d "{\"name\":\"metrics-check\",\"job\":\"gpu_report\",\"schedule_type\":\"once\",\"run_once_at\":\"$due\",\"directive_id\":2}" | jq -r .id)
printf 'Backups are taken nightly with pg_dump; restore them with pg_restore into an empty database.\n%.0s' {1..40} >"$WORK/runbook.txt"
upload=$(api POST /api/rag/upload -F "file=@$WORK/runbook.txt;type=text/plain" | jq -r .id)
upload_ready() { [[ $(api GET "/api/rag/uploads/$upload" | jq -r .status) == ready ]]; }
fired() { [[ $(api GET "/api/schedules/$schedule/history" | jq '(.items // .) | length') -ge 1 ]]; }
wait_for 120 run_ended || fail "run $run did not end"
wait_for 60 fired || fail "schedule $schedule did not fire"
wait_for 120 upload_ready || fail "upload $upload was not ingested"
for q in "how do I restore a backup" "nightly pg_dump"; do
    api POST /api/rag/search -H 'Content-Type: application/json' -d "{\"query\":\"$q\"}" >/dev/null
done
say "  run $run: $(api GET "/api/runs/$run" | jq -r .status); schedule $schedule fired; upload $upload ready; 2 searches"
scheduled_run=$(api GET "/api/schedules/$schedule/history" | jq -r '(.items // .)[0].run_id // empty')
[[ -n $scheduled_run ]] && { run=$scheduled_run; wait_for 120 run_ended || fail "scheduled run $run did not end"; }

# Two refreshes of the database gauges (15 s) and a few scrapes (5 s) after the last event.
launcher_scraped_after() { # a sample of the launcher newer than the given epoch second
    local t
    t=$(curl -sf "$PROM/api/v1/query" --data-urlencode 'query=timestamp(up{service="launcher"})' | jq -r '.data.result[0].value[1] // 0')
    [[ ${t%.*} -ge $1 ]]
}
wait_for 60 launcher_scraped_after $(($(date +%s) + 20)) || fail "no scrape after the events"

query() { # EXPR -> Prometheus' JSON answer
    curl -sf "$PROM/api/v1/query" --data-urlencode "query=$1"
}

# Panels that have no data on a machine without an NVIDIA GPU, or before the first LLM call (a model is a label,
# so there is no series to show until a call names one). Each is accepted as empty only when the reason holds.
NO_DATA_WITHOUT=(
    'cyberbrain_gpu_memory_|no GPU: max(cyberbrain_gpu_count) == 0'
    'cyberbrain_gpu_utilization_ratio|no GPU: max(cyberbrain_gpu_count) == 0'
    'cyberbrain_gpu_temperature_celsius|no GPU: max(cyberbrain_gpu_count) == 0'
    'cyberbrain_llm_|no LLM call recorded: count(cyberbrain_llm_calls_total) is empty'
)
reason_holds() { # reason text -> 0 if what it claims is true now
    case $1 in
        *cyberbrain_gpu_count*) [[ $(query 'max(cyberbrain_gpu_count)' | jq -r '.data.result[0].value[1] // "absent"') == 0 ]] ;;
        *cyberbrain_llm_calls_total*) [[ $(query 'count(cyberbrain_llm_calls_total)' | jq '.data.result | length') == 0 ]] ;;
        *) return 1 ;;
    esac
}
no_data_reason() { # expr -> the reason it may be empty, if any
    local entry
    for entry in "${NO_DATA_WITHOUT[@]}"; do
        [[ $1 == *"${entry%%|*}"* ]] && { printf '%s' "${entry#*|}"; return 0; }
    done
    return 1
}

say "== dashboard queries ($(jq '[.panels[] | select(.targets) | .targets[]] | length' "$DASHBOARD") in $(jq '[.panels[] | select(.targets)] | length' "$DASHBOARD") panels)"
failures=0
while IFS=$'\t' read -r title expr; do
    expr=${expr//\$__rate_interval/$RATE_INTERVAL}
    answer=$(query "$expr") || { say "  ERROR  $title: $expr"; failures=$((failures + 1)); continue; }
    # NaN (a quantile of no observations in the window) shows as no value in Grafana: not data.
    samples=$(jq '[.data.result[] | select(.value[1] != "NaN")] | length' <<<"$answer")
    if ((samples > 0)); then
        printf '  ok     %-48s %2d series, e.g. %s\n' "$title" "$samples" \
            "$(jq -r '[.data.result[] | select(.value[1] != "NaN")][0] | "\(.metric | del(.instance, .job) | tostring)=\(.value[1])"' <<<"$answer" | cut -c1-90)"
    elif reason=$(no_data_reason "$expr") && reason_holds "$reason"; then
        printf '  empty  %-48s (expected: %s)\n' "$title" "$reason"
    else
        printf '  EMPTY  %-48s %s\n' "$title" "$expr"
        failures=$((failures + 1))
    fi
done < <(jq -r '.panels[] | select(.targets) | .title as $t | .targets[] | [$t, .expr] | @tsv' "$DASHBOARD")

say "== alert rules (evaluated now; a rule with results would be pending or firing)"
while IFS=$'\t' read -r name expr; do
    answer=$(query "$expr") || { say "  ERROR  $name"; failures=$((failures + 1)); continue; }
    printf '  ok     %-32s %d result(s)\n' "$name" "$(jq '.data.result | length' <<<"$answer")"
done < <(curl -sf "$PROM/api/v1/rules" | jq -r '.data.groups[].rules[] | [.name, .query] | @tsv')
bad_rules=$(curl -sf "$PROM/api/v1/rules" | jq -r '[.data.groups[].rules[] | select(.health != "ok" and .health != "unknown")] | map("\(.name): \(.lastError)") | .[]')
[[ -z $bad_rules ]] || { say "  rules Prometheus could not evaluate: $bad_rules"; failures=$((failures + 1)); }
say "  $(curl -sf "$PROM/api/v1/rules" | jq '[.data.groups[].rules[]] | length') rules loaded by Prometheus, health: $(curl -sf "$PROM/api/v1/rules" | jq -r '[.data.groups[].rules[].health] | unique | join(",")')"

say "== JSON logs (CYBERBRAIN_LOG_JSON=true), redaction on"
for s in api-service scheduler-service ingester-service worker-launcher; do
    log=$CYBERBRAIN_HOME/logs/$s.log
    lines=$(grep -c '^{' "$log" || true)
    jq -e -R 'fromjson? | select(.message and .level)' <"$log" >/dev/null || { say "  $s: no JSON log lines"; failures=$((failures + 1)); continue; }
    if grep -qF "$TOKEN" "$log"; then say "  $s: the admin token is in the log"; failures=$((failures + 1)); fi
    say "  ok     $s: $lines JSON lines, e.g. $(grep '^{' "$log" | tail -1 | jq -c '{level, loggerName, message}' | cut -c1-100)"
done

((failures == 0)) || fail "$failures check(s) failed"
say "== all checks passed"
