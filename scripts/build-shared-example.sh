#!/usr/bin/env bash
# Builds examples/shared_tabs.rs, the Rust API's shared connection in a
# small page, for the browser test tests/e2e/shared-rust.test.mjs: wasm32
# with the cargo feature `shared`, bound with wasm-bindgen --target web
# into tests/e2e/shared-rust/ (which tests/e2e/shared-rust-page.html loads).
# A debug build: the test needs the behaviour, not the size.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh
cargo build --target wasm32-unknown-unknown --features shared --example shared_tabs
target_dir="${CARGO_TARGET_DIR:-target}"
rm -rf tests/e2e/shared-rust
wasm-bindgen --target web --out-dir tests/e2e/shared-rust --out-name shared_tabs \
  "$target_dir/wasm32-unknown-unknown/debug/examples/shared_tabs.wasm"
echo "built tests/e2e/shared-rust/shared_tabs.js"
