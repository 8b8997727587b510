// The npm package as users use it: a page imports the built package (pkg/,
// from scripts/build-npm.sh) with no bundler, and this test drives Debian's
// Chromium to it against the Mosquitto that scripts/test.sh started.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { serve, chromiumArgs } from "./serve.mjs";

const ws = process.env.WEBMQTT_WS_PORT;
const wsAuth = process.env.WEBMQTT_WS_AUTH_PORT;

test("a client made before the module loaded says so when the module cannot load", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.route("**/webmqtt_bg.wasm", (route) => route.abort());
    // Any page of the origin (this one is a 404): the package is imported
    // by the script below.
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async () => {
      const { connect, MqttClient } = await import("/pkg/index.js");
      // A client that does not reconnect does not fetch again either.
      const client = connect("ws://127.0.0.1:9/mqtt", { reconnectPeriod: 0 });
      const seen = [];
      client.on("error", (e) => seen.push(["error", e.name, e.code, e.message.replace(/http:\S+/, "URL"), e.retry]));
      client.on("end", () => seen.push(["end"]));
      const publish = client.publish("t", "x").then(() => "resolved", (e) => e.code);
      const callback = await new Promise((r) => client.unsubscribe("t", (e) => r(e?.code)));
      return { isClient: client instanceof MqttClient, seen, publish: await publish, callback, ended: await client.end() };
    });
    assert.deepEqual(r, {
      isClient: true,
      seen: [["error", "MqttError", "NOT_READY", "the main wasm module URL did not load: Failed to fetch", undefined], ["end"]],
      publish: "NOT_READY",
      callback: "NOT_READY",
      ended: undefined,
    });
  } finally {
    await browser.close();
    await server.close();
  }
});

