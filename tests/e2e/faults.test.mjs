// Fault injection: the built npm package (pkg/, from scripts/build-npm.sh)
// in Debian's Chromium against fake-broker.mjs, a WebSocket peer that
// sends what no real broker would. Each test opens faults-page.html and
// drives the package through page.evaluate; the fake broker records what
// the client sent.
//
// A fault test runs two clients side by side on the same fault: one with
// the default options, which must reconnect (a second CONNECT arrives),
// and one with `reconnectPeriod: 0`, which must stop (no second CONNECT).
// Both must report one typed `error` event, settle the publish and the
// subscribe they had pending, and leave no unhandled rejection or
// uncaught exception in the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";
import { startFakeBroker, PUBLISH, PUBACK, PINGREQ, SUBSCRIBE, DISCONNECT, disconnectReason } from "./fake-broker.mjs";

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Runs `body(page, broker)` on a fresh page and a fresh fake broker, then
 * checks the page had no unhandled rejection and no uncaught exception.
 */
async function withPage(body) {
  const broker = await startFakeBroker();
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e}`));
  try {
    await page.goto(`${server.url}/tests/e2e/faults-page.html`);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 15_000 });
    await body(page, broker);
    const problems = await page.evaluate(() => window.__problems);
    assert.deepEqual([...pageErrors, ...problems], [], "no unhandled rejection or uncaught exception in the page");
    for (const c of broker.connections()) assert.deepEqual(c.problems, [], `fake broker (${c.scenario}, ${c.tag})`);
  } finally {
    await page.close();
    await broker.close();
  }
}

const hex = (n) => `0x${n.toString(16).padStart(2, "0")}`;
const connects = (broker, tag) => broker.connections(tag).filter((c) => c.connect !== undefined);
const packetsOf = (conn, type) => conn.packets.filter((p) => p.type === type);
const names = (events) => events.map((e) => e.name + (e.error ? `(${e.error.code})` : "")).join(" ");

/** An `error` event's error: an MqttError with a string code and a message. */
function assertMqttError(error, code, message, what) {
  assert.ok(error, `${what}: an error event`);
  assert.equal(error.isError, true, `${what}: an Error`);
  assert.equal(error.name, "MqttError", `${what}: named MqttError`);
  assert.equal(typeof error.code, "string", `${what}: err.code is a string`);
  const codes = Array.isArray(code) ? code : [code];
  assert.ok(codes.includes(error.code), `${what}: err.code ${error.code} (message "${error.message}"), expected ${codes.join(" or ")}`);
  assert.equal(typeof error.message, "string", `${what}: err.message is a string`);
  assert.match(error.message, message, `${what}: err.message names the problem`);
}

/** A promise outcome from the page: settled, and a typed error if rejected. */
function assertSettled(outcome, what) {
  assert.equal(outcome.settled, true, `${what}: the promise settled`);
  if (outcome.err) {
    assert.equal(outcome.err.name, "MqttError", `${what}: rejected with an MqttError`);
    assert.equal(typeof outcome.err.code, "string", `${what}: err.code is a string`);
    assert.ok(outcome.err.message, `${what}: err.message`);
  }
}

/**
 * Runs `scenario` with both clients (tags "r": default options, "s":
 * reconnectPeriod 0) and returns their page records.
 */
async function runFault(page, broker, scenario, protocolVersion, options = {}, run = {}) {
  const url = (tag) => `${broker.url}/${scenario}?tag=${tag}`;
  return page.evaluate(
    async ({ r, s, options, run }) => {
      const [reconnect, stop] = await Promise.all([
        window.faults.faultRun(r, options, { ...run, expectReconnect: true }),
        window.faults.faultRun(s, { ...options, reconnectPeriod: 0 }, { ...run, expectReconnect: false }),
      ]);
      return { reconnect, stop };
    },
    { r: url("r"), s: url("s"), options: { protocolVersion, ...options }, run },
  );
}

/**
 * What every fault must give: for each client one typed error on the
 * faulty connection, both pending promises settled in bounded time, the
 * connection closed (in 5.0 after DISCONNECT with one of `disconnect5`,
 * or, where it is not given, with no DISCONNECT or an error one; in 3.1.1
 * without DISCONNECT, which would discard the will); then a
 * second CONNECT for the default client and none for the other.
 */
function assertFault(result, broker, spec, version) {
  for (const [tag, r] of [["r", result.reconnect], ["s", result.stop]]) {
    const who = `${tag === "r" ? "default client" : "client with reconnectPeriod 0"}`;
    assert.ok(r.connected, `${who}: connected first (events: ${names(r.events)})`);
    assertMqttError(r.error?.error, spec.code, spec.message, who);
    // One error for the faulty connection: those before the reconnection.
    const until = r.reconnected ? r.reconnected.t : Infinity;
    const errors = r.events.filter((e) => e.name === "error" && e.t < until);
    assert.equal(errors.length, 1, `${who}: one error event for the fault (events: ${names(r.events)})`);
    if (spec.maxErrorMs !== undefined) {
      const ms = r.error.t - r.connected.t;
      assert.ok(ms <= spec.maxErrorMs, `${who}: error ${Math.round(ms)} ms after connecting, expected at most ${spec.maxErrorMs}`);
    }
    if (spec.minErrorMs !== undefined) {
      const ms = r.error.t - r.connected.t;
      assert.ok(ms >= spec.minErrorMs, `${who}: error ${Math.round(ms)} ms after connecting, expected at least ${spec.minErrorMs}`);
    }
    assertSettled(r.publish, `${who}: QoS 1 publish pending at the fault`);
    assertSettled(r.subscribe, `${who}: subscribe pending at the fault`);
    const bound = tag === "r" ? 10_000 : 3_000;
    for (const [o, what] of [[r.publish, "publish"], [r.subscribe, "subscribe"]]) {
      const ms = o.t - r.error.t;
      assert.ok(ms <= bound, `${who}: ${what} settled ${Math.round(ms)} ms after the error, expected within ${bound}`);
    }
    assert.equal(r.ended?.settled, true, `${who}: end() settled`);

    const conns = connects(broker, tag);
    const first = conns[0];
    assert.equal(first.protocol, "mqtt", `${who}: WebSocket subprotocol`);
    assert.equal(first.version, version, `${who}: CONNECT protocol level`);
    if (spec.checkFirst) spec.checkFirst(first, who);
    assert.ok(first.closed, `${who}: the client closed the faulty connection`);
    const disconnects = packetsOf(first, DISCONNECT);
    if (version === 5 && spec.disconnect5 === undefined) {
      // A dead link: DISCONNECT is optional, but not a normal one.
      for (const d of disconnects) {
        assert.ok(disconnectReason(d) >= 0x80, `${who}: DISCONNECT reason ${hex(disconnectReason(d))} is an error (a normal one would discard the will)`);
      }
    } else if (version === 5) {
      assert.equal(disconnects.length, 1, `${who}: one DISCONNECT (0xe0) before the socket closed`);
      const last = first.packets[first.packets.length - 1];
      assert.equal(last.first, 0xe0, `${who}: DISCONNECT is the last packet`);
      const reason = disconnectReason(last);
      assert.ok(spec.disconnect5.includes(reason), `${who}: DISCONNECT reason ${hex(reason)}, expected ${spec.disconnect5.map(hex).join(" or ")}`);
      assert.ok(last.t <= first.closed, `${who}: DISCONNECT arrived before the close`);
    } else {
      assert.equal(disconnects.length, 0, `${who}: no DISCONNECT in MQTT 3.1.1 (it would discard the will)`);
    }
  }
  assert.ok(result.reconnect.reconnected, `default client: connected again (events: ${names(result.reconnect.events)})`);
  assert.ok(connects(broker, "r").length >= 2, "default client: a second CONNECT arrived");
  assert.equal(connects(broker, "s").length, 1, "client with reconnectPeriod 0: exactly one CONNECT");
  assert.equal(broker.connections("s").length, 1, "client with reconnectPeriod 0: no second connection");
}

/** The fault was sent (the scenario ran as written). */
const faulted = (first, who) => assert.ok(first.faulted, `${who}: the fake broker sent the fault`);

const MALFORMED = "MALFORMED_PACKET";
const FAULTS = [
  {
    name: "garbage bytes (00 00 ff)",
    scenario: "garbage",
    code: MALFORMED,
    message: /packet type/i,
    disconnect5: [0x81, 0x82],
    checkFirst: faulted,
  },
  {
    name: "a remaining length over four bytes (30 ff ff ff ff 7f)",
    scenario: "long-remaining-length",
    code: MALFORMED,
    message: /variable byte integer|remaining length/i,
    disconnect5: [0x81],
    checkFirst: faulted,
  },
  {
    name: "reserved fixed header flags set (PUBACK 41 02 00 01)",
    scenario: "reserved-flags",
    code: MALFORMED,
    message: /flags/i,
    disconnect5: [0x81],
    checkFirst: faulted,
  },
  {
    name: "a PUBLISH with QoS 3 (36 ...)",
    scenario: "qos3",
    code: MALFORMED,
    message: /QoS 3/i,
    disconnect5: [0x81],
    checkFirst: faulted,
  },
  {
    // §2.2.2.2: a property that may appear once, twice, is a Protocol
    // Error; the engine reports it as a malformed packet today.
    name: "a PUBLISH repeating the Payload Format Indicator",
    scenario: "duplicate-property",
    versions: [5],
    code: [MALFORMED, "PROTOCOL_ERROR"],
    message: /more than once|duplicate|repeat|twice/i,
    disconnect5: [0x82],
    checkFirst: faulted,
  },
  {
    name: "a text frame",
    scenario: "text-frame",
    code: "PROTOCOL_ERROR",
    message: /text/i,
    disconnect5: [0x82],
    checkFirst: faulted,
  },
  {
    name: "a PUBACK for a packet identifier never used (40 02 12 34)",
    scenario: "unknown-puback",
    code: "PROTOCOL_ERROR",
    message: /PUBACK|packet identifier/i,
    disconnect5: [0x82],
    checkFirst: faulted,
  },
  {
    name: "silence after CONNACK with keepalive 2 (no PINGRESP)",
    scenario: "silence",
    options: { keepalive: 2 },
    code: "KEEPALIVE_TIMEOUT",
    message: /PINGRESP|keep.?alive/i,
    minErrorMs: 1000,
    maxErrorMs: 4000,
    checkFirst(first, who) {
      assert.equal(first.connect.keepalive, 2, `${who}: CONNECT keep alive`);
      assert.ok(packetsOf(first, PINGREQ).length >= 1, `${who}: sent PINGREQ before giving up`);
    },
  },
  {
    // Default options but a keep alive of 2 s, so that it ends in seconds.
    name: "a 256 MiB remaining length, five bytes, then silence (default size limit)",
    scenario: "huge-packet",
    options: { keepalive: 2 },
    code: "KEEPALIVE_TIMEOUT",
    message: /PINGRESP|keep.?alive/i,
    maxErrorMs: 4000,
    checkFirst(first, who) {
      faulted(first, who);
      assert.ok(packetsOf(first, PINGREQ).length >= 1, `${who}: sent PINGREQ before giving up`);
    },
    check(result) {
      // The declared 256 MiB was never allocated.
      for (const r of [result.reconnect, result.stop]) {
        assert.ok(r.wasmMemory < 64 << 20, `wasm memory is ${r.wasmMemory} bytes after a 256 MiB header, expected under 64 MiB`);
      }
    },
  },
  {
    name: "a 256 MiB remaining length with maximumPacketSize 1024",
    scenario: "huge-packet",
    options: { maximumPacketSize: 1024 },
    code: "PACKET_TOO_LARGE",
    message: /large|maximum/i,
    disconnect5: [0x95],
    checkFirst(first, who) {
      faulted(first, who);
      if (first.version === 5) {
        assert.equal(first.connect.properties[0x27], 1024, `${who}: CONNECT announces Maximum Packet Size 1024`);
      }
    },
    check(result) {
      for (const r of [result.reconnect, result.stop]) {
        // At once: the SUBSCRIBE that triggers the fault goes out right
        // after the commands, so the error follows within a second.
        const ms = r.error.t - r.tCommands;
        assert.ok(ms < 1000, `PACKET_TOO_LARGE ${Math.round(ms)} ms after the fault, expected at once`);
        assert.ok(r.wasmMemory < 64 << 20, `wasm memory is ${r.wasmMemory} bytes, expected under 64 MiB`);
      }
    },
  },
];

for (const spec of FAULTS) {
  for (const version of spec.versions ?? [4, 5]) {
    const v = version === 5 ? "MQTT 5.0" : "MQTT 3.1.1";
    const code = Array.isArray(spec.code) ? spec.code.join("/") : spec.code;
    test(`${v}: ${spec.name} → ${code}; reconnects, or stops with reconnectPeriod 0`, { timeout: 60_000 }, () =>
      withPage(async (page, broker) => {
        const result = await runFault(page, broker, spec.scenario, version, spec.options);
        assertFault(result, broker, spec, version);
        spec.check?.(result);
      }),
    );
  }
}

// ------------------------------------------------------------ framing

for (const framing of ["bytes", "one"]) {
  for (const version of [4, 5]) {
    const v = version === 5 ? "MQTT 5.0" : "MQTT 3.1.1";
    const how = framing === "bytes" ? "one byte per WebSocket frame" : "many packets in one WebSocket frame";
    test(`${v}: ${how}: CONNACK, SUBACK, PUBLISH and PUBACK all work, messages intact`, { timeout: 30_000 }, () =>
      withPage(async (page, broker) => {
        const url = `${broker.url}/exchange?tag=x&framing=${framing}`;
        const r = await page.evaluate(
          async ({ url, version }) => {
            const { connect, track, settle, settled, sleep } = window.faults;
            const client = connect(url, { protocolVersion: version });
            const rec = track(client);
            const out = { connected: await rec.next("connect", 5000) };
            const pub = settle(client.publish("x/pub", "ping", { qos: 1 }));
            const sub = settle(client.subscribe("x/sub", { qos: 1 }));
            [out.publish, out.subscribe] = await settled([pub, sub], 5000);
            await rec.next("message", 5000, 2);
            await sleep(500);
            out.connectedAtEnd = client.connected;
            [out.ended] = await settled([settle(client.end())], 5000);
            out.events = rec.events;
            return out;
          },
          { url, version },
        );
        assert.ok(r.connected, `connected (events: ${names(r.events)})`);
        assert.deepEqual(r.events.filter((e) => e.name === "error").map((e) => e.error), [], "no error event");
        assert.deepEqual(r.subscribe.ok?.map((g) => [g.topic, g.qos]), [["x/sub", 1]], `subscribe resolved (${JSON.stringify(r.subscribe)})`);
        assert.equal(r.publish.ok?.reasonCode, 0, `publish resolved (${JSON.stringify(r.publish)})`);
        const messages = r.events.filter((e) => e.name === "message");
        const big = Array.from({ length: 300 }, (_, i) => i % 251);
        assert.deepEqual(
          messages.map((m) => [m.topic, m.qos, m.payload]),
          [["x/sub", 0, big], ["x/sub", 1, Array.from(Buffer.from("hello"))]],
          "both messages, payloads intact",
        );
        assert.equal(r.connectedAtEnd, true, "still connected");
        assert.equal(r.ended.settled, true, "end() settled");
        const conns = connects(broker, "x");
        assert.equal(conns.length, 1, "one CONNECT");
        const c = conns[0];
        const published = packetsOf(c, PUBLISH);
        assert.equal(published.length, 1, "the client's PUBLISH arrived once");
        assert.equal(published[0].body.includes(Buffer.from("x/pub")), true, "its topic");
        // The client acknowledged the QoS 1 message (identifier 7).
        assert.ok(packetsOf(c, PUBACK).some((p) => p.body.readUInt16BE(0) === 7), "PUBACK for the QoS 1 message");
        // The framing was as announced.
        const frames = c.sent.length;
        if (framing === "one") {
          assert.equal(frames, 2, "CONNACK, then SUBACK + 2 PUBLISH + PUBACK in one frame");
        }
      }),
    );
  }
}

// ------------------------------------------------------------ SUBACK

test("MQTT 3.1.1: a SUBACK with 0x8F (a 5.0 code) for one of two filters resolves with it refused, no error, no reconnect", { timeout: 30_000 }, () =>
  withPage(async (page, broker) => {
    const url = `${broker.url}/suback-v5-code?tag=x`;
    const r = await page.evaluate(async (url) => {
      const { connect, track, settle, settled, sleep } = window.faults;
      const client = connect(url, { protocolVersion: 4 });
      const rec = track(client);
      const out = { connected: await rec.next("connect", 5000) };
      [out.subscribe] = await settled([settle(client.subscribe({ "a/1": { qos: 1 }, "a/2": { qos: 1 } }))], 5000);
      await sleep(1500);
      // The connection is still good for more.
      [out.publish] = await settled([settle(client.publish("a/3", "x", { qos: 1 }))], 5000);
      out.connectedAtEnd = client.connected;
      [out.ended] = await settled([settle(client.end())], 5000);
      out.events = rec.events;
      return out;
    }, url);
    assert.ok(r.connected, "connected");
    assert.equal(r.subscribe.settled, true, "subscribe settled");
    assert.equal(r.subscribe.err, undefined, `subscribe resolved, not rejected: ${JSON.stringify(r.subscribe.err)}`);
    const grants = r.subscribe.ok;
    assert.deepEqual(grants.map((g) => [g.topic, g.qos]), [["a/1", 1], ["a/2", 128]], "a/1 granted QoS 1, a/2 refused");
    assert.ok(grants[1].reasonCode >= 0x80, `a/2's reasonCode ${grants[1].reasonCode} is a failure`);
    assert.deepEqual(r.events.filter((e) => e.name === "error").map((e) => e.error), [], "no error event");
    assert.equal(r.events.filter((e) => e.name === "reconnect").length, 0, "no reconnect event");
    assert.equal(r.publish.ok?.reasonCode, 0, "a later publish still works");
    assert.equal(r.connectedAtEnd, true, "still connected");
    assert.equal(connects(broker, "x").length, 1, "one CONNECT");
  }),
);

