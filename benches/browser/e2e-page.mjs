// One end-to-end run in the browser, opened with no DevTools client
// attached (the runner starts Chromium itself): `impl` is webmqtt, mqttjs,
// mqtt5wasm or ceiling (a plain WebSocket with pre-encoded packets and no
// MQTT logic); `scenario` is pub0, pub1 or pub2 (n messages of 64 bytes
// published at that QoS and received back by a subscription in the same
// page), recv (a flood from a native publisher), lat (latency at 1,000
// msg/s) or mem (memory while a million messages arrive). The result is
// POSTed to the runner.
import { packet, str } from "./packets.mjs";

const q = new URLSearchParams(location.search);
const impl = q.get("impl");
const scenario = q.get("scenario");
const n = Number(q.get("n"));
const url = `ws://127.0.0.1:${q.get("ws")}/mqtt`;
const qos = scenario.startsWith("pub") ? Number(scenario.slice(3)) : 0;
// The method: "project" (every client in MQTT 5.0, all n publishes issued
// in one task, the ceiling sending all n in one frame) or "issue" (the
// method of issue #14: MQTT 3.1.1, publishes in bursts of BURST per task
// with at most WINDOW unfinished, the ceiling sending one frame per
// burst).
const method = q.get("method") ?? "project";
// How webmqtt's publish is called: as MQTT.js's is (callback) or by its promise.
const form = q.get("form") ?? "callback";
const version = method === "issue" ? 4 : 5;
const BURST = 64;
const WINDOW = 1000;
const topic = `bench/e2e-${impl}-${Math.random().toString(16).slice(2)}`;
const payload = new Uint8Array(64).fill(0x61);

// count=1 (COUNT_FRAMES=1 for the runner): count the WebSocket frames each
// client sends and receives, reported per message. Off by default, as the
// counting itself takes time.
const frames = { sent: 0, received: 0, timers: 0 };
if (q.get("count") === "1") {
  const setTimer = globalThis.setTimeout;
  globalThis.setTimeout = (...args) => {
    frames.timers++;
    return setTimer(...args);
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    frames.sent++;
    if (frames.sent === 1) this.addEventListener("message", () => frames.received++);
    return send.call(this, data);
  };
}

// time=1 (TIME_CALLS=1 for the runner): the page's own time per message
// in two places, for changes too small to show in the throughput of a
// shared machine: the synchronous publish calls of each burst (issue
// method), and every WebSocket message handler (all a client does with a
// received frame, its `message` handlers included). The runner serves the
// page cross-origin isolated, so `performance.now()` has 5 µs resolution
// (100 µs otherwise); summed over thousands of calls its jitter averages
// out.
const timing = { publishMs: 0, handlerMs: 0 };
const timed = (f) => (e) => {
  const t = performance.now();
  f(e);
  timing.handlerMs += performance.now() - t;
};
if (q.get("time") === "1") {
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, "onmessage");
  Object.defineProperty(WebSocket.prototype, "onmessage", {
    get() {
      return onmessage.get.call(this);
    },
    set(f) {
      onmessage.set.call(this, f && timed(f));
    },
  });
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, f, ...rest) {
    return add.call(this, type, type === "message" && typeof f === "function" ? timed(f) : f, ...rest);
  };
}

async function report(result) {
  if (q.get("count") === "1") result = { ...result, framesSentPerMessage: +(frames.sent / n).toFixed(3), framesReceivedPerMessage: +(frames.received / n).toFixed(3), timersPerMessage: +(frames.timers / n).toFixed(3) };
  if (q.get("time") === "1") result = { ...result, publishUs: +((timing.publishMs * 1000) / n).toFixed(2), handlerUs: +((timing.handlerMs * 1000) / n).toFixed(2) };
  await fetch(q.get("report"), { method: "POST", body: JSON.stringify({ impl, scenario, n, ...result }) });
  document.getElementById("out").textContent = JSON.stringify(result);
}

function waitFor(check) {
  return new Promise((resolve) => {
    const tick = () => (check() ? resolve() : setTimeout(tick, 1));
    tick();
  });
}