test("the main module: a fetch that fails on the network, with no answer or with a server error is tried again, reported once, and the clients connect", () =>
  inPage(async (page, server) => {
    // The first request fails on the network, the second is never
    // answered, the third gets a 503, the fourth is served.
    const requests = await answerInTurn(page, /webmqtt_bg\.wasm$/, ["fail", "hold", 503]);
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const r = await page.evaluate(async (url) => {
      const { connect, connectAsync } = await import("/pkg/index.js");
      const client = connect(url, { connectTimeout: 1000, reconnectPeriod: 100 });
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code} ${e.retry} ${e.message}`));
      client.on("end", () => seen.push("end"));
      const topic = `webmqtt/main-retry/${Date.now()}`;
      const received = new Promise((r) => client.on("message", (t, payload) => r(`${t} ${payload}`)));
      const subscribed = client.subscribe(topic, { qos: 1 });
      const published = client.publish(topic, "after the retries", { qos: 1 });
      // connectAsync waits on through the retries too.
      const other = await connectAsync(url, { connectTimeout: 1000, reconnectPeriod: 100 });
      await subscribed;
      await published;
      const message = await received;
      await client.end();
      await other.end();
      return { seen, message, otherEnded: other.connected === false };
    }, url);
    assert.equal(requests(), 4);
    assert.equal(r.seen.length, 2, JSON.stringify(r.seen));
    assert.match(r.seen[0], /^error NOT_READY true the main wasm module http:\/\/\S+\/webmqtt_bg\.wasm did not load: Failed to fetch; trying again$/);
    assert.equal(r.seen[1], "end");
    assert.match(r.message, /^webmqtt\/main-retry\/\d+ after the retries$/);
    assert.equal(r.otherEnded, true);
  }));

test("the main module: a place given to ready() while the load from the default URL fails is where the next try fetches", { timeout: 30000 }, () =>
  inPage(async (page, server) => {
    // The default URL answers 503 for ever; the place given is served.
    let defaults = 0;
    await page.route(/webmqtt_bg\.wasm$/, (route) => {
      defaults += 1;
      return route.fulfill({ status: 503, body: "" });
    });
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async (url) => {
      const { connect, ready } = await import("/pkg/index.js");
      const client = connect(url, { reconnectPeriod: 100 });
      const connected = new Promise((r) => client.on("connect", () => r(true)));
      const readied = await ready("/pkg/dist/webmqtt_bg.wasm?elsewhere").then(() => "resolved", (e) => `${e.code} ${e.message}`);
      const ok = await connected;
      await client.end();
      return { readied, ok };
    }, `ws://127.0.0.1:${ws}/mqtt`);
    assert.deepEqual(r, { readied: "resolved", ok: true });
    assert.equal(defaults, 1);
  }));

test("the main module: a client made by connect() while the default URL answers 404 connects from a place given to ready() meanwhile", () =>
  inPage(async (page, server) => {
    // The default URL is not there; the place given is served. Its
    // answer waits until ready() has been called.
    let answer;
    const asked = new Promise((r) => (answer = r));
    let defaults = 0;
    await page.route(/webmqtt_bg\.wasm$/, async (route) => {
      defaults += 1;
      await asked;
      return route.fulfill({ status: 404, body: "" });
    });
    await page.exposeFunction("answerDefault", () => answer());
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async (url) => {
      const { connect, ready } = await import("/pkg/index.js");
      const client = connect(url);
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code}`));
      const ended = new Promise((r) => client.on("end", () => r(seen.push("end"))));
      // Before, the 404 ended the client.
      const connected = Promise.race([new Promise((r) => client.on("connect", () => r(true))), ended.then(() => false)]);
      const readied = ready("/pkg/dist/webmqtt_bg.wasm?elsewhere").then(() => "resolved", (e) => `${e.code} ${e.message}`);
      await answerDefault();
      const ok = await connected;
      await client.end();
      return { readied: await readied, ok, seen };
    }, `ws://127.0.0.1:${ws}/mqtt`);
    assert.deepEqual(r, { readied: "resolved", ok: true, seen: ["end"] });
    assert.equal(defaults, 1);
  }));

test("the main module: a 404 ends the waiting client, ready() rejects, and both try again later", () =>
  inPage(async (page, server) => {
    let missing = true;
    await page.route(/webmqtt_bg\.wasm$/, (route) => (missing ? route.fulfill({ status: 404, body: "" }) : route.continue()));
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const r = await page.evaluate(async (url) => {
      const { connect, ready } = await import("/pkg/index.js");
      const client = connect(url);
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code} ${e.retry} ${e.message}`));
      const ended = new Promise((r) => client.on("end", () => r(seen.push("end"))));
      const publish = client.publish("webmqtt/never", "x").then(() => "resolved", (e) => e.code);
      const readyFailed = await ready().then(() => "resolved", (e) => `${e.name} ${e.code} ${e.retry}`);
      await ended;
      return { seen, publish: await publish, readyFailed };
    }, url);
    assert.equal(r.seen.length, 2, JSON.stringify(r.seen));
    assert.match(r.seen[0], /^error NOT_READY undefined the main wasm module http:\/\/\S+\/webmqtt_bg\.wasm did not load: 404( .*)?$/);
    assert.equal(r.seen[1], "end");
    assert.equal(r.publish, "NOT_READY");
    assert.equal(r.readyFailed, "MqttError NOT_READY false");
    // The file is back: the next ready() and connect() load it.
    missing = false;
    const again = await page.evaluate(async (url) => {
      const { connectAsync, ready } = await import("/pkg/index.js");
      await ready();
      const client = await connectAsync(url);
      const connected = client.connected;
      await client.end();
      return connected;
    }, url);
    assert.equal(again, true);
  }));

test("ready() takes the module as a Response, a promise of one, a WebAssembly.Module or its bytes, and a Response of an error is final", () =>
  inPage(async (page, server) => {
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    // Each in a page of its own: the module loads once per page. Each
    // source in an array, so that the promise one reaches ready() as it is.
    const sources = {
      response: async () => [await fetch("/pkg/dist/webmqtt_bg.wasm")],
      promise: () => [fetch("/pkg/dist/webmqtt_bg.wasm")],
      module: async () => [await WebAssembly.compile(await (await fetch("/pkg/dist/webmqtt_bg.wasm")).arrayBuffer())],
      bytes: async () => [new Uint8Array(await (await fetch("/pkg/dist/webmqtt_bg.wasm")).arrayBuffer())],
      missing: async () => [await fetch("/pkg/dist/no-such.wasm")],
    };
    const results = {};
    for (const [kind, make] of Object.entries(sources)) {
      await page.goto(`${server.url}/tests/e2e/no-such-page?${kind}`);
      results[kind] = await page.evaluate(
        async ([url, make, kind]) => {
          const { connectAsync, ready } = await import("/pkg/index.js");
          const [source] = await (0, eval)(make)();
          const readied = await ready(source).then(() => "resolved", (e) => `${e.code} ${e.retry} ${e.message}`);
          if (kind == "missing") return readied;
          const client = await connectAsync(url);
          const connected = client.connected;
          await client.end();
          return `${readied} ${connected}`;
        },
        [url, `(${make})`, kind],
      );
    }
    assert.deepEqual(
      { ...results, missing: results.missing.replace(/http:\S+/, "URL") },
      {
        response: "resolved true",
        promise: "resolved true",
        module: "resolved true",
        bytes: "resolved true",
        missing: "NOT_READY false the main wasm module URL did not load: 404 Not Found",
      },
    );
  }));

test("ready() gives up a Response it was given whose body stops coming", { timeout: 90000 }, () => {
  // Headers and a part of the body, then nothing.
  const stalled = [];
  const answer = (req, res, file) => {
    if (!file.endsWith("/stalled.wasm")) return false;
    res.writeHead(200, { "content-type": "application/wasm", "content-length": 1000 });
    res.write(Buffer.alloc(100));
    stalled.push(res);
    return true;
  };
  return inPage(async (page, server) => {
    try {
      await page.goto(`${server.url}/tests/e2e/no-such-page`);
      // ready()'s own timeout, 30 s: before, the wait never ended.
      const r = await page.evaluate(async () => {
        const { ready } = await import("/pkg/index.js");
        return ready(await fetch("/pkg/dist/stalled.wasm")).then(() => "resolved", (e) => `${e.code} ${e.retry} ${e.message}`);
      });
      assert.match(r, /^NOT_READY false the main wasm module http:\/\/\S+\/stalled\.wasm did not load: the body stopped coming for 30000 ms$/);
    } finally {
      for (const res of stalled) res.destroy();
    }
  }, answer);
});

test("the main module: a client ended while its fetch is tried again stops it and ends without an error", { timeout: 30000 }, () =>
  inPage(async (page, server) => {
    let requests = 0;
    await page.route(/webmqtt_bg\.wasm$/, (route) => {
      requests += 1;
      return route.abort("failed");
    });
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async () => {
      const { connect } = await import("/pkg/index.js");
      // A long wait between tries: the end must cut it short.
      const client = connect("ws://127.0.0.1:9/mqtt", { reconnectPeriod: 60000 });
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code} ${e.retry}`));
      client.on("end", () => seen.push("end"));
      await new Promise((r) => client.on("error", r));
      const publish = client.publish("webmqtt/never", "x").then(() => "resolved", (e) => e.code);
      const ended = await client.end();
      await new Promise((r) => setTimeout(r, 1000));
      return { seen, publish: await publish, ended };
    });
    assert.deepEqual(r, { seen: ["error NOT_READY true", "end"], publish: "CLIENT_ENDED", ended: undefined });
    assert.equal(requests, 1);
  }));

/**
 * Answers the requests of `page` for `pattern` in turn from `answers`
 * ("fail": a network failure, "hold": never answered, a number: that
 * status), and serves the file to those after; resolves with a function
 * that says how many came.
 */