for (const version of [4, 5]) {
  const v = version === 5 ? "MQTT 5.0" : "MQTT 3.1.1";
  test(`${v}: a SUBACK with too few return codes rejects the subscribe (PROTOCOL_ERROR), and it is not sent again after reconnecting`, { timeout: 60_000 }, () =>
    withPage(async (page, broker) => {
      const result = await runFault(page, broker, "suback-count", version, {}, { subscribeTo: ["a/1", "a/2"], afterReconnectMs: 1500 });
      assertFault(result, broker, {
        code: "PROTOCOL_ERROR",
        message: /SUBACK|return code|reason code/i,
        disconnect5: [0x82],
        checkFirst: faulted,
      }, version);
      for (const [tag, r] of [["r", result.reconnect], ["s", result.stop]]) {
        assert.equal(r.subscribe.err?.code, "PROTOCOL_ERROR", `${tag}: the subscribe rejected with PROTOCOL_ERROR (${JSON.stringify(r.subscribe)})`);
      }
      const [first, second] = connects(broker, "r");
      assert.equal(packetsOf(first, SUBSCRIBE).length, 1, "one SUBSCRIBE on the first connection");
      assert.equal(packetsOf(second, SUBSCRIBE).length, 0, "no SUBSCRIBE on the second connection (1.5 s after it)");
    }),
  );
}

