// The Rust API's shared connection (webmqtt::web::shared) as a Rust web
// app uses it: examples/shared_tabs.rs, built by
// scripts/build-shared-example.sh, open in three tabs of one origin (and a
// fourth whose client is dropped), which share one MQTT connection to the
// Mosquitto that scripts/test.sh started;
// in Debian's Chromium (Playwright) and Firefox ESR (WebDriver through
// geckodriver). What reached the broker is read from its log.
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { chromiumTabs, withChromiumTabs, withFirefoxTabs } from "./tabs.mjs";
import { serve, chromiumArgs } from "./serve.mjs";
import { ws, tcp, logOf, until, publish } from "./broker-log.mjs";

const PAGE = "/tests/e2e/shared-rust-page.html";
const READY = "window.__app !== undefined";
const built = existsSync(new URL("./shared-rust/shared_tabs.js", import.meta.url));

/**
 * The scenario, for a browser given as `openTab()`, which opens the page in
 * a new tab of one origin and returns `{ run(fn, arg), close() }`: `run`
 * evaluates `fn(arg)` in the page and resolves with its result.
 */
async function threeTabs(openTab, name) {
  const clientId = `shared-rust-${name}-${Date.now()}`;
  const base = `test/shared-rust-${name}-${Date.now()}`;
  const url = `ws://127.0.0.1:${ws}/mqtt`;
  const open = async () => {
    const tab = await openTab();
    const r = await tab.run(([u, id]) => window.__app.open(u, id), [url, clientId]);
    assert.deepEqual(r, { shared: true, clientId });
    return tab;
  };
  const [a, b, c] = [await open(), await open(), await open()];
  const subscribe = (tab, filter, qos = 1) => tab.run(([f, q]) => window.__app.subscribe(f, q), [filter, qos]);
  const heard = (tab) => tab.run(() => window.__app.heard());

  // A retained value on A's filter, which a tab joining later must get too.
  publish(`${base}/a`, "kept", true);
  assert.deepEqual(await subscribe(a, `${base}/a`), [1]);
  assert.deepEqual(await subscribe(b, `${base}/b`), [1]);
  await until(async () => (await heard(a)).length === 1, "A to get the retained value");
  // C joins A's filter at QoS 0; the subscription stays at A's QoS 1.
  assert.deepEqual(await subscribe(c, `${base}/a`, 0), [1]);
  await until(async () => (await heard(c)).length === 1, "C to get the retained value");

  // One CONNECT for three tabs. Mosquitto logs a SUBSCRIBE as "<client id>
  // <qos> <filter>": C's replaced A's subscription, at A's QoS.
  const log = logOf(clientId);
  assert.equal(log.filter((l) => l.includes("New client connected")).length, 1, log.join("\n"));
  assert.equal(log.filter((l) => l.endsWith(`: ${clientId} 1 ${base}/a`)).length, 2, log.join("\n"));
  assert.equal(log.filter((l) => l.endsWith(`: ${clientId} 1 ${base}/b`)).length, 1, log.join("\n"));

  // Each tab hears only its own filters, each message once: the retained
  // value C's SUBSCRIBE brought again went to C alone.
  publish(`${base}/a`, "for a");
  publish(`${base}/b`, "for b");
  await until(async () => (await heard(b)).length === 1, "B to hear its filter");
  await until(async () => (await heard(c)).length === 2, "C to hear its filter");
  await until(async () => (await heard(a)).length === 2, "A to hear its filter");
  // A message on B's filter after those on A's: once B has it, A and C
  // have had every message meant for them.
  publish(`${base}/b`, "fence");
  await until(async () => (await heard(b)).length === 2, "B to hear the fence");
  assert.deepEqual(await heard(a), [[`${base}/a`, "kept"], [`${base}/a`, "for a"]]);
  assert.deepEqual(await heard(b), [[`${base}/b`, "for b"], [`${base}/b`, "fence"]]);
  assert.deepEqual(await heard(c), [[`${base}/a`, "kept"], [`${base}/a`, "for a"]]);

  // A publishes through the shared connection; its future settles with
  // the PUBACK's reason code (0x10 would be "no matching subscribers").
  assert.equal(await a.run((t) => window.__app.publish(t, "from a", 1), `${base}/b`), 0);
  await until(async () => (await heard(b)).length === 3, "B to hear A's message");

  // Errors come back typed, as a direct client's: the worker's session
  // refused these, and the tab's futures failed with the same values.
  const error = (fn, arg) => a.run(fn, arg).then((v) => `resolved: ${v}`, (e) => String(e));
  assert.match(
    await error((f) => window.__app.subscribe(f, 1), "bad/#/filter"),
    /InvalidTopic \{ topic: "bad\/#\/filter", error: MisplacedMultiLevelWildcard \}/,
  );
  assert.match(
    await error((t) => window.__app.publish(t, "x", 1), "bad/+"),
    /InvalidTopic \{ topic: "bad\/\+", error: WildcardInName \}/,
  );
  // A credentials provider is a closure of the tab's: refused, typed.
  assert.equal(await a.run(() => window.__app.connect_with_credentials_provider()), "CredentialsProvider");

  // B drops its filter, which no other tab holds: UNSUBSCRIBE. Mosquitto
  // logs one as "<client id> <filter>".
  const unsubscribed = (filter) => logOf(clientId).filter((l) => l.endsWith(`: ${clientId} ${filter}`)).length;
  assert.deepEqual(await b.run((f) => window.__app.unsubscribe(f), `${base}/b`), [0]);
  await until(() => unsubscribed(`${base}/b`) === 1, `UNSUBSCRIBE of ${base}/b in the broker log`);

  // A fourth tab's client, dropped without `end`, leaves too: its filter
  // is released while the tab stays open.
  const d = await open();
  assert.deepEqual(await subscribe(d, `${base}/d`), [1]);
  await d.run(() => window.__app.drop_client());
  await until(() => unsubscribed(`${base}/d`) === 1, `UNSUBSCRIBE of ${base}/d in the broker log`);
  await d.close();

  // A closes: C still holds the filter, so no UNSUBSCRIBE, and C hears it.
  await a.close();
  publish(`${base}/a`, "again");
  await until(async () => (await heard(c)).length === 3, "C to hear the filter it shares");
  assert.equal(unsubscribed(`${base}/a`), 0, "no UNSUBSCRIBE while another tab holds the filter");

  // C goes away mid-publish without ending (torn down, as when a tab is
  // closed or killed): its filter is released once its lock frees.
  await c.run((t) => window.__app.publish_burst(t, 100), `${base}/c`);
  await c.close();
  await until(() => unsubscribed(`${base}/a`) === 1, `UNSUBSCRIBE of ${base}/a in the broker log`);

  // B, the last tab, ends: the connection ends.
  await b.run(() => window.__app.end().then(() => true));
  await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the shared connection to end");
  assert.equal(logOf(clientId).filter((l) => l.includes("New client connected")).length, 1);
  publish(`${base}/a`, "", true);
}

