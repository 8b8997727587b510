// The web app under a burst: COUNT messages (5,000) published at once from
// outside, spread over TOPICS topics (50) so that the topic tree and the
// plots take them too, while a person clicks and types every ~50 ms. Asks
// whether the page stays answerable: the slowest input response (Event
// Timing API: input delay + handlers + the next paint, for pointerdown,
// pointerup, click, keydown and keyup), the longest task and the tasks over
// 50 ms, and how long until every message is in the log. RUNS fresh pages
// per QoS (0 and 1); medians and maxima. A benchmark, not a test: it prints
// and records, it does not assert.
//
// The person: clicks the first row of the log (selecting a message), presses
// ArrowDown in the log (moving the selection), clicks the log's Filter field,
// types "v" and deletes it — one action every 50 ms, by raw mouse and
// keyboard events (Playwright's locator actions would wait for rows to stop
// moving, which they do not under a burst). Not "Pause": a paused log drops
// what arrives, and the run waits for all of it.
//
// Usage (scripts/bench-app.sh sets this up, with BENCH=burst):
//   node benches/browser/app_burst.mjs DIST_DIR WS_PORT TCP_PORT [COUNT] [TOPICS] [RUNS] [QOS_LIST]
// Environment:
//   WARMUP=1  one message a second before the burst (see below);
//   QUEUE=default  QoS 1 on the given broker too (see roomyBroker);
//   INPUT=0  no person;
//   LABEL=x  results in benches/results/app-burst-DATE-x.json;
//   PROFILE=1  a CPU profile of each burst (Chrome DevTools protocol
//     Profiler) in benches/results/, with the functions of most self time;
//   TRACE=1  a Chrome trace of each burst (TRACE_CATEGORIES, comma
//     separated), with what each task over 50 ms spent its time on.
import { spawn } from "node:child_process";
import { writeFileSync, mkdirSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
// playwright-core is installed for the end-to-end tests (tests/e2e).
import { chromium } from "../../tests/e2e/node_modules/playwright-core/index.mjs";
import { serve, chromiumArgs } from "../../tests/e2e/serve.mjs";

const [dist, ws, tcp, countArg, topicsArg, runsArg, qosArg] = process.argv.slice(2);
const count = Number(countArg ?? 5000);
const topics = Number(topicsArg ?? 50);
const runs = Number(runsArg ?? 3);
const qosList = (qosArg ?? "0,1").split(",").map(Number);
const profile = process.env.PROFILE === "1";
const trace = process.env.TRACE === "1";
const warmup = process.env.WARMUP === "1";
const person = process.env.INPUT !== "0";
const GOAL_TASK_MS = 50;
const GOAL_INPUT_MS = 100;
const INPUT_EVERY_MS = 50;
const INPUT_TYPES = new Set(["pointerdown", "pointerup", "click", "mousedown", "mouseup", "keydown", "keyup", "keypress"]);

/** Free loopback ports. */
async function freePorts(n) {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => resolve(s));
    })),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/**
 * A Mosquitto of its own for the QoS 1 runs, whose queue per client holds
 * the whole burst. With the default (max_queued_messages 1000, 20 in
 * flight) Mosquitto drops most of a QoS 1 burst from 50 publishers for any
 * subscriber that acknowledges more slowly than they publish, a browser
 * page among them; QUEUE=default runs on the given broker instead.
 */
