#!/usr/bin/env bash
# Runs every harness in bench/ once on a small generated input and fails when one does not print its
# result line, so that none can rot between the sessions that measure with them (CI calls this).
# The inputs are made here (bench/target/smoke), not read from ../shared: the figures mean nothing, only
# that each harness builds, reads its input format and reports.
#
#   bench/smoke.sh            all harnesses (a few minutes)
#   bench/smoke.sh NAME...    some of them: redaction secrets loghub triage-parse ir triage launcher scheduler worker-image
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/target/smoke"
rm -rf "$work"
mkdir -p "$work"

failed=()
# check NAME PATTERN COMMAND...: runs COMMAND, keeps its output, and requires a line matching PATTERN.
check() {
    local name=$1 pattern=$2
    shift 2
    echo "== bench smoke: $name"
    if "$@" >"$work/$name.out" 2>&1 && grep -Eq "$pattern" "$work/$name.out"; then
        grep -E "$pattern" "$work/$name.out" | tail -3
    else
        echo "FAILED: $name (no line matching /$pattern/); its output:" >&2
        tail -40 "$work/$name.out" >&2
        failed+=("$name")
    fi
}

redaction_input() {
    local d="$work/redaction"
    mkdir -p "$d"
    python3 - "$d" <<'EOF'
import json, sys
d = sys.argv[1]
key = "AKIA" + "Q3EGRJ7YZ5KXMT2W"
text = "aws_access_key_id = %s\nuser = alice\n" % key
cands = [{"rule": "AWS Client ID", "line_num": 1, "value": key, "value_start": 20, "value_end": 20 + len(key),
          "label": 1},
         {"rule": "Username", "line_num": 2, "value": "alice", "value_start": 7, "value_end": 12, "label": 0}]
with open(d + "/credsweeper_dev.jsonl", "w") as f:
    f.write(json.dumps({"file": "smoke/aws", "text": text, "candidates": cands}) + "\n")
    f.write(json.dumps({"file": "smoke/empty", "text": "nothing here\n", "candidates": []}) + "\n")
mail = "Write to jane.doe@example.org or call 212-555-0143."
spans = [{"entity_type": "EMAIL_ADDRESS", "entity_value": "jane.doe@example.org", "start_position": 9,
          "end_position": 29},
         {"entity_type": "PHONE_NUMBER", "entity_value": "212-555-0143", "start_position": 38, "end_position": 50}]
json.dump([{"full_text": mail, "spans": spans}], open(d + "/presidio_synth_dev.json", "w"))
EOF
}

secrets_input() {
    local d="$work/secrets"
    mkdir -p "$d"
    python3 - "$d" <<'EOF'
import json, sys
d = sys.argv[1]
tok = "ghp_" + "k29DlQ0mZ8rT5wPx3vB7nC4yH6jF1sA2eG9u"
for half in ("dev", "heldout", "unseen"):
    with open("%s/secrets_%s.jsonl" % (d, half), "w") as f:
        text = 'githubToken = "%s"' % tok
        f.write(json.dumps({"id": "smoke:%s:1" % half, "half": half, "source": "smoke", "rule": "github",
                            "kind": "positive", "text": text, "secrets": [[15, 15 + len(tok)]], "ignore": []}) + "\n")
        f.write(json.dumps({"id": "smoke:%s:2" % half, "half": half, "source": "smoke", "rule": "github",
                            "kind": "negative", "text": "token = ${GITHUB_TOKEN}", "secrets": [], "ignore": []}) + "\n")
EOF
}