// Asks the runner to flood the topic with n messages from a native
// publisher over TCP.
const flood = () => fetch(q.get("report").replace("/report", `/ready?topic=${encodeURIComponent(topic)}&n=${n}`), { method: "POST" });

// recv: the runner floods the topic from outside once the page is ready;
// time from the first arrival to the last.
async function recv(onMessage) {
  let received = 0;
  let first = 0;
  onMessage(() => {
    if (received++ === 0) first = performance.now();
  });
  await flood();
  await waitFor(() => received === n);
  return { ms: performance.now() - first };
}

// mem: n messages (a million) flooded in as for recv; the JS heap after a
// forced collection and the wasm memory at the start and at every quarter,
// to show whether either grows with the count.
async function mem(onMessage, wasmBytes) {
  const samples = [];
  const sample = (received) => {
    globalThis.gc?.();
    samples.push({ received, jsHeap: performance.memory?.usedJSHeapSize ?? null, wasm: wasmBytes() });
  };
  sample(0);
  let received = 0;
  let first = 0;
  onMessage(() => {
    if (received++ === 0) first = performance.now();
    if (received % (n / 4) === 0) sample(received);
  });
  await flood();
  await waitFor(() => received === n);
  return { ms: performance.now() - first, samples };
}

// lat: 1,000 messages a second, paced from ordinary tasks (MessageChannel,
// not nested timers, which the browser clamps to 4 ms), each carrying its
// send time; latency percentiles of the round trip through the broker.
async function lat(publish, onMessage) {
  const latencies = [];
  onMessage((payload) => latencies.push(performance.now() - Number(new TextDecoder().decode(payload))));
  const channel = new MessageChannel();
  const start = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    channel.port1.onmessage = () => {
      const due = Math.floor((performance.now() - start) / 1);
      while (sent < n && sent <= due) {
        publish(String(performance.now()));
        sent++;
      }
      if (sent < n) channel.port2.postMessage(0);
      else resolve();
    };
    channel.port2.postMessage(0);
  });
  await waitFor(() => latencies.length === n);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { ms: performance.now() - start, p50: +pct(50).toFixed(2), p99: +pct(99).toFixed(2) };
}

// Runs the scenario on a connected, subscribed client, whatever its API:
// `publish(bytesOrText, qos, acked)` calls `acked` once acknowledged;
// `onMessage(f)` calls `f(payload)` per message; `wasmBytes()` is the
// size of the client's wasm memory, or null.
async function scenarioOn(publish, onMessage, wasmBytes = () => null) {
  if (scenario === "recv") return recv(onMessage);
  if (scenario === "mem") return mem(onMessage, wasmBytes);
  if (scenario === "lat") return lat((text) => publish(text, 0, () => {}), onMessage);
  let received = 0;
  let acked = 0;
  if (method === "issue") {
    const start = performance.now();
    const { done, progressed } = bursts((count) => {
      const t = performance.now();
      for (let i = 0; i < count; i++) {
        publish(payload, qos, () => {
          acked++;
          progressed(received, acked);
        });
      }
      timing.publishMs += performance.now() - t;
    });
    onMessage(() => progressed(++received, acked));
    await done;
    return { ms: performance.now() - start };
  }
  onMessage(() => received++);
  const start = performance.now();
  for (let i = 0; i < n; i++) publish(payload, qos, () => acked++);
  await waitFor(() => received === n && acked === n);
  return { ms: performance.now() - start };
}

