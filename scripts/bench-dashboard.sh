#!/usr/bin/env bash
# The dashboard flood benchmark (benches/browser/dashboard_flood.mjs):
# builds the app, starts a loopback Mosquitto, shows a dashboard of 50
# widgets and floods their topics at RATE messages/s for SECONDS; reports
# long tasks, chart redraws per frame and memory. Run after
# ./scripts/test.sh has installed the tools.
set -euo pipefail
cd "$(dirname "$0")/.."
RATE="${RATE:-5000}"
SECONDS_="${SECONDS_:-60}"
# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh
trunk build --release --offline
dir="$(mktemp -d /tmp/webmqtt-bench.XXXXXX)"
trap './scripts/broker.sh stop "$dir"' EXIT
./scripts/broker.sh start "$dir"
# shellcheck disable=SC1091
source "$dir/env"
(cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
node benches/browser/dashboard_flood.mjs dist "$WEBMQTT_WS_PORT" "$WEBMQTT_TCP_PORT" "$RATE" "$SECONDS_"
