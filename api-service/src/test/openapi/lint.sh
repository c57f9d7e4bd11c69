#!/usr/bin/env bash
# Lints the api-service's OpenAPI document with Redocly CLI (recommended ruleset, redocly.yaml beside this file).
# Usage: lint.sh <base-url of a running api-service, e.g. http://127.0.0.1:9595 | path to a saved openapi.json>
# (OpenApiContractTest saves the document the test application serves to api-service/target/openapi.json.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=${1:?"usage: lint.sh <base-url | openapi.json>"}
if [[ $source == http://* || $source == https://* ]]; then
  document=$(mktemp --suffix=.json)
  trap 'rm -f "$document"' EXIT
  curl -fsS "${source%/}/q/openapi?format=json" -o "$document"
else
  document=$(cd "$(dirname "$source")" && pwd)/$(basename "$source")
fi
cd "$here"
[[ -x node_modules/.bin/redocly ]] || npm ci --no-audit --no-fund --loglevel=error
# Redocly exits non-zero on any error; warnings are printed and counted too.
node_modules/.bin/redocly lint --config redocly.yaml --format stylish "$document"
