# Sourced by the scripts that build wasm: installs, once, the wasm tools the
# builds need at the versions they need, and puts them on PATH.
#
# Not Trunk: it takes about 30 minutes to compile on a fresh 2-core machine,
# and scripts/build-app.py builds the same dist/ from index.html with the
# tools below. (`cargo install trunk --version 0.21.14 --locked` still gives
# a `trunk serve` that works with this index.html and Trunk.toml.)
#
# - the wasm32 target;
# - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   (without --locked: one locked dependency of it is missing from the
#   registry here);
# - a current wasm-opt from the npm package binaryen (Debian's 108 cannot
#   read what rustc 1.95 emits);
# - wasm-split-cli (crate wasm_split_cli_support), which cuts the app's
#   wasm into the main module and the chunks loaded on demand
#   (scripts/build-app.py), at the version that reads the split points of
#   the wasm_split_helpers in Cargo.lock.
WASM_TOOLS="${WEBMQTT_TOOLS:-$HOME/.cache/webmqtt/tools}"

rustup target add wasm32-unknown-unknown >/dev/null
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; print $3}' Cargo.lock | tr -d '"')
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ ! -x "$WASM_TOOLS/node_modules/.bin/wasm-opt" ]; then
  mkdir -p "$WASM_TOOLS"
  npm install --prefix "$WASM_TOOLS" --no-audit --no-fund binaryen@132 >/dev/null
fi
WASM_SPLIT_VERSION="0.2.4"
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi
export PATH="$WASM_TOOLS/node_modules/.bin:$PATH"
