#!/usr/bin/env bash
# Proves alert intake against the real thing: a real Prometheus evaluates a rule on a test metric and a real
# Alertmanager delivers the alert to the product started by deploy/local/cyberbrain, through the webhook receiver of
# docs/alerting.md (a bearer token of the alerts role). Checks that exactly one run opens for the alert while
# Alertmanager repeats it (repeat_interval of seconds, quiet window of minutes), then clears the metric's condition and
# checks that the resolved notice is recorded and closes the alert that opened the run.
#
# Needs: the built jars (./mvnw -B -q package -DskipTests), java 17, curl, jq, python3, prometheus and Alertmanager
# (Debian/Ubuntu: apt-get install prometheus prometheus-alertmanager jq). Installs nothing. Uses the launcher's default
# ports 9595-9598 and a private, temporary CYBERBRAIN_HOME. About a minute and a half.
# Usage: deploy/alerting/check.sh
set -euo pipefail

REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
CYBERBRAIN=$REPO/deploy/local/cyberbrain
API=http://127.0.0.1:${CYBERBRAIN_PORT:-9595}
ALERT=CyberbrainAlertingCheck
REPEATS=2 # deliveries after the first that must arrive (and open nothing) before the condition is cleared

say() { printf '%s\n' "$*"; }
fail() { printf 'check: FAILED: %s\n' "$*" >&2; exit 1; }

ALERTMANAGER=$(command -v prometheus-alertmanager || command -v alertmanager || true)
[[ -n $ALERTMANAGER ]] || fail "Alertmanager not found (apt-get install prometheus-alertmanager)"
for tool in prometheus jq curl java python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done

WORK=$(mktemp -d)
chmod 755 "$WORK" # run as root, the embedded PostgreSQL runs as nobody and must reach its data folder inside
export CYBERBRAIN_HOME=$WORK
PIDS=()
cleanup() {
    local rc=$? pid
    set +e # a process stopped by SIGTERM reports 143: that must not end the cleanup
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    "$CYBERBRAIN" down >/dev/null 2>&1 || true
    if ((rc != 0)); then
        say "--- kept for inspection: $WORK (service logs in logs/, prometheus.log, alertmanager.log)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $1 seconds until the command after it succeeds, polling every half second.
wait_for() {
    local limit=$1 start=$SECONDS
    shift
    until "$@"; do
        ((SECONDS - start < limit)) || return 1
        sleep 0.5
    done
}
free_port() { # a free port above $1
    local p
    for p in $(seq "$1" $(($1 + 100))); do
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { printf '%s' "$p"; return 0; }
    done
    fail "no free port in $1-$(($1 + 100))"
}

say "== product (deploy/local/cyberbrain up --no-build, quiet window 10 minutes)"
CYBERBRAIN_ALERTS_QUIET_WINDOW=10m "$CYBERBRAIN" up --no-build | grep -E 'ready on port|is up' || fail "the product did not start"
ADMIN=$(tr -d ' \r\n\t' <"$CYBERBRAIN_HOME/admin-token")
api() { # METHOD PATH [curl args...] -> body; fails unless 2xx
    local method=$1 path=$2
    shift 2
    curl -sf -X "$method" -H "Authorization: Bearer $ADMIN" "$@" "$API$path"
}

say "== an alerts token for Alertmanager, and a rule that launches a GPU report for $ALERT"
api POST /api/tokens -H 'Content-Type: application/json' -d '{"name":"alertmanager-check","role":"alerts"}' \
    | jq -r .secret >"$WORK/alerts-token"
chmod 600 "$WORK/alerts-token"
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$WORK/alerts-token")" "$API/api/runs") == 403 ]] \
    || fail "the alerts token may read runs"
RULE=$(api POST /api/alert-rules -H 'Content-Type: application/json' -d "{\"name\":\"alerting-check\",\"alert_name\":\"$ALERT\",
    \"match_labels\":{\"severity\":\"test\"},\"action\":\"run\",\"tasks\":[\"gpu_report\"],\"directive_id\":2}" | jq -r .id)
say "  rule $RULE"

METRIC_PORT=$(free_port 19300)
AM_PORT=$(free_port 19400)
PROM_PORT=$(free_port 19500)

