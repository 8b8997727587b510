// The npm package's persistent outbox as users meet it: publishes queued
// while the broker is down survive a reload of the page and reach a
// subscriber exactly once, in order, when the broker comes up; in Debian's
// Chromium (Playwright) and Firefox ESR (WebDriver through geckodriver).
//
// The broker is a Mosquitto of this test's own, so that it can be down
// while the page publishes: a subscriber with a kept session (clean
// session off, QoS 2) subscribes first, the broker stops, and the queued
// messages wait for it in the broker's persistence when it comes back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startFirefox, firefoxRun } from "./firefox.mjs";
import { withChromiumTabs, withFirefoxTabs } from "./tabs.mjs";
import { serve, chromiumArgs } from "./serve.mjs";

/** The test page has loaded the package. */
const LOADED = "window.__loaded === true";

const QOS1 = 1000;
const QOS2 = 100;

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function until(check, what, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A Mosquitto that can be stopped and started again with its sessions, and
 * paused (SIGSTOP) so that what a client sends waits unanswered. With
 * `verbose`, its log has every packet.
 */
async function ownBroker({ verbose = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "webmqtt-outbox-"));
  const tcp = await freePort();
  const ws = await freePort();
  writeFileSync(
    join(dir, "mosquitto.conf"),
    [
      "persistence true",
      `persistence_location ${dir}/`,
      `log_dest file ${dir}/mosquitto.log`,
      "connection_messages true",
      ...(verbose ? ["log_type all"] : []),
      // Every queued message waits for the subscriber (the default keeps 1,000).
      "max_queued_messages 0",
      `listener ${tcp} 127.0.0.1`,
      "allow_anonymous true",
      `listener ${ws} 127.0.0.1`,
      "protocol websockets",
      "socket_domain ipv4",
      "",
    ].join("\n"),
  );
  execFileSync("sh", ["-c", `chown -R mosquitto: ${dir} 2>/dev/null || true`]);
  let proc;
  const broker = {
    tcp,
    url: `ws://127.0.0.1:${ws}/mqtt`,
    log: () => readFileSync(join(dir, "mosquitto.log"), "utf8"),
    async start() {
      proc = spawn("mosquitto", ["-c", join(dir, "mosquitto.conf")], { stdio: "ignore" });
      await until(
        () =>
          new Promise((resolve) => {
            const s = createServer();
            s.once("error", () => resolve(true)); // taken: the broker listens
            s.listen(tcp, "127.0.0.1", () => s.close(() => resolve(false)));
          }),
        "Mosquitto to listen",
        10_000,
      );
    },
    pause: () => proc.kill("SIGSTOP"),
    resume: () => proc.kill("SIGCONT"),
    async stop() {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM"); // writes its persistence file
      await exited;
    },
  };
  return broker;
}

