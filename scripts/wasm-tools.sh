# Sourced by the scripts that build wasm: installs, once, the wasm tools the
# builds need at the versions they need, and puts them on PATH.
#
# - the wasm32 target;
# - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   (without --locked: one locked dependency of it is missing from the
#   registry here);
# - trunk 0.21.14 (--locked; 0.22 needs a newer rustc);
# - a current wasm-opt from the npm package binaryen (Debian's 108 cannot
#   read what rustc 1.95 emits).
TRUNK_VERSION=0.21.14
WASM_TOOLS="${WEBMQTT_TOOLS:-$HOME/.cache/webmqtt/tools}"

rustup target add wasm32-unknown-unknown >/dev/null
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; print $3}' Cargo.lock | tr -d '"')
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if [ ! -x "$WASM_TOOLS/node_modules/.bin/wasm-opt" ]; then
  mkdir -p "$WASM_TOOLS"
  npm install --prefix "$WASM_TOOLS" --no-audit --no-fund binaryen@132 >/dev/null
fi
export PATH="$WASM_TOOLS/node_modules/.bin:$PATH"
