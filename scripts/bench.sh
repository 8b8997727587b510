#!/usr/bin/env bash
# Every benchmark in one command (run ./scripts/test.sh once first: it
# installs the tools). Prints the machine, the load, and each table; raw
# results go to benches/results/.
#
# Runs now: the native codec against rumqttc, the codec in the browser
# against mqtt-packet, sizes against MQTT.js and paho-mqtt, and the web app
# under a 10,000 msg/s flood, and end to end against MQTT.js (pub0/1/2,
# recv, lat, memory after 1M messages) with a plain-WebSocket ceiling, by
# the project's method (5.0, all at once) and by issue #14's (3.1.1,
# bursts of 64, each figure next to its goal).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(rustc --version); $(chromium --version 2>/dev/null); $( { mosquitto -h || true; } 2>&1 | head -n1)"

echo; echo "== native codec: webmqtt against rumqttc (cargo bench --bench codec)"
cargo bench --bench codec >/tmp/webmqtt-bench-codec.log 2>&1
python3 scripts/bench-table.py | tee benches/results/codec-native-"$(date +%F)".md

echo; echo "== the session engine's publish path (cargo bench --bench session)"
cargo bench --bench session 2>&1 | grep -E "^session|time:|thrpt:"

echo; echo "== the codec in Chromium: webmqtt (wasm) against mqtt-packet"
(cd benches/browser && npm ci --no-audit --no-fund >/dev/null \
  && node_modules/.bin/esbuild mqtt-packet-entry.mjs --bundle --format=esm --platform=browser \
    --minify --inject:polyfills.mjs --define:global=globalThis --outfile=dist/mqtt-packet.mjs --log-level=warning)
# The codec's benchmark exports are a crate of their own (never in the
# library or the npm package), built with webmqtt's release profile.
(cd benches/browser/codec-wasm && cargo build --release --target wasm32-unknown-unknown \
  --target-dir ../../../target/codec-wasm 2>/dev/null)
rm -rf target/bench-pkg
wasm-bindgen --target web --out-dir target/bench-pkg --out-name webmqtt \
  target/codec-wasm/wasm32-unknown-unknown/release/webmqtt_codec_bench.wasm
(cd tests/e2e && npm ci --no-audit --no-fund >/dev/null)
node benches/browser/codec_bench.mjs

echo; echo "== end to end in Chromium: webmqtt against MQTT.js and the ceiling"
./scripts/build-npm.sh >/dev/null
# mqtt5-wasm (crates.io) takes part too when it builds here.
rm -rf target/mqtt5-wasm-pkg
if (cd benches/browser/mqtt5-wasm && cargo build --release --target wasm32-unknown-unknown \
    --target-dir ../../../target/mqtt5-wasm) >/tmp/webmqtt-bench-mqtt5-wasm.log 2>&1; then
  wasm-bindgen --target web --out-dir target/mqtt5-wasm-pkg \
    target/mqtt5-wasm/wasm32-unknown-unknown/release/mqtt5_wasm_bench.wasm
else
  echo "mqtt5-wasm did not build here (/tmp/webmqtt-bench-mqtt5-wasm.log): measured without it"
fi
node benches/browser/e2e_bench.mjs 2>/dev/null
echo; echo "== end to end, issue #14's method: 3.1.1, bursts of 64 per task, at most 1,000 unfinished"
METHOD=issue node benches/browser/e2e_bench.mjs 2>/dev/null

echo; echo "== sizes"
./scripts/build-app.py >/dev/null
node benches/browser/sizes.mjs

echo; echo "== the web app under a flood, a burst, and a 50-widget dashboard"
./scripts/bench-app.sh 2>/dev/null
echo; echo "== chart"
python3 scripts/bench-chart.py
echo; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
