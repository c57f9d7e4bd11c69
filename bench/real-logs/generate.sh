#!/bin/sh
# Regenerates the real-log corpus: runs every generator (throwaway instances on their own ports and
# directories; the machine's running services are left as they are, RabbitMQ only gets client traffic
# and a throwaway vhost/user), then labels every line.
# Usage (as root, on a machine with the services installed): bench/real-logs/generate.sh [OUTDIR]
# Default OUTDIR is the test-resources copy of the corpus.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/../../worker/src/test/resources/triage/real-logs}
command -v prometheus >/dev/null && command -v podman >/dev/null || \
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus podman
for g in postgresql mariadb nats redis rabbitmq mosquitto prometheus podman jvm dpkg-apt; do
  echo "== $g"; "$HERE/gen-$g.sh" "$OUT"
done
python3 "$HERE/label.py" "$OUT"
