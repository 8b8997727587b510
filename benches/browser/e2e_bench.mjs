// End to end in Chromium: webmqtt's npm package against MQTT.js 5.16 and
// mqtt5-wasm (when scripts/bench.sh could build it) on the same local
// Mosquitto, and the plain-WebSocket ceiling; pub0/1/2, recv, lat, and
// memory after a million messages (mem). Runs are
// interleaved (A B A B …) and each opens a fresh headless Chromium that
// this script starts itself, so no DevTools client watches the WebSocket
// while it is timed; the page POSTs its result back.
//
// The broker is configured for the benchmark: no queue limit (Mosquitto's
// 1,000 drops QoS 0 for a slow subscriber) and no in-flight limit, so that
// neither client is stopped by a window the other does not have.
//
// Two methods (METHOD=project, the default, or METHOD=issue):
// - project: every client in MQTT 5.0, all n publishes issued in one task,
//   the ceiling sending all n in one frame; five rounds, memory included.
// - issue: the method of issue #14, which users compare: MQTT 3.1.1,
//   publishes in bursts of 64 per task with at most 1,000 unfinished (the
//   same in-flight window for both clients), the ceiling sending one frame
//   per burst; three rounds; each figure is printed next to its goal.
//
// Usage: node benches/browser/e2e_bench.mjs   (after scripts/build-npm.sh)
//        METHOD=issue node benches/browser/e2e_bench.mjs
//        ROUNDS=5 SCENARIOS=pub1,recv node benches/browser/e2e_bench.mjs
//        CPU_TIME=1 …: also the CPU time per message of the broker and of
//        each kind of Chromium process (Linux /proc)
//        TIME_CALLS=1 …: also the page's own time per message in publish
//        calls and in WebSocket message handlers
import { createServer } from "node:http";
import { connect as connectTcp } from "node:net";
import { packet, str } from "./packets.mjs";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir, loadavg } from "node:os";
import { join, normalize, extname } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const METHOD = process.env.METHOD ?? "project";
if (!["project", "issue"].includes(METHOD)) throw new Error(`METHOD=${METHOD}: project or issue`);
const ISSUE = METHOD === "issue";
// FORM=promise times webmqtt's `publish()` by its promise; the default,
// callback, calls it as MQTT.js is called: publish(topic, payload, options,
// callback), the shape code ported from MQTT.js has.
const FORM = process.env.FORM ?? "callback";
if (!["callback", "promise"].includes(FORM)) throw new Error(`FORM=${FORM}: callback or promise`);
const ROUNDS = Number(process.env.ROUNDS ?? (ISSUE ? 3 : 5));
// SCENARIOS=pub1,mem runs only those (for trying a change; the recorded
// run has them all).
const ONLY = process.env.SCENARIOS?.split(",");
// mqtt5-wasm takes part when scripts/bench.sh could build it.
const MQTT5_WASM = existsSync(`${root}target/mqtt5-wasm-pkg/mqtt5_wasm_bench.js`);
// (mqtt5-wasm speaks 5.0 only: not in the issue's 3.1.1 method.)
// BASE=1 adds "webmqttbase": the package in target/base-pkg (copy pkg/
// there before a change), to measure a change against its start in one run.
const BASE = process.env.BASE === "1" && existsSync(`${root}target/base-pkg/index.js`);
const CLIENTS = ["webmqtt", ...(BASE ? ["webmqttbase"] : []), "mqttjs", ...(MQTT5_WASM && !ISSUE ? ["mqtt5wasm"] : [])];
// TIME_CALLS=1: the page's own time per message in publish calls and in
// WebSocket message handlers (see e2e-page.mjs); the page is then served
// cross-origin isolated, for a finer clock.
const TIME_CALLS = process.env.TIME_CALLS === "1";
const N = { pub0: 20000, pub1: 20000, pub2: 10000, recv: 50000, lat: 2000, mem: 1_000_000 };

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// The broker.
const dir = mkdtempSync(join(tmpdir(), "webmqtt-e2e-bench-"));
const wsPort = await freePort();
const tcpPort = await freePort();
writeFileSync(`${dir}/mosquitto.conf`, [
  "persistence false",
  "max_queued_messages 0",
  "max_inflight_messages 0",
  // Mosquitto 2.0.11 will not start with WebSocket listeners alone.
  `listener ${tcpPort} 127.0.0.1`,
  `listener ${wsPort} 127.0.0.1`,
  "protocol websockets",
  "socket_domain ipv4",
  "allow_anonymous true",
  "",
].join("\n"));
const broker = spawn("mosquitto", ["-c", `${dir}/mosquitto.conf`], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));