/** `mosquitto_sub` with a kept session as client `id`; lines "topic payload". */
function subscriber(broker, id, filter, args) {
  try {
    return execFileSync(
      "mosquitto_sub",
      ["-p", String(broker.tcp), "-i", id, "-c", "-q", "2", "-t", filter, "-v", ...args],
      { encoding: "utf8", timeout: 90_000, stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (e) {
    // -W ends it with status 27 when the time is up: what it got is the answer.
    if (e.status === 27) return e.stdout;
    throw e;
  }
}

/**
 * The scenario, for a browser given as `{ open(url), run(fn, arg), reload() }`:
 * `run` evaluates `fn(arg)` in the page and resolves with its result.
 */
async function reloadScenario(page, server, name) {
  const broker = await ownBroker();
  const stamp = Date.now();
  const prefix = `outbox-${name}-${stamp}`;
  const sub = `outbox-sub-${name}-${stamp}`;
  await broker.start();
  subscriber(broker, sub, `${prefix}/#`, ["-E"]); // subscribes and leaves; the session stays
  await broker.stop();

  const id = `outbox-${name}-${stamp}`;
  await page.open(`${server.url}/tests/e2e/outbox-page.html?url=${encodeURIComponent(broker.url)}&id=${id}`);
  const held = await page.run(([p, n1, n2]) => window.__publishAll(p, n1, n2), [prefix, QOS1, QOS2]);
  // Topic and payload bytes, as the outbox counts them.
  const topic = prefix.length + "/q1".length;
  const bytes = (QOS1 + QOS2) * topic + digits(QOS1) + digits(QOS2);
  assert.deepEqual(held, { messages: QOS1 + QOS2, bytes });
  await until(async () => (await page.run(() => window.__stored())) === QOS1 + QOS2, "every publication in IndexedDB");

  // The page reloads while the broker is still down; nothing was sent.
  await page.reload();
  assert.equal(await page.run(() => window.__stored()), QOS1 + QOS2);

  // The broker comes up; the page's client connects and sends them all.
  await broker.start();
  const lines = subscriber(broker, sub, `${prefix}/#`, ["-C", String(QOS1 + QOS2), "-W", "60"]).trim().split("\n");
  const of = (topic) => lines.filter((l) => l.startsWith(`${prefix}/${topic} `)).map((l) => Number(l.split(" ")[1]));
  if (lines.length !== QOS1 + QOS2) {
    const state = await page.run(() => ({ errors: window.__errors, ended: window.__ended, connected: window.__client?.connected, stored: window.__client?.outbox }));
    assert.fail(`${lines.length} messages arrived; the page: ${JSON.stringify(state)}`);
  }
  assert.deepEqual(of("q1"), [...Array(QOS1).keys()], "every QoS 1 message once, in order");
  assert.deepEqual(of("q2"), [...Array(QOS2).keys()], "every QoS 2 message once, in order");
  // Each record leaves the store once its flow completes; nothing comes twice.
  await until(async () => (await page.run(() => window.__stored())) === 0, "the store to empty");
  assert.equal(subscriber(broker, sub, `${prefix}/#`, ["-W", "2"]).trim(), "", "no message a second time");
  const errors = await page.run(() => window.__errors);
  assert.deepEqual(
    errors.filter((e) => !e.startsWith("TRANSPORT")),
    [],
    "only the broker being down was reported",
  );
  await page.run(() => window.__client.end().then(() => true));
  await broker.stop();
}

/**
 * A page with an outbox killed mid-publish, for a browser given as
 * `open(url)`, which opens `url` in a new tab and resolves with
 * `{ run(fn, arg), kill() }` (`kill` kills the tab's renderer process and
 * resolves once it is dead).
 *
 * The page publishes QoS 1 and 2 in turn while the broker is paused: 20
 * publications are sent and unanswered (3.1.1's window), the rest queued,
 * all of them stored. The page is killed. A new page of the same client id
 * then sends every stored message, once: the broker's log shows one
 * PUBLISH per record after its CONNECT, the sent ones flagged DUP, and the
 * store ends empty. A subscriber gets every QoS 2 message exactly once and
 * every QoS 1 message at least once, a second copy only of one the killed
 * page had sent (the broker may have read it after the kill), and each
 * topic's messages first arrive in order.
 */
async function killedScenario(browser, server, name) {
  const n = 300;
  const broker = await ownBroker({ verbose: true });
  const stamp = Date.now();
  const prefix = `outbox-killed-${name}-${stamp}`;
  const sub = `outbox-killed-sub-${name}-${stamp}`;
  const id = `outbox-killed-${name}-${stamp}`;
  const page = (more) => `${server.url}/tests/e2e/outbox-page.html?url=${encodeURIComponent(broker.url)}&id=${id}${more}`;
  await broker.start();
  try {
    subscriber(broker, sub, `${prefix}/#`, ["-E"]); // subscribes and leaves; the session stays

    const first = await browser.open(page(""));
    await until(() => first.run(() => window.__client.connected), "the first page to connect");
    broker.pause();
    await first.run(([p, count]) => window.__publishMixed(p, count), [prefix, n]);
    await until(async () => (await first.run(() => window.__stored())) === n, "every publication in IndexedDB");
    const sentStage = async () => (await first.run(() => window.__records())).filter((r) => r.stage === 1).length;
    await until(async () => (await sentStage()) === 20, "20 publications sent and unanswered");
    await first.kill();

    // What the killed page left, read by a page with no client.
    const reader = await browser.open(page("&connect=0"));
    const kept = await reader.run(() => window.__records());
    assert.equal(kept.length, n);
    const inFlight = kept.filter((r) => r.stage === 1);
    assert.deepEqual(
      inFlight.map((r) => [r.qos, r.payload]),
      [...Array(20).keys()].map((i) => [1 + (i % 2), String(i)]),
      "the first 20 sent, QoS 1 and 2",
    );

    // The broker goes on; a new page of the same client sends what was kept.
    broker.resume();
    const second = await browser.open(page(""));
    await until(async () => (await second.run(() => window.__stored())) === 0, "the store to empty");
    assert.deepEqual(await second.run(() => window.__errors), [], "the lock of the killed page came free");

    // Mosquitto logs "Received PUBLISH from <id> (d<dup>, q<qos>, r0, m<id>, '<topic>', ...": those after the
    // second page's CONNECT are its own.
    const log = broker.log().split("\n");
    const connects = log.map((l, i) => [l, i]).filter(([l]) => l.includes(`New client connected`) && l.includes(` as ${id} `));
    assert.equal(connects.length, 2, "the killed page's connection and the new page's");
    const resent = log.slice(connects[1][1]).filter((l) => l.includes(`Received PUBLISH from ${id} `));
    assert.equal(resent.length, n, "one PUBLISH per stored message");
    assert.equal(resent.filter((l) => l.includes("(d1,")).length, 20, "the sent ones again with DUP");
    const onTopic = (topic) => resent.filter((l) => l.includes(`'${prefix}/${topic}'`)).length;
    assert.deepEqual([onTopic("q1"), onTopic("q2")], [n / 2, n / 2]);

    // What the broker read of the killed page's connection after the kill
    // (it was paused) went to the subscriber too: a QoS 1 message then
    // arrives twice, a QoS 2 one is recognised by its identifier.
    const early = log.slice(connects[0][1], connects[1][1]).filter((l) => l.includes(`Received PUBLISH from ${id} `));
    assert.ok(early.length <= 20, `${early.length} PUBLISH read of the killed page's connection`);
    const earlyQos1 = early.filter((l) => l.includes(", q1,")).length;
    // One run that takes every copy: a subscriber that leaves while a QoS 2
    // message is on its way to it would lose it (mosquitto_sub keeps no state).
    const all = subscriber(broker, sub, `${prefix}/#`, ["-C", String(n + earlyQos1), "-W", "60"]).trim().split("\n");
    const of = (topic) => all.filter((l) => l.startsWith(`${prefix}/${topic} `)).map((l) => Number(l.split(" ")[1]));
    const firsts = (xs) => xs.filter((x, i) => xs.indexOf(x) === i);
    const numbered = (odd) => [...Array(n / 2).keys()].map((i) => 2 * i + odd);
    assert.deepEqual(of("q2"), numbered(1), "every QoS 2 message exactly once, in order");
    assert.deepEqual(firsts(of("q1")), numbered(0), "every QoS 1 message, first copies in order");
    const sentBefore = new Set(inFlight.map((r) => Number(r.payload)));
    const twice = of("q1").filter((x, i, xs) => xs.indexOf(x) !== i);
    assert.equal(twice.length, earlyQos1);
    assert.ok(twice.every((x) => sentBefore.has(x)), `second copies only of what the killed page sent: ${twice}`);
    assert.equal(subscriber(broker, sub, `${prefix}/#`, ["-W", "2"]).trim(), "", "nothing more");
    await second.run(() => window.__client.end().then(() => true));
  } finally {
    broker.resume();
    await broker.stop();
  }
}

/** The length of the numbers 0 to n - 1 written out. */
function digits(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total += String(i).length;
  return total;
}

test("Chromium: 1,000 QoS 1 and 100 QoS 2 publishes queued offline survive a reload and arrive once each, in order", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const tab = await browser.newPage();
    const pageErrors = [];
    tab.on("pageerror", (e) => pageErrors.push(String(e)));
    const loaded = () => tab.waitForFunction(() => window.__loaded === true);
    await reloadScenario(
      {
        open: async (url) => {
          await tab.goto(url);
          await loaded();
        },
        run: (fn, arg) => tab.evaluate(fn, arg),
        reload: async () => {
          await tab.reload();
          await loaded();
        },
      },
      server,
      "chromium",
    );
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Firefox: 1,000 QoS 1 and 100 QoS 2 publishes queued offline survive a reload and arrive once each, in order", async () => {
  const server = await serve();
  const driver = await startFirefox();
  try {
    const loaded = () => driver.wait(() => driver.executeScript("return window.__loaded === true"), 10_000);
    await reloadScenario(
      {
        open: async (url) => {
          await driver.get(url);
          await loaded();
        },
        async run(fn, arg) {
          return firefoxRun(driver, fn, arg);
        },
        reload: async () => {
          await driver.navigate().refresh();
          await loaded();
        },
      },
      server,
      "firefox",
    );
  } finally {
    await driver.quit();
    await server.close();
  }
});

test("Chromium: a page killed mid-publish leaves its messages stored, and the next page sends each once", async () => {
  await withChromiumTabs(async (open, server) => {
    await killedScenario({ open: (url) => open(url, LOADED) }, server, "chromium");
  });
});

test("Firefox: a page killed mid-publish leaves its messages stored, and the next page sends each once", async () => {
  // SIGKILL of the tab's content process (see startFirefox).
  await withFirefoxTabs(async (open, server) => {
    await killedScenario({ open: (url) => open(url, LOADED) }, server, "firefox");
  }, { killableTabs: true });
});

/**
 * MQTT 5.0's Message Expiry Interval across a restart, for a browser given
 * as for `killedScenario` (without `kill`): a page with no outbox client
 * listens on a topic, and writes two records as if a page had published
 * them 100.5 s ago, one with 60 s to live, then one with 1,000 s. A page
 * with the outbox then sends the second with the time stored taken off,
 * and reports the first as OUTBOX_EXPIRED without sending it.
 */
async function expiryScenario(browser, server, name) {
  const broker = await ownBroker();
  await broker.start();
  try {
    const id = `outbox-expiry-${name}-${Date.now()}`;
    const topic = `outbox-expiry/${name}/${Date.now()}`;
    const page = (more) => `${server.url}/tests/e2e/outbox-page.html?url=${encodeURIComponent(broker.url)}&id=${id}&v=5${more}`;
    const listener = await browser.open(page("&connect=0"));
    const accepted = Date.now() - 100_500;
    await listener.run(
      async ([url, t, at]) => {
        await window.__listen(url, t);
        await window.__putRecord(1, at, t, "expired", 60);
        await window.__putRecord(2, at, t, "alive", 1000);
        return true;
      },
      [broker.url, topic, accepted],
    );

    const outbox = await browser.open(page(""));
    await until(async () => (await listener.run(() => window.__heard.length)) === 1, "the live message");
    await until(async () => (await outbox.run(() => window.__stored())) === 0, "the store to empty");
    // Each side of the interval: at least the 100 whole seconds before the
    // page opened came off, and at most the whole seconds until now.
    const [[payload, interval]] = await listener.run(() => window.__heard);
    assert.equal(payload, "alive", "the expired message, stored before it, never went");
    assert.ok(interval <= 900, `${interval} s left: 100 s or more came off`);
    assert.ok(interval >= 1000 - Math.floor((Date.now() - accepted) / 1000), `${interval} s left`);
    const errors = await outbox.run(() => window.__errors);
    assert.deepEqual(
      errors.filter((e) => !e.startsWith("TRANSPORT")),
      [`OUTBOX_EXPIRED: a stored message to ${topic} expired before it could be sent (its messageExpiryInterval ran out)`],
    );
    await outbox.run(() => window.__client.end().then(() => true));
  } finally {
    await broker.stop();
  }
}

test("Chromium: a stored message's expiry counts the time it was stored; one that ran out is reported and not sent", async () => {
  await withChromiumTabs(async (open, server) => {
    await expiryScenario({ open: (url) => open(url, LOADED) }, server, "chromium");
  });
});

test("Firefox: a stored message's expiry counts the time it was stored; one that ran out is reported and not sent", async () => {
  await withFirefoxTabs(async (open, server) => {
    await expiryScenario({ open: (url) => open(url, LOADED) }, server, "firefox");
  });
});

test("Chromium: a QoS 2 publication whose PUBREC came before the reload gets only its PUBREL after it", async () => {
  const { startFakeBroker, PUBLISH, PUBREL } = await import("./fake-broker.mjs");
  const fake = await startFakeBroker();
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const tab = await browser.newPage();
    const id = `outbox-pubrec-${Date.now()}`;
    const url = `${fake.url}/pubrec-then-silence?tag=${id}`;
    await tab.goto(`${server.url}/tests/e2e/outbox-page.html?url=${encodeURIComponent(url)}&id=${id}`);
    await tab.waitForFunction(() => window.__loaded === true);
    // Not awaited: PUBCOMP never comes on this connection.
    await tab.evaluate(() => {
      window.__client.publish("plant/valve", "open", { qos: 2 }).catch(() => {});
    });
    // The client sent PUBREL and waits for PUBCOMP; its record says so.
    await until(() => fake.connections(id)[0]?.packets.some((p) => p.type === PUBREL), "the PUBREL");
    await until(async () => (await tab.evaluate(() => window.__stored())) === 1, "the record");
    await tab.reload();
    await tab.waitForFunction(() => window.__loaded === true);
    await until(() => fake.connections(id).length === 2, "the reconnection after the reload");
    await until(async () => (await tab.evaluate(() => window.__stored())) === 0, "the record to leave on PUBCOMP");
    const after = fake.connections(id)[1].packets.map((p) => p.type);
    assert.ok(after.includes(PUBREL), "PUBREL sent again");
    assert.ok(!after.includes(PUBLISH), "the PUBLISH never again [MQTT-4.3.3-5]");
    assert.deepEqual(await tab.evaluate(() => window.__errors), []);
  } finally {
    await browser.close();
    await server.close();
    await fake.close();
  }
});

test("Chromium: a second tab with the same client id waits for the outbox, then fails with OUTBOX_IN_USE; a full outbox refuses with OUTBOX_FULL", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const context = await browser.newContext();
    const id = `outbox-lock-${Date.now()}`;
    // Nothing listens on port 9: the clients stay offline, which is all this needs.
    const page = `${server.url}/tests/e2e/outbox-page.html?url=${encodeURIComponent("ws://127.0.0.1:9/mqtt")}&id=${id}&lockWait=300&messages=3`;
    const first = await context.newPage();
    await first.goto(page);
    await first.waitForFunction(() => window.__loaded === true);
    const second = await context.newPage();
    await second.goto(page);
    await second.waitForFunction(() => window.__errors.some((e) => e.startsWith("OUTBOX_")));
    const errors = await second.evaluate(() => window.__errors);
    assert.match(errors.find((e) => e.startsWith("OUTBOX_")), /^OUTBOX_IN_USE: another tab or client holds the outbox of client id "outbox-lock-\d+" \(waited 300 ms\)$/);
    await second.waitForFunction(() => window.__ended === true); // it cannot keep what it was asked to

    // The first tab owns the outbox: three fit, the fourth is refused.
    const results = await first.evaluate(async () => {
      const c = window.__client;
      for (let i = 0; i < 3; i++) c.publish("t/full", String(i), { qos: 1 });
      return c.publish("t/full", "3", { qos: 1 }).then(
        () => "accepted",
        (e) => `${e.code}: ${e.message}`,
      );
    });
    assert.equal(results, "OUTBOX_FULL: the outbox is full (3 messages, 21 bytes stored)");
    await until(async () => (await first.evaluate(() => window.__stored())) === 3, "three records");
    // Closing the first tab frees the lock: a new tab takes the outbox.
    await first.close();
    const third = await context.newPage();
    await third.goto(page);
    await third.waitForFunction(() => window.__client?.outbox?.messages === 3);
    assert.deepEqual(await third.evaluate(() => window.__client.outbox), { messages: 3, bytes: 21 });
    assert.deepEqual(await third.evaluate(() => window.__errors.filter((e) => e.startsWith("OUTBOX_"))), []);
    await third.evaluate(() => window.__client.end());
  } finally {
    await browser.close();
    await server.close();
  }
});

