// Sizes, side by side: raw, gzip -9 and brotli (quality 11) of webmqtt's npm
// package, MQTT.js's browser bundle, paho-mqtt's browser build, mqtt5-wasm
// (when scripts/bench.sh could build it), and the web app's first load. Each file is compressed on its own, as a server would
// send it. Prints a Markdown table and writes benches/results/sizes-DATE.json.
//
// Usage: node benches/browser/sizes.mjs   (after scripts/build-npm.sh and
// trunk build; scripts/bench.sh does both)
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));

function measure(files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const f of files) {
    const b = readFileSync(f);
    raw += b.length;
    gzip += gzipSync(b, { level: 9 }).length;
    brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

const dist = `${root}dist/`;
const appFiles = readdirSync(dist)
  .filter((f) => /\.(wasm|js|css|html)$/.test(f))
  .map((f) => dist + f);
// The chunks scripts/build-app.py splits off (`…_split_<name>.wasm`) are
// fetched on demand, not by the first load.
const isChunk = (f) => /_split_[^/]*\.wasm$/.test(f);

const rows = {
  "webmqtt npm package (wasm + glue + entry)": measure([
    `${root}pkg/dist/webmqtt_bg.wasm`,
    `${root}pkg/index.js`,
    // The glue and connected.js are bundled into index.js, unless WASM_NAMES=1.
    ...(existsSync(`${root}pkg/dist/webmqtt.js`) ? [`${root}pkg/dist/webmqtt.js`, `${root}pkg/connected.js`] : []),
    // Bundled into webmqtt.js by scripts/build-npm.sh, unless WASM_NAMES=1.
    ...(existsSync(`${root}pkg/dist/snippets`) ? readdirSync(`${root}pkg/dist/snippets`, { recursive: true }) : [])
      .filter((f) => f.endsWith(".js"))
      .map((f) => `${root}pkg/dist/snippets/${f}`),
  ]),
  "MQTT.js 5.16.0 dist/mqtt.min.js": measure([`${here}node_modules/mqtt/dist/mqtt.min.js`]),
  "paho-mqtt 1.1.0 paho-mqtt-min.js": measure([`${here}node_modules/paho-mqtt/paho-mqtt-min.js`]),
  "webmqtt web app, first load (dist/)": measure(appFiles.filter((f) => !isChunk(f))),
  "webmqtt web app, dashboards chunk (on demand)": measure(appFiles.filter(isChunk)),
};
// mqtt5-wasm as scripts/bench.sh built it (wasm-bindgen output, release
// profile, no wasm-opt), when it built.
const m5 = `${root}target/mqtt5-wasm-pkg/`;
if (existsSync(`${m5}mqtt5_wasm_bench_bg.wasm`)) {
  rows["mqtt5-wasm 2.1.9 (wasm + glue, as built)"] = measure([`${m5}mqtt5_wasm_bench_bg.wasm`, `${m5}mqtt5_wasm_bench.js`]);
}

const mqttjs = rows["MQTT.js 5.16.0 dist/mqtt.min.js"].gzip;
console.log("| what | raw | gzip -9 | brotli | gzip vs MQTT.js |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, r] of Object.entries(rows)) {
  console.log(`| ${name} | ${r.raw.toLocaleString("en")} | ${r.gzip.toLocaleString("en")} | ${r.brotli.toLocaleString("en")} | ${(r.gzip / mqttjs).toFixed(2)}× |`);
}
mkdirSync(`${root}benches/results`, { recursive: true });
const date = new Date().toISOString().slice(0, 10);
writeFileSync(`${root}benches/results/sizes-${date}.json`, JSON.stringify({ date, rows }, null, 2) + "\n");