// The native publisher for recv and mem: n PUBLISH packets (QoS 0, 64-byte
// payload, MQTT 3.1.1) pre-encoded and written over TCP in large chunks, so
// that the publisher costs next to nothing and the broker and the page set
// the pace. (mosquitto_pub -l, a system call per message, sometimes held the
// flood to 30k msg/s for every client alike.)
function flood(topic, n) {
  const connect = Buffer.from(packet(0x10, [...str("MQTT"), 4, 2, 0, 60, ...str(`flood-${process.pid}-${Date.now()}`)]));
  const publish = Buffer.from(packet(0x30, [...str(topic), ...Buffer.alloc(64, "x")]));
  const socket = connectTcp(tcpPort, "127.0.0.1", async () => {
    socket.write(connect);
    await new Promise((r) => socket.once("data", r)); // CONNACK
    const CHUNK = 1000;
    const chunk = Buffer.concat(Array(CHUNK).fill(publish));
    for (let sent = 0; sent < n; sent += CHUNK) {
      const part = n - sent < CHUNK ? chunk.subarray(0, (n - sent) * publish.length) : chunk;
      if (!socket.write(part)) await new Promise((r) => socket.once("drain", r));
    }
    socket.end(Buffer.from([0xe0, 0]));
  });
  socket.on("error", (e) => process.stderr.write(`flood: ${e.message}\n`));
}

// Static files and the result endpoint.
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
let waiting = null;
const server = createServer((req, res) => {
  if (req.method === "POST" && req.url.startsWith("/ready")) {
    // recv: the page has subscribed; flood its topic over TCP.
    const params = new URL(req.url, "http://x").searchParams;
    res.writeHead(204).end();
    flood(params.get("topic"), Number(params.get("n")));
    return;
  }
  if (req.method === "POST") {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      res.writeHead(204).end();
      waiting?.(JSON.parse(body));
    });
    return;
  }
  try {
    const file = join(root, normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)));
    const body = readFileSync(file);
    const isolated = TIME_CALLS ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...isolated });
    res.end(body);
  } catch {
    process.stderr.write(`not served: ${req.url}\n`);
    res.writeHead(404).end();
  }
});
const httpPort = await freePort();
await new Promise((r) => server.listen(httpPort, "127.0.0.1", r));

