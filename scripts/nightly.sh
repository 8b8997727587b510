# The nightly toolchain, pinned: the npm package's std is built with it
# (build-std, immediate-abort panics) and its size must not move with
# whatever nightly a machine happens to have; the fuzzers use it too, so
# a machine installs one nightly, not two. Sourced by build-npm.sh and
# test.sh; installs the toolchain and the parts they need if missing.
NIGHTLY=nightly-2026-10-30
rustup toolchain list | grep -q "^$NIGHTLY" || rustup toolchain install "$NIGHTLY" --profile minimal
rustup component add rust-src --toolchain "$NIGHTLY" >/dev/null
rustup target add wasm32-unknown-unknown --toolchain "$NIGHTLY" >/dev/null