test("Rust API, Chromium: three tabs share one connection; each hears only its own filters; leaving tabs release them", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  assert.ok(ws && tcp && process.env.WEBMQTT_BROKER_DIR, "run through ./scripts/test.sh, which starts Mosquitto");
  await withChromiumTabs(async (open, server, errors) => {
    await threeTabs(() => open(`${server.url}${PAGE}`, READY), "chromium");
    assert.deepEqual(errors, []);
  });
});

test("Rust API, Firefox: three tabs share one connection; each hears only its own filters; leaving tabs release them", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  await withFirefoxTabs(async (open, server) => {
    await threeTabs(() => open(`${server.url}${PAGE}`, READY), "firefox");
  });
});

test("Rust API, Chromium: after a reconnect, the retained message of a restored subscription goes to every tab holding it", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  await withChromiumTabs(async (open, server) => {
    const clientId = `replay-rust-${Date.now()}`;
    const topic = `test/replay-rust-${Date.now()}`;
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    publish(topic, "kept", true);
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      const tab = await open(`${server.url}${PAGE}`, READY);
      await tab.run(([u, id]) => window.__app.open(u, id), [url, clientId]);
      await tab.run((f) => window.__app.subscribe(f, 1), topic);
      await until(async () => (await tab.run(() => window.__app.heard())).length === 1, `tab ${i} to get the retained value`);
      tabs.push(tab);
    }
    // Another client takes the client id over: the broker drops the shared
    // connection, which connects again (clean start) and subscribes again.
    execFileSync("mosquitto_pub", ["-p", tcp, "-i", clientId, "-t", `${topic}/other`, "-m", "x"]);
    for (const [i, tab] of tabs.entries()) {
      await until(async () => (await tab.run(() => window.__app.heard())).length === 2, `tab ${i} to get the retained value again`, 20_000);
    }
  });
});