/**
 * Opens the outbox page on `page` with the request for `route` (`what`)
 * held until a publication waits for the store, then failed by `failWith`
 * (by default as a dropped connection would); waits for the client
 * to end, and returns the errors it reported and how that publication
 * settled. Checks that the client waited, not ended, while the request was
 * held.
 */
async function loadFailed(page, server, route, what, id, failWith = (r) => r.abort("failed")) {
  let fail;
  const held = new Promise((resolve) => (fail = resolve));
  let requested = false;
  await page.route(route, async (r) => {
    requested = true;
    await held;
    await failWith(r);
  });
  await page.goto(`${server.url}/tests/e2e/outbox-page.html?url=${encodeURIComponent("ws://127.0.0.1:9/mqtt")}&id=${id}`);
  await page.waitForFunction(() => window.__loaded === true);
  await until(() => requested, `the request for ${what}`);
  // Published while the store is awaited: ended by the failure, as by
  // end(true), its promise is rejected (CANCELLED), not left pending.
  await page.evaluate(() => {
    window.__settled = window.__client.publish("t/missing", "x", { qos: 1 }).then(
      () => "accepted",
      (e) => e.code,
    );
  });
  assert.equal(await page.evaluate(() => window.__ended ?? false), false);
  fail();
  await page.waitForFunction(() => window.__ended === true);
  return { errors: await page.evaluate(() => window.__errors), settled: await page.evaluate(() => window.__settled) };
}