async function answerInTurn(page, pattern, answers) {
  let requests = 0;
  await page.route(pattern, (route) => {
    const answer = answers[requests++];
    if (answer == "fail") return route.abort("failed");
    if (answer == "hold") return;
    if (answer) return route.fulfill({ status: answer, body: "" });
    return route.continue();
  });
  return () => requests;
}

/**
 * Runs `f(page)` in a new page of headless Chromium on the test server's
 * origin (a 404 page: the test's scripts import /pkg/index.js), against
 * the Mosquitto that scripts/test.sh started.
 */
async function inPage(f, answer) {
  assert.ok(ws, "run through ./scripts/test.sh, which starts Mosquitto");
  const server = await serve(undefined, answer);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    return await f(await browser.newPage(), server);
  } finally {
    await browser.close();
    await server.close();
  }
}

// MQTT 5.0's property reader is a wasm module of its own
// (src/codec/split.rs), fetched by the first client of 5.0 while its
// socket opens; a client of 3.1.1 never fetches it.
test("the MQTT 5.0 module: fetched by the first 5.0 client only, which is usable at once", () =>
  inPage(async (page, server) => {
    const fetched = [];
    page.on("request", (r) => /webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/.test(r.url()) && fetched.push(r.url()));
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async (url) => {
      const { ready, connect, connectAsync } = await import("/pkg/index.js");
      await ready();
      const old = await connectAsync(url);
      await old.subscribe("webmqtt/v5split/old");
      const oldMessage = new Promise((r) => old.on("message", (t, p, packet) => r(`${p} ${JSON.stringify(packet.properties)}`)));
      await old.publish("webmqtt/v5split/old", "3.1.1");
      const oldText = await oldMessage;
      const before = performance.getEntriesByType("resource").filter((e) => e.name.includes("webmqtt_v5")).length;
      await old.end();
      // Used before the module is in: a subscription and a publication
      // with properties (written by the main module) wait for CONNECT.
      const client = connect(url, { protocolVersion: 5 });
      // Freed before the module is in: its connection still goes on.
      const freed = connect(url, { protocolVersion: 5 });
      const freedConnected = new Promise((r) => freed.on("connect", () => r(true)));
      freed.free();
      const received = new Promise((r) =>
        client.on("message", (t, p, packet) => {
          const { correlationData: data, ...rest } = packet.properties ?? {};
          // Its own buffer, not a view of a shared block.
          const correlationData = data && { length: data.length, first: data[0], last: data[99], own: data.byteOffset == 0 && data.buffer.byteLength == 100 };
          r({ t, text: String(p), properties: rest, correlationData });
        }),
      );
      const grants = client.subscribe("webmqtt/v5split/t", { qos: 1, properties: { subscriptionIdentifier: 7 } });
      const published = client.publish("webmqtt/v5split/t", "five", {
        qos: 1,
        properties: {
          contentType: "text/plain",
          messageExpiryInterval: 60,
          userProperties: { a: "b" },
          payloadFormatIndicator: true,
          responseTopic: "webmqtt/v5split/reply",
          // Longer than 64 bytes: not an array made for it alone.
          correlationData: new Uint8Array(100).map((_, i) => i),
        },
      });
      const connectedAtOnce = client.connected;
      const message = await received;
      const out = { oldText, before, connectedAtOnce, grants: (await grants).map((g) => g.qos), reasonCode: (await published).reasonCode, message };
      out.freedConnected = await freedConnected;
      // A client made after the module is in connects as any other.
      const second = await connectAsync(url, { protocolVersion: 5 });
      out.second = second.connected;
      // A message of 5.0 without properties has none in its packet ({}).
      await second.subscribe("webmqtt/v5split/bare");
      const bare = new Promise((r) => second.on("message", (t, p, packet) => r(packet.properties)));
      await second.publish("webmqtt/v5split/bare", "bare");
      out.bare = JSON.stringify(await bare);
      await second.end();
      await client.end();
      return out;
    }, `ws://127.0.0.1:${ws}/mqtt`);
    assert.deepEqual(r, {
      oldText: "3.1.1 {}",
      before: 0,
      connectedAtOnce: false,
      grants: [1],
      reasonCode: 0,
      message: {
        t: "webmqtt/v5split/t",
        text: "five",
        properties: {
          payloadFormatIndicator: true,
          messageExpiryInterval: 60,
          contentType: "text/plain",
          responseTopic: "webmqtt/v5split/reply",
          userProperties: { a: "b" },
          subscriptionIdentifier: [7],
        },
        correlationData: { length: 100, first: 0, last: 99, own: true },
      },
      second: true,
      freedConnected: true,
      bare: "{}",
    });
    assert.equal(fetched.length, 1, `the 5.0 module fetched once: ${fetched}`);
  }));

/**
 * Holds every request of `page` for `pattern` until `release()` is
 * called; resolves with `release`.
 */
