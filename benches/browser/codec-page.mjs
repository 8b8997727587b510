// The codec in the browser: webmqtt's (wasm, called from JS one packet at a
// time) against mqtt-packet (the codec under MQTT.js), on the same bytes.
// Each case runs both in turn, five rounds, about 200 ms each; the medians
// go to window.__results. "parse" hands the PUBLISH payload to JS as a
// client delivering a message does; "decode only" leaves it in wasm memory,
// to show the codec apart from that hand-over.
import init, * as w from "/target/bench-pkg/webmqtt.js";
import { mqttPacket, Buffer } from "./dist/mqtt-packet.mjs";

await init();
const out = document.getElementById("out");

function opsPerSecond(fn, ms = 200) {
  let n = 0;
  const t0 = performance.now();
  let t;
  do {
    for (let i = 0; i < 64; i++) fn();
    n += 64;
    t = performance.now();
  } while (t - t0 < ms);
  return n / ((t - t0) / 1000);
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TOPIC = "sensors/room1/voltage";
const cases = [];
for (const v5 of [false, true]) {
  for (const qos of [0, 1]) {
    for (const size of [64, 1024]) {
      const payload = new Uint8Array(size).fill(0x61);
      const packet = {
        cmd: "publish", topic: TOPIC, payload: Buffer.from(payload), qos, retain: false, dup: false,
        ...(qos ? { messageId: 1 } : {}),
        ...(v5 ? { properties: { userProperties: { unit: "V" } } } : {}),
      };
      cases.push({
        name: `publish ${v5 ? "5.0" : "3.1.1"} qos${qos} ${size === 64 ? "64B" : "1KiB"}`,
        v5, packet,
        generateOurs: () => w.benchGeneratePublish(TOPIC, payload, qos, v5, v5),
        parseOurs: (bytes) => w.benchParseToJs(bytes, v5),
        // The codec alone: the payload stays in wasm memory.
        decodeOurs: (bytes) => w.benchParse(bytes, v5),
      });
    }
  }
  const password = new TextEncoder().encode("sensor-password");
  cases.push({
    name: `connect ${v5 ? "5.0" : "3.1.1"}`, v5,
    packet: { cmd: "connect", protocolId: "MQTT", protocolVersion: v5 ? 5 : 4, clean: true, clientId: "webmqtt-bench", keepalive: 60, username: "sensor", password: Buffer.from("sensor-password") },
    generateOurs: () => w.benchGenerateConnect("webmqtt-bench", "sensor", password, v5),
    parseOurs: (bytes) => w.benchParse(bytes, v5),
  });
  const filters = ["sensors/+/voltage", "sensors/#", "$SYS/broker/uptime"];
  cases.push({
    name: `subscribe ${v5 ? "5.0" : "3.1.1"}`, v5,
    packet: { cmd: "subscribe", messageId: 1, subscriptions: filters.map((topic) => ({ topic, qos: 1 })), ...(v5 ? { properties: {} } : {}) },
    generateOurs: () => w.benchGenerateSubscribe(filters, v5),
    parseOurs: (bytes) => w.benchParse(bytes, v5),
  });
}

const results = [];
for (const c of cases) {
  const opts = { protocolVersion: c.v5 ? 5 : 4 };
  const bytes = new Uint8Array(mqttPacket.generate(c.packet, opts));
  const buffer = Buffer.from(bytes);
  // Same bytes both ways: webmqtt must decode what mqtt-packet wrote.
  if (!c.parseOurs(bytes)) throw new Error(`${c.name}: webmqtt cannot parse mqtt-packet's bytes`);
  const parser = mqttPacket.parser(opts);
  let parsed = 0;
  parser.on("packet", () => parsed++);
  parser.on("error", (e) => { throw e; });
  const theirsParse = () => parser.parse(buffer);
  const theirsGenerate = () => mqttPacket.generate(c.packet, opts);
  const oursParse = () => c.parseOurs(bytes);
  const rounds = { parse: [[], []], generate: [[], []], "decode only": [[], []] };
  for (let r = 0; r < 5; r++) {
    rounds.parse[0].push(opsPerSecond(oursParse));
    rounds.parse[1].push(opsPerSecond(theirsParse));
    rounds.generate[0].push(opsPerSecond(c.generateOurs));
    rounds.generate[1].push(opsPerSecond(theirsGenerate));
    if (c.decodeOurs) {
      rounds["decode only"][0].push(opsPerSecond(() => c.decodeOurs(bytes)));
      rounds["decode only"][1].push(opsPerSecond(theirsParse));
    }
  }
  for (const op of ["parse", "generate", ...(c.decodeOurs ? ["decode only"] : [])]) {
    const ours = median(rounds[op][0]);
    const theirs = median(rounds[op][1]);
    results.push({ case: c.name, op, bytes: bytes.length, webmqtt: Math.round(ours), mqttPacket: Math.round(theirs), ratio: +(ours / theirs).toFixed(2) });
  }
  out.textContent = results.map((r) => JSON.stringify(r)).join("\n");
}
window.__results = results;