test("Chromium: when outbox.js does not load, the client reports OUTBOX_UNAVAILABLE and ends, and a publication waiting for the store is cancelled", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const { errors, settled } = await loadFailed(page, server, "**/outbox.js", "outbox.js", `outbox-missing-${Date.now()}`);
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0], /^OUTBOX_UNAVAILABLE: outbox\.js did not load: .+/);
    assert.equal(settled, "CANCELLED");
  } finally {
    await browser.close();
    await server.close();
  }
});

/** The outbox's wasm module, as build-npm.sh names it. */
const OUTBOX_MODULE = /\/webmqtt_outbox-[0-9a-f]{16}\.wasm$/;

test("Chromium: a client without outbox fetches neither outbox.js nor the outbox's wasm module; one with it fetches both", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname));
    const outboxFiles = () => requested.filter((p) => p.endsWith("/outbox.js") || OUTBOX_MODULE.test(p));
    const id = `outbox-none-${Date.now()}`;
    // A page with no client yet; the package is loaded.
    await page.goto(`${server.url}/tests/e2e/outbox-page.html?connect=0&id=${id}`);
    await page.waitForFunction(() => window.__loaded === true);
    // Nothing listens on port 9: the client tries, fails, and publishes
    // into its queue, all without an outbox.
    await page.evaluate(async (clientId) => {
      const { connect } = await import("/pkg/index.js");
      const c = connect("ws://127.0.0.1:9/mqtt", { clientId, reconnectPeriod: 0 });
      await new Promise((resolve) => c.on("close", resolve));
      c.publish("t/none", "x", { qos: 1 }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 500));
      window.__plain = c;
      return c.outbox;
    }, id);
    assert.deepEqual(outboxFiles(), [], "nothing of the outbox was requested");
    assert.equal(await page.evaluate(() => window.__plain.outbox), null);
    await page.evaluate(() => window.__plain.end(true));

    // The same page's client with an outbox loads both, and opens it.
    await page.evaluate(async (clientId) => {
      const { connect } = await import("/pkg/index.js");
      window.__kept = connect("ws://127.0.0.1:9/mqtt", { clientId, clean: false, outbox: {} });
      window.__kept.publish("t/kept", "x", { qos: 1 }).catch(() => {});
    }, `${id}-kept`);
    await until(() => outboxFiles().length === 2, "outbox.js and the outbox's module to be requested");
    await page.waitForFunction(() => window.__kept.outbox?.messages === 1);
    await page.evaluate(() => window.__kept.end(true));
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Chromium: when the outbox's wasm module is missing, the client reports OUTBOX_UNAVAILABLE and ends, and a publication waiting for the store is cancelled; a network failure is tried again", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const id = `outbox-module-missing-${Date.now()}`;
    // A 404: the file missing from the deployment.
    const notFound = (r) => r.fulfill({ status: 404, body: "not found" });
    const { errors, settled } = await loadFailed(page, server, OUTBOX_MODULE, "the outbox's module", id, notFound);
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(
      errors[0],
      /^OUTBOX_UNAVAILABLE: the outbox's wasm module http:\/\/\S+\/pkg\/dist\/webmqtt_outbox-[0-9a-f]{16}\.wasm did not load: 404( .*)?$/,
    );
    assert.equal(settled, "CANCELLED");
    // A failure that may pass (the network) is reported and tried again:
    // the next client's outbox opens once the module comes, and it goes on
    // to connect (nothing listens on port 9: TRANSPORT).
    await page.unroute(OUTBOX_MODULE);
    let requests = 0;
    await page.route(OUTBOX_MODULE, (route) => (requests++ == 0 ? route.abort("failed") : route.continue()));
    const second = await page.evaluate(async (clientId) => {
      const { connect } = await import("/pkg/index.js");
      const c = connect("ws://127.0.0.1:9/mqtt", { clientId, clean: false, outbox: {}, reconnectPeriod: 100 });
      const errors = [];
      let ended = false;
      c.on("end", () => (ended = true));
      await new Promise((resolve) =>
        c.on("error", (e) => {
          errors.push(`${e.code}: ${e.message}`);
          if (e.code == "TRANSPORT") resolve();
        }),
      );
      const [outbox, endedBefore] = [c.outbox, ended];
      await c.end(true);
      return { errors, ended: endedBefore, outbox };
    }, `${id}-retry`);
    assert.equal(requests, 2);
    assert.equal(second.ended, false);
    assert.deepEqual(second.outbox, { messages: 0, bytes: 0 });
    assert.match(second.errors[0], /^OUTBOX_UNAVAILABLE: the outbox's wasm module \S+ did not load: .+; trying again$/);
    assert.match(second.errors.at(-1), /^TRANSPORT: /);
    assert.ok(second.errors.slice(1).every((e) => e.startsWith("TRANSPORT: ")), second.errors.join("\n"));
  } finally {
    await browser.close();
    await server.close();
  }
});

