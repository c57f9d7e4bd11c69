#!/usr/bin/env bash
# Runs the browser tour (browser-tour.mjs) against a running Cyberbrain with Debian's chromium.
# Usage: CYBERBRAIN_TOKEN=<admin token> browser-tour.sh [base-url, default http://127.0.0.1:9595] [screenshot-dir]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=${1:-http://127.0.0.1:9595}
shots=${2:-$here/../../../target/ui-screenshots}
[[ -n ${CYBERBRAIN_TOKEN:-} ]] || { echo "set CYBERBRAIN_TOKEN to an admin token" >&2; exit 2; }
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || { echo "chromium is missing: apt-get install chromium" >&2; exit 2; }
cd "$here"
[[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --loglevel=error
node browser-tour.mjs "$base" "$shots"