/**
 * As in shared.test.mjs: a name whose lock a watcher holds shared (a
 * worker that died a moment ago) is not taken for a live worker's, or the
 * tab would join a worker that never answers (Firefox hands out the dying
 * worker's port; here a new worker of that name would wait for its own
 * lock).
 */
async function deadNameNotChosen(openTab, name) {
  const tab = await openTab();
  const prefix = await tab.run(() => `webmqtt-rust-worker ${new URL("/tests/e2e/shared-rust/shared_tabs.js", location.href)} `);
  const dead = `${prefix}webmqtt-rust dead`;
  await tab.run((dead) => new Promise((r) => navigator.locks.request(dead, { mode: "shared" }, () => (r(), new Promise(() => {})))), dead);
  const clientId = `dead-name-rust-${name}-${Date.now()}`;
  const r = await tab.run(
    async ([url, clientId, prefix]) => {
      const late = new Promise((r) => setTimeout(() => r("no answer within 10 s"), 10000));
      const opened = await Promise.race([window.__app.open(url, clientId), late]);
      const { held } = await navigator.locks.query();
      const workers = held.filter((l) => l.name.startsWith(prefix)).map((l) => `${l.mode} ${l.name.slice(prefix.length).replace(/^webmqtt-rust (?!dead$)\S+$/, "webmqtt-rust NEW")}`);
      if (typeof opened == "object") await window.__app.end();
      return { opened, workers: workers.sort() };
    },
    [`ws://127.0.0.1:${ws}/mqtt`, clientId, prefix],
  );
  assert.deepEqual(r, { opened: { shared: true, clientId }, workers: ["exclusive webmqtt-rust NEW", "shared webmqtt-rust dead"] });
}

test("Rust API, Chromium: a tab choosing its worker does not take the name of one whose lock a watcher holds", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  await withChromiumTabs(async (open, server) => {
    await deadNameNotChosen(() => open(`${server.url}${PAGE}`, READY), "chromium");
  });
});

test("Rust API, Firefox: a tab choosing its worker does not take the name of one whose lock a watcher holds", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  await withFirefoxTabs(async (open, server) => {
    await deadNameNotChosen(() => open(`${server.url}${PAGE}`, READY), "firefox");
  });
});