// The issue's pacing: `issue(count)` publishes `count` messages in the
// current task, BURST at a time, one task per burst (a MessageChannel hop,
// which the browser does not clamp as it does nested timers), with at most
// WINDOW messages unfinished: issued but not both acknowledged (sent, for
// QoS 0) and received back. The caller reports progress with
// `progressed(received, acked)`; `done` resolves when all n are finished.
function bursts(issue) {
  const channel = new MessageChannel();
  let issued = 0;
  let finished = 0;
  let posted = false;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const room = () => Math.min(BURST, n - issued, WINDOW - (issued - finished));
  const kick = () => {
    if (!posted && room() > 0) {
      posted = true;
      channel.port2.postMessage(0);
    }
  };
  channel.port1.onmessage = () => {
    posted = false;
    const count = room();
    if (count > 0) {
      issued += count;
      issue(count);
    }
    kick();
  };
  const progressed = (received, acked) => {
    finished = Math.min(received, acked);
    if (finished === n) resolveDone();
    else kick();
  };
  kick();
  return { done, progressed };
}

async function runWebmqtt(entry = "/pkg/index.js") {
  const { connectAsync, ready } = await import(entry);
  const wasm = await ready();
  const c = await connectAsync(url, {
    protocolVersion: version,
    clientId: `wm-${topic}`,
    // The same in-flight window as MQTT.js, which has none in 3.1.1: the
    // benchmark's WINDOW bounds both.
    ...(method === "issue" ? { maxInFlight: WINDOW } : {}),
  });
  // connectAsync resolves once CONNACK is in (a `connect` handler added
  // now would wait for a reconnection).
  await c.subscribe(topic, { qos });
  const result = await scenarioOn(
    form === "promise"
      ? (p, q, acked) => c.publish(topic, p, { qos: q }).then(acked)
      : (p, q, acked) => c.publish(topic, p, { qos: q }, acked),
    (f) => c.on("message", (t, p) => f(p)),
    () => wasm.memory.buffer.byteLength,
  );
  await c.end();
  return result;
}

async function runMqttjs() {
  const mqtt = (await import("./node_modules/mqtt/dist/mqtt.esm.js")).default;
  const c = mqtt.connect(url, { protocolVersion: version, clientId: `mj-${topic}`, reconnectPeriod: 0 });
  await new Promise((r) => c.on("connect", r));
  await c.subscribeAsync(topic, { qos });
  const result = await scenarioOn(
    (p, q, acked) => c.publish(topic, p, { qos: q }, acked),
    (f) => c.on("message", (t, p) => f(p)),
  );
  await c.endAsync();
  return result;
}

// mqtt5-wasm (crates.io, Rust compiled to wasm as webmqtt is), built by
// scripts/bench.sh into target/mqtt5-wasm-pkg with its default features.
async function runMqtt5Wasm() {
  const m = await import("/target/mqtt5-wasm-pkg/mqtt5_wasm_bench.js");
  const wasm = await m.default();
  const c = new m.MqttClient(`m5-${topic}`);
  await c.connect(url);
  let handler = () => {};
  const so = new m.SubscribeOptions();
  so.qos = qos;
  await c.subscribeWithOptions(topic, (t, p) => handler(p), so);
  const enc = new TextEncoder();
  const options = [0, 1, 2].map((q) => {
    const o = new m.PublishOptions();
    o.qos = q;
    return o;
  });
  const result = await scenarioOn(
    (p, q, acked) => c.publishWithOptions(topic, typeof p === "string" ? enc.encode(p) : p, options[q]).then(acked),
    (f) => (handler = f),
    () => wasm.memory.buffer.byteLength,
  );
  await c.disconnect();
  return result;
}

