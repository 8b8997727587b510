#!/usr/bin/env bash
# Times the Quick start's two commands as a fresh machine runs them: each in
# a clean clone with an empty Cargo home (registry and `cargo install`s
# start from nothing), an empty target directory, no wasm tools and an
# empty npm cache. The rustup toolchains are kept, as a fresh machine has
# them; Debian packages already installed stay installed (the script says
# which), so their download and unpacking is not in the figures.
#
#   scripts/first-run-timing.sh [app|tests|both]   (default both)
#
# Prints the minutes each took. Nothing else may build on the machine
# meanwhile, or the figures mean little.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-both}"
real_cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
# The machine's PATH without the Cargo home's bin, where installed tools
# (wasm-bindgen, geckodriver, cargo-fuzz…) would be found.
base_path="$(tr ':' '\n' <<<"$PATH" | grep -vxF "$real_cargo_bin" | paste -sd:)"

fresh_state() {
  local d
  d="$(mktemp -d /tmp/webmqtt-fresh.XXXXXX)"
  # Mosquitto drops to its own user and must reach its folder inside.
  chmod 755 "$d"
  git clone --quiet "$here" "$d/repo"
  mkdir -p "$d/proxies" "$d/cargo/bin"
  # Only rustup and its proxies, none of the tools installed beside them.
  for t in rustup cargo rustc rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
    ln -s "$real_cargo_bin/$t" "$d/proxies/$t"
  done
  echo "$d"
}

in_state() {
  local d="$1"
  shift
  # The machine's environment (its CA bundle settings, say), less what
  # points at this checkout's brokers, targets and tools.
  local unset=()
  for v in $(compgen -e | grep -E '^(WEBMQTT_|CARGO_)'); do unset+=(-u "$v"); done
  env "${unset[@]}" \
    PATH="$d/cargo/bin:$d/proxies:$base_path" \
    CARGO_HOME="$d/cargo" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
    WEBMQTT_TOOLS="$d/tools" npm_config_cache="$d/npm" \
    WEBMQTT_APP_BROKER_DIR="$d/broker" \
    bash -c "cd '$d/repo' && $*"
}

echo "Debian packages already here (not timed):"
for p in mosquitto chromium chromium-driver firefox-esr nodejs npm; do
  dpkg -s "$p" >/dev/null 2>&1 && echo "  $p"
done

if [ "$what" = app ] || [ "$what" = both ]; then
  d="$(fresh_state)"
  port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  start=$(date +%s)
  # Until the app is served: run-app.sh prints the URL just before it serves.
  set -m # its own process group, to stop it and its server together
  in_state "$d" "PORT=$port ./scripts/run-app.sh" >"$d/run-app.log" 2>&1 &
  pid=$!
  set +m
  until grep -q "webmqtt: open" "$d/run-app.log"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$d/run-app.log"; exit 1; }
    sleep 2
  done
  until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 1; done
  app_s=$(($(date +%s) - start))
  kill -- -"$pid" 2>/dev/null || kill "$pid"
  wait "$pid" 2>/dev/null || true
  "$here/scripts/broker.sh" stop "$d/broker" >/dev/null 2>&1 || true
  printf 'run-app.sh: the app served after %d min %d s (log: %s)\n' $((app_s / 60)) $((app_s % 60)) "$d/run-app.log"
fi

if [ "$what" = tests ] || [ "$what" = both ]; then
  d="$(fresh_state)"
  start=$(date +%s)
  in_state "$d" "./scripts/test.sh" >"$d/test.log" 2>&1 || true
  test_s=$(($(date +%s) - start))
  grep -E '^summary:' "$d/test.log" || tail -n 30 "$d/test.log"
  printf 'test.sh: %d min %d s (log: %s)\n' $((test_s / 60)) $((test_s % 60)) "$d/test.log"
fi
