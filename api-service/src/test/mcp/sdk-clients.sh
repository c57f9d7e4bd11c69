#!/usr/bin/env bash
# Runs sdk-client.mjs over both transports (Streamable HTTP at /mcp, HTTP+SSE at /mcp/sse) against a running
# Cyberbrain. Usage: CYBERBRAIN_TOKEN=<operator or admin token> sdk-clients.sh [base-url, default http://127.0.0.1:9595]
set -euo pipefail
cd "$(dirname "$0")"
base=${1:-http://127.0.0.1:9595}
[[ -n ${CYBERBRAIN_TOKEN:-} ]] || { echo "set CYBERBRAIN_TOKEN" >&2; exit 2; }
[[ -x node_modules/.bin/node ]] || npm ci --no-audit --no-fund --loglevel=error
for transport in streamable sse; do
  node_modules/.bin/node sdk-client.mjs "$base" "$transport"
done