say "== the test metric on 127.0.0.1:$METRIC_PORT (condition set)"
echo 'cyberbrain_alerting_check_condition 1' >"$WORK/metric.txt"
python3 - "$METRIC_PORT" "$WORK/metric.txt" >"$WORK/metric.log" 2>&1 <<'PY' &
import http.server, sys
port, path = int(sys.argv[1]), sys.argv[2]
class Metrics(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = open(path, 'rb').read()
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain; version=0.0.4')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.HTTPServer(('127.0.0.1', port), Metrics).serve_forever()
PY
PIDS+=($!)

say "== alertmanager on 127.0.0.1:$AM_PORT ($("$ALERTMANAGER" --version 2>&1 | head -1))"
cat >"$WORK/alertmanager.yml" <<YML
route:
  receiver: cyberbrain
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 3s
receivers:
  - name: cyberbrain
    webhook_configs:
      - url: $API/api/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials_file: $WORK/alerts-token
YML
"$ALERTMANAGER" --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/alertmanager-data" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$WORK/alertmanager.log" 2>&1 &
PIDS+=($!)

say "== prometheus on 127.0.0.1:$PROM_PORT with a rule on the test metric"
cat >"$WORK/rules.yml" <<YML
groups:
  - name: alerting-check
    rules:
      - alert: $ALERT
        expr: cyberbrain_alerting_check_condition > 0
        labels:
          severity: test
        annotations:
          summary: The alerting check's test condition is set
YML
cat >"$WORK/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [$WORK/rules.yml]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$AM_PORT']
scrape_configs:
  - job_name: alerting-check
    static_configs:
      - targets: ['127.0.0.1:$METRIC_PORT']
YML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --rules.alert.resend-delay=1s >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)

alerts() { api GET "/api/alerts?rule_id=$RULE&size=500"; }
firing_count() { alerts | jq '[.items[] | select(.status == "firing")] | length'; }
repeated() { (($(firing_count) >= REPEATS + 1)); }
wait_for 90 repeated || { alerts | jq -c '.items[]'; fail "Alertmanager did not deliver $ALERT $((REPEATS + 1)) times"; }
alerts | jq -r '.items | reverse | .[] | "  alert \(.id) \(.status) \(.decision) run \(.run_id)"'

launched=$(alerts | jq '[.items[] | select(.decision == "run_launched")] | length')
duplicates=$(alerts | jq '[.items[] | select(.decision == "duplicate")] | length')
run_ids=$(alerts | jq -r '[.items[].run_id] | unique | map(tostring) | join(",")')
alert_runs=$(api GET '/api/runs?trigger=alert' | jq .total)
((launched == 1)) || fail "$launched alerts opened a run; expected exactly 1"
((duplicates >= REPEATS)) || fail "$duplicates repeats were recorded as duplicates; expected at least $REPEATS"
[[ $run_ids != *,* && $run_ids != null ]] || fail "the alerts name runs $run_ids; expected one"
((alert_runs == 1)) || fail "$alert_runs runs have trigger alert; expected 1"
say "  ok: one run ($run_ids) for $((launched + duplicates)) deliveries; the repeats were duplicates"

say "== the condition cleared: Alertmanager sends the resolved notice"
echo 'cyberbrain_alerting_check_condition 0' >"$WORK/metric.txt"
resolved() { [[ $(alerts | jq '[.items[] | select(.status == "resolved" and .decision == "resolved")] | length') -ge 1 ]]; }
wait_for 60 resolved || { alerts | jq -c '.items[]'; fail "no resolved notice was recorded"; }
opener=$(alerts | jq '[.items[] | select(.decision == "run_launched")][0]')
[[ $(jq -r .resolved_at <<<"$opener") != null ]] || fail "the alert that opened the run is not marked resolved"
notice=$(alerts | jq '[.items[] | select(.decision == "resolved")][0]')
[[ $(jq .opened_by_id <<<"$notice") == $(jq .id <<<"$opener") ]] || fail "the resolved notice does not name its opener"
say "  ok: notice $(jq .id <<<"$notice") resolved alert $(jq .id <<<"$opener") (run $(jq .run_id <<<"$notice")) at $(jq -r .resolved_at <<<"$opener")"

say "== counters and logs"
metrics=$(curl -sf "$API/q/metrics")
grep -q "cyberbrain_alerts_received_total{decision=\"run_launched\",rule=\"$RULE\"} 1.0" <<<"$metrics" \
    || fail "no run_launched counter of 1 for rule $RULE"
grep -E "^cyberbrain_alerts_received_total\{.*rule=\"$RULE\"" <<<"$metrics" | sed 's/^/  /'
if grep -qF "$(cat "$WORK/alerts-token")" "$CYBERBRAIN_HOME"/logs/*.log; then fail "the alerts token is in a service log"; fi
say "== all checks passed"
