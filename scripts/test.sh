#!/usr/bin/env bash
# Runs every test of webmqtt, installing what it needs first (on a fresh
# Debian machine with rustup). Installs are skipped when already present at
# the right version. Prints one summary line at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
CARGO_FUZZ_VERSION="0.13.2"

step() { printf '\n==> %s\n' "$*"; }

step "system packages"
need=()
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v mosquitto_passwd >/dev/null || need+=(mosquitto-clients)
command -v openssl >/dev/null || need+=(openssl)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v firefox-esr >/dev/null || need+=(firefox-esr)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
{ mosquitto -h || true; } 2>&1 | head -n1
# The Python peer of the end-to-end tests.
python3 -c "import paho.mqtt" 2>/dev/null || pip install --quiet paho-mqtt

step "toolchains"
rustup component add rustfmt clippy >/dev/null
# shellcheck source=scripts/nightly.sh
source scripts/nightly.sh
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh
command -v geckodriver >/dev/null || cargo install geckodriver

step "cargo fmt --check"
cargo fmt --all -- --check
(cd fuzz && cargo fmt --all -- --check)

step "unsafe code only at the npm package's split points, its allocator and the UTF-8 check"
# The crate denies unsafe code; the split points (src/js/split.rs,
# src/codec/split.rs, src/session/split.rs), the npm package's
# allocator (src/js/heap.rs, 486 B gzip smaller than Talc, BENCHMARKS.md)
# and the codec's UTF-8 check (src/codec/utf8.rs, 220 B smaller than
# core's) alone allow it, item by item, each with its SAFETY comment.
if grep -rnE --include='*.rs' '(allow|expect)\([^)]*\bunsafe_code' src | grep -vE '^src/(js/split|codec/split|session/split|codec/utf8|js/heap)\.rs:'; then
  echo "unsafe code allowed outside the split points (src/{js,codec,session}/split.rs), src/js/heap.rs and src/codec/utf8.rs" >&2
  exit 1
fi

step "cargo clippy (every feature set that is built: native, then wasm)"
cargo clippy --workspace --all-targets -- -D warnings
# Natively every feature but `ui`: the Leptos app is only ever built for
# wasm (checked below), and checking it natively too compiled Leptos once
# more per run.
cargo clippy --all-targets --features js,ui-model,shared -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features js --lib --tests -- -D warnings
# The Rust API's shared connection and the example page its browser test
# opens (a feature of its own, kept out of the npm package's build).
cargo clippy --target wasm32-unknown-unknown --features shared --lib --tests --examples -- -D warnings
cargo clippy --target wasm32-unknown-unknown --features ui --lib --bins -- -D warnings
# The app as scripts/build-app.py builds it: the dashboards split off.
cargo clippy --target wasm32-unknown-unknown --features ui,split --lib --bins -- -D warnings

step "Mosquitto on loopback"
broker_dir="$(mktemp -d /tmp/webmqtt-broker.XXXXXX)"
proxy_pid=""
aedes_dir=""
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  [ -n "$aedes_dir" ] && ./scripts/aedes.sh stop "$aedes_dir"
  ./scripts/broker.sh stop "$broker_dir"
}
trap cleanup EXIT
./scripts/broker.sh start "$broker_dir"
# shellcheck disable=SC1091
source "$broker_dir/env"
# The re-framing proxy in front of the WebSocket listener (browser tests).
cargo build -p webmqtt-ws-proxy
WEBMQTT_PROXY_PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
export WEBMQTT_PROXY_PORT
target/debug/webmqtt-ws-proxy "$WEBMQTT_PROXY_PORT" "$WEBMQTT_WS_PORT" "$broker_dir" &
proxy_pid=$!

step "aedes on loopback (the second broker: 3.1.1 over WebSocket)"
aedes_dir="$(mktemp -d /tmp/webmqtt-aedes.XXXXXX)"
./scripts/aedes.sh start "$aedes_dir"
# shellcheck disable=SC1091
source "$aedes_dir/env"

step "cargo test"
log=$(mktemp)
cargo test --all-targets 2>&1 | tee "$log"
cargo test --doc 2>&1 | tee -a "$log"
# The web app's models, natively.
cargo test --features ui-model --lib 2>&1 | tee -a "$log"
# The shared connection's tab <-> worker messages, natively.
cargo test --features shared --lib web::shared 2>&1 | tee -a "$log"
# The npm binding's own tests, natively: the error codes and object keys
# its Rust and its JS name by place must stay in the same order.
cargo test --features js --lib js:: 2>&1 | tee -a "$log"

step "browser tests: headless Chromium, then Firefox"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=180
CHROMEDRIVER=$(command -v chromedriver) \
  cargo test --target wasm32-unknown-unknown --features web --test web --test web_worker --test web_shared_worker 2>&1 | tee -a "$log"
GECKODRIVER=$(command -v geckodriver) \
  cargo test --target wasm32-unknown-unknown --features web --test web --test web_worker --test web_shared_worker 2>&1 | tee -a "$log"

step "the web app (scripts/build-app.py: what trunk build --release does, from index.html)"
./scripts/build-app.py

step "end to end in Chromium: the npm package (bare, Vite, webpack) and the web app"
./scripts/build-npm.sh
# The Rust API's shared connection in a page (tests/e2e/shared-rust.test.mjs).
./scripts/build-shared-example.sh
for app in vite webpack; do
  (cd "www/examples/$app" && npm ci --no-audit --no-fund >/dev/null \
    && npm install --no-save --no-audit --no-fund ../../../pkg/webmqtt-0.1.0.tgz >/dev/null \
    && npm run build >/dev/null)
done
(cd tests/e2e && npm ci --no-audit --no-fund >/dev/null \
  && npm install --no-save --no-audit --no-fund ../../pkg/webmqtt-0.1.0.tgz >/dev/null \
  && node --test) 2>&1 | tee -a "$log"

FUZZ_SESSION_SECONDS="${FUZZ_SESSION_SECONDS:-30}"
step "fuzz: decode for ${FUZZ_SECONDS}s, then session for ${FUZZ_SESSION_SECONDS}s, over the seeds and the saved corpus"
mkdir -p fuzz/corpus/decode fuzz/corpus/session
fuzz_log=$(mktemp)
(cd fuzz && cargo "+$NIGHTLY" fuzz run decode corpus/decode seeds/decode -- \
  -max_total_time="$FUZZ_SECONDS" -print_final_stats=1) 2>&1 | tail -n 12 | tee "$fuzz_log" | tee -a "$log"
fuzz_runs=$(grep -oE 'Done [0-9]+ runs' "$fuzz_log" | awk '{print $2}' | tail -n1)
# The session engine driven by arbitrary commands, server bytes and clock
# steps (fuzz/fuzz_targets/session.rs).
(cd fuzz && cargo "+$NIGHTLY" fuzz run session corpus/session seeds/session -- \
  -max_total_time="$FUZZ_SESSION_SECONDS" -print_final_stats=1) 2>&1 | tail -n 12 | tee "$fuzz_log" | tee -a "$log"
fuzz_session_runs=$(grep -oE 'Done [0-9]+ runs' "$fuzz_log" | awk '{print $2}' | tail -n1)

passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
node_passed=$(grep -oE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
passed=$((passed + node_passed))
failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
printf '\nfuzz: %s runs of the decode target and %s of the session target without a crash\n' \
  "${fuzz_runs:-0}" "${fuzz_session_runs:-0}"
printf 'summary: %s passed, %s failed\n' "$passed" "$failed"