// ------------------------------------------------------------ QoS 2 answered with PUBACK

test("MQTT 5.0: a QoS 2 publish answered with PUBACK (as RabbitMQ does) resolves", { timeout: 30_000 }, () =>
  withPage(async (page, broker) => {
    const url = `${broker.url}/qos2-puback?tag=x`;
    const r = await page.evaluate(async (url) => {
      const { connect, track, settle, settled, sleep } = window.faults;
      const client = connect(url, { protocolVersion: 5 });
      const rec = track(client);
      const out = { connected: await rec.next("connect", 5000) };
      [out.publish] = await settled([settle(client.publish("q/2", "x", { qos: 2 }))], 5000);
      await sleep(300);
      [out.ended] = await settled([settle(client.end())], 5000);
      out.events = rec.events;
      return out;
    }, url);
    assert.ok(r.connected, "connected");
    assert.equal(r.publish.settled, true, "the publish settled");
    assert.equal(r.publish.err, undefined, `the publish resolved: ${JSON.stringify(r.publish.err)}`);
    assert.deepEqual(r.events.filter((e) => e.name === "error").map((e) => e.error), [], "no error event");
    assert.equal(connects(broker, "x").length, 1, "one CONNECT");
  }),
);

test("MQTT 3.1.1: 25 QoS 2 publishes answered with PUBACK, then a QoS 1 publish, all resolve (the window of 20 does not fill)", { timeout: 30_000 }, () =>
  withPage(async (page, broker) => {
    const url = `${broker.url}/qos2-puback?tag=x`;
    const r = await page.evaluate(async (url) => {
      const { connect, track, settle, settled } = window.faults;
      const client = connect(url, { protocolVersion: 4 });
      const rec = track(client);
      const out = { connected: await rec.next("connect", 5000) };
      const all = [];
      for (let i = 0; i < 25; i++) all.push(settle(client.publish("q/2", `m${i}`, { qos: 2 })));
      all.push(settle(client.publish("q/1", "last", { qos: 1 })));
      out.publishes = await settled(all, 5000);
      [out.ended] = await settled([settle(client.end(true))], 5000);
      out.events = rec.events;
      return out;
    }, url);
    assert.ok(r.connected, "connected");
    const unsettled = r.publishes.map((p, i) => (p.settled ? null : i)).filter((i) => i !== null);
    assert.deepEqual(unsettled, [], "every publish settled within 5 s (indexes of those that did not)");
    const rejected = r.publishes.filter((p) => p.err).map((p) => p.err.code);
    assert.deepEqual(rejected, [], "every publish resolved");
    assert.deepEqual(r.events.filter((e) => e.name === "error").map((e) => e.error), [], "no error event");
    const conns = connects(broker, "x");
    assert.equal(conns.length, 1, "one CONNECT");
    assert.equal(packetsOf(conns[0], PUBLISH).length, 26, "each PUBLISH sent once");
  }),
);