async function holdRequests(page, pattern) {
  let release;
  const released = new Promise((r) => (release = r));
  await page.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Resolves once `check()` is true, polled every 50 ms; rejects after 10 s. */
async function until(check, what) {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 10000) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A page's first client of 5.0 (or with an outbox) waits for each module
// it needs: fetched one after the other, their round trips would add up.
test("the MQTT 5.0 module, outbox.js and the outbox's module: fetched while the main module is, and the client connects once all are in", () =>
  inPage(async (page, server) => {
    const release = await holdRequests(page, /webmqtt_bg\.wasm$/);
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname.replace(/-[0-9a-f]{16}\.wasm$/, ".wasm")));
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const options = { protocolVersion: 5, clientId: `parallel-${Date.now()}`, clean: false, outbox: {} };
    await page.evaluate(async ([url, options]) => {
      const { connect } = await import("/pkg/index.js");
      const client = (window.__client = connect(url, options));
      window.__seen = [];
      for (const event of ["connect", "error", "end"]) client.on(event, (e) => window.__seen.push(event == "error" ? `error ${e.code}` : event));
      // Made before the modules are in: it waits, in order, with the client.
      window.__published = client.publish("webmqtt/parallel", "waited", { qos: 1 }).then(() => "acknowledged", (e) => e.code);
    }, [url, options]);
    const wanted = ["/pkg/dist/webmqtt_bg.wasm", "/pkg/dist/webmqtt_v5.wasm", "/pkg/outbox.js", "/pkg/dist/webmqtt_outbox.wasm"];
    await until(() => wanted.every((w) => requested.includes(w)), `requests for ${wanted} (seen ${requested})`);
    // The main module is still held: nothing has connected.
    assert.deepEqual(await page.evaluate(() => [window.__seen, window.__client.connected]), [[], false]);
    release();
    const r = await page.evaluate(async () => {
      const client = window.__client;
      if (!client.connected) await new Promise((r) => client.on("connect", r));
      const published = await window.__published;
      const outbox = client.outbox;
      await client.end();
      return { seen: window.__seen, published, outbox };
    });
    assert.deepEqual(r, { seen: ["connect", "end"], published: "acknowledged", outbox: { messages: 0, bytes: 0 } });
    // Each module was fetched once.
    for (const w of wanted) assert.equal(requested.filter((r) => r == w).length, 1, `${w} in ${requested}`);
  }));

test("the MQTT 5.0 module: fetched while a failed fetch of the main module is tried again, and not again after it", () =>
  inPage(async (page, server) => {
    // The main module's first request fails on the network, the second is
    // served; the 5.0 module's bytes wait meanwhile for it.
    const mainRequests = await answerInTurn(page, /webmqtt_bg\.wasm$/, ["fail"]);
    let v5Requests = 0;
    page.on("request", (r) => /webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/.test(r.url()) && v5Requests++);
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async (url) => {
      const { connect } = await import("/pkg/index.js");
      const client = connect(url, { protocolVersion: 5, reconnectPeriod: 100 });
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code} ${e.retry}`));
      await new Promise((r) => client.on("connect", r));
      await client.end();
      return seen;
    }, `ws://127.0.0.1:${ws}/mqtt`);
    assert.deepEqual(r, ["error NOT_READY true"]);
    assert.equal(mainRequests(), 2);
    assert.equal(v5Requests, 1);
  }));

// Topic aliases and the identifiers of overlapping subscriptions are
// code of the 5.0 module (src/session/split.rs).
test("the MQTT 5.0 module: publications under a topic alias, and overlapping subscriptions told apart, against Mosquitto", () =>
  inPage(async (page, server) => {
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const r = await page.evaluate(async (url) => {
      const { connectAsync } = await import("/pkg/index.js");
      const base = `webmqtt/v5split/alias-${Date.now()}`;
      const client = await connectAsync(url, { protocolVersion: 5 });
      const seen = [];
      const errors = [];
      client.on("error", (e) => errors.push(e.code));
      client.on("message", (t, p, packet) => seen.push([t.slice(base.length), String(p), [...packet.matchedFilters].map((f) => f.slice(base.length)).sort()]));
      const grants = [await client.subscribe(`${base}/#`, { qos: 1 }), await client.subscribe(`${base}/+/x`, { qos: 1 })].map((g) => g[0].qos);
      // One topic again and again: after the first, only its alias goes
      // (Mosquitto allows 10); one the server never learned would end the
      // connection with a protocol error.
      const acks = [];
      for (let i = 0; i < 5; i++) acks.push((await client.publish(`${base}/a/x`, `m${i}`, { qos: 1 })).reasonCode);
      acks.push((await client.publish(`${base}/b`, "last", { qos: 1 })).reasonCode);
      while (!seen.some(([t]) => t == "/b")) await new Promise((r) => setTimeout(r, 20));
      const connected = client.connected;
      await client.end();
      return { grants, acks, seen, connected, errors };
    }, `ws://127.0.0.1:${ws}/mqtt`);
    assert.deepEqual(r.grants, [1, 1]);
    assert.deepEqual(r.acks, [0, 0, 0, 0, 0, 0]);
    assert.equal(r.connected, true);
    assert.deepEqual(r.errors, []);
    // Each publication on /a/x came (once for each subscription or once
    // for both, as the server chooses), and between them the copies name
    // both filters; the one on /b names only the filter it matched.
    const ax = r.seen.filter(([t]) => t == "/a/x");
    assert.deepEqual([...new Set(ax.map(([, p]) => p))], ["m0", "m1", "m2", "m3", "m4"], JSON.stringify(r.seen));
    assert.deepEqual([...new Set(ax.flatMap(([, , f]) => f))].sort(), ["/#", "/+/x"], JSON.stringify(r.seen));
    assert.deepEqual(r.seen.filter(([t]) => t == "/b"), [["/b", "last", ["/#"]]]);
  }));

