#!/usr/bin/env bash
# The web app's flood benchmark (benches/browser/app_flood.mjs): builds the
# app, starts a loopback Mosquitto, floods it at RATE messages/s for SECONDS
# and reports long tasks, messages taken in and memory. Run after
# ./scripts/test.sh has installed the tools.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-10000}"
SECONDS_="${SECONDS_:-30}"
# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh
trunk build --release --offline
dir="$(mktemp -d /tmp/webmqtt-bench.XXXXXX)"
trap './scripts/broker.sh stop "$dir"' EXIT
./scripts/broker.sh start "$dir"
# shellcheck disable=SC1091
source "$dir/env"
(cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
node benches/browser/app_flood.mjs dist "$WEBMQTT_WS_PORT" "$WEBMQTT_TCP_PORT" "$RATE" "$SECONDS_"
