#!/usr/bin/env bash
# The web app's benchmarks: builds the app, starts a loopback Mosquitto and
# runs, as BENCH says (all three by default; a comma-separated list picks):
#
# - flood (benches/browser/app_flood.mjs): RATE messages/s for SECONDS_,
#   reporting long tasks, messages taken in and memory;
# - burst (benches/browser/app_burst.mjs): COUNT messages (5,000) at once
#   over TOPICS topics (50), RUNS times (3) at each QoS in QOS (0,1), while
#   a person clicks and types, reporting the longest task and the slowest
#   input response against their goals;
# - dashboard (benches/browser/dashboard_flood.mjs): a dashboard of 50
#   widgets fed DASH_RATE messages/s (5,000) for DASH_SECONDS (60),
#   reporting long tasks, chart draws per frame and memory.
#
# Run after ./scripts/test.sh has installed the tools.
#   BENCH=burst ./scripts/bench-app.sh
#   BENCH=dashboard ./scripts/bench-app.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH="${BENCH:-flood,burst,dashboard}"
RATE="${RATE:-10000}"
SECONDS_="${SECONDS_:-30}"
COUNT="${COUNT:-5000}"
TOPICS="${TOPICS:-50}"
RUNS="${RUNS:-3}"
QOS="${QOS:-0,1}"
DASH_RATE="${DASH_RATE:-5000}"
DASH_SECONDS="${DASH_SECONDS:-60}"
for b in ${BENCH//,/ }; do
  case "$b" in
  flood | burst | dashboard) ;;
  *)
    echo "BENCH lists flood, burst or dashboard" >&2
    exit 2
    ;;
  esac
done
wants() { [[ ",$BENCH," == *",$1,"* ]]; }
# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh
./scripts/build-app.py
dir="$(mktemp -d /tmp/webmqtt-bench.XXXXXX)"
trap './scripts/broker.sh stop "$dir"' EXIT
./scripts/broker.sh start "$dir"
# shellcheck disable=SC1091
source "$dir/env"
(cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
if wants flood; then
  node benches/browser/app_flood.mjs dist "$WEBMQTT_WS_PORT" "$WEBMQTT_TCP_PORT" "$RATE" "$SECONDS_"
fi
if wants burst; then
  node benches/browser/app_burst.mjs dist "$WEBMQTT_WS_PORT" "$WEBMQTT_TCP_PORT" "$COUNT" "$TOPICS" "$RUNS" "$QOS"
fi
if wants dashboard; then
  node benches/browser/dashboard_flood.mjs dist "$WEBMQTT_WS_PORT" "$WEBMQTT_TCP_PORT" "$DASH_RATE" "$DASH_SECONDS"
fi