/**
 * Defines `window.__opened(client)` on `page`: resolves with "opened" once
 * the client, its outbox open, tries to connect (nothing listens on port
 * 9: a TRANSPORT error), or "ended" if it ends first.
 */
async function defineOpened(page) {
  await page.evaluate(() => {
    window.__opened = (c) =>
      new Promise((resolve) => {
        c.on("error", (e) => e.code === "TRANSPORT" && resolve("opened"));
        c.on("end", () => resolve("ended"));
      });
  });
}

/** The outbox's wasm module of the package under test, as built. */
function outboxModuleBytes() {
  const dir = join(import.meta.dirname, "../../pkg/dist");
  const [file] = readdirSync(dir).filter((f) => OUTBOX_MODULE.test(`/${f}`));
  return readFileSync(join(dir, file));
}

test("Chromium: `outbox.wasm` says where the outbox's module is (a URL or a WebAssembly.Module), and the default path is not requested; a module of another build fails to link and is reported", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const bytes = outboxModuleBytes();
    // The same module with the build's token in the stack pointer's
    // import name changed (as a stale copy from another build has it).
    const at = bytes.indexOf("_s");
    const token = bytes.subarray(at, at + 10).toString();
    assert.match(token, /^_s[0-9a-f]{8}$/);
    assert.equal(bytes.indexOf("_s", at + 1), -1, "one _s in the module");
    const stale = Buffer.from(bytes);
    stale.write(token === "_s00000000" ? "_s11111111" : "_s00000000", at);
    let defaultRequests = 0;
    const context = await browser.newContext();
    await context.route(OUTBOX_MODULE, (route) => {
      defaultRequests++;
      return route.fulfill({ status: 404, body: "not found" });
    });
    await context.route("**/elsewhere/outbox.wasm", (route) =>
      route.fulfill({ status: 200, contentType: "application/wasm", body: bytes }),
    );
    await context.route("**/elsewhere/stale.wasm", (route) =>
      route.fulfill({ status: 200, contentType: "application/wasm", body: stale }),
    );
    const id = `outbox-elsewhere-${Date.now()}`;
    const open = async (how) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/tests/e2e/outbox-page.html?connect=0&id=${id}`);
      await page.waitForFunction(() => window.__loaded === true);
      await defineOpened(page);
      const result = await page.evaluate(
        async ([clientId, how]) => {
          const { connect } = await import("/pkg/index.js");
          const url = new URL(`/elsewhere/${how === "stale" ? "stale" : "outbox"}.wasm`, location.href);
          const wasm = how === "module" ? await WebAssembly.compileStreaming(fetch(url)) : url.href;
          const c = connect("ws://127.0.0.1:9/mqtt", { clientId, clean: false, outbox: { wasm } });
          const errors = [];
          c.on("error", (e) => errors.push(`${e.code}: ${e.message}`));
          const settled = c.publish("t/elsewhere", how, { qos: 1 }).then(() => "accepted", (e) => e.code);
          const outcome = await window.__opened(c);
          if (outcome === "opened") await c.end(true);
          return [outcome, outcome === "ended" ? await settled : null, errors.filter((e) => e.startsWith("OUTBOX_"))];
        },
        [`${id}-${how}`, how],
      );
      await page.close();
      return result;
    };
    assert.deepEqual(await open("url"), ["opened", null, []]);
    assert.deepEqual(await open("module"), ["opened", null, []]);
    const [outcome, settled, errors] = await open("stale");
    assert.equal(outcome, "ended");
    assert.equal(settled, "CANCELLED");
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0], /^OUTBOX_UNAVAILABLE: the outbox's wasm module http:\/\/\S+\/elsewhere\/stale\.wasm did not load: .*(LinkError|import)/i);
    assert.equal(defaultRequests, 0, "the default path was not requested");
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Chromium: two outbox clients opened in the same tick fetch the module once and both open; a load that failed is tried again by the next client", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    let requests = 0;
    let failNext = false;
    await page.route(OUTBOX_MODULE, (route) => {
      requests++;
      if (failNext) {
        failNext = false;
        return route.fulfill({ status: 404, body: "not found" });
      }
      return route.continue();
    });
    const id = `outbox-twice-${Date.now()}`;
    await page.goto(`${server.url}/tests/e2e/outbox-page.html?connect=0&id=${id}`);
    await page.waitForFunction(() => window.__loaded === true);
    await defineOpened(page);
    const opened = await page.evaluate(async (clientId) => {
      const { connect } = await import("/pkg/index.js");
      const clients = ["a", "b"].map((n) =>
        connect("ws://127.0.0.1:9/mqtt", { clientId: `${clientId}-${n}`, clean: false, outbox: {} }),
      );
      const errors = [];
      for (const c of clients) {
        c.on("error", (e) => errors.push(`${e.code}: ${e.message}`));
        c.publish("t/twice", "x", { qos: 1 }).catch(() => {});
      }
      const outcomes = await Promise.all(clients.map((c) => window.__opened(c)));
      const result = [outcomes, errors.filter((e) => e.startsWith("OUTBOX_"))];
      await Promise.all(clients.map((c) => c.end(true)));
      return result;
    }, id);
    assert.deepEqual(opened, [["opened", "opened"], []]);
    assert.equal(requests, 1, "one request for the module");

    // A new page: its first load fails (404), the next client's succeeds.
    requests = 0;
    failNext = true;
    await page.reload();
    await page.waitForFunction(() => window.__loaded === true);
    await defineOpened(page);
    const retried = await page.evaluate(async (clientId) => {
      const { connect } = await import("/pkg/index.js");
      const open = async (n) => {
        const c = connect("ws://127.0.0.1:9/mqtt", { clientId: `${clientId}-${n}`, clean: false, outbox: {} });
        const errors = [];
        c.on("error", (e) => errors.push(e.code));
        c.publish("t/retry", "x", { qos: 1 }).catch(() => {});
        const outcome = await window.__opened(c);
        if (outcome === "opened") await c.end(true);
        return [outcome, errors.filter((e) => e.startsWith("OUTBOX_"))];
      };
      return [await open("first"), await open("second")];
    }, id);
    assert.deepEqual(retried, [["ended", ["OUTBOX_UNAVAILABLE"]], ["opened", []]]);
    assert.equal(requests, 2);
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Chromium: a throw from the outbox's module while it opens is reported as OUTBOX_UNAVAILABLE and ends the client; a waiting publication is cancelled", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const id = `outbox-trap-${Date.now()}`;
    await page.goto(`${server.url}/tests/e2e/outbox-page.html?connect=0&id=${id}`);
    await page.waitForFunction(() => window.__loaded === true);
    const result = await page.evaluate(async (clientId) => {
      const { connect, MqttClient } = await import("/pkg/index.js");
      // As a trap in the module would throw (RuntimeError: unreachable).
      MqttClient.prototype.__openOutbox = () => {
        throw new WebAssembly.RuntimeError("unreachable");
      };
      const c = connect("ws://127.0.0.1:9/mqtt", { clientId, clean: false, outbox: {} });
      const errors = [];
      c.on("error", (e) => errors.push(`${e.code}: ${e.message}`));
      const ended = new Promise((resolve) => c.on("end", resolve));
      const settled = c.publish("t/trap", "x", { qos: 1 }).then(() => "accepted", (e) => e.code);
      await ended;
      return [await settled, errors];
    }, id);
    assert.deepEqual(result, ["CANCELLED", ["OUTBOX_UNAVAILABLE: the outbox did not open: unreachable"]]);
  } finally {
    await browser.close();
    await server.close();
  }
});