// ------------------------------------------------------------ refused login

for (const [version, rc, reasonCode] of [[4, 5, 0x87], [5, 0x87, 0x87], [5, 0x86, 0x86]]) {
  const v = version === 5 ? "MQTT 5.0" : "MQTT 3.1.1";
  const what = version === 5 ? `reason ${hex(rc)}` : `return code ${rc}`;
  test(`${v}: CONNACK refusing the login (${what}): one CONNECTION_REFUSED error, no retry within 5 s, connectAsync rejects`, { timeout: 30_000 }, () =>
    withPage(async (page, broker) => {
      const url = (tag) => `${broker.url}/refuse?rc=${rc}&tag=${tag}`;
      const r = await page.evaluate(
        async ({ a, b, version }) => {
          const { connect, connectAsync, track, settle, settled, sleep } = window.faults;
          const out = {};
          // connect(): the events of the failed first attempt.
          const client = connect(a, { protocolVersion: version });
          const rec = track(client);
          // connectAsync(): rejects with the same error.
          const pending = settle(connectAsync(b, { protocolVersion: version }));
          out.error = await rec.next("error", 5000);
          [out.async] = await settled([pending], 5000);
          await sleep(5000);
          out.events = rec.events;
          [out.ended] = await settled([settle(client.end(true))], 5000);
          // A client that connectAsync resolved with (wrongly) is ended too.
          if (out.async.ok) {
            out.async.ok = "a client";
            await pending.ok?.end?.(true);
          }
          return out;
        },
        { a: url("a"), b: url("b"), version },
      );
      assertMqttError(r.error?.error, "CONNECTION_REFUSED", /refused|authori[sz]ed|user name|password/i, "connect()");
      assert.equal(r.error.error.reasonCode, reasonCode, `connect(): reasonCode ${hex(reasonCode)}`);
      const errors = r.events.filter((e) => e.name === "error");
      assert.equal(errors.length, 1, `connect(): one error event (events: ${names(r.events)})`);
      assert.equal(r.events.filter((e) => e.name === "connect").length, 0, "connect(): no connect event");
      assert.equal(r.ended.settled, true, "end() settled");
      assert.equal(broker.connections("a").length, 1, "connect(): exactly one connection in 5 s");
      assert.equal(connects(broker, "a").length, 1, "connect(): exactly one CONNECT");

      assert.equal(r.async.settled, true, "connectAsync settled");
      assert.equal(r.async.ok, undefined, "connectAsync rejected rather than resolved");
      assertMqttError(r.async.err, "CONNECTION_REFUSED", /refused|authori[sz]ed|user name|password/i, "connectAsync");
      assert.equal(r.async.err.reasonCode, reasonCode, `connectAsync: reasonCode ${hex(reasonCode)}`);
      assert.equal(broker.connections("b").length, 1, "connectAsync: exactly one connection in 5 s");
    }),
  );
}
