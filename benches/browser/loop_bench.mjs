// The client's own work per message, without a browser, a network or a
// broker: webmqtt's npm package in Node against a WebSocket stand-in that
// answers as Mosquitto does (CONNACK, SUBACK, a PUBACK and the message
// back for each QoS 1 PUBLISH, each packet a frame of its own, each frame
// a task of its own). What it measures is only the JS and wasm a message
// costs the page, which e2e_bench.mjs's throughput cannot tell apart
// from the machine's other work when it changes by a few percent: for
// trying a change to the per-message path, `pkg/` against
// `target/base-pkg` (copy pkg/ there before the change), interleaved
// rounds, medians.
//
// Scenarios: pub1 (issue #14's pacing: bursts of 64 publishes per task,
// at most 1,000 unfinished, each message acknowledged and received back)
// and recv (a flood of QoS 0 messages, a frame each).
//
// Usage: node benches/browser/loop_bench.mjs   (after scripts/build-npm.sh)
//        ROUNDS=9 SCENARIOS=pub1 node benches/browser/loop_bench.mjs
import { readFileSync, existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const SCENARIOS = (process.env.SCENARIOS ?? "pub1,recv").split(",");
const N = { pub1: 20000, recv: 50000 };
const BURST = 64;
const WINDOW = 1000;

// The broker's side of the stand-in: the frames it has to deliver, one
// task (setImmediate) each, as a browser delivers each WebSocket message.
let socket = null;
let toDeliver = [];
let next = 0;
let pumping = false;
function deliver(bytes) {
  toDeliver.push(bytes);
  if (!pumping) {
    pumping = true;
    setImmediate(pump);
  }
}
function pump() {
  const bytes = toDeliver[next++];
  if (bytes === undefined || !socket) {
    toDeliver = [];
    next = 0;
    pumping = false;
    return;
  }
  // A fresh ArrayBuffer per frame, as the browser makes.
  const e = { data: bytes.slice().buffer };
  const t = performance.now();
  socket.onmessage?.(e);
  timing.handlerMs += performance.now() - t;
  setImmediate(pump);
}

// A flood of `n` QoS 0 messages on `topic`, a frame each.
function flood(topic, n) {
  const t = new TextEncoder().encode(topic);
  const body = [t.length >> 8, t.length & 255, ...t, ...new Uint8Array(64).fill(0x61)];
  const frame = Uint8Array.from([0x30, body.length, ...body]);
  for (let i = 0; i < n; i++) deliver(frame);
}

// The client's own time: in the socket's message handler (all it does
// with a frame, the page's `message` handlers included) and in the
// publish calls.
const timing = { handlerMs: 0, publishMs: 0 };

let nextId = 1;
class StandInSocket {
  constructor(url, protocol) {
    this.readyState = 1;
    this.bufferedAmount = 0;
    this.binaryType = "blob";
    socket = this;
    this.subscribed = new Map();
    setImmediate(() => this.onopen?.());
  }
  send(data) {
    const buf = data;
    let i = 0;
    while (i < buf.length) {
      const type = buf[i];
      let len = 0, mul = 1, j = i + 1, b;
      do {
        b = buf[j++];
        len += (b & 127) * mul;
        mul *= 128;
      } while (b & 128);
      const body = buf.subarray(j, j + len);
      i = j + len;
      switch (type >> 4) {
        case 1: // CONNECT
          deliver(Uint8Array.from([0x20, 2, 0, 0]));
          break;
        case 8: { // SUBSCRIBE: one filter
          const tl = (body[2] << 8) | body[3];
          const topic = new TextDecoder().decode(body.subarray(4, 4 + tl));
          this.subscribed.set(topic, body[4 + tl] & 3);
          deliver(Uint8Array.from([0x90, 3, body[0], body[1], body[4 + tl] & 3]));
          break;
        }
        case 3: { // PUBLISH
          const qos = (type >> 1) & 3;
          const tl = (body[0] << 8) | body[1];
          const topic = new TextDecoder().decode(body.subarray(2, 2 + tl));
          const at = 2 + tl;
          if (qos === 1) deliver(Uint8Array.of(0x40, 2, body[at], body[at + 1]));
          const granted = this.subscribed.get(topic);
          if (granted !== undefined) {
            const q = Math.min(qos, granted);
            const payload = body.subarray(at + (qos ? 2 : 0));
            const id = nextId = (nextId % 65535) + 1;
            const len = at + (q ? 2 : 0) + payload.length;
            const out = new Uint8Array(2 + len);
            out[0] = 0x30 | (q << 1);
            out[1] = len;
            out.set(body.subarray(0, at), 2);
            if (q) out.set([id >> 8, id & 255], 2 + at);
            out.set(payload, 2 + len - payload.length);
            deliver(out);
          }
          break;
        }
        case 12: // PINGREQ
          deliver(Uint8Array.from([0xd0, 0]));
          break;
        case 14: // DISCONNECT
          setImmediate(() => this.close());
          break;
        default: // PUBACK and the like: nothing to answer
      }
    }
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    if (socket === this) socket = null;
    setImmediate(() => this.onclose?.({ code: 1000, reason: "" }));
  }
}
globalThis.WebSocket = StandInSocket;

async function load(dir) {
  const m = await import(`${dir}/index.js`);
  await m.ready(readFileSync(`${dir}/dist/webmqtt_bg.wasm`));
  return m;
}

async function run(m, scenario) {
  const n = N[scenario];
  const topic = `bench/loop-${Math.random().toString(16).slice(2)}`;
  const c = await m.connectAsync("ws://stand-in/mqtt", { protocolVersion: 4, clientId: topic.slice(6), maxInFlight: WINDOW });
  await c.subscribe(topic, { qos: scenario === "pub1" ? 1 : 0 });
  const payload = new Uint8Array(64).fill(0x61);
  const cpu = process.cpuUsage();
  timing.handlerMs = timing.publishMs = 0;
  const start = performance.now();
  await new Promise((resolve) => {
    let received = 0, acked = 0, issued = 0, posted = false;
    if (scenario === "recv") {
      c.on("message", () => ++received === n && resolve());
      flood(topic, n);
      return;
    }
    const room = () => Math.min(BURST, n - issued, WINDOW - (issued - Math.min(received, acked)));
    const kick = () => {
      if (!posted && room() > 0) {
        posted = true;
        setImmediate(burst);
      }
    };
    const progressed = () => (Math.min(received, acked) === n ? resolve() : kick());
    const burst = () => {
      posted = false;
      const count = room();
      issued += count;
      const t = performance.now();
      for (let i = 0; i < count; i++)
        c.publish(topic, payload, { qos: 1 }, () => {
          acked++;
          progressed();
        });
      timing.publishMs += performance.now() - t;
      kick();
    };
    c.on("message", () => {
      received++;
      progressed();
    });
    kick();
  });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await c.end();
  return {
    us: (ms * 1000) / n,
    cpuUs: (used.user + used.system) / n,
    handlerUs: (timing.handlerMs * 1000) / n,
    publishUs: (timing.publishMs * 1000) / n,
  };
}

// PKG=dir: that package alone (for a profile: `node --cpu-prof`, with a
// package built with WASM_NAMES=1).
const clients = { webmqtt: await load(process.env.PKG ?? `${root}pkg`) };
if (!process.env.PKG && existsSync(`${root}target/base-pkg/index.js`)) clients.base = await load(`${root}target/base-pkg`);
const runs = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const scenario of SCENARIOS) {
    const names = Object.keys(clients);
    for (const name of round % 2 ? names.reverse() : names) {
      const r = await run(clients[name], scenario);
      runs.push({ name, scenario, ...r });
      process.stderr.write(`${scenario} ${name}: ${r.us.toFixed(2)} µs a message (CPU ${r.cpuUs.toFixed(2)}; handlers ${r.handlerUs.toFixed(2)}, publish calls ${r.publishUs.toFixed(2)})\n`);
    }
  }
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log("| scenario | package | µs a message | CPU µs | handlers µs | publish calls µs |");
console.log("|---|---|---:|---:|---:|---:|");
for (const scenario of SCENARIOS) {
  for (const c of Object.keys(clients)) {
    const rs = runs.filter((r) => r.name === c && r.scenario === scenario);
    const cell = (k) => `${median(rs.map((r) => r[k])).toFixed(2)} (min ${Math.min(...rs.map((r) => r[k])).toFixed(2)})`;
    console.log(`| ${scenario} | ${c} | ${cell("us")} | ${cell("cpuUs")} | ${cell("handlerUs")} | ${scenario === "pub1" ? cell("publishUs") : "–"} |`);
  }
}
console.log(`\nload average: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