async function roomyBroker() {
  const dir = mkdtempSync(join(tmpdir(), "webmqtt-burst-"));
  const [tcpPort, wsPort] = await freePorts(2);
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      "per_listener_settings false",
      "allow_anonymous true",
      "persistence false",
      "log_dest none",
      `max_queued_messages ${count * 2}`,
      `listener ${tcpPort} 127.0.0.1`,
      // Mosquitto 2.0.11 ignores a WebSocket listener's address unless its
      // socket domain is set.
      `listener ${wsPort} 127.0.0.1`,
      "protocol websockets",
      "socket_domain ipv4",
      "",
    ].join("\n"),
  );
  const proc = spawn("mosquitto", ["-c", conf], { stdio: "ignore" });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise((resolve) => {
      const sock = connect(tcpPort, "127.0.0.1", () => (sock.end(), resolve(true)));
      sock.on("error", () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ws: String(wsPort),
    tcp: String(tcpPort),
    stop: () => {
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const server = await serve(dist);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });

/** One burst on a fresh page; resolves with its figures. */
async function run(qos, index, { ws, tcp }) {
  const base = `bench/burst-${Date.now()}-q${qos}-${index}`;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    window.__events = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__events.push({
          name: e.name,
          start: e.startTime,
          duration: e.duration,
          delay: e.processingStart - e.startTime,
          processing: e.processingEnd - e.processingStart,
          interaction: e.interactionId,
          target: e.target ? `${e.target.localName}${e.target.getAttribute?.("class") ? "." + e.target.getAttribute("class") : ""}` : null,
        });
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  });
  await page.goto(`${server.url}/?broker=ws://127.0.0.1:${ws}/mqtt`);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await page.getByLabel("Topic filter").fill(`${base}/#`);
  await page.locator('section[aria-labelledby="subscribe-title"] select').first().selectOption(String(qos));
  await page.getByRole("button", { name: "Subscribe", exact: true }).click();
  await page.getByRole("list", { name: "Subscriptions" }).getByText(`${base}/#`).waitFor();

  // One publisher per topic, connected before the burst (mosquitto_pub -l
  // connects, then publishes a message per line of its input).
  const pubs = [];
  for (let t = 0; t < topics; t++) {
    const topic = `${base}/dev-${String(t).padStart(2, "0")}/voltage`;
    pubs.push(
      spawn("mosquitto_pub", ["-p", tcp, "-t", topic, "-l", "-q", String(qos)], {
        stdio: ["pipe", "ignore", "inherit"],
      }),
    );
  }
  // WARMUP=1: one message a second before the burst, so that its code
  // paths are compiled (V8 compiles wasm functions on first call) and its
  // first chart and rows are laid out: the burst then meets a page that
  // has shown a message before.
  if (warmup) {
    const one = spawn("mosquitto_pub", ["-p", tcp, "-t", `${base}/warmup`, "-m", '{"voltage": 1}', "-q", "0"]);
    await new Promise((r) => one.on("close", r));
    await page.waitForTimeout(1000);
  }
  const closed = Promise.all(pubs.map((p) => new Promise((r) => p.on("close", r))));
  await page.waitForTimeout(1500);
  const lines = pubs.map(() => []);
  for (let i = 0; i < count; i++) lines[i % topics].push(`{"voltage": ${100 + (i % 40)}}`);

  // Where the person clicks: the log's first row (or its table before there
  // is one) and its Filter field. New charts push the log down the page, so
  // a look runs alongside the person, scrolling the log into view and
  // finding them again; clicks go where they were last seen, without
  // waiting for the look (which waits behind the page's other tasks). Near
  // the left edge: a click where the log was a moment ago lands on a
  // chart's title, not on its Pin button.
  const targets = ["[data-testid=log-rows] tr.log-row, [data-testid=log-rows]", "section.log input[type=search]"];
  const locate = () =>
    page.evaluate((targets) => {
      document.querySelector("section.log").scrollIntoView({ block: "nearest" });
      const at = targets.map((t) => {
        const r = document.querySelector(t).getBoundingClientRect();
        return { x: r.x + Math.min(24, r.width / 2), y: r.y + Math.min(12, r.height / 2) };
      });
      const received = (document.querySelector("#log-title")?.textContent ?? "").match(/of (\d+) received/)?.[1];
      return { at, received: Number(received ?? 0) };
    }, targets);
  let [rowAt, filterAt] = (await locate()).at;

  // The page watches its own heading every frame, so that the time all
  // messages were in is not delayed by a round trip from here.
  await page.evaluate((target) => {
    window.__longTasks = [];
    window.__events = [];
    window.__done = new Promise((resolve) => {
      const look = () => {
        const m = (document.querySelector("#log-title")?.textContent ?? "").match(/(\d+) kept of (\d+) received/);
        if (m && Number(m[2]) >= target) resolve({ at: Date.now(), now: performance.now() });
        else requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
  }, count + (warmup ? 1 : 0));
  let cdp;
  if (profile) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }

  if (trace) await browser.startTracing(page, { categories: (process.env.TRACE_CATEGORIES ?? "toplevel,devtools.timeline").split(",") });
  const startWall = Date.now();
  const startPage = await page.evaluate(() => performance.now());
  for (let t = 0; t < topics; t++) pubs[t].stdin.end(lines[t].join("\n") + "\n");

  // The person, until every message is in the log (at most 60 s).
  let finished = false;
  const done = page.evaluate(() => window.__done).then((d) => ((finished = true), d));
  const actions = [
    async () => page.mouse.click(rowAt.x, rowAt.y),
    async () => page.keyboard.press("ArrowDown"),
    async () => page.mouse.click(filterAt.x, filterAt.y),
    async () => page.keyboard.press("v"),
    async () => page.keyboard.press("Backspace"),
  ];
  // Until all are in, or none has come for 5 s (a broker that dropped
  // some), or 60 s.
  const deadline = Date.now() + 60_000;
  let stalled = false;
  const looking = (async () => {
    let [last, since] = [-1, Date.now()];
    while (!finished) {
      const seen = await locate();
      [rowAt, filterAt] = seen.at;
      if (seen.received !== last) [last, since] = [seen.received, Date.now()];
      else if (Date.now() - since > 5000) stalled = true;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const roundTrips = [];
  let n = 0;
  while (!finished && !stalled && Date.now() < deadline) {
    const t0 = Date.now();
    if (!person) {
      await new Promise((r) => setTimeout(r, INPUT_EVERY_MS));
      continue;
    }
    await actions[n++ % actions.length]();
    roundTrips.push(Date.now() - t0);
    const wait = INPUT_EVERY_MS - (Date.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  finished = true;
  await looking;
  const end = await Promise.race([done, new Promise((r) => setTimeout(() => r(null), 1000))]);
  await closed;
  // Event Timing entries arrive after the paint that ends them.
  await page.waitForTimeout(500);

  if (profile) {
    const { profile: p } = await cdp.send("Profiler.stop");
    mkdirSync("benches/results", { recursive: true });
    const file = `benches/results/app-burst-q${qos}-${index}.cpuprofile`;
    writeFileSync(file, JSON.stringify(p));
    console.error(`profile: ${file}`);
    printTop(p);
  }

  if (trace) {
    const file = `benches/results/app-burst-q${qos}-${index}.trace.json`;
    mkdirSync("benches/results", { recursive: true });
    writeFileSync(file, await browser.stopTracing());
    console.error(`trace: ${file}`);
    printLongTasks(JSON.parse(readFileSync(file, "utf8")));
  }

  const page_ = await page.evaluate(
    ({ startPage, INPUT_TYPES }) => {
      const types = new Set(INPUT_TYPES);
      const m = (document.querySelector("#log-title")?.textContent ?? "").match(/(\d+) kept of (\d+) received/);
      return {
        longTasks: window.__longTasks.filter((t) => t.start + t.duration >= startPage).map((t) => t.duration),
        events: window.__events.filter((e) => e.start >= startPage && types.has(e.name)),
        received: m ? Number(m[2]) : null,
        kept: m ? Number(m[1]) : null,
      };
    },
    { startPage, INPUT_TYPES: [...INPUT_TYPES] },
  );
  await page.close();
  const slowest = page_.events.reduce((a, e) => (e.duration > (a?.duration ?? -1) ? e : a), null);
  return {
    qos,
    received: page_.received,
    kept: page_.kept,
    allInMs: end ? end.at - startWall : null,
    longestTaskMs: page_.longTasks.length ? Math.max(...page_.longTasks) : 0,
    longTasksOver50ms: page_.longTasks.filter((d) => d > GOAL_TASK_MS).length,
    inputs: n,
    // Where the slow inputs landed, by element, as a check on the person.
    targets: [...new Set(page_.events.map((e) => e.target))],
    slowestInputMs: slowest ? slowest.duration : 0,
    slowestInput: slowest,
    // A click is several events (pointerdown, pointerup, click, and mouse
    // events that belong to no interaction) of one duration: counted once,
    // as the one interaction it is.
    inputsOver100ms: new Set(page_.events.filter((e) => e.interaction && e.duration > GOAL_INPUT_MS).map((e) => e.interaction)).size,
    slowestRoundTripMs: roundTrips.length ? Math.max(...roundTrips) : null,
  };
}

/** The functions with the most self time in a CPU profile. */
function printTop(p) {
  const self = new Map();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const dt = p.timeDeltas;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [k, ms] of top) console.error(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

/** Each task over 50 ms on the page's main thread, and what took its time. */
function printLongTasks(t) {
  const events = t.traceEvents ?? t;
  const tasks = events.filter((e) => e.name === "RunTask" && e.ph === "X" && e.dur > 50_000);
  for (const task of tasks) {
    const inside = events.filter(
      (e) => e.ph === "X" && e.tid === task.tid && e.pid === task.pid && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + task.dur && e !== task,
    );
    const by = new Map();
    for (const e of inside) by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`);
    console.error(`task ${(task.dur / 1000).toFixed(1)} ms: ${top.join(", ")}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = [];
for (const qos of qosList) {
  const roomy = qos > 0 && process.env.QUEUE !== "default" ? await roomyBroker() : null;
  for (let i = 0; i < runs; i++) {
    const r = await run(qos, i, roomy ?? { ws, tcp });
    r.broker = roomy ? `own Mosquitto, max_queued_messages ${count * 2}` : "given";
    console.error(JSON.stringify(r));
    results.push(r);
  }
  roomy?.stop();
}

const summary = qosList.map((qos) => {
  const rs = results.filter((r) => r.qos === qos);
  const figure = (key) => ({ median: median(rs.map((r) => r[key] ?? Infinity)), max: Math.max(...rs.map((r) => r[key] ?? Infinity)) });
  return {
    qos,
    runs: rs.length,
    allReceived: rs.every((r) => r.received === count + (warmup ? 1 : 0)),
    longestTaskMs: figure("longestTaskMs"),
    longTasksOver50ms: figure("longTasksOver50ms"),
    slowestInputMs: figure("slowestInputMs"),
    inputsOver100ms: figure("inputsOver100ms"),
    allInMs: figure("allInMs"),
  };
});
for (const s of summary) {
  const verdict = (v, goal) => (v <= goal ? "met" : "not met");
  console.log(`QoS ${s.qos}, ${s.runs} runs of ${count} messages over ${topics} topics (median / max):`);
  console.log(`  all ${count} in the log:   ${s.allReceived ? "yes" : "NO"}, after ${s.allInMs.median} / ${s.allInMs.max} ms`);
  console.log(`  longest task:        ${s.longestTaskMs.median} / ${s.longestTaskMs.max} ms  (goal ≤ ${GOAL_TASK_MS} ms: ${verdict(s.longestTaskMs.max, GOAL_TASK_MS)})`);
  console.log(`  tasks over 50 ms:    ${s.longTasksOver50ms.median} / ${s.longTasksOver50ms.max}`);
  console.log(`  slowest input:       ${s.slowestInputMs.median} / ${s.slowestInputMs.max} ms  (goal ≤ ${GOAL_INPUT_MS} ms: ${verdict(s.slowestInputMs.max, GOAL_INPUT_MS)})`);
  console.log(`  interactions > 100 ms: ${s.inputsOver100ms.median} / ${s.inputsOver100ms.max}`);
}
const report = {
  date: new Date().toISOString(),
  count,
  topics,
  runs,
  warmup,
  person,
  goals: { longestTaskMs: GOAL_TASK_MS, slowestInputMs: GOAL_INPUT_MS },
  summary,
  results,
  loadAverage: loadavg().map((l) => +l.toFixed(2)),
  chromium: browser.version(),
};
mkdirSync("benches/results", { recursive: true });
// LABEL names the results file apart (a build before a change, a warm run).
const label = process.env.LABEL ? `-${process.env.LABEL}` : "";
writeFileSync(`benches/results/app-burst-${report.date.slice(0, 10)}${label}.json`, JSON.stringify(report, null, 2) + "\n");
await browser.close();
await server.close();
