#!/usr/bin/env bash
# Starts or stops the loopback Mosquitto that tests and the app use.
#
#   scripts/broker.sh start DIR     # writes DIR/env (ports) and starts it
#   scripts/broker.sh restart DIR   # stops it (saving sessions) and starts it
#   scripts/broker.sh stop DIR
#
# Listeners (see tests/broker/mosquitto.conf.in): TCP, WebSocket,
# password-protected TCP and WebSocket (user "sensor", password
# "sensor-password"), and WebSocket over TLS with a throw-away certificate.
set -euo pipefail
cmd="${1:?start or stop}"
dir="${2:?state directory}"
here="$(cd "$(dirname "$0")/.." && pwd)"

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

case "$cmd" in
start)
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    echo "broker already running (pid $(cat "$dir/pid"))"
    exit 0
  fi
  read -r tcp ws auth ws_auth wss <<<"$(free_ports 5)"
  rm -f "$dir/passwords"
  touch "$dir/passwords"
  mosquitto_passwd -b "$dir/passwords" sensor sensor-password
  chmod 600 "$dir/passwords"
  cp "$here/tests/broker/acl" "$dir/acl"
  # A throw-away CA, kept across runs so a client can be told to trust it
  # once, and a server certificate for 127.0.0.1 and localhost signed by it.
  ca_dir="${WEBMQTT_TEST_CA_DIR:-$HOME/.cache/webmqtt/test-ca}"
  mkdir -p "$ca_dir"
  if [ ! -f "$ca_dir/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=webmqtt test CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$ca_dir/ca.key" -out "$ca_dir/ca.crt" 2>/dev/null
  fi
  if [ ! -f "$dir/server.crt" ]; then
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
      -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$ca_dir/ca.crt" -CAkey "$ca_dir/ca.key" \
      -CAcreateserial -days 30 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  fi
  chmod 644 "$dir/server.key" "$dir/server.crt"
  sed -e "s|@DIR@|$dir|g" -e "s|@TCP_PORT@|$tcp|" -e "s|@WS_PORT@|$ws|" \
    -e "s|@AUTH_PORT@|$auth|" -e "s|@WS_AUTH_PORT@|$ws_auth|" -e "s|@WSS_PORT@|$wss|" \
    "$here/tests/broker/mosquitto.conf.in" >"$dir/mosquitto.conf"
  chown -R mosquitto: "$dir" 2>/dev/null || true
  mosquitto -c "$dir/mosquitto.conf" >"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/pid"
  cat >"$dir/env" <<ENV
export WEBMQTT_BROKER_DIR=$dir
export WEBMQTT_TCP_PORT=$tcp
export WEBMQTT_WS_PORT=$ws
export WEBMQTT_AUTH_PORT=$auth
export WEBMQTT_WS_AUTH_PORT=$ws_auth
export WEBMQTT_WSS_PORT=$wss
export WEBMQTT_TEST_CA=$ca_dir/ca.crt
ENV
  for _ in $(seq 50); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $tcp), 0.2)" 2>/dev/null; then
      echo "mosquitto on 127.0.0.1: tcp $tcp, ws $ws, auth $auth, ws-auth $ws_auth, wss $wss"
      exit 0
    fi
    sleep 0.1
  done
  echo "mosquitto did not start:" >&2
  cat "$dir/stdout.log" "$dir/mosquitto.log" >&2 || true
  exit 1
  ;;
restart)
  # shellcheck disable=SC1091
  source "$dir/env"
  pid="$(cat "$dir/pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  mosquitto -c "$dir/mosquitto.conf" >>"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $WEBMQTT_WS_PORT), 0.2)" 2>/dev/null; then
      exit 0
    fi
    sleep 0.05
  done
  echo "mosquitto did not come back" >&2
  exit 1
  ;;
stop)
  if [ -f "$dir/pid" ]; then
    kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -f "$dir/pid"
  fi
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
