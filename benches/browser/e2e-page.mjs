// One end-to-end run in the browser, opened with no DevTools client
// attached (the runner starts Chromium itself): `impl` is webmqtt, mqttjs
// or ceiling (a plain WebSocket with pre-encoded packets and no MQTT
// logic); `scenario` is pub0, pub1 or pub2 (n messages of 64 bytes
// published at that QoS and received back by a subscription in the same
// page). The result is POSTed to the runner.
const q = new URLSearchParams(location.search);
const impl = q.get("impl");
const scenario = q.get("scenario");
const n = Number(q.get("n"));
const url = `ws://127.0.0.1:${q.get("ws")}/mqtt`;
const qos = scenario.startsWith("pub") ? Number(scenario.slice(3)) : 0;
const topic = `bench/e2e-${impl}-${Math.random().toString(16).slice(2)}`;
const payload = new Uint8Array(64).fill(0x61);

async function report(result) {
  await fetch(q.get("report"), { method: "POST", body: JSON.stringify({ impl, scenario, n, ...result }) });
  document.getElementById("out").textContent = JSON.stringify(result);
}

function waitFor(check) {
  return new Promise((resolve) => {
    const tick = () => (check() ? resolve() : setTimeout(tick, 1));
    tick();
  });
}

// recv: the runner floods the topic from outside once the page is ready;
// time from the first arrival to the last.
async function recv(onMessage) {
  let received = 0;
  let first = 0;
  onMessage(() => {
    if (received++ === 0) first = performance.now();
  });
  await fetch(q.get("report").replace("/report", `/ready?topic=${encodeURIComponent(topic)}`), { method: "POST" });
  await waitFor(() => received === n);
  return { ms: performance.now() - first };
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
// `onMessage(f)` calls `f(payload)` per message.
async function scenarioOn(publish, onMessage) {
  if (scenario === "recv") return recv(onMessage);
  if (scenario === "lat") return lat((text) => publish(text, 0, () => {}), onMessage);
  let received = 0;
  onMessage(() => received++);
  const start = performance.now();
  let acked = 0;
  for (let i = 0; i < n; i++) publish(payload, qos, () => acked++);
  await waitFor(() => received === n && acked === n);
  return { ms: performance.now() - start };
}

async function runWebmqtt() {
  const { connectAsync } = await import("/pkg/index.js");
  const c = await connectAsync(url, { protocolVersion: 5, clientId: `wm-${topic}` });
  await new Promise((r) => c.on("connect", r));
  await c.subscribe(topic, { qos });
  const result = await scenarioOn(
    (p, q, acked) => c.publish(topic, p, { qos: q }).then(acked),
    (f) => c.on("message", (t, p) => f(p)),
  );
  await c.end();
  return result;
}

async function runMqttjs() {
  const mqtt = (await import("./node_modules/mqtt/dist/mqtt.esm.js")).default;
  const c = mqtt.connect(url, { protocolVersion: 5, clientId: `mj-${topic}`, reconnectPeriod: 0 });
  await new Promise((r) => c.on("connect", r));
  await c.subscribeAsync(topic, { qos });
  const result = await scenarioOn(
    (p, q, acked) => c.publish(topic, p, { qos: q }, acked),
    (f) => c.on("message", (t, p) => f(p)),
  );
  await c.endAsync();
  return result;
}

// The ceiling: the same bytes over a plain WebSocket, QoS 0 only.
async function runCeiling() {
  const enc = new TextEncoder();
  const str = (s) => { const b = enc.encode(s); return [b.length >> 8, b.length & 255, ...b]; };
  const pkt = (first, body) => new Uint8Array([first, ...varint(body.length), ...body]);
  const varint = (x) => { const out = []; do { let b = x & 127; x >>= 7; if (x) b |= 128; out.push(b); } while (x); return out; };
  const connect = pkt(0x10, [...str("MQTT"), 5, 2, 0, 60, 0, ...str(`cl-${topic}`)]);
  const subscribe = pkt(0x82, [0, 1, 0, ...str(topic), 0]);
  const publish = pkt(0x30, [...str(topic), 0, ...payload]);
  const ws = new WebSocket(url, "mqtt");
  ws.binaryType = "arraybuffer";
  let received = 0;
  let pending = new Uint8Array(0);
  let acks = 0;
  ws.onmessage = (e) => {
    // Count whole packets by their fixed headers: the least a client does.
    const data = new Uint8Array(e.data);
    const buf = new Uint8Array(pending.length + data.length);
    buf.set(pending); buf.set(data, pending.length);
    let i = 0;
    while (i + 2 <= buf.length) {
      let len = 0, mul = 1, j = i + 1, b;
      do { b = buf[j++]; len += (b & 127) * mul; mul *= 128; } while (b & 128 && j < buf.length);
      if (j + len > buf.length) break;
      if ((buf[i] >> 4) === 3) received++; else acks++;
      i = j + len;
    }
    pending = buf.slice(i);
  };
  await new Promise((r) => (ws.onopen = r));
  ws.send(connect);
  ws.send(subscribe);
  await waitFor(() => acks >= 2);
  const start = performance.now();
  for (let i = 0; i < n; i++) ws.send(publish);
  await waitFor(() => received === n);
  const ms = performance.now() - start;
  ws.close();
  return { ms };
}

try {
  const run = { webmqtt: runWebmqtt, mqttjs: runMqttjs, ceiling: runCeiling }[impl];
  const r = await run();
  await report({ ...r, perSecond: Math.round((n / r.ms) * 1000) });
} catch (e) {
  await report({ error: String(e && e.stack || e) });
}