loghub_input() {
    local d="$work/loghub"
    mkdir -p "$d/Demo"
    python3 - "$d" <<'EOF'
import json, random, sys
d = sys.argv[1]
rnd = random.Random(7)
templates = [("E1", "Connection from <*> closed", lambda: "Connection from 10.0.%d.%d closed" % (rnd.randrange(9), rnd.randrange(250))),
             ("E2", "Received block <*> of size <*>", lambda: "Received block blk_%d of size %d" % (rnd.randrange(10**9), rnd.randrange(10**6))),
             ("E3", "Worker <*> started", lambda: "Worker w%d started" % rnd.randrange(40))]
log, csv = [], ["LineId,Date,Time,Level,Content,EventId,EventTemplate"]
for i in range(300):
    eid, tpl, gen = templates[i % 3]
    msg = gen()
    log.append("2026-12-06 10:%02d:%02d INFO %s" % (i // 60 % 60, i % 60, msg))
    csv.append('%d,2026-12-06,10:%02d:%02d,INFO,"%s",%s,"%s"' % (i + 1, i // 60 % 60, i % 60, msg, eid, tpl))
open(d + "/Demo/Demo_2k.log", "w").write("\n".join(log) + "\n")
open(d + "/Demo/Demo_2k.log_structured.csv", "w").write("\n".join(csv) + "\n")
json.dump({"datasets": {"Demo": {"log_file": "Demo/Demo_2k.log", "ground_truth": "Demo/Demo_2k.log_structured.csv",
                                  "log_format": "<Date> <Time> <Level> <Content>"}}}, open(d + "/formats.json", "w"))
EOF
}

ir_input() {
    local d="$work/ir"
    mkdir -p "$d"
    python3 - "$d" <<'EOF'
import json, sys
d = sys.argv[1]
docs = {"1": "GPU memory fragmentation in CUDA allocators and how to defragment VRAM",
        "2": "PostgreSQL vacuum and autovacuum tuning for write-heavy tables",
        "3": "Nginx reverse proxy timeouts and upstream keepalive settings",
        "4": "Docker container restart policies and health checks",
        "5": "Replacing a failed disk in a ZFS mirror pool"}
with open(d + "/corpus.jsonl", "w") as f:
    for i, t in docs.items():
        f.write(json.dumps({"_id": i, "title": t.split(" and ")[0], "text": t}) + "\n")
queries = {"q1": "vram fragmentation cuda", "q2": "autovacuum tuning", "q3": "zfs disk failed"}
with open(d + "/queries.jsonl", "w") as f:
    for i, t in queries.items():
        f.write(json.dumps({"_id": i, "text": t}) + "\n")
open(d + "/qrels.tsv", "w").write("query-id\tcorpus-id\tscore\nq1\t1\t1\nq2\t2\t1\nq3\t5\t1\n")
EOF
}

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(redaction secrets loghub triage-parse ir triage launcher scheduler worker-image)
for name in "${want[@]}"; do
    case "$name" in
        redaction)
            redaction_input
            check redaction '^overall recall=[0-9.]+ precision=[0-9.]+' "$here/redaction.sh" "$work/redaction" ;;
        secrets)
            secrets_input
            check secrets '^heldout: secret recall=[0-9.]+ precision=[0-9.]+' "$here/redaction-secrets.sh" "$work/secrets"
            check secrets-unseen '^unseen: secret recall=[0-9.]+ precision=[0-9.]+' "$here/redaction-secrets.sh" "$work/secrets" --unseen ;;
        loghub)
            loghub_input
            check loghub '^mean GA=[0-9.]+ PA=[0-9.]+ FGA=[0-9.]+ FTA=[0-9.]+' "$here/loghub.sh" "$work/loghub"
            check loghub-auto '^mean GA=[0-9.]+ PA=[0-9.]+' "$here/loghub.sh" --auto "$work/loghub"
            check loghub-throughput 'lines/s' "$here/loghub.sh" --throughput "$work/loghub" ;;
        triage-parse)
            check triage-parse '^\{"file":"postgresql/[^"]+","line":1,"entry_start":true' "$here/triage-parse.sh" \
                "$root/worker/src/test/resources/triage/real-logs" ;;
        ir)
            ir_input
            check ir '^nDCG@10=[0-9.]+' "$here/ir.sh" --no-cache "$work/ir" ;;
        triage)
            rm -f "$root"/worker/target/surefire-reports/*TriageBench-output.txt
            check triage '^BENCH log-triage .*mb_per_s=' "$here/triage.sh" -Dtriage.bench.mb=16 -Dtriage.bench.dir="$work/triage-data" ;;
        launcher)
            rm -f "$root"/worker-launcher/target/surefire-reports/*LauncherBench-output.txt
            check launcher '^BENCH claim-throughput' "$here/launcher.sh" ;;
        scheduler)
            # One instance a side, tiny sizes, the lag phase spread over 3 s and db-scheduler with 1 s polling only.
            check scheduler '^BENCH db-scheduler.*lag' "$here/scheduler.sh" -Dbench.instances=1 -Dbench.warmUpRounds=1 \
                -Dbench.warmUpSize=100 -Dbench.drain=300 -Dbench.lagSchedules=30 -Dbench.lagMinutes=1 \
                -Dbench.lagSpreadSeconds=3 -Dbench.lagLeadSeconds=3 -Dbench.dbSchedulerPolling=1s ;;
        worker-image)
            # the worker folder always (needs java only); the image too where an engine holds it (CI builds it)
            [ -d "$root/worker/target/worker" ] || "$root/mvnw" -B -q -f "$root/pom.xml" -pl worker -am package -DskipTests
            targets=("$root/worker/target/worker")
            if command -v podman >/dev/null 2>&1 && podman image exists cyberbrain/worker:dev 2>/dev/null; then
                targets=(cyberbrain/worker:dev "${targets[@]}")
            fi
            RUNS=1 check worker-image '^BENCH worker-image .*start_ms_median=' "$here/worker-image.sh" "${targets[@]}" ;;
        *) echo "unknown harness: $name" >&2; exit 2 ;;
    esac
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "bench smoke failed: ${failed[*]}" >&2
    exit 1
fi
echo "bench smoke: all harnesses reported"
