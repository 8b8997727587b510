// A dashboard of 50 widgets under a flood: 5,000 messages per second for
// 60 seconds by default, published from outside (mosquitto_pub over TCP,
// paced) across the 50 topics the widgets read. Reports long tasks
// (PerformanceObserver "longtask", over 50 ms), JS heap and wasm memory at
// the start, the middle and the end (flat memory: the end is not above the
// middle by more than noise), and how often each chart was redrawn per
// animation frame (at most once is the goal: a MutationObserver counts
// writes of each chart's markup or lines, and a requestAnimationFrame loop closes
// each frame). A benchmark, not a test: it prints and records, it does not
// assert.
//
// Usage (BENCH=dashboard scripts/bench-app.sh sets this up):
//   node benches/browser/dashboard_flood.mjs DIST_DIR WS_PORT TCP_PORT [RATE] [SECONDS]
import { spawn } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
// playwright-core is installed for the end-to-end tests (tests/e2e).
import { chromium } from "../../tests/e2e/node_modules/playwright-core/index.mjs";
import { serve, chromiumArgs } from "../../tests/e2e/serve.mjs";

const [dist, ws, tcp, rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg ?? 5000);
const seconds = Number(secondsArg ?? 60);
const base = `bench/dash-${Date.now()}`;
const TOPICS = 50;

/** 50 widgets: 20 values, 15 gauges, 10 charts (two series each), 5
 * indicators, each on its own topic of `{"voltage": N}`. */
function document() {
  const zones = [
    { from: 0, colour: "#c62828", label: "low" },
    { from: 108, colour: "#2e7d32", label: "ok" },
    { from: 132, colour: "#f9a825", label: "high" },
  ];
  const widgets = [];
  for (let i = 0; i < TOPICS; i++) {
    const topic = `${base}/s${i}`;
    const extract = { json: "voltage" };
    const id = `w${i}`;
    if (i < 20) widgets.push({ id, title: `Value ${i}`, w: 2, h: 1, kind: "value", topic, extract, unit: "V", thresholds: zones });
    else if (i < 35) widgets.push({ id, title: `Gauge ${i}`, w: 3, h: 2, kind: "gauge", topic, extract, min: 0, max: 250, thresholds: zones });
    else if (i < 45)
      widgets.push({
        id, title: `Chart ${i}`, w: 6, h: 3, kind: "chart", windowSeconds: 60, maxPoints: 600,
        series: [
          { topic, extract, label: `s${i}` },
          { topic: `${base}/s${(i + 1) % TOPICS}`, extract, label: `s${(i + 1) % TOPICS}` },
        ],
      });
    else
      widgets.push({
        id, title: `Indicator ${i}`, w: 2, h: 1, kind: "indicator", topic, extract,
        states: [{ from: 0, to: 120, colour: "#2e7d32", label: "normal" }, { from: 120, colour: "#c62828", label: "high" }],
      });
  }
  return { format: "webmqtt-dashboard", version: 1, dashboards: [{ id: "flood", title: "Flood", widgets }] };
}