test("the MQTT 5.0 module: a client that cannot get it says why and ends; a later one tries again", () =>
  inPage(async (page, server) => {
    await page.route(/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/, (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const r = await page.evaluate(async (url) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const client = connect(url, { protocolVersion: 5 });
      const seen = [];
      client.on("error", (e) => seen.push(["error", e.name, e.code, e.message]));
      client.on("connect", () => seen.push(["connect"]));
      const ended = new Promise((r) => client.on("end", () => r(seen.push(["end"]))));
      const publish = client.publish("webmqtt/v5split/failed", "x", { qos: 1 }).then(() => "resolved", (e) => e.code);
      await ended;
      return { seen, publish: await publish, connected: client.connected };
    }, url);
    assert.equal(r.seen.length, 2, JSON.stringify(r.seen));
    assert.deepEqual(r.seen[0].slice(0, 3), ["error", "MqttError", "NOT_READY"]);
    assert.match(r.seen[0][3], /^the MQTT 5\.0 wasm module http:\/\/\S+\/pkg\/dist\/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline did not load: 404/);
    assert.deepEqual(r.seen[1], ["end"]);
    // Made only once the module is in: its calls fail as a client's made
    // before the main module fail when that cannot load.
    assert.equal(r.publish, "NOT_READY");
    assert.equal(r.connected, false);
    // The module is served again: the next client of 5.0 fetches it.
    await page.unroute(/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/);
    const again = await page.evaluate(async (url) => {
      const { connectAsync } = await import("/pkg/index.js");
      const client = await connectAsync(url, { protocolVersion: 5 });
      const connected = client.connected;
      await client.end();
      return connected;
    }, url);
    assert.equal(again, true);
  }));

test("the MQTT 5.0 module: a client of 5.0 is made once it is in, and a fetch shared by two waits for the longer connect timeout", () =>
  inPage(async (page, server) => {
    const release = await holdRequests(page, /webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/);
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const held = await page.evaluate(async (url) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const seen = (window.__seen = { plain: [], quick: [] });
      // Counts the sockets opened meanwhile: none, as neither client is
      // made before the module is in.
      const Socket = WebSocket;
      window.__sockets = 0;
      window.WebSocket = class extends Socket {
        constructor(...args) {
          super(...args);
          window.__sockets++;
        }
      };
      // One with a short connect timeout, one with the default; the fetch
      // they share waits for the longer, so neither reports it.
      const quick = (window.__quick = connect(url, { protocolVersion: 5, connectTimeout: 300, reconnectPeriod: 100 }));
      const plain = (window.__plain = connect(url, { protocolVersion: 5 }));
      for (const [name, c] of [["plain", plain], ["quick", quick]])
        for (const event of ["connect", "error", "close"]) c.on(event, (e) => seen[name].push(event == "error" ? `error ${e.code}` : event));
      await new Promise((r) => setTimeout(r, 1000));
      return { seen: [...seen.plain, ...seen.quick], connected: [plain.connected, quick.connected], sockets: window.__sockets };
    }, url);
    assert.deepEqual(held, { seen: [], connected: [false, false], sockets: 0 });
    release();
    const after = await page.evaluate(async () => {
      const until = (c) => (c.connected ? true : new Promise((r) => c.on("connect", () => r(true))));
      const connected = await Promise.all([until(window.__plain), until(window.__quick)]);
      await Promise.all([window.__plain.end(), window.__quick.end()]);
      return { connected, sockets: window.__sockets };
    });
    // The count sees the sockets opened once the module is in.
    assert.deepEqual(after, { connected: [true, true], sockets: 2 });
  }));

test("the MQTT 5.0 module: a fetch with no answer, a network error or a server error is tried again, reported once, and the client connects", () =>
  inPage(async (page, server) => {
    // The first request stalls, the second fails on the network, the
    // third gets a 503, the fourth is served.
    const requests = await answerInTurn(page, /webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/, ["hold", "fail", 503]);
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const r = await page.evaluate(async (url) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const client = connect(url, { protocolVersion: 5, connectTimeout: 1000, reconnectPeriod: 100 });
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code} ${e.message}`));
      client.on("end", () => seen.push("end"));
      // Made while the module is out: it goes once the client connects.
      const topic = `webmqtt/v5split/retry/${Date.now()}`;
      const received = new Promise((r) => client.on("message", (t, payload) => r(`${t} ${new TextDecoder().decode(payload)}`)));
      const subscribed = client.subscribe(topic, { qos: 1 });
      const published = client.publish(topic, "after the retries", { qos: 1 });
      await new Promise((r) => client.on("connect", r));
      await subscribed;
      await published;
      const message = await received;
      await client.end();
      return { seen, message };
    }, url);
    assert.equal(requests(), 4);
    // CONNECT timeouts of the held client's attempts may come too; the
    // module's failure is reported once, and the client did not end
    // until told to.
    const notReady = r.seen.filter((e) => e.startsWith("error NOT_READY"));
    assert.equal(notReady.length, 1, JSON.stringify(r.seen));
    assert.match(notReady[0], /^error NOT_READY the MQTT 5\.0 wasm module http:\/\/\S+ did not load: no answer within 1000 ms; trying again$/);
    assert.equal(r.seen.at(-1), "end");
    assert.equal(r.seen.indexOf("end"), r.seen.length - 1);
    assert.match(r.message, /^webmqtt\/v5split\/retry\/\d+ after the retries$/);
  }));

test("the MQTT 5.0 module: a body that stops coming is given up and tried again; one that keeps coming slowly is waited for", () => {
  // The first answer for the module sends the headers and a part of the
  // body, then nothing; the second sends it in parts 300 ms apart, longer
  // in all than the timeout (1 s) but never stopping for that long.
  let answers = 0;
  const parts = [];
  const stalled = [];
  const answer = (req, res, file) => {
    if (!/webmqtt_v5-[0-9a-f]{16}\.wasm$/.test(file)) return false;
    const wasm = readFileSync(file);
    answers += 1;
    res.writeHead(200, { "content-type": "application/wasm", "content-length": wasm.length });
    if (answers == 1) {
      res.write(wasm.subarray(0, 100));
      stalled.push(res);
      return true;
    }
    const step = Math.ceil(wasm.length / 5);
    const send = (i) => {
      parts.push(i);
      if (i + step >= wasm.length) return void res.end(wasm.subarray(i));
      res.write(wasm.subarray(i, i + step));
      setTimeout(() => send(i + step), 300);
    };
    send(0);
    return true;
  };
  return inPage(async (page, server) => {
    try {
      await page.goto(`${server.url}/tests/e2e/no-such-page`);
      const r = await page.evaluate(async (url) => {
        const { ready, connect } = await import("/pkg/index.js");
        await ready();
        const client = connect(url, { protocolVersion: 5, connectTimeout: 1000, reconnectPeriod: 100 });
        const seen = [];
        client.on("error", (e) => seen.push(`error ${e.code} ${e.message}`));
        await new Promise((r) => client.on("connect", r));
        await client.end();
        return seen;
      }, `ws://127.0.0.1:${ws}/mqtt`);
      assert.equal(answers, 2);
      assert.ok(parts.length >= 5, `the module came in ${parts.length} parts`);
      const notReady = r.filter((e) => e.startsWith("error NOT_READY"));
      assert.equal(notReady.length, 1, JSON.stringify(r));
      assert.match(notReady[0], /^error NOT_READY the MQTT 5\.0 wasm module http:\/\/\S+ did not load: the body stopped coming for 1000 ms; trying again$/);
    } finally {
      for (const res of stalled) res.destroy();
    }
  }, answer);
});

