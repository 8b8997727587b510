#!/usr/bin/env bash
# Runs the webmqtt web app against a local Mosquitto: installs what it needs
# (once), starts Mosquitto on loopback, builds the app with Trunk and serves
# it. Open the printed URL; Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v mosquitto_passwd >/dev/null || need+=(mosquitto-clients)
command -v openssl >/dev/null || need+=(openssl)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh

broker_dir="${WEBMQTT_APP_BROKER_DIR:-/tmp/webmqtt-app-broker}"
trap './scripts/broker.sh stop "$broker_dir"' EXIT
./scripts/broker.sh start "$broker_dir"
# shellcheck disable=SC1091
source "$broker_dir/env"

./scripts/build-app.py
port="${PORT:-8080}"
echo
echo "webmqtt: open http://127.0.0.1:$port/?broker=ws://127.0.0.1:$WEBMQTT_WS_PORT/mqtt"
echo "  (password-protected listener: ws://127.0.0.1:$WEBMQTT_WS_AUTH_PORT/mqtt, user sensor, password sensor-password)"
echo
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
