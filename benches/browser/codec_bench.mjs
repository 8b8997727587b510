// Runs benches/browser/codec.html in headless Chromium and prints the
// table (operations per second, webmqtt against mqtt-packet, medians of
// five interleaved rounds). Needs target/bench-pkg (scripts/bench.sh
// builds it) and benches/browser/dist/mqtt-packet.mjs.
import { writeFileSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { chromium } from "../../tests/e2e/node_modules/playwright-core/index.mjs";
import { serve, chromiumArgs } from "../../tests/e2e/serve.mjs";

const server = await serve();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(`${server.url}/benches/browser/codec.html`);
await page.waitForFunction(() => window.__results || document.title === "failed", null, { timeout: 300_000 }).catch(() => {});
const results = await page.evaluate(() => window.__results);
if (!results) {
  console.error("the benchmark page failed:", errors.join("\n"));
  process.exit(1);
}
console.log("| case | op | bytes | webmqtt ops/s | mqtt-packet ops/s | ratio |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of results) {
  console.log(`| ${r.case} | ${r.op} | ${r.bytes} | ${r.webmqtt.toLocaleString("en")} | ${r.mqttPacket.toLocaleString("en")} | ${r.ratio}× |`);
}
const date = new Date().toISOString().slice(0, 10);
mkdirSync("benches/results", { recursive: true });
writeFileSync(`benches/results/codec-browser-${date}.json`, JSON.stringify({ date, chromium: browser.version(), loadAverage: loadavg(), results }, null, 2) + "\n");
await browser.close();
await server.close();