test("the MQTT 5.0 module: connectAsync waits on through a fetch that is tried again", () =>
  inPage(async (page, server) => {
    let requests = 0;
    await page.route(/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/, (route) => (requests++ == 0 ? route.abort("failed") : route.continue()));
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const r = await page.evaluate(async (url) => {
      const { connectAsync } = await import("/pkg/index.js");
      const client = await connectAsync(url, { protocolVersion: 5, reconnectPeriod: 100 });
      const connected = client.connected;
      await client.end();
      return connected;
    }, url);
    assert.equal(r, true);
    assert.equal(requests, 2);
  }));

// connectAsync ends the client at an error not marked `retry`: that it
// resolves shows both modules' first reports were marked.
test("an outbox client's connectAsync waits on through module fetches answered 429 and 408", () =>
  inPage(async (page, server) => {
    const requests = { v5: 0, outbox: 0 };
    await page.route(/webmqtt_(v5|outbox)-[0-9a-f]{16}\.wasm(\?no-inline)?$/, async (route) => {
      const which = route.request().url().includes("_v5-") ? "v5" : "outbox";
      if (requests[which]++ == 0) return route.fulfill({ status: which == "v5" ? 408 : 429, body: "later" });
      await route.continue();
    });
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const options = { clientId: `connect-async-retry-${Date.now()}`, clean: false, reconnectPeriod: 100, outbox: { lockWait: 1000 } };
    const r = await page.evaluate(async ([url, options]) => {
      const { connectAsync } = await import("/pkg/index.js");
      const seen = [];
      const client = await connectAsync(url, options);
      // The reports came before the CONNACK; connectAsync's own handler
      // saw them, a handler added now sees what comes after.
      client.on("error", (e) => seen.push(e.code));
      const connected = client.connected;
      const outbox = client.outbox;
      await client.end();
      return { connected, outbox, seen };
    }, [url, options]);
    assert.deepEqual(r, { connected: true, outbox: { messages: 0, bytes: 0 }, seen: [] });
    assert.deepEqual(requests, { v5: 2, outbox: 2 });
  }));

test("the MQTT 5.0 module: a client that does not reconnect ends at a network error; an ended client stops fetching", () =>
  inPage(async (page, server) => {
    let requests = 0;
    await page.route(/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/, (route) => {
      requests += 1;
      return route.abort("failed");
    });
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const once = await page.evaluate(async (url) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const client = connect(url, { protocolVersion: 5, reconnectPeriod: 0 });
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code}`));
      await new Promise((r) => client.on("end", r));
      return seen;
    }, url);
    assert.deepEqual(once, ["error NOT_READY"]);
    assert.equal(requests, 1);
    const ended = await page.evaluate(async (url) => {
      const { connect } = await import("/pkg/index.js");
      const client = connect(url, { protocolVersion: 5, reconnectPeriod: 50 });
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code}`));
      await new Promise((r) => client.on("error", r));
      await client.end();
      // Fetches at 50, 150 and 350 ms would come in this time.
      await new Promise((r) => setTimeout(r, 600));
      return seen;
    }, url);
    assert.deepEqual(ended, ["error NOT_READY"]);
    // The second client's first fetch, and none after its end.
    assert.equal(requests, 2);
  }));

