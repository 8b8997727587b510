#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm (release profile, wasm-opt -Oz,
# functions laid out for gzip) and its ESM glue (wasm-bindgen --target
# web), the hand-written entry point, package.json and README. Prints the
# sizes. WASM_NAMES=1 keeps the wasm's function names, for profiling.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/wasm-tools.sh
source scripts/wasm-tools.sh
# Built with nightly's build-std so that std itself is compiled with
# panic=immediate-abort: panics become a trap with no message, and the
# panic formatting machinery of core (core::fmt, Location) leaves the
# package: 83.2 -> 76.6 KB gzip for the wasm. The package never shows a
# panic's text (release was panic=abort already). Its own target dir, as
# build-std's std differs from the stable build's.
# shellcheck source=scripts/nightly.sh
source scripts/nightly.sh
export CARGO_TARGET_DIR="$PWD/target/npm"
# `cargo rustc` passes --emit-relocs to the library's link alone:
# wasm-split-cli finds what each split point reaches from the relocations.
# A 256 KiB stack in place of rustc's 1 MiB: the stack comes first in
# memory, so the data after it starts at 256 KiB, and each of the ~320
# addresses of data in the code is a 3-byte constant, not a 4-byte one
# (-35 B gzip). The package keeps no large values on the stack (no
# recursion, no arrays over 64 bytes); an overflow still traps, below
# address 0. EXTRA_RUSTFLAGS, for trying flags.
RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none ${EXTRA_RUSTFLAGS:-}" \
  cargo "+$NIGHTLY" rustc --release --target wasm32-unknown-unknown --features js --lib \
  -Z build-std=std,panic_abort -- -Clink-args=--emit-relocs -Clink-args=-zstack-size=262144
rm -rf pkg
mkdir -p pkg/dist
# The persistent outbox goes to a module of its own (src/js/split.rs), which
# only clients with `outbox` fetch: 3.4 KB gzip less for every other page.
# wasm-split-cli's loader script is not used: outbox.js instantiates the
# module itself.
split="$CARGO_TARGET_DIR/wasm-split"
rm -rf "$split"
wasm-split-cli --target web --out-name webmqtt \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/webmqtt.wasm" "$split"
# So does the reading of MQTT 5.0 property sections (src/codec/split.rs),
# which only clients of 5.0 or with `outbox` fetch.
if [ "$(cd "$split" && ls -- *.wasm | tr '\n' ' ')" != "split_outbox.wasm split_v5.wasm webmqtt.wasm " ]; then
  echo "build-npm.sh: wasm-split-cli made other modules than webmqtt.wasm, split_outbox.wasm and split_v5.wasm" >&2
  exit 1
fi
# encodeInto always: every browser the package supports has it, so the
# glue needs no fallback for it. --keep-lld-exports: the outbox's module
# reaches the main module's stack pointer through lld's exports, which
# wasm-bindgen would otherwise drop.
wasm-bindgen --target web --encode-into always --keep-lld-exports --out-dir pkg/dist --out-name webmqtt \
  "$split/webmqtt.wasm"
