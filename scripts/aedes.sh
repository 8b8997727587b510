#!/usr/bin/env bash
# Starts or stops aedes, the second real broker of the tests, on loopback.
#
#   scripts/aedes.sh start DIR   # installs it if needed, writes DIR/env, starts it
#   scripts/aedes.sh stop DIR
#
# The server and its pinned npm packages are in tests/broker/aedes/;
# `npm ci` runs there only when package-lock.json changed since the last
# install. Listeners: MQTT 3.1/3.1.1 over WebSocket (path /mqtt) and TCP.
set -euo pipefail
cmd="${1:?start or stop}"
dir="${2:?state directory}"
here="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$here/tests/broker/aedes"

# Alive and not a zombie waiting for its reaper.
alive() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null)" && [ "${state:0:1}" != Z ]
}

case "$cmd" in
start)
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/pid" ] && alive "$(cat "$dir/pid")"; then
    echo "aedes already running (pid $(cat "$dir/pid"))"
    exit 0
  fi
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" -lt 20 ]; then
    echo "aedes 1.x needs Node.js 20 or newer; this is $(node --version)" >&2
    exit 1
  fi
  stamp="$pkg/node_modules/.webmqtt-installed"
  want="$(cat "$pkg/package.json" "$pkg/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  fi
  read -r ws tcp <<<"$(python3 - <<'PY'
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
)"
  node "$pkg/server.mjs" --ws "$ws" --tcp "$tcp" >"$dir/aedes.log" 2>&1 &
  echo $! >"$dir/pid"
  cat >"$dir/env" <<ENV
export WEBMQTT_AEDES_DIR=$dir
export WEBMQTT_AEDES_WS_PORT=$ws
export WEBMQTT_AEDES_TCP_PORT=$tcp
ENV
  for _ in $(seq 100); do
    if grep -q '^aedes .* on 127.0.0.1' "$dir/aedes.log"; then
      head -n1 "$dir/aedes.log"
      exit 0
    fi
    alive "$(cat "$dir/pid")" || break
    sleep 0.1
  done
  echo "aedes did not start:" >&2
  cat "$dir/aedes.log" >&2 || true
  exit 1
  ;;
stop)
  if [ -f "$dir/pid" ]; then
    pid="$(cat "$dir/pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    rm -f "$dir/pid"
  fi
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
