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
// The person, one action every 50 ms: clicks the publish panel's Topic
// field, types "x", deletes it, clicks the Explorer tab; by raw mouse and
// keyboard events (Playwright's locator actions wait for the page, which
// under a burst is the thing measured). These controls stay in place while
// new charts push the log down the page; the log itself is left alone:
// "Pause" would drop what arrives, and the run waits for all of it.
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
import { packet, str } from "./packets.mjs";

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
 * flight) Mosquitto drops most of a QoS 1 burst for any subscriber that
 * acknowledges more slowly than the publisher publishes, a browser page
 * among them; QUEUE=default runs on the given broker instead.
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

/**
 * The burst's publisher: one MQTT 3.1.1 connection over TCP, connected
 * before the burst, that writes every PUBLISH at once, pre-encoded (as
 * e2e_bench.mjs floods), and waits for the PUBACKs at QoS 1. It costs next
 * to nothing, which matters on two cores, and the messages arrive as fast
 * as the broker forwards them.
 */
async function tcpPublisher(tcp, messages, qos) {
  const socket = connect(Number(tcp), "127.0.0.1");
  await new Promise((r) => socket.once("connect", r));
  socket.write(Buffer.from(packet(0x10, [...str("MQTT"), 4, 2, 0, 60, ...str(`burst-${process.pid}-${Date.now()}`)])));
  await new Promise((r) => socket.once("data", r)); // CONNACK
  const packets = messages.map(([topic, payload], i) => {
    // Packet identifiers 1 to 65535, over again past that.
    const n = (i % 65535) + 1;
    const id = qos > 0 ? [n >> 8, n & 255] : [];
    return Buffer.from(packet(0x30 | (qos << 1), [...str(topic), ...id, ...Buffer.from(payload)]));
  });
  let acked = 0;
  let done;
  const closed = new Promise((r) => (done = r));
  socket.on("data", (d) => {
    acked += d.length / 4; // PUBACKs, four bytes each
    if (acked >= messages.length) socket.end(Buffer.from([0xe0, 0]));
  });
  socket.on("close", done);
  socket.on("error", (e) => process.stderr.write(`publisher: ${e.message}\n`));
  return {
    publish: () => {
      socket.write(Buffer.concat(packets));
      if (qos === 0) socket.end(Buffer.from([0xe0, 0]));
    },
    closed,
  };
}

/**
 * PUBLISHER=mosquitto_pub: one mosquitto_pub -l per topic, connected
 * before the burst, each given its lines at once. Fifty processes: on two
 * cores they compete with the page, and the burst takes them about a
 * second to deliver.
 */
async function mosquittoPubs(tcp, messages, qos) {
  const byTopic = new Map();
  for (const [topic, payload] of messages) byTopic.set(topic, [...(byTopic.get(topic) ?? []), payload]);
  const pubs = [...byTopic].map(([topic, lines]) => ({
    lines,
    proc: spawn("mosquitto_pub", ["-p", tcp, "-t", topic, "-l", "-q", String(qos)], { stdio: ["pipe", "ignore", "inherit"] }),
  }));
  return {
    publish: () => pubs.forEach((p) => p.proc.stdin.end(p.lines.join("\n") + "\n")),
    closed: Promise.all(pubs.map((p) => new Promise((r) => p.proc.on("close", r)))),
  };
}

const server = await serve(dist);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });

/** One burst on a fresh page; resolves with its figures. */
async function run(qos, index, { ws, tcp }) {
  // Other work on a shared machine shows here: the one-minute load average
  // as the run starts.
  const load = +loadavg()[0].toFixed(2);
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

  // The messages: COUNT JSON payloads, round-robin over TOPICS topics.
  const messages = [];
  for (let i = 0; i < count; i++) {
    const topic = `${base}/dev-${String(i % topics).padStart(2, "0")}/voltage`;
    messages.push([topic, `{"voltage": ${100 + (i % 40)}}`]);
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
  const publisher = await (process.env.PUBLISHER === "mosquitto_pub" ? mosquittoPubs : tcpPublisher)(tcp, messages, qos);
  await page.waitForTimeout(1000);

  // Where the person clicks: the publish panel's Topic field and the
  // Explorer tab, which stay where they are while new charts push the log
  // and the topic tree down the page (a click aimed at a moving element
  // would land on whatever took its place, and finding it again waits
  // behind the page's tasks). Keys go to the focused Topic field.
  const centre = async (locator) => {
    const b = await locator.boundingBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  const topicAt = await centre(page.locator('section[aria-labelledby="publish-title"] input[type=text]').first());
  const tabAt = await centre(page.getByRole("tab", { name: "Explorer" }));

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
  publisher.publish();

  // The person, until every message is in the log (at most 60 s).
  let finished = false;
  const done = page.evaluate(() => window.__done).then((d) => ((finished = true), d));
  const actions = [
    async () => page.mouse.click(topicAt.x, topicAt.y),
    async () => page.keyboard.press("x"),
    async () => page.keyboard.press("Backspace"),
    async () => page.mouse.click(tabAt.x, tabAt.y),
  ];
  // Until all are in, or none has come for 5 s (a broker that dropped
  // some), or 60 s.
  const deadline = Date.now() + 60_000;
  let stalled = false;
  const watching = (async () => {
    let [last, since] = [-1, Date.now()];
    while (!finished) {
      const received = await page.evaluate(() => Number((document.querySelector("#log-title")?.textContent ?? "").match(/of (\d+) received/)?.[1] ?? 0));
      if (received !== last) [last, since] = [received, Date.now()];
      else if (Date.now() - since > 5000) stalled = true;
      await new Promise((r) => setTimeout(r, 1000));
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
  await watching;
  const end = await Promise.race([done, new Promise((r) => setTimeout(() => r(null), 1000))]);
  await publisher.closed;
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
    load,
    received: page_.received,
    kept: page_.kept,
    allInMs: end ? end.at - startWall : null,
    longestTaskMs: page_.longTasks.length ? Math.max(...page_.longTasks) : 0,
    longTasksOver50ms: page_.longTasks.filter((d) => d > GOAL_TASK_MS).length,
    inputs: n,
    // Where the inputs slower than 16 ms landed, by element: a check that
    // the person's clicks hit what they aimed at.
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
  const tasks = events.filter((e) => /(^|::)RunTask$/.test(e.name) && e.ph === "X" && e.dur > 50_000);
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
