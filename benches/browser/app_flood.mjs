// The web app under a flood: 10,000 messages per second for 30 seconds,
// published from outside (mosquitto_pub over TCP, paced), while the page
// shows them. Reports long tasks (PerformanceObserver "longtask", over
// 50 ms), how many messages the app took in, the JS heap before and after,
// and the log's size against its cap. A benchmark, not a test: it prints
// and records, it does not assert.
//
// Usage (scripts/bench-app.sh sets this up):
//   node benches/browser/app_flood.mjs DIST_DIR WS_PORT TCP_PORT [RATE] [SECONDS]
import { spawn } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
// playwright-core is installed for the end-to-end tests (tests/e2e).
import { chromium } from "../../tests/e2e/node_modules/playwright-core/index.mjs";
import { serve, chromiumArgs } from "../../tests/e2e/serve.mjs";

const [dist, ws, tcp, rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg ?? 10000);
const seconds = Number(secondsArg ?? 30);
const topic = `bench/flood-${Date.now()}`;

const server = await serve(dist);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [...chromiumArgs, "--enable-precise-memory-info"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
});
await page.goto(`${server.url}/?broker=ws://127.0.0.1:${ws}/mqtt`);
await page.getByRole("button", { name: "Connect", exact: true }).click();
await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
await page.getByLabel("Topic filter").fill(`${topic}/#`);
await page.locator('section[aria-labelledby="subscribe-title"] select').first().selectOption("0");
await page.getByRole("button", { name: "Subscribe", exact: true }).click();
await page.getByRole("list", { name: "Subscriptions" }).getByText(`${topic}/#`).waitFor();
const heapBefore = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
const wasmBefore = await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? null);
await page.evaluate(() => (window.__longTasks = []));

// A paced publisher: `rate` lines a second, in 10 ms batches, into
// mosquitto_pub -l (one message per line).
const pub = spawn("mosquitto_pub", ["-p", tcp, "-t", `${topic}/voltage`, "-l", "-q", "0"], {
  stdio: ["pipe", "ignore", "inherit"],
});
const perTick = Math.max(1, Math.round(rate / 100));
let sent = 0;
const start = Date.now();
await new Promise((resolve) => {
  const tick = setInterval(() => {
    if (Date.now() - start >= seconds * 1000) {
      clearInterval(tick);
      pub.stdin.end();
      resolve();
      return;
    }
    let lines = "";
    for (let i = 0; i < perTick; i++) lines += `{"voltage": ${100 + ((sent + i) % 40)}}\n`;
    sent += perTick;
    pub.stdin.write(lines);
  }, 10);
});
await new Promise((r) => pub.on("close", r));
await page.waitForTimeout(2000);

const result = await page.evaluate(() => {
  const heading = document.querySelector("#log-title")?.textContent ?? "";
  const m = heading.match(/(\d+) kept of (\d+) received/);
  return {
    longTasks: window.__longTasks,
    heapAfter: performance.memory?.usedJSHeapSize ?? null,
    wasmAfter: window.__wasm?.memory?.buffer.byteLength ?? null,
    kept: m ? Number(m[1]) : null,
    received: m ? Number(m[2]) : null,
    rowsRendered: document.querySelectorAll("[data-testid=log-rows] tr").length,
  };
});
const report = {
  date: new Date().toISOString(),
  rate,
  seconds,
  sent,
  received: result.received,
  kept: result.kept,
  rowsRendered: result.rowsRendered,
  longTasksOver50ms: result.longTasks.length,
  longestTaskMs: result.longTasks.length ? Math.max(...result.longTasks) : 0,
  heapBeforeMB: heapBefore && +(heapBefore / 1e6).toFixed(1),
  heapAfterMB: result.heapAfter && +(result.heapAfter / 1e6).toFixed(1),
  wasmMemoryBeforeMB: wasmBefore && +(wasmBefore / 1e6).toFixed(1),
  wasmMemoryAfterMB: result.wasmAfter && +(result.wasmAfter / 1e6).toFixed(1),
  ratePerSecond: Math.round(sent / seconds),
  loadAverage: loadavg().map((l) => +l.toFixed(2)),
  chromium: browser.version(),
};
console.log(JSON.stringify(report, null, 2));
mkdirSync("benches/results", { recursive: true });
writeFileSync(`benches/results/app-flood-${report.date.slice(0, 10)}.json`, JSON.stringify(report, null, 2) + "\n");
await browser.close();
await server.close();