// The ceiling: the same bytes over a plain WebSocket, pre-encoded, with no
// MQTT logic beyond what the broker needs to see: each received packet is
// found by its fixed header and answered with its pre-shaped acknowledgement.
// Like webmqtt, it sends the burst of publishes as one frame and answers
// the frames received back to back in one frame (from a zero-delay timer,
// or at once when the oldest reply has waited 1 ms), so it is the limit of
// this browser and broker, not of a framing choice.
async function runCeiling() {
  const frame = (packets) => Uint8Array.from(packets.flat());
  // 5.0 packets carry a properties length (0) where 3.1.1 has none.
  const props = version === 5 ? [0] : [];
  const connect = frame([packet(0x10, [...str("MQTT"), version, 2, 0, 60, ...props, ...str(`cl-${topic}`)])]);
  const subscribe = frame([packet(0x82, [0, 1, ...props, ...str(topic), qos])]);
  const publishes = [];
  if (scenario.startsWith("pub")) {
    for (let id = 1; id <= n; id++) {
      const idBytes = qos ? [id >> 8, id & 255] : [];
      publishes.push(packet(0x30 | (qos << 1), [...str(topic), ...idBytes, ...props, ...payload]));
    }
  }
  const burst = frame(publishes);
  // Where each packet starts in `burst`, so that a run of them is sent as
  // one view with no copy.
  const offsets = [0];
  for (const p of publishes) offsets.push(offsets[offsets.length - 1] + p.length);
  const ws = new WebSocket(url, "mqtt");
  ws.binaryType = "arraybuffer";
  let setup = 0, received = 0, acked = 0, first = 0;
  let onProgress = () => {};
  let pending = new Uint8Array(0);
  let replies = [];
  let repliesSince = 0;
  const sendReplies = () => {
    if (replies.length) ws.send(Uint8Array.from(replies));
    replies = [];
  };
  ws.onmessage = (e) => {
    const data = new Uint8Array(e.data);
    const buf = pending.length ? new Uint8Array(pending.length + data.length) : data;
    if (pending.length) { buf.set(pending); buf.set(data, pending.length); }
    const hadReplies = replies.length > 0;
    if (!hadReplies) repliesSince = performance.now();
    let i = 0;
    while (i + 2 <= buf.length) {
      let len = 0, mul = 1, j = i + 1, b;
      do { b = buf[j++]; len += (b & 127) * mul; mul *= 128; } while (b & 128 && j < buf.length);
      if (j + len > buf.length) break;
      const type = buf[i] >> 4;
      if (type === 3) {
        if (received++ === 0) first = performance.now();
        const q = (buf[i] >> 1) & 3;
        const at = j + 2 + ((buf[j] << 8) | buf[j + 1]);
        if (q) replies.push(q === 1 ? 0x40 : 0x50, 2, buf[at], buf[at + 1]);
      } else if (type === 5) replies.push(0x62, 2, buf[j], buf[j + 1]); // PUBREC → PUBREL
      else if (type === 6) replies.push(0x70, 2, buf[j], buf[j + 1]); // PUBREL → PUBCOMP
      else if (type === 4 || type === 7) acked++; // PUBACK, PUBCOMP
      else setup++; // CONNACK, SUBACK
      i = j + len;
    }
    pending = buf.slice(i);
    onProgress();
    if (replies.length && performance.now() - repliesSince >= 1) sendReplies();
    else if (replies.length && !hadReplies) setTimeout(sendReplies, 0);
  };
  await new Promise((r) => (ws.onopen = r));
  ws.send(connect);
  ws.send(subscribe);
  await waitFor(() => setup >= 2);
  let ms;
  if (scenario === "recv") {
    await flood();
    await waitFor(() => received === n);
    ms = performance.now() - first;
  } else if (method === "issue") {
    const start = performance.now();
    let sent = 0;
    const { done, progressed } = bursts((count) => {
      const t = performance.now();
      ws.send(burst.subarray(offsets[sent], offsets[sent + count]));
      timing.publishMs += performance.now() - t;
      sent += count;
      if (qos === 0) acked = sent;
      progressed(received, acked);
    });
    onProgress = () => progressed(received, acked);
    await done;
    ms = performance.now() - start;
  } else {
    const start = performance.now();
    ws.send(burst);
    await waitFor(() => received === n && (qos === 0 || acked === n));
    ms = performance.now() - start;
  }
  ws.close();
  return { ms };
}

try {
  const runBase = () => runWebmqtt("/target/base-pkg/index.js");
  const run = { webmqtt: runWebmqtt, webmqttbase: runBase, mqttjs: runMqttjs, mqtt5wasm: runMqtt5Wasm, ceiling: runCeiling }[impl];
  const r = await run();
  await report({ ...r, perSecond: Math.round((n / r.ms) * 1000) });
} catch (e) {
  await report({ error: String(e && e.stack || e) });
}