const server = await serve(dist);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [...chromiumArgs, "--enable-precise-memory-info"],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.addInitScript((doc) => {
  localStorage.setItem("webmqtt.dashboards", doc);
  window.__longTasks = [];
  addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
}, JSON.stringify(document()));
await page.goto(`${server.url}/?broker=ws://127.0.0.1:${ws}/mqtt`);
await page.getByRole("button", { name: "Connect", exact: true }).click();
await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
await page.getByRole("tab", { name: "Dashboards" }).click();
await page.getByRole("article", { name: "Chart 44" }).waitFor();
// Redraws per chart per frame: mutations to each chart's lines, counted
// between two animation frames.
await page.evaluate(() => {
  window.__frames = 0;
  window.__maxRedrawsPerFrame = 0;
  window.__chartFrames = 0;
  let counts = new Map();
  const charts = [...document.querySelectorAll("svg.line-chart")];
  window.__charts = charts.length;
  const observer = new MutationObserver((records) => {
    // A chart is drawn as SVG markup: one write of it replaces the chart's
    // children (one childList record on the <svg>); a line whose points
    // were written in place would be an attribute record. Either counts as
    // one redraw of that chart.
    for (const r of records) {
      const chart = r.target.closest("svg.line-chart");
      counts.set(chart, (counts.get(chart) ?? 0) + 1);
    }
  });
  for (const c of charts) observer.observe(c, { childList: true, subtree: true, attributes: true, attributeFilter: ["points"] });
  const frame = () => {
    // Mutations of this frame's rendering are delivered before the next
    // frame callback (microtasks run first).
    window.__frames++;
    let drawn = 0;
    for (const [, n] of counts) {
      window.__maxRedrawsPerFrame = Math.max(window.__maxRedrawsPerFrame, n);
      drawn++;
    }
    if (drawn) window.__chartFrames++;
    counts = new Map();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});
const memory = () =>
  page.evaluate(() => ({
    heap: performance.memory?.usedJSHeapSize ?? null,
    wasm: window.__wasm?.memory?.buffer.byteLength ?? null,
  }));
const before = await memory();
await page.evaluate(() => (window.__longTasks = []));

// The publisher: `rate` lines a second in 10 ms batches, round-robin over
// the 50 topics, one mosquitto_pub per topic.
const pubs = Array.from({ length: TOPICS }, (_, i) =>
  spawn("mosquitto_pub", ["-p", tcp, "-t", `${base}/s${i}`, "-l", "-q", "0"], { stdio: ["pipe", "ignore", "inherit"] }),
);
const perTick = Math.max(1, Math.round(rate / 100));
let sent = 0;
let middle = null;
const start = Date.now();
await new Promise((resolve) => {
  const tick = setInterval(async () => {
    const elapsed = Date.now() - start;
    if (elapsed >= seconds * 1000) {
      clearInterval(tick);
      for (const p of pubs) p.stdin.end();
      resolve();
      return;
    }
    for (let i = 0; i < perTick; i++) {
      const n = sent + i;
      pubs[n % TOPICS].stdin.write(`{"voltage": ${100 + (n % 40)}}\n`);
    }
    sent += perTick;
    if (!middle && elapsed >= (seconds * 1000) / 2) {
      middle = "pending";
      middle = await memory();
    }
  }, 10);
});
await Promise.all(pubs.map((p) => new Promise((r) => p.on("close", r))));
await page.waitForTimeout(2000);
const after = await memory();
const result = await page.evaluate(() => ({
  longTasks: window.__longTasks,
  frames: window.__frames,
  chartFrames: window.__chartFrames,
  maxRedrawsPerFrame: window.__maxRedrawsPerFrame,
  charts: window.__charts,
  widgets: document.querySelectorAll(".widget-grid article").length,
  shown: document.querySelector('[aria-label="Value 0"] .big')?.textContent ?? null,
}));
const mb = (b) => b && +(b / 1e6).toFixed(1);
const report = {
  date: new Date().toISOString(),
  widgets: result.widgets,
  charts: result.charts,
  rate,
  seconds,
  sent,
  ratePerSecond: Math.round(sent / seconds),
  longTasksOver50ms: result.longTasks.length,
  longestTaskMs: result.longTasks.length ? Math.max(...result.longTasks) : 0,
  animationFrames: result.frames,
  framesWithChartRedraws: result.chartFrames,
  maxRedrawsOfOneChartInOneFrame: result.maxRedrawsPerFrame,
  heapMB: { start: mb(before.heap), middle: mb(middle?.heap), end: mb(after.heap) },
  wasmMemoryMB: { start: mb(before.wasm), middle: mb(middle?.wasm), end: mb(after.wasm) },
  lastValueShown: result.shown,
  loadAverage: loadavg().map((l) => +l.toFixed(2)),
  chromium: browser.version(),
};
const goals = [
  ["no long task over 50 ms", report.longTasksOver50ms === 0],
  // Charts that were never redrawn would pass vacuously: they must have been.
  ["each chart drawn at most once per frame", report.framesWithChartRedraws > 0 && report.maxRedrawsOfOneChartInOneFrame <= 1],
  ["wasm memory flat (end ≤ middle + 1 MB)", report.wasmMemoryMB.end <= report.wasmMemoryMB.middle + 1],
];
report.goals = Object.fromEntries(goals.map(([name, met]) => [name, met ? "met" : "NOT met"]));
console.log(JSON.stringify(report, null, 2));
mkdirSync("benches/results", { recursive: true });
writeFileSync(`benches/results/dashboard-flood-${report.date.slice(0, 10)}.json`, JSON.stringify(report, null, 2) + "\n");
await browser.close();
await server.close();