test("Rust API: a tab that connects and ends again and again holds no lock for the clients that ended", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const tab = await chromiumTabs(await browser.newContext())(`${server.url}${PAGE}`, READY);
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const tabLocks = () => tab.run(async () => (await navigator.locks.query()).held.filter((l) => l.name.startsWith("webmqtt-tab-")).length);
    for (let i = 0; i < 3; i++) {
      await tab.run(([u, id]) => window.__app.open(u, id), [url, `locks-rust-${Date.now()}-${i}`]);
      assert.equal(await tabLocks(), 1, "one lock while connected");
      await tab.run(() => window.__app.end());
      await until(async () => (await tabLocks()) === 0, "the ended client's lock to be let go of");
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Rust API without SharedWorker: connects directly and says so", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // As in browsers that have no SharedWorker (some mobile ones): gone
    // before the wasm starts.
    await page.addInitScript(() => delete window.SharedWorker);
    await page.goto(`${server.url}${PAGE}`);
    await page.waitForFunction(() => window.__app !== undefined);
    const clientId = `direct-rust-${Date.now()}`;
    const r = await page.evaluate(([u, id]) => window.__app.open(u, id), [`ws://127.0.0.1:${ws}/mqtt`, clientId]);
    assert.deepEqual(r, { shared: false, clientId });
    assert.equal(logOf(clientId).filter((l) => l.includes("New client connected")).length, 1);
    const topic = `test/direct-rust-${Date.now()}`;
    assert.deepEqual(await page.evaluate((t) => window.__app.subscribe(t, 1), topic), [1]);
    publish(topic, "direct");
    await page.waitForFunction(() => window.__app.heard().length === 1);
    assert.deepEqual(await page.evaluate(() => window.__app.heard()), [[topic, "direct"]]);
    // Refused in this mode too, so an app behaves the same everywhere.
    assert.equal(await page.evaluate(() => window.__app.connect_with_credentials_provider()), "CredentialsProvider");
    await page.evaluate(() => window.__app.end());
    await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the direct connection to end");
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Rust API: a worker whose script does not load ends the tab's client, saying why", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const context = await browser.newContext();
    // Only the worker's script is asked for with `?glue=`.
    await context.route(/\?glue=/, (r) => r.fulfill({ status: 404, body: "not found" }));
    const page = await context.newPage();
    await page.goto(`${server.url}${PAGE}`);
    await page.waitForFunction(() => window.__app !== undefined);
    const r = await page.evaluate((u) => window.__app.open(u, "never").then((v) => v, (e) => String(e)), `ws://127.0.0.1:${ws}/mqtt`);
    assert.match(r, /ended before connecting: Some\(Transport\(TransportError \{ code: None, reason: "webmqtt shared worker: its script did not load/);
    // Its commands fail at once, typed, instead of waiting for ever.
    const e = await page.evaluate(() => window.__app.subscribe("any", 1).then((v) => v, (e) => String(e)));
    assert.equal(e, "Ended");
  } finally {
    await browser.close();
    await server.close();
  }
});

/**
 * The tab that started the worker killed (the worker lives in its
 * process, so it dies too): the other tab's client ends, saying why, and
 * connecting again starts a new worker that serves it. `openTab()` is as
 * for `threeTabs`, with `kill()`.
 */
async function starterKilled(openTab, name) {
  const clientId = `starter-rust-${name}-${Date.now()}`;
  const base = `test/starter-rust-${name}-${Date.now()}`;
  const url = `ws://127.0.0.1:${ws}/mqtt`;
  const a = await openTab();
  assert.deepEqual(await a.run(([u, id]) => window.__app.open(u, id), [url, clientId]), { shared: true, clientId });
  const b = await openTab();
  assert.deepEqual(await b.run(([u, id]) => window.__app.open(u, id), [url, clientId]), { shared: true, clientId });
  assert.deepEqual(await b.run((f) => window.__app.subscribe(f, 1), `${base}/b`), [1]);
  await a.kill();
  await until(async () => (await b.run(() => window.__app.lost())).includes("Ended"), "B's client to end");
  const lost = await b.run(() => window.__app.lost());
  assert.match(lost.join("\n"), /the shared worker holding the connection stopped/);
  // Connecting again works: a new worker, a new connection.
  assert.deepEqual(await b.run(([u, id]) => window.__app.open(u, id), [url, clientId]), { shared: true, clientId });
  assert.deepEqual(await b.run((f) => window.__app.subscribe(f, 1), `${base}/b`), [1]);
  publish(`${base}/b`, "after");
  await until(async () => (await b.run(() => window.__app.heard())).some(([, p]) => p === "after"), "B to hear on the new connection");
  assert.equal(logOf(clientId).filter((l) => l.includes("New client connected")).length, 2, logOf(clientId).join("\n"));
  await b.run(() => window.__app.end());
}

test("Rust API, Chromium: the tab that started the worker killed: the other tab's client ends, and connecting again works", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  await withChromiumTabs(async (open, server) => {
    await starterKilled(() => open(`${server.url}${PAGE}`, READY), "chromium");
  });
});

test("Rust API, Firefox: the tab that started the worker killed: the other tab's client ends, and connecting again works", { skip: !built && "run scripts/build-shared-example.sh first" }, async () => {
  await withFirefoxTabs(async (open, server) => {
    await starterKilled(() => open(`${server.url}${PAGE}`, READY), "firefox");
  }, { killableTabs: true });
});