# Dead table entries dropped, long names between wasm and glue (and the
# split modules) shortened.
python3 scripts/shrink-bindings.py pkg/dist/webmqtt_bg.wasm pkg/dist/webmqtt.js "$split/split_outbox.wasm" "$split/split_v5.wasm"
# client.js fetches the module itself (loadModule) and starts it through
# the glue's imports and finish, which are exported for it; the glue's
# own loader (its fetch, instantiateStreaming and the MIME-type fallback,
# initSync) is then used by nothing, and the bundler drops it.
for f in __wbg_get_imports __wbg_finalize_init; do
  if [ "$(grep -c "^function $f(" pkg/dist/webmqtt.js)" != 1 ]; then
    echo "build-npm.sh: the glue's function $f not found once" >&2
    exit 1
  fi
done
echo "export { __wbg_get_imports, __wbg_finalize_init };" >>pkg/dist/webmqtt.js
# WASM_NAMES=1 keeps the function names (for a profiler; larger file).
strip=(--strip-debug --strip-producers)
[ "${WASM_NAMES:-}" = 1 ] && strip=(-g)
# The features rustc enables by default for wasm32-unknown-unknown. As for
# the app (scripts/build-app.py): the low 1 KiB of memory is never used
# (rustc puts the 1 MiB stack first, growing down from its top, and the
# data after it), so constant offsets fold into loads and stores; and
# -iit, as no load, store or division of this Rust code traps (a bounds
# or zero check panics before it, an explicit trap). -iit lets wasm-opt
# run a guarded load unguarded (a select in place of a branch): topic
# validation then reads up to 3 bytes past a short string, values it
# discards. That holds only because no allocation ends at the end of
# memory (src/js/heap.rs keeps its last 16 bytes out of every block, the
# stack and data sit below the heap); an allocator without that would make
# -iit unsafe. 60,143 -> 59,596 B
# gzip with --converge. A function with one caller is inlined into it only
# when it is small (25 bytes; by default always): measured, the module
# compresses much better with such functions kept whole (the export shims
# had most of the client inlined into them), at a few bytes more raw
# (59,596 -> 57,437 B gzip for the wasm; 10 gave 57,482, 50 57,707, 100
# 58,442, 800 59,337). And any function of at most 4 bytes is inlined
# (default 2): 57,437 -> 57,178 (3 gave 57,369, 5 57,187, 8 57,650).
features=(--enable-bulk-memory --enable-sign-ext --enable-mutable-globals
  --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue)
opt=(-Oz --low-memory-unused -iit --converge --one-caller-inline-max-function-size 25
  --always-inline-max-function-size 4 "${features[@]}")
# Optimized with names kept, then laid out so that similar functions sit
# together, which gzip rewards (scripts/order-functions.py), then stripped:
# 41,326 -> 40,413 B gzip for the main module, for about 40 s of build.
# The layout moves the size by up to ±100 B with any change of code:
# ORDER=0 skips it, to measure a small change against the build before it.
optimize() {
  wasm-opt "${opt[@]}" -g "$1" -o "$2.named"
  [ "${ORDER:-1}" = 0 ] || python3 scripts/order-functions.py "$2.named" "$2.named"
  wasm-opt "${features[@]}" --reorder-functions-by-name "${strip[@]}" "$2.named" -o "$2"
  rm "$2.named"
}
echo "functions ordered against zlib $(python3 -c 'import zlib; print(zlib.ZLIB_RUNTIME_VERSION)')"
optimize pkg/dist/webmqtt_bg.wasm pkg/dist/webmqtt_bg.wasm
# The outbox's module, the same way, named after its content (a browser
# may keep it as long as it likes) and next to the main module.
optimize "$split/split_outbox.wasm" "$split/outbox.wasm"
outbox_wasm="webmqtt_outbox-$(sha256sum "$split/outbox.wasm" | cut -c1-16).wasm"
cp "$split/outbox.wasm" "pkg/dist/$outbox_wasm"
optimize "$split/split_v5.wasm" "$split/v5.wasm"
v5_wasm="webmqtt_v5-$(sha256sum "$split/v5.wasm" | cut -c1-16).wasm"
cp "$split/v5.wasm" "pkg/dist/$v5_wasm"
cp www/npm/README.md www/npm/index.js www/npm/connected.js www/npm/index.d.ts pkg/
# client.js names the 5.0 module, as outbox.js names its own. With
# `?no-inline`: Vite inlines an asset under 4 KB as a data: URL into the
# bundle, which would put the module in every page's JavaScript; the
# query stops that, and webpack and static servers ignore it.
v5_url="new URL('dist/webmqtt_v5.wasm', import.meta.url)"
if [ "$(grep -cF "$v5_url" www/npm/client.js)" != 1 ]; then
  echo "build-npm.sh: client.js's 5.0 module URL, $v5_url, not found once" >&2
  exit 1
fi
sed "s|$v5_url|new URL('dist/$v5_wasm?no-inline', import.meta.url)|" www/npm/client.js >pkg/client.js
# package.json exports the outbox's module as `webmqtt/outbox.wasm`, next
# to the main one's entry, for pages that host both elsewhere (`ready(url)`
# and the `outbox.wasm` option).
node -e '
const [from, to, file, v5] = process.argv.slice(1);
const p = JSON.parse(require("fs").readFileSync(from, "utf8"));
const exports = {};
for (const [k, v] of Object.entries(p.exports)) {
  exports[k] = v;
  if (k === "./webmqtt_bg.wasm") {
    exports["./outbox.wasm"] = `./dist/${file}`;
    exports["./v5.wasm"] = `./dist/${v5}`;
  }
}
if (!exports["./outbox.wasm"]) throw new Error("package.json exports no ./webmqtt_bg.wasm");
p.exports = exports;
require("fs").writeFileSync(to, JSON.stringify(p, null, 2) + "\n");
' www/npm/package.json pkg/package.json "$outbox_wasm" "$v5_wasm"
# The opt-in shared connection (webmqtt/shared); not part of the default
# entry, so not in its size below.
cp www/npm/shared.js www/npm/shared.d.ts www/npm/shared-worker.js pkg/
# The persistent outbox's store, loaded only by clients with an outbox,
# and the name of its wasm module.
outbox_url="new URL('dist/webmqtt_outbox.wasm', import.meta.url)"
if [ "$(grep -cF "$outbox_url" www/npm/outbox.js)" != 1 ]; then
  echo "build-npm.sh: outbox.js's module URL, $outbox_url, not found once" >&2
  exit 1
fi
sed "s|new URL('dist/webmqtt_outbox.wasm', import.meta.url)|new URL('dist/$outbox_wasm', import.meta.url)|" \
  www/npm/outbox.js >pkg/outbox.js
# The default entry is shipped as one minified file: index.js with
# wasm-bindgen's glue, its inline snippets and connected.js bundled in by
# esbuild, as MQTT.js ships dist/mqtt.min.js. Minifying the generated JS
# took the glue from 7.5 to 4.7 KB gzip; bundling the snippets into it
# (one file rather than three: names between them become local, and
# esbuild drops what nothing uses) 4,413 -> 4,014 B; the entry's files
# minified (their comments were most of them) 1,141 -> 489 B; and the
# glue bundled into the entry with connected.js 4,338 -> 4,033 B (one
# file's gzip header and start, and the names between them). The glue
# then runs from the entry's place, not dist/, so the wasm's URL is made
# relative to that; and no copy of it stays in dist/, so no page can load
# the module twice. shared.js loads connected.js for its own clients
# (shipped minified too). Not for WASM_NAMES=1, whose builds are for
# reading a profile.
if [ "${WASM_NAMES:-}" != 1 ]; then
  [ -x scripts/npm-tools/node_modules/.bin/terser ] \
    || (cd scripts/npm-tools && npm ci --include=dev --no-audit --no-fund >/dev/null)
  wasm_url="new URL('webmqtt_bg.wasm', import.meta.url)"
  if [ "$(grep -cF "$wasm_url" pkg/dist/webmqtt.js)" != 1 ]; then
    echo "build-npm.sh: the glue's wasm URL, $wasm_url, not found once" >&2
    exit 1
  fi
  sed -i "s|new URL('webmqtt_bg.wasm', import.meta.url)|new URL('dist/webmqtt_bg.wasm', import.meta.url)|" \
    pkg/dist/webmqtt.js
  scripts/npm-tools/node_modules/.bin/esbuild pkg/index.js --bundle --minify --format=esm \
    --external:./outbox.js --log-level=error --outfile=pkg/index.js --allow-overwrite
  # The shared worker gets its own copy, next to the entry too (a worker
  # importing the entry would load outbox.js's dynamic import with it,
  # which bundlers' classic-worker builds refuse).
  scripts/npm-tools/node_modules/.bin/esbuild pkg/shared-worker.js --bundle --minify --format=esm \
    --log-level=error --outfile=pkg/shared-worker.js --allow-overwrite
  rm -r pkg/dist/snippets pkg/dist/webmqtt.js pkg/client.js
  scripts/npm-tools/node_modules/.bin/esbuild pkg/connected.js --minify --format=esm \
    --log-level=error --outfile=pkg/connected.js --allow-overwrite
  # Then terser's compressor (its safe defaults) over what esbuild made:
  # it folds more (sequences, conditionals, functions used once) than
  # esbuild's minifier does: index.js 5,488 -> 5,239 B gzip,
  # shared-worker.js 6,108 -> 5,868.
  # outbox.js and shared.js, which only clients that use them load, were
  # shipped as written (their comments were most of them): minified the
  # same way, 2,126 -> 971 and 4,366 -> 2,277 B gzip.
  for f in pkg/outbox.js pkg/shared.js; do
    scripts/npm-tools/node_modules/.bin/esbuild "$f" --minify --format=esm \
      --log-level=error --outfile="$f" --allow-overwrite
  done
  # With two passes, functions hoisted, and the object literals' function
  # properties written as methods (`{ a(e) {} }`; unsafe only for a
  # function called with `new`, which none of these objects holds, the
  # glue's table of imports among them), ES2020 output: 5,779 -> 5,685 B.
  for f in pkg/index.js pkg/shared-worker.js pkg/connected.js pkg/outbox.js pkg/shared.js; do
    scripts/npm-tools/node_modules/.bin/terser "$f" --module --ecma 2020 \
      --compress passes=2,hoist_funs=true,unsafe_methods=true --mangle -o "$f"
  done
  # The forms Vite and webpack find the files by, as minified.
  for want in "pkg/index.js:new URL(\"dist/webmqtt_bg.wasm\",import.meta.url)" \
    "pkg/index.js:new URL(\"dist/$v5_wasm?no-inline\",import.meta.url)" \
    "pkg/index.js:import(\"./outbox.js\")" \
    "pkg/outbox.js:new URL(\"dist/$outbox_wasm\",import.meta.url)" \
    "pkg/shared.js:new SharedWorker(new URL(\"./shared-worker.js\",import.meta.url)"; do
    if ! grep -qF "${want#*:}" "${want%%:*}"; then
      echo "build-npm.sh: ${want%%:*} lost ${want#*:} in minifying" >&2
      exit 1
    fi
  done
fi
# The tarball npm would publish, so tests install the package as users do
# (and see that the `files` whitelist holds everything needed).
(cd pkg && npm pack --silent >/dev/null)

# What the default entry loads.
files=(pkg/dist/webmqtt_bg.wasm pkg/index.js)
[ -f pkg/dist/webmqtt.js ] && files+=(pkg/dist/webmqtt.js pkg/connected.js)
[ -d pkg/dist/snippets ] && files+=(pkg/dist/snippets/*/*.js)
raw=$(cat "${files[@]}" | wc -c)
gz=$(for f in "${files[@]}"; do gzip -9 -c "$f"; done | wc -c)
echo "5.0 module (fetched only by clients of MQTT 5.0 or with outbox): $(wc -c <"pkg/dist/$v5_wasm") bytes raw, $(gzip -9 -c "pkg/dist/$v5_wasm" | wc -c) bytes gzip -9"
echo "outbox module (fetched only by clients with outbox): $(wc -c <"pkg/dist/$outbox_wasm") bytes raw, $(gzip -9 -c "pkg/dist/$outbox_wasm" | wc -c) bytes gzip -9"
echo "npm package: wasm + JS glue = $raw bytes raw, $gz bytes gzip -9 (each file compressed on its own)"