test("the MQTT 5.0 module: an outbox client that cannot get it ends, and lets go of its outbox for the next one", () =>
  inPage(async (page, server) => {
    await page.route(/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/, (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const options = { clientId: `v5split-outbox-${Date.now()}`, clean: false, outbox: { lockWait: 1000 } };
    const first = await page.evaluate(async ([url, options]) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const client = connect(url, options);
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code}`));
      client.on("connect", () => seen.push("connect"));
      await new Promise((r) => client.on("end", r));
      // Anything late would come in this time.
      await new Promise((r) => setTimeout(r, 500));
      return seen;
    }, [url, options]);
    assert.deepEqual(first, ["error NOT_READY"]);
    await page.unroute(/webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/);
    const second = await page.evaluate(async ([url, options]) => {
      const { connect } = await import("/pkg/index.js");
      const client = connect(url, options);
      const errors = [];
      client.on("error", (e) => errors.push(e.code));
      await new Promise((r) => client.on("connect", r));
      const outbox = client.outbox;
      await client.end();
      return { errors, outbox };
    }, [url, options]);
    assert.deepEqual(second, { errors: [], outbox: { messages: 0, bytes: 0 } });
  }));

test("the MQTT 5.0 module: an outbox client whose modules fail on the network at first opens its outbox once they come", () =>
  inPage(async (page, server) => {
    const requests = { v5: 0, outbox: 0 };
    await page.route(/webmqtt_(v5|outbox)-[0-9a-f]{16}\.wasm(\?no-inline)?$/, async (route) => {
      const which = route.request().url().includes("_v5-") ? "v5" : "outbox";
      if (requests[which]++ == 0) return route.abort("failed");
      await route.continue();
    });
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const options = { clientId: `v5split-outbox-retry-${Date.now()}`, clean: false, reconnectPeriod: 100, outbox: { lockWait: 1000 } };
    const r = await page.evaluate(async ([url, options]) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const client = connect(url, options);
      const seen = [];
      client.on("error", (e) => seen.push(`error ${e.code}`));
      client.on("end", () => seen.push("end"));
      const published = client.publish("webmqtt/v5split/outbox-retry", "kept", { qos: 1 });
      await new Promise((r) => client.on("connect", r));
      // Acknowledged (PUBACK) through the opened outbox.
      const acked = await published.then(() => true);
      const outbox = typeof client.outbox?.messages;
      await client.end();
      return { seen, acked, outbox };
    }, [url, options]);
    assert.deepEqual(requests, { v5: 2, outbox: 2 });
    // Each module's first failure is reported.
    r.seen.sort();
    assert.deepEqual(r, { seen: ["end", "error NOT_READY", "error OUTBOX_UNAVAILABLE"], acked: true, outbox: "number" });
  }));

// outbox.js is fetched as soon as the client is, so it may fail before
// the client is made: its handlers, added meanwhile, still hear of it.
test("an outbox client whose outbox.js fails before the 5.0 module is in reports it and ends", () =>
  inPage(async (page, server) => {
    const releaseV5 = await holdRequests(page, /webmqtt_v5-[0-9a-f]{16}\.wasm\?no-inline$/);
    let outboxJsFailed;
    const failedJs = new Promise((r) => (outboxJsFailed = r));
    await page.route(/\/pkg\/outbox\.js$/, async (route) => {
      await route.abort("failed");
      outboxJsFailed();
    });
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    // Nothing listens on port 9: the client never connects.
    const options = { clientId: `outbox-js-early-${Date.now()}`, clean: false, outbox: {} };
    await page.evaluate(async (options) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const client = connect("ws://127.0.0.1:9/mqtt", options);
      window.__seen = [];
      client.on("error", (e) => window.__seen.push(`error ${e.code}`));
      client.on("end", () => window.__seen.push("end"));
      window.__published = client.publish("t/early", "x", { qos: 1 }).then(() => "accepted", (e) => e.code);
    }, options);
    await failedJs;
    // The import's failure settles in the page before the module comes.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    releaseV5();
    const r = await page.evaluate(async () => {
      for (let waited = 0; !window.__seen.includes("end") && waited < 10000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      return { seen: window.__seen, published: await window.__published };
    });
    assert.deepEqual(r, { seen: ["error OUTBOX_UNAVAILABLE", "end"], published: "CANCELLED" });
  }));

test("an outbox client ended at once lets go of its outbox for the next one", () =>
  inPage(async (page, server) => {
    await page.goto(`${server.url}/tests/e2e/no-such-page`);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const options = { clientId: `ended-at-once-${Date.now()}`, clean: false, outbox: { lockWait: 1000 } };
    const r = await page.evaluate(async ([url, options]) => {
      const { ready, connect } = await import("/pkg/index.js");
      await ready();
      const first = connect(url, options);
      await first.end();
      // The first one's store has had time to open, and to close again.
      await new Promise((r) => setTimeout(r, 500));
      const second = connect(url, options);
      const errors = [];
      second.on("error", (e) => errors.push(e.code));
      const connected = await new Promise((r) => {
        second.on("connect", () => r(true));
        second.on("end", () => r(false));
      });
      const outbox = second.outbox;
      await second.end();
      return { connected, errors, outbox };
    }, [url, options]);
    assert.deepEqual(r, { connected: true, errors: [], outbox: { messages: 0, bytes: 0 } });
  }));

test("the npm package works through its JS API in Chromium", async () => {
  assert.ok(ws && wsAuth, "run through ./scripts/test.sh, which starts Mosquitto");
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}/tests/e2e/npm-page.html?ws=${ws}&wsAuth=${wsAuth}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const r = await page.evaluate(() => window.__result);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(errors, []);
    // connect() before the module has loaded: the calls wait for it.
    assert.deepEqual(r.beforeReady, {
      connected: false,
      clientId: "",
      isClient: true,
      readme: { text: "Hello mqtt", connected: false },
      ordered: { grants: [1], reasonCode: 0, text: "in order", removed: [], chains: true, takenLater: true, connectedAfter: false, ids: [true, true] },
      invalid: {
        id: "never-connects",
        idAfter: "never-connects",
        seen: [["error", "INVALID_ARGUMENT", "keepalive: must be a whole number from 0 to 65535"], ["end"]],
        publish: "INVALID_ARGUMENT",
        callback: "INVALID_ARGUMENT",
        ended: undefined,
        freeReturns: undefined,
      },
    });
    assert.equal(r.loadedChains, true, "on and off return the client");
    assert.equal(r.connack.cmd, "connack");
    assert.equal(r.connectedAtOnce, true, "connectAsync resolves after CONNACK");
    assert.match(r.clientId, /.+/);
    assert.deepEqual(r.grants.map((g) => g.qos), [2]);
    assert.equal(r.published.reasonCode, 0);
    // The callback form: called once, later, with the result or the error.
    assert.deepEqual(r.callbackQos1, { error: undefined, r: { reasonCode: 0, returnedUndefined: true, later: true }, sync: false });
    assert.deepEqual(r.callbackNoOptions, { error: undefined, r: { reasonCode: 0 }, sync: false });
    assert.deepEqual(r.callbackInvalid, { error: "INVALID_TOPIC", r: undefined, sync: false });
    // MQTT.js's README example, as written there, runs unchanged.
    assert.deepEqual(r.readmeExample, { text: "Hello mqtt", connected: false });
    assert.deepEqual(r.subscribeCallback, { error: undefined, r: { qos: [1], returnedUndefined: true, later: true }, sync: false });
    assert.deepEqual(r.subscribeCallbackInvalid, { error: "INVALID_TOPIC", r: undefined, sync: false });
    assert.deepEqual(r.unsubscribeCallback, { error: undefined, r: [0], sync: false });
    assert.deepEqual(r.endCallbackRefused, { error: "INVALID_ARGUMENT", r: undefined, sync: false });
    assert.deepEqual(r.endCallback, { args: 0, returnedUndefined: true, connected: false });
    assert.deepEqual(r.endOptionsCallback, { args: 0, connected: false });
    assert.deepEqual(r.quickEnd, { connected: false, endEmitted: true });
    assert.deepEqual(r.callbackChain, { error: undefined, r: { reasonCode: 0 }, sync: false }, "a callback that publishes again");
    assert.deepEqual(r.callbackBurst, { order: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], uncaught: ["callback 3 throws"] }, "a burst's callbacks, one throwing");
    assert.deepEqual(r.message, { topic: r.message.topic, text: '{"voltage":120}', qos: 1, isBytes: true });
    assert.match(r.message.topic, /\/room1$/);
    assert.deepEqual(r.payloadAsText, {
      toString: '{"voltage":120}',
      utf8: '{"voltage":120}',
      parsed: { voltage: 120 },
      samePacketPayload: true,
      hex: "TypeError: payload.toString: hex is not supported, only UTF-8",
    });
    // MQTT.js's packet argument: the same topic and payload as the first two.
    assert.deepEqual(r.packet, {
      cmd: "publish",
      topic: r.message.topic,
      payload: true,
      qos: 1,
      retain: false,
      dup: false,
      // A lone subscription carries no identifier (one overlapping another
      // would), so the message has no properties.
      properties: {},
      matchedFilters: [`${r.message.topic.slice(0, -"/room1".length)}/#`],
    });
    const bytes = r.received.map((m) => m.bytes);
    assert.deepEqual(bytes.slice(0, 2), [[1, 2, 3], [4, 5]]);
    assert.equal(r.received[2].props.contentType, "text/plain");
    assert.deepEqual(r.received[2].props.userProperties, { a: ["1", "2"] });
    assert.deepEqual(r.sizes, [true, true, true, true, true, true, true]);
    assert.equal(r.wildcardTopic.err.code, "INVALID_TOPIC");
    assert.match(r.wildcardTopic.err.message, /wildcard/);
    assert.equal(r.qos3.err.code, "INVALID_ARGUMENT");
    assert.match(r.qos3.err.message, /^qos: must be 0, 1 or 2$/);
    assert.equal(r.badFilter.err.code, "INVALID_TOPIC");
    assert.equal(r.badUrl.code, "INVALID_ARGUMENT");
    assert.match(r.badUrl.message, /^url: /);
    assert.match(r.badKeepalive.message, /^keepalive: /);
    // A timeout of 0 would end every attempt as it starts.
    assert.deepEqual(r.zeroTimeout, { code: "INVALID_ARGUMENT", message: "connectTimeout: must be at least 1 millisecond" });
    assert.equal(r.badEvent, "INVALID_ARGUMENT");
    assert.deepEqual(r.refusedEnd.err, {
      name: "MqttError",
      code: "INVALID_ARGUMENT",
      reasonCode: undefined,
      message: "options.properties.sessionExpiryInterval: a nonzero session expiry interval at DISCONNECT needs a nonzero one at CONNECT (MQTT 5.0 §3.14.2.2.2)",
    });
    assert.equal(r.connectedAfterRefusedEnd, true);
    assert.deepEqual(r.lastingEnd, { ok: undefined }, "after a nonzero one at CONNECT it is sent");
    assert.equal(r.wrongPassword.code, "CONNECTION_REFUSED");
    // Reason codes are MQTT 5.0 codes in every version: 3.1.1 return code 5
    // ("not authorized") is 0x87.
    assert.equal(r.wrongPassword.reasonCode, 0x87);
    assert.deepEqual(r.refusals, { errors: ["CONNECTION_REFUSED"], reconnects: 0, connected: false });
    assert.equal(r.asyncRefused.err.code, "CONNECTION_REFUSED");
    assert.equal(r.asyncRefused.err.reasonCode, 0x87);
    assert.equal(r.asyncUnreachable.err.code, "TRANSPORT");
    assert.equal(r.nullPayload.err.code, "INVALID_ARGUMENT");
    assert.match(r.nullPayload.err.message, /^payload: /);
    assert.equal(r.longClientId.code, "INVALID_ARGUMENT");
    assert.match(r.longClientId.message, /^clientId: /);
    assert.equal(r.tooLarge.code, "PACKET_TOO_LARGE");
    assert.match(r.tooLarge.message, /over this client's maximum of 1024/);
    assert.equal(r.provider.asked, 1);
    assert.equal(r.plainProvider, true);
    const failed = (why) => ({ err: { name: "MqttError", code: "TRANSPORT", reasonCode: undefined, message: `transport: credentials provider failed: ${why}` } });
    assert.deepEqual(r.throwingProvider, failed("token service down"));
    assert.deepEqual(r.rejectingProvider, failed("no token"));
    assert.deepEqual(r.wrongFieldProvider, failed("credentials().username: must be a string"));
    assert.deepEqual(r.staleProvider, [], "a gone client's provider result reaches no other client");
    assert.deepEqual(r.failover.errors, ["TRANSPORT"]);
    assert.deepEqual(r.retained, { text: "k", retain: true });
    assert.equal(r.throwingGetter.err, undefined, "an option whose getter throws is read as missing");
    assert.deepEqual(r.holeyTopics.err, { name: "MqttError", code: "INVALID_ARGUMENT", reasonCode: undefined, message: "topic: must be a string" });
    assert.equal(r.namedProperties, '{"__proto__":"p","toString":"a","constructor":["b","c"]}');
    assert.equal(r.onlineInHandler, "dispatched");
    assert.deepEqual(r.afterOnline, { text: "after", connected: true });
    assert.deepEqual(r.unsubscribed, [0]);
    assert.equal(r.connectedAfterEnd, false);
    assert.equal(r.done, true);
  } finally {
    await browser.close();
    await server.close();
  }
});
