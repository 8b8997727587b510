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
#   read what rustc 1.95 emits).
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
export PATH="$WASM_TOOLS/node_modules/.bin:$PATH"