// CPU seconds (user + system) used by `pid` and its descendants, from
// /proc (Linux), by Chromium process type (renderer, utility: the network
// service, and the rest: the browser process, GPU, zygote), for
// CPU_TIME=1: what each client costs the whole machine per message, not
// only the page's main thread.
function cpuByType(pid) {
  const procs = new Map();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      // The command name is in parentheses and may hold spaces.
      const f = readFileSync(`/proc/${name}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
      const type = readFileSync(`/proc/${name}/cmdline`, "utf8").match(/--type=(\w+)/)?.[1] ?? "browser";
      procs.set(Number(name), { ppid: Number(f[1]), s: (Number(f[11]) + Number(f[12])) / 100, type });
    } catch {
      // Gone in the meantime.
    }
  }
  const out = {};
  for (const [p, { s: seconds, type }] of procs) {
    let at = p;
    while (at > 1 && at !== pid) at = procs.get(at)?.ppid ?? 0;
    if (at === pid) out[type] = (out[type] ?? 0) + seconds;
  }
  return out;
}

async function run(impl, scenario) {
  const profile = mkdtempSync(join(tmpdir(), "webmqtt-chromium-"));
  const report = `http://127.0.0.1:${httpPort}/report`;
  const page = `http://127.0.0.1:${httpPort}/benches/browser/e2e.html?impl=${impl}&scenario=${scenario}&n=${N[scenario]}&method=${METHOD}&form=${FORM}${process.env.COUNT_FRAMES === "1" ? "&count=1" : ""}${TIME_CALLS ? "&time=1" : ""}&ws=${wsPort}&report=${encodeURIComponent(report)}`;
  let timer;
  const result = new Promise((resolve) => {
    waiting = resolve;
    timer = setTimeout(() => resolve({ error: "timed out" }), scenario === "mem" ? 600_000 : 120_000);
  });
  // mem reads the heap after forced collections, precisely.
  const memFlags = scenario === "mem" ? ["--js-flags=--expose-gc", "--enable-precise-memory-info"] : [];
  const chromium = spawn("/usr/bin/chromium", [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", `--user-data-dir=${profile}`, ...memFlags, page,
  ], { stdio: "ignore" });
  const cpu = process.env.CPU_TIME === "1";
  const brokerCpu = () => Object.values(cpuByType(broker.pid)).reduce((a, b) => a + b, 0);
  const brokerBefore = cpu ? brokerCpu() : 0;
  const r = await result;
  clearTimeout(timer);
  if (cpu) {
    // µs per message; the browser's include loading the page.
    const perMessage = (seconds) => +((seconds * 1e6) / N[scenario]).toFixed(1);
    const browser = cpuByType(chromium.pid);
    r.cpuUs = { broker: perMessage(brokerCpu() - brokerBefore) };
    for (const [type, seconds] of Object.entries(browser)) r.cpuUs[type] = perMessage(seconds);
  }
  chromium.kill();
  await new Promise((res) => chromium.on("close", res));
  try {
    rmSync(profile, { recursive: true, force: true });
  } catch {
    // Chromium may still be writing its profile; it is only a temp folder.
  }
  return r;
}

// PROFILE=webmqtt:pub0,webmqtt:recv: no timing table; each named run once
// under the V8 sampling profiler, and its self time by category per
// message. The DevTools client is a bare one with only the Profiler domain
// on: Playwright's, which follows the network, reports every WebSocket
// frame and slowed every client several times over. Build with
// WASM_NAMES=1 scripts/build-npm.sh so that wasm functions have names.
// Profiles go to target/profile-*.cpuprofile.
if (process.env.PROFILE) {
  const { default: WebSocket } = await import(`${root}tests/e2e/node_modules/ws/index.js`);
  const { summarize, markdown } = await import("./profile-summary.mjs");
  for (const pair of process.env.PROFILE.split(",")) {
    const [impl, scenario] = pair.split(":");
    const profileDir = mkdtempSync(join(tmpdir(), "webmqtt-chromium-"));
    const chromium = spawn("/usr/bin/chromium", [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run", `--user-data-dir=${profileDir}`, "--remote-debugging-port=0", "about:blank",
    ], { stdio: ["ignore", "ignore", "pipe"] });
    const endpoint = await new Promise((resolve) => {
      let err = "";
      chromium.stderr.on("data", (d) => {
        err += d;
        const m = err.match(/DevTools listening on (ws:\S+)/);
        if (m) resolve(m[1]);
      });
    });
    const cdp = new WebSocket(endpoint, { perMessageDeflate: false });
    await new Promise((r) => cdp.once("open", r));
    let nextId = 0;
    const pending = new Map();
    cdp.on("message", (d) => {
      const m = JSON.parse(d);
      if (m.id !== undefined) pending.get(m.id)?.(m.result ?? m);
    });
    const send = (method, params = {}, sessionId) =>
      new Promise((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        cdp.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    const { targetInfos } = await send("Target.getTargets");
    const target = targetInfos.find((t) => t.type === "page");
    const { sessionId } = await send("Target.attachToTarget", { targetId: target.targetId, flatten: true });
    await send("Profiler.enable", {}, sessionId);
    await send("Profiler.setSamplingInterval", { interval: 100 }, sessionId);
    const report = `http://127.0.0.1:${httpPort}/report`;
    const result = new Promise((resolve) => (waiting = resolve));
    await send("Profiler.start", {}, sessionId);
    await send("Page.navigate", { url: `http://127.0.0.1:${httpPort}/benches/browser/e2e.html?impl=${impl}&scenario=${scenario}&n=${N[scenario]}&method=${METHOD}&form=${FORM}${process.env.COUNT_FRAMES === "1" ? "&count=1" : ""}${TIME_CALLS ? "&time=1" : ""}&ws=${wsPort}&report=${encodeURIComponent(report)}` }, sessionId);
    const r = await result;
    const { profile } = await send("Profiler.stop", {}, sessionId);
    cdp.close();
    chromium.kill();
    await new Promise((res) => chromium.on("close", res));
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(`${root}target`, { recursive: true });
    writeFileSync(`${root}target/profile-${METHOD}-${impl}-${scenario}.cpuprofile`, JSON.stringify(profile));
    console.log(`\n### ${impl} ${scenario} (${METHOD} method): ${r.error ?? `${r.perSecond.toLocaleString("en")} msg/s under the profiler`}\n`);
    console.log(markdown(summarize(profile, N[scenario]), N[scenario]));
  }
  console.log(`\nload average: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  broker.kill();
  server.close();
  process.exit(0);
}

const runs = [];
for (let round = 0; round < ROUNDS; round++) {
  // A million messages take about half a minute per client: once, in the
  // first round.
  for (const scenario of ["pub0", "pub1", "pub2", "recv", "lat", ...(round === 0 && !ISSUE ? ["mem"] : [])]) {
    if (ONLY && !ONLY.includes(scenario)) continue;
    const impls = ["lat", "mem"].includes(scenario) ? CLIENTS : ["ceiling", ...CLIENTS];
    for (const impl of round % 2 ? impls.slice().reverse() : impls) {
      const r = await run(impl, scenario);
      runs.push({ round, impl, scenario, ...r });
      const counted = r.framesSentPerMessage !== undefined ? ` frames per message: ${r.framesSentPerMessage} sent, ${r.framesReceivedPerMessage} received; timers set per message: ${r.timersPerMessage}` : "";
      const times = r.handlerUs !== undefined ? ` µs a message: publish calls ${r.publishUs}, message handlers ${r.handlerUs}` : "";
      const cpu = r.cpuUs ? ` CPU µs a message: ${Object.entries(r.cpuUs).map(([k, v]) => `${k} ${v}`).join(", ")}` : "";
      process.stderr.write(`${scenario} ${impl}: ${r.error ?? `${r.perSecond}/s${r.p99 !== undefined ? ` p50 ${r.p50} ms p99 ${r.p99} ms` : ""}`}${counted}${times}${cpu}\n`);
    }
  }
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const table = [];
for (const scenario of ["pub0", "pub1", "pub2", "recv"]) {
  const stats = {};
  for (const impl of ["ceiling", ...CLIENTS]) {
    const xs = runs.filter((r) => r.impl === impl && r.scenario === scenario && r.perSecond).map((r) => r.perSecond);
    if (xs.length) stats[impl] = { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
  }
  if (Object.keys(stats).length) table.push({ scenario, n: N[scenario], ...stats });
}
const M5 = CLIENTS.includes("mqtt5wasm");
const m5 = (cell) => (M5 ? ` ${cell} |` : "");
const b = (cell) => (BASE ? ` ${cell} |` : "");
console.log(`| scenario | n | ceiling msg/s | webmqtt msg/s (min–max) |${b("before the change (target/base-pkg)")} MQTT.js msg/s (min–max) |${m5("mqtt5-wasm msg/s (min–max)")} webmqtt / MQTT.js | webmqtt / ceiling |${b("webmqtt / before")}`);
console.log(`|---|---:|---:|---:|${BASE ? "---:|" : ""}---:|${M5 ? "---:|" : ""}---:|---:|${BASE ? "---:|" : ""}`);
const f = (s) => (s ? `${s.median.toLocaleString("en")} (${s.min.toLocaleString("en")}–${s.max.toLocaleString("en")})` : "failed");
for (const t of table) {
  const ratio = t.webmqtt && t.mqttjs ? `${(t.webmqtt.median / t.mqttjs.median).toFixed(2)}×` : "–";
  const ceiling = t.ceiling && t.webmqtt ? `${Math.round((t.webmqtt.median / t.ceiling.median) * 100)}%` : "–";
  const vsBase = t.webmqtt && t.webmqttbase ? `${(t.webmqtt.median / t.webmqttbase.median).toFixed(2)}×` : "–";
  console.log(`| ${t.scenario} | ${t.n} | ${t.ceiling ? t.ceiling.median.toLocaleString("en") : "–"} | ${f(t.webmqtt)} |${b(f(t.webmqttbase))} ${f(t.mqttjs)} |${m5(f(t.mqtt5wasm))} ${ratio} | ${ceiling} |${b(vsBase)}`);
}
// CPU_TIME=1: CPU per message by process, medians over rounds.
if (runs.some((r) => r.cpuUs)) {
  const types = [...new Set(runs.flatMap((r) => Object.keys(r.cpuUs ?? {})))];
  console.log(`\n| CPU µs a message (medians) | ${types.join(" | ")} | all |\n|---|${"---:|".repeat(types.length + 1)}`);
  for (const scenario of ["pub0", "pub1", "pub2", "recv"]) {
    for (const impl of ["ceiling", ...CLIENTS]) {
      const xs = runs.filter((r) => r.impl === impl && r.scenario === scenario && r.cpuUs);
      if (!xs.length) continue;
      const cells = types.map((t) => median(xs.map((r) => r.cpuUs[t] ?? 0)));
      console.log(`| ${scenario} ${impl} | ${cells.map((c) => c.toFixed(1)).join(" | ")} | ${median(xs.map((r) => Object.values(r.cpuUs).reduce((a, b) => a + b, 0))).toFixed(1)} |`);
    }
  }
}
// TIME_CALLS=1: the page's own time per message, medians over rounds.
if (runs.some((r) => r.handlerUs !== undefined)) {
  console.log("\n| page's own µs a message (medians, min–max) | publish calls | message handlers |\n|---|---:|---:|");
  for (const scenario of ["pub0", "pub1", "pub2", "recv"]) {
    for (const impl of ["ceiling", ...CLIENTS]) {
      const xs = runs.filter((r) => r.impl === impl && r.scenario === scenario && r.handlerUs !== undefined);
      const cell = (k) => `${median(xs.map((r) => r[k])).toFixed(2)} (${Math.min(...xs.map((r) => r[k])).toFixed(2)}–${Math.max(...xs.map((r) => r[k])).toFixed(2)})`;
      if (xs.length) console.log(`| ${scenario} ${impl} | ${cell("publishUs")} | ${cell("handlerUs")} |`);
    }
  }
}
// Latency at 1,000 msg/s: medians over rounds of each run's p50 and p99.
console.log("\n| lat (1,000 msg/s, QoS 0) | p50 ms | p99 ms |\n|---|---:|---:|");
for (const impl of CLIENTS) {
  const xs = runs.filter((r) => r.impl === impl && r.scenario === "lat" && r.p99 !== undefined);
  if (xs.length) console.log(`| ${impl} | ${median(xs.map((r) => r.p50))} | ${median(xs.map((r) => r.p99))} |`);
}
// Memory after n messages: bounded if the last quarter adds nothing.
if (!ISSUE) {
  const mib = (b) => (b === null || b === undefined ? "–" : (b / 1048576).toFixed(1));
  console.log(`\n| memory (MiB) after n received | ${[0, 0.25, 0.5, 0.75, 1].map((f) => (f * N.mem).toLocaleString("en")).join(" | ")} |`);
  console.log(`|---|${"---:|".repeat(5)}`);
  for (const impl of CLIENTS) {
    const r = runs.find((r) => r.impl === impl && r.scenario === "mem" && r.samples);
    if (!r) continue;
    console.log(`| ${impl} JS heap | ${r.samples.map((s) => mib(s.jsHeap)).join(" | ")} |`);
    if (r.samples[0].wasm !== null) console.log(`| ${impl} wasm memory | ${r.samples.map((s) => mib(s.wasm)).join(" | ")} |`);
  }
}
if (ISSUE) {
  // Each goal of issue #14 next to its figure.
  const med = (impl, scenario, key = "perSecond") => {
    const xs = runs.filter((r) => r.impl === impl && r.scenario === scenario && r[key] !== undefined).map((r) => r[key]);
    return xs.length ? median(xs) : undefined;
  };
  const goals = [];
  const ratioGoal = (scenario, label, vsCeiling, vsMqttjs) => {
    const w = med("webmqtt", scenario), c = med("ceiling", scenario), m = med("mqttjs", scenario);
    // Left out of this run (SCENARIOS=…): neither met nor not.
    if (w === undefined) return goals.push([label, "not run", null]);
    const parts = [], met = [];
    if (vsCeiling) {
      parts.push(`${w && c ? Math.round((w / c) * 100) : "–"}% of the ceiling (goal ≥ ${vsCeiling * 100}%)`);
      met.push(w && c && w / c >= vsCeiling);
    }
    parts.push(`${w && m ? (w / m).toFixed(2) : "–"}× MQTT.js (goal ≥ ${vsMqttjs}×)`);
    met.push(w && m && w / m >= vsMqttjs);
    goals.push([label, parts.join(", "), met.every(Boolean)]);
  };
  ratioGoal("pub0", "QoS 0 publish, received back", 0.9, 1.5);
  ratioGoal("recv", "receive a flood from a TCP publisher", 0.9, 1.5);
  ratioGoal("pub1", "QoS 1 publish, received back", 0, 2);
  ratioGoal("pub2", "QoS 2 publish, received back", 0, 2);
  const wp99 = med("webmqtt", "lat", "p99"), mp99 = med("mqttjs", "lat", "p99");
  if (wp99 === undefined) goals.push(["p99 latency at 1,000 msg/s", "not run", null]);
  else goals.push(["p99 latency at 1,000 msg/s", `${wp99} ms vs MQTT.js ${mp99} ms (goal: no worse)`, wp99 <= mp99]);
  console.log("\n| goal (issue #14 method) | measured | |\n|---|---|---|");
  for (const [label, text, met] of goals) console.log(`| ${label} | ${text} | ${met === null ? "–" : met ? "met" : "not met"} |`);
}
console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const errors = runs.filter((r) => r.error);
if (errors.length) console.log(`\n${errors.length} runs failed: ${[...new Set(errors.map((e) => `${e.impl} ${e.scenario}: ${e.error.split("\n")[0]}`))].join("; ")}`);
const date = new Date().toISOString().slice(0, 10);
mkdirSync(`${root}benches/results`, { recursive: true });
// A partial run (SCENARIOS=…) is not a recorded result.
const name = ISSUE ? "e2e-browser-issue" : "e2e-browser";
const out = ONLY ? `${root}target/${name}-partial.json` : `${root}benches/results/${name}-${date}.json`;
writeFileSync(out, JSON.stringify({ date, method: METHOD, loadAverage: loadavg(), runs, table }, null, 2) + "\n");
broker.kill();
server.close();
