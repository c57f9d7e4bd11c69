#!/bin/sh
# Throwaway Prometheus (127.0.0.1:19090, own TSDB dir), logfmt output on stderr: a scrape of a
# closed port, remote_write to a closed port, a reload with a broken config, a bad rule file.
set -u
OUT=${1:?output dir}
W=$(mktemp -d /tmp/promcorpus.XXXXXX)
mkdir -p "$OUT/prometheus"
cat > $W/p.yml <<CONF
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [ "$W/rules.yml" ]
scrape_configs:
  - job_name: self
    static_configs: [ { targets: ["127.0.0.1:19090"] } ]
  - job_name: gone
    static_configs: [ { targets: ["127.0.0.1:19099"] } ]
remote_write:
  - url: http://127.0.0.1:19098/api/v1/write
    queue_config: { batch_send_deadline: 1s, min_backoff: 200ms, max_backoff: 1s }
CONF
printf 'groups:\n- name: demo\n  rules:\n  - alert: TargetDown\n    expr: up == 0\n    for: 1s\n' > $W/rules.yml
prometheus --config.file=$W/p.yml --storage.tsdb.path=$W/data --web.listen-address=127.0.0.1:19090 \
  --web.enable-lifecycle --log.level=debug 2> $W/prom.log & PPID2=$!
sleep 8
curl -s -XPOST http://127.0.0.1:19090/-/reload >/dev/null
printf 'groups:\n- name: demo\n  rules:\n  - alert: Broken\n    expr: up ==\n' > $W/rules.yml
curl -s -XPOST http://127.0.0.1:19090/-/reload >/dev/null
printf 'global: { scrape_interval: 1s\nscrape_configs: [\n' > $W/p.yml
kill -HUP $PPID2; sleep 2
curl -s 'http://127.0.0.1:19090/api/v1/query?query=sum(' >/dev/null
kill $PPID2; wait $PPID2
cp $W/prom.log "$OUT/prometheus/prometheus.log"
rm -rf "$W"
