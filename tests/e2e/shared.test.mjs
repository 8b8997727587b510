// The npm package's shared connection (webmqtt/shared) as users use it:
// three tabs of one origin share one MQTT connection to the Mosquitto that
// scripts/test.sh started, in Debian's Chromium (Playwright) and Firefox ESR
// (WebDriver through geckodriver). What reached the broker is read from its
// log: connections, and SUBSCRIBE and UNSUBSCRIBE by client.
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { withChromiumTabs, withFirefoxTabs } from "./tabs.mjs";
import { serve, chromiumArgs } from "./serve.mjs";
import { ws, tcp, logOf, until, publish } from "./broker-log.mjs";

/**
 * The scenario, for a browser given as `openTab()`, which opens the test
 * page in a new tab of one origin and returns `{ run(fn, arg), close() }`:
 * `run` evaluates `fn(arg)` in the page and resolves with its result.
 */
async function threeTabs(openTab, name) {
  const clientId = `shared-${name}-${Date.now()}`;
  const base = `test/shared-${name}-${Date.now()}`;
  const url = `ws://127.0.0.1:${ws}/mqtt`;
  const open = async () => {
    const tab = await openTab();
    // A retained will, which the broker publishes when B ends with 0x04.
    const will = { topic: `${base}/will`, payload: "gone", retain: true };
    const r = await tab.run(([u, id, w]) => window.__open(u, { clientId: id, protocolVersion: 5, will: w }), [url, clientId, will]);
    assert.deepEqual(r, { shared: true, sharedAvailable: true, clientId, connected: true });
    return tab;
  };
  const [a, b, c] = [await open(), await open(), await open()];
  // on and off return the client, as MQTT.js's do.
  const chains = () => {
    const c = window.__client, f = () => {};
    return c.on("close", f) === c && c.off("close", f) === c;
  };
  assert.equal(await a.run(chains), true);
  const subscribe = (tab, filter) => tab.run((f) => window.__client.subscribe(f, { qos: 1 }), filter);
  const heard = (tab) => tab.run(() => window.__heard);
  // A retained value on A's filter, which a tab joining later must get too.
  publish(`${base}/a`, "kept", true);
  assert.deepEqual(await subscribe(a, `${base}/a`), [{ topic: `${base}/a`, qos: 1, reasonCode: 1 }]);
  assert.deepEqual(await subscribe(b, `${base}/b`), [{ topic: `${base}/b`, qos: 1, reasonCode: 1 }]);
  await until(async () => (await heard(a)).length === 1, "A to get the retained value");
  // C joins A's filter at QoS 0; the subscription stays at A's QoS 1.
  // (In MQTT.js's callback form: the shared client takes it too.)
  const subscribeWithCallback = (f) =>
    new Promise((resolve) => window.__client.subscribe(f, { qos: 0 }, (e, grants) => resolve(e ? e.code : grants)));
  assert.deepEqual(
    await c.run(subscribeWithCallback, `${base}/a`),
    [{ topic: `${base}/a`, qos: 1, reasonCode: 1 }],
  );
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
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await heard(a), [[`${base}/a`, "kept"], [`${base}/a`, "for a"]]);
  assert.deepEqual(await heard(b), [[`${base}/b`, "for b"]]);
  assert.deepEqual(await heard(c), [[`${base}/a`, "kept"], [`${base}/a`, "for a"]]);

  // A publishes through the shared connection; its promise settles.
  assert.deepEqual(await a.run((t) => window.__client.publish(t, "from a", { qos: 1 }), `${base}/b`), { reasonCode: 0 });
  await until(async () => (await heard(b)).length === 2, "B to hear A's message");

  // A closes: C still holds the filter, so no UNSUBSCRIBE, and C hears it.
  // Mosquitto logs an UNSUBSCRIBE as "<client id> <filter>".
  const unsubscribed = (filter) => logOf(clientId).filter((l) => l.endsWith(`: ${clientId} ${filter}`)).length;
  await a.close();
  publish(`${base}/a`, "again");
  await until(async () => (await heard(c)).length === 3, "C to hear the filter it shares");
  assert.equal(unsubscribed(`${base}/a`), 0, "no UNSUBSCRIBE while another tab holds the filter");

  // C goes away mid-publish without ending (its JS torn down, as when a
  // tab is closed or killed): its filter is released once its lock frees.
  c.run((t) => {
    for (let i = 0; i < 100; i++) window.__client.publish(t, `burst ${i}`, { qos: 1 });
    return true;
  }, `${base}/c`).catch(() => {});
  await c.close();
  await until(() => unsubscribed(`${base}/a`) === 1, `UNSUBSCRIBE of ${base}/a in the broker log`);

  // B, the last tab, ends the connection with its own options. Refused
  // ones (a Session Expiry Interval at DISCONNECT after none at CONNECT,
  // MQTT 5.0 §3.14.2.2.2) reject and leave it as it was, B still in it.
  // A publish called while that end is under way waits for its outcome,
  // and goes out once it is refused.
  const refused = (t) => {
    const client = window.__client;
    const end = client.end(false, { properties: { sessionExpiryInterval: 60 } }).then(() => "ended", (e) => e.code);
    const during = client.publish(t, "during a refused end", { qos: 1 }).then((r) => r.reasonCode, (e) => e.code);
    return Promise.all([end, during]);
  };
  assert.deepEqual(await b.run(refused, `${base}/b`), ["INVALID_ARGUMENT", 0]);
  assert.deepEqual(await b.run((t) => window.__client.publish(t, "still here", { qos: 1 }), `${base}/b`), { reasonCode: 0 });
  // Then DISCONNECT with Will Message (0x04), in MQTT.js's callback form:
  // the connection ends and the broker publishes the will.
  const withWill = () => new Promise((resolve) => window.__client.end(false, { reasonCode: 4 }, (e) => resolve(e ?? "ended")));
  assert.equal(await b.run(withWill), "ended");
  await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the shared connection to end");
  const retained = (topic) => execFileSync("mosquitto_sub", ["-p", tcp, "-t", topic, "-C", "1", "-W", "5"], { encoding: "utf8" }).trim();
  assert.equal(retained(`${base}/will`), "gone", "the will, sent for DISCONNECT 0x04");
  publish(`${base}/a`, "", true);
  publish(`${base}/will`, "", true);
}

/**
 * A tab killed mid-publish, for a browser given as `openTab()` (as for
 * `threeTabs`, with `kill()`, which kills the tab's renderer process and
 * resolves once it is dead). Of the three tabs, the one at `victim` (in
 * opening order) dies while it publishes without pause: the other two keep
 * the connection and their filters, the filter only it held is
 * unsubscribed (the worker's Web Lock for the tab came free with its
 * process), and nothing of it stays: when the two others leave, the
 * connection ends, which it would not with a tab still attached.
 */
async function killedTab(openTab, name, victim) {
  const clientId = `killed-${name}-${Date.now()}`;
  const base = `test/killed-${name}-${Date.now()}`;
  const url = `ws://127.0.0.1:${ws}/mqtt`;
  const tabs = [];
  for (let i = 0; i < 3; i++) {
    const tab = await openTab();
    const r = await tab.run(([u, id]) => window.__open(u, { clientId: id, protocolVersion: 5 }), [url, clientId]);
    assert.deepEqual(r, { shared: true, sharedAvailable: true, clientId, connected: true });
    tabs.push(tab);
  }
  const dead = tabs[victim];
  const [a, b] = tabs.filter((t) => t !== dead);
  const subscribe = (tab, filter) => tab.run((f) => window.__client.subscribe(f, { qos: 1 }), filter);
  const heard = (tab) => tab.run(() => window.__heard);
  const unsubscribed = (filter) => logOf(clientId).filter((l) => l.endsWith(`: ${clientId} ${filter}`)).length;
  await subscribe(a, `${base}/shared`);
  await subscribe(b, `${base}/b`);
  await subscribe(dead, `${base}/shared`);
  await subscribe(dead, `${base}/mine`);

  // The victim publishes QoS 1 in a loop that never pauses for long, and
  // counts what settled: when it dies, publications are in flight for sure.
  await dead.run((t) => {
    window.__settled = 0;
    const burst = () => {
      for (let i = 0; i < 20; i++) window.__client.publish(t, `burst ${i}`, { qos: 1 }).then(() => window.__settled++);
      setTimeout(burst, 0);
    };
    burst();
    return true;
  }, `${base}/burst`);
  await until(async () => (await dead.run(() => window.__settled)) > 0, "the burst to be under way");
  await dead.kill();

  // The filter only the dead tab held is released; the shared one is not.
  await until(() => unsubscribed(`${base}/mine`) === 1, `UNSUBSCRIBE of ${base}/mine in the broker log`);
  assert.equal(unsubscribed(`${base}/shared`), 0, "no UNSUBSCRIBE while another tab holds the filter");
  assert.equal(unsubscribed(`${base}/b`), 0);

  // The two others work on: they hear their filters, and publish.
  publish(`${base}/shared`, "after");
  publish(`${base}/b`, "after");
  await until(async () => (await heard(a)).length === 1, "A to hear its filter after the kill");
  await until(async () => (await heard(b)).length === 1, "B to hear its filter after the kill");
  assert.deepEqual(await b.run((t) => window.__client.publish(t, "from b", { qos: 1 }), `${base}/shared`), { reasonCode: 0 });
  await until(async () => (await heard(a)).length === 2, "A to hear B's message");
  assert.deepEqual(await heard(a), [[`${base}/shared`, "after"], [`${base}/shared`, "from b"]]);
  assert.deepEqual(await heard(b), [[`${base}/b`, "after"]]);

  // Nothing of the dead tab is left: A leaves (its filter goes, B's stays),
  // and B, the last tab attached, ends the connection.
  await a.close();
  await until(() => unsubscribed(`${base}/shared`) === 1, `UNSUBSCRIBE of ${base}/shared once A left`);
  assert.equal(unsubscribed(`${base}/b`), 0);
  await b.run(() => window.__client.end().then(() => true));
  await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the shared connection to end");
  const log = logOf(clientId);
  assert.equal(log.filter((l) => l.includes("New client connected")).length, 1, "one connection throughout");
}

/**
 * The tab that started the SharedWorker killed mid-publish, for a browser
 * given as for `killedTab`. Browsers run the worker in that tab's process,
 * so the worker and its connection die with it. The other two tabs learn
 * it from the worker's Web Lock coming free: what they had pending
 * settles (CONNECTION_LOST; none hangs), they attach to a new worker,
 * whose one new connection subscribes to their filters and not to the
 * dead tab's own, and they hear and publish again.
 */
async function starterKilled(openTab, name) {
  const clientId = `starter-${name}-${Date.now()}`;
  const base = `test/starter-${name}-${Date.now()}`;
  const url = `ws://127.0.0.1:${ws}/mqtt`;
  const tabs = [];
  for (let i = 0; i < 3; i++) {
    const tab = await openTab();
    const r = await tab.run(([u, id]) => window.__open(u, { clientId: id, protocolVersion: 5 }), [url, clientId]);
    assert.deepEqual(r, { shared: true, sharedAvailable: true, clientId, connected: true });
    await tab.run(() => {
      window.__events = [];
      for (const e of ["connect", "offline", "close", "reconnect", "end"]) window.__client.on(e, () => window.__events.push(e));
      return true;
    });
    tabs.push(tab);
  }
  const [dead, b, c] = tabs;
  // A second client in C, on the same connection, that ends when it hears
  // the connection close: its end is done without the dead worker.
  await c.run(async ([u, id]) => {
    const { connectAsync } = await import("/pkg/shared.js");
    const leaver = await connectAsync(u, { clientId: id, protocolVersion: 5 });
    window.__leaverEvents = [];
    for (const e of ["connect", "offline", "close", "reconnect", "error", "end"]) leaver.on(e, () => window.__leaverEvents.push(e));
    leaver.on("close", () => (window.__leaverEnd = leaver.end().then(() => "ended", (e) => e.code)));
    return true;
  }, [url, clientId]);
  const subscribe = (tab, filter) => tab.run((f) => window.__client.subscribe(f, { qos: 1 }), filter);
  const heard = (tab) => tab.run(() => window.__heard);
  await subscribe(dead, `${base}/shared`);
  await subscribe(dead, `${base}/mine`);
  await subscribe(b, `${base}/b`);
  await subscribe(c, `${base}/shared`);

  // Both the victim and B publish without pause; B counts how each ended.
  const burst = (tab) =>
    tab.run((t) => {
      window.__burst = { issued: 0, resolved: 0, rejected: [] };
      const go = () => {
        if (window.__stop) return;
        for (let i = 0; i < 20; i++) {
          window.__burst.issued++;
          window.__client.publish(t, `burst ${i}`, { qos: 1 }).then(
            () => window.__burst.resolved++,
            (e) => window.__burst.rejected.push(e.code),
          );
        }
        setTimeout(go, 0);
      };
      go();
      return true;
    }, `${base}/burst`);
  await burst(dead);
  await burst(b);
  await until(async () => (await b.run(() => window.__burst.resolved)) > 0, "B's burst to be under way");
  await dead.kill();

  // B and C connect again, through a new worker.
  for (const tab of [b, c]) {
    await until(async () => (await tab.run(() => window.__events)).at(-1) === "connect", `a tab to connect again: ${await tab.run(() => JSON.stringify(window.__events))}`);
    assert.deepEqual(await tab.run(() => window.__events), ["offline", "close", "reconnect", "connect"]);
  }
  assert.deepEqual(await c.run(() => window.__leaverEvents), ["offline", "close", "end"]);
  assert.equal(await c.run(() => window.__leaverEnd), "ended");
  await b.run(() => (window.__stop = true));
  const settled = async () => {
    const s = await b.run(() => window.__burst);
    return s.issued === s.resolved + s.rejected.length;
  };
  await until(settled, "every publication of B's burst to settle");
  const { rejected } = await b.run(() => window.__burst);
  assert.ok(rejected.every((code) => code === "CONNECTION_LOST"), `rejected with ${[...new Set(rejected)]}`);

  // One new connection, subscribed to the living tabs' filters only.
  assert.equal((await b.run((f) => window.__client.subscribe(f, { qos: 0 }), `${base}/probe`)).length, 1);
  const log = logOf(clientId);
  const connects = log.map((l, i) => [l, i]).filter(([l]) => l.includes("New client connected"));
  assert.equal(connects.length, 2, log.join("\n"));
  const after = log.slice(connects[1][1]);
  const subscribed = (filter) => after.filter((l) => l.endsWith(`: ${clientId} 1 ${filter}`)).length;
  assert.deepEqual([subscribed(`${base}/b`), subscribed(`${base}/shared`), subscribed(`${base}/mine`)], [1, 1, 0]);

  publish(`${base}/shared`, "again");
  publish(`${base}/b`, "again");
  await until(async () => (await heard(c)).some(([, p]) => p === "again"), "C to hear its filter again");
  await until(async () => (await heard(b)).some(([, p]) => p === "again"), "B to hear its filter again");
  assert.deepEqual(await c.run((t) => window.__client.publish(t, "from c", { qos: 1 }), `${base}/b`), { reasonCode: 0 });
  await until(async () => (await heard(b)).some(([, p]) => p === "from c"), "B to hear C");

  await c.close();
  await b.run(() => window.__client.end().then(() => true));
  await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the new connection to end");
}

const PAGE = "/tests/e2e/shared-page.html";
const READY = "window.__open !== undefined";

test("Chromium: three tabs share one connection; each hears only its own filters; leaving tabs release them", async () => {
  assert.ok(ws && tcp && process.env.WEBMQTT_BROKER_DIR, "run through ./scripts/test.sh, which starts Mosquitto");
  await withChromiumTabs(async (open, server, errors) => {
    await threeTabs(() => open(`${server.url}${PAGE}`, READY), "chromium");
    assert.deepEqual(errors, []);
  });
});

test("Firefox: three tabs share one connection; each hears only its own filters; leaving tabs release them", async () => {
  await withFirefoxTabs(async (open, server) => {
    await threeTabs(() => open(`${server.url}${PAGE}`, READY), "firefox");
  });
});

test("Chromium: a tab killed mid-publish leaves nothing behind; the other tabs and the connection live on", async () => {
  await withChromiumTabs(async (open, server, errors) => {
    // Each tab has a renderer process of its own here (same-site tabs
    // that share no opener get separate processes while under Chromium's
    // process limit), and Page.crash kills just that one. But the
    // SharedWorker runs in the process of the tab that started it: killing
    // that tab kills the worker, and with it the connection of every tab
    // (the broker logs the socket closing without DISCONNECT; see
    // starterKilled). So the victim is the last tab opened, which started
    // nothing.
    await killedTab(() => open(`${server.url}${PAGE}`, READY), "chromium", 2);
    assert.deepEqual(errors, []);
  });
});

test("Firefox: a tab killed mid-publish leaves nothing behind; the other tabs and the connection live on", async () => {
  // Each tab in a content process of its own (see startFirefox), killed
  // with SIGKILL. As in Chromium, the SharedWorker runs in the content
  // process of the tab that started it, and dies with it: the victim is
  // the last tab opened.
  await withFirefoxTabs(async (open, server) => {
    const pids = [];
    await killedTab(
      async () => {
        const tab = await open(`${server.url}${PAGE}`, READY);
        pids.push(await tab.pid());
        return {
          ...tab,
          async kill() {
            assert.equal(new Set(pids).size, 3, `each tab in a process of its own: ${pids}`);
            await tab.kill();
          },
        };
      },
      "firefox",
      2,
    );
  }, { killableTabs: true });
});

test("Chromium: the tab that started the worker killed: the others settle what was pending and connect again", async () => {
  await withChromiumTabs(async (open, server) => {
    await starterKilled(() => open(`${server.url}${PAGE}`, READY), "chromium");
  });
});

test("Firefox: the tab that started the worker killed: the others settle what was pending and connect again", async () => {
  await withFirefoxTabs(async (open, server) => {
    await starterKilled(() => open(`${server.url}${PAGE}`, READY), "firefox");
  }, { killableTabs: true });
});

/**
 * A tab that learns of a worker's death holds that worker's lock shared
 * for a moment (shared.js's `_watch`); a tab choosing a worker meanwhile
 * must not take that name for a live worker's. Were it chosen, the tab
 * would start (Chromium) or, in Firefox, be handed the port of the dying
 * worker of that name, which never answers; here a new worker of that name
 * would wait for its own lock, which the shared hold keeps from it, and
 * the tab's connect would never settle.
 */
async function deadNameNotChosen(openTab, name) {
  const tab = await openTab();
  const dead = "webmqtt-worker webmqtt dead";
  await tab.run((dead) => new Promise((r) => navigator.locks.request(dead, { mode: "shared" }, () => (r(), new Promise(() => {})))), dead);
  const r = await tab.run(
    async ([url, clientId]) => {
      const late = new Promise((r) => setTimeout(() => r("no answer within 10 s"), 10000));
      const opened = await Promise.race([window.__open(url, { clientId }), late]);
      const { held } = await navigator.locks.query();
      const workers = held.filter((l) => l.name.startsWith("webmqtt-worker ")).map((l) => `${l.mode} ${l.name.replace(/ webmqtt (?!dead$)\S+$/, " webmqtt NEW")}`);
      if (typeof opened == "object") await window.__client.end();
      return { opened, workers: workers.sort() };
    },
    [`ws://127.0.0.1:${ws}/mqtt`, `dead-name-${name}-${Date.now()}`],
  );
  // The new worker's own hold (the tab's watch of it waits, not held)
  // and the hold above.
  assert.deepEqual(r.workers, ["exclusive webmqtt-worker webmqtt NEW", "shared webmqtt-worker webmqtt dead"]);
  assert.equal(r.opened.connected, true, JSON.stringify(r.opened));
  assert.equal(r.opened.shared, true);
}

test("Chromium: a tab choosing its worker does not take the name of one whose lock a watcher holds", async () => {
  await withChromiumTabs(async (open, server, errors) => {
    await deadNameNotChosen(() => open(`${server.url}${PAGE}`, READY), "chromium");
    assert.deepEqual(errors, []);
  });
});

test("Firefox: a tab choosing its worker does not take the name of one whose lock a watcher holds", async () => {
  await withFirefoxTabs(async (open, server) => {
    await deadNameNotChosen(() => open(`${server.url}${PAGE}`, READY), "firefox");
  });
});

test("Chromium: after a reconnect, the retained message of a restored subscription goes to every tab holding it", async () => {
  await withChromiumTabs(async (open, server) => {
    const clientId = `replay-${Date.now()}`;
    const topic = `test/replay-${Date.now()}`;
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    publish(topic, "kept", true);
    const tabs = [];
    for (let i = 0; i < 2; i++) {
      const tab = await open(`${server.url}${PAGE}`, READY);
      await tab.run(([u, id]) => window.__open(u, { clientId: id, protocolVersion: 5, reconnectPeriod: 200 }), [url, clientId]);
      await tab.run((f) => window.__client.subscribe(f, { qos: 1 }), topic);
      await until(async () => (await tab.run(() => window.__heard)).length === 1, `tab ${i} to get the retained value`);
      tabs.push(tab);
    }
    // Another client takes the client id over: the broker drops the shared
    // connection, which connects again (clean start) and subscribes again.
    execFileSync("mosquitto_pub", ["-p", tcp, "-i", clientId, "-t", `${topic}/other`, "-m", "x"]);
    for (const [i, tab] of tabs.entries()) {
      await until(async () => (await tab.run(() => window.__heard)).length === 2, `tab ${i} to get the retained value again`);
    }
    assert.equal(logOf(clientId).filter((l) => l.includes("New client connected")).length, 3, logOf(clientId).join("\n"));
  });
});

test("without SharedWorker the shared entry connects directly and says so", async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    // As in browsers that have no SharedWorker (some mobile ones).
    await page.addInitScript(() => delete window.SharedWorker);
    await page.goto(`${server.url}/tests/e2e/shared-page.html`);
    await page.waitForFunction(() => window.__open !== undefined);
    const clientId = `direct-${Date.now()}`;
    const r = await page.evaluate(([u, id]) => window.__open(u, { clientId: id }), [`ws://127.0.0.1:${ws}/mqtt`, clientId]);
    assert.deepEqual(r, { shared: false, sharedAvailable: false, clientId, connected: true });
    const topic = `test/direct-${Date.now()}`;
    await page.evaluate((t) => window.__client.subscribe(t, { qos: 1 }), topic);
    publish(topic, "direct");
    await page.waitForFunction(() => window.__heard.length === 1);
    // A credentials function cannot cross to a worker; refused up front
    // even where there is none, so code behaves the same in every browser.
    const refused = await page.evaluate(() =>
      import("/pkg/shared.js").then(({ connect }) => {
        try {
          connect("ws://127.0.0.1:1/mqtt", { credentials: async () => ({}) });
          return "accepted";
        } catch (e) {
          return `${e.code}: ${e.message}`;
        }
      }),
    );
    assert.match(refused, /^INVALID_ARGUMENT: credentials: /);
    await page.evaluate(() => window.__client.end());
  } finally {
    await browser.close();
    await server.close();
  }
});

/**
 * Runs `scenario(page, requests)` in a page of the shared-connection test
 * in a headless Chromium of its own, whose file server answers the i-th
 * request (from 1) for the main wasm module with `answer(i, res)` when
 * that returns true (and serves the file otherwise). `requests()` is how
 * many came. The worker of this browser is the page's own.
 */
async function withMainModuleAnswered(answer, scenario) {
  let requests = 0;
  const server = await serve(undefined, (req, res) => req.url.includes("webmqtt_bg.wasm") && answer(++requests, res));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}${PAGE}`);
    await page.waitForFunction(READY);
    return await scenario(page, () => requests);
  } finally {
    await browser.close();
    await server.close();
  }
}

test("Chromium: the worker tries its wasm module's fetch again after a 503 and a fetch with no answer; the tab hears it once and connects", () =>
  withMainModuleAnswered(
    (i, res) => {
      if (i == 1) return res.writeHead(503).end(), true;
      return i == 2; // never answered
    },
    async (page, requests) => {
      const clientId = `shared-load-${Date.now()}`;
      const topic = `test/${clientId}`;
      const r = await page.evaluate(
        async ([url, clientId, topic]) => {
          const { connect } = await import("/pkg/shared.js");
          const client = connect(url, { clientId, connectTimeout: 1000, reconnectPeriod: 200 });
          const seen = [];
          client.on("error", (e) => seen.push(`error ${e.code} ${e.retry} ${e.message}`));
          const heard = new Promise((r) => client.on("message", (t, p) => r(`${t} ${p}`)));
          // Made before the worker has its module: they wait for it.
          const subscribed = client.subscribe(topic, { qos: 1 });
          const published = client.publish(topic, "after the retries", { qos: 1 });
          await subscribed;
          await published;
          const message = await heard;
          await client.end();
          return { seen, message, shared: client.shared };
        },
        [`ws://127.0.0.1:${ws}/mqtt`, clientId, topic],
      );
      assert.equal(requests(), 3);
      assert.equal(r.shared, true);
      assert.equal(r.seen.length, 1, JSON.stringify(r.seen));
      assert.match(r.seen[0], /^error NOT_READY true the main wasm module http:\/\/\S+\/webmqtt_bg\.wasm did not load: 503 .*; trying again$/);
      assert.equal(r.message, `${topic} after the retries`);
      assert.equal(logOf(clientId).filter((l) => l.includes("New client connected")).length, 1);
    },
  ));

test("Chromium: a worker whose wasm module is missing fails the tab's connectAsync with NOT_READY, and a later tab's load tries again", () =>
  withMainModuleAnswered(
    (i, res) => i == 1 && (res.writeHead(404).end(), true),
    async (page, requests) => {
      const r = await page.evaluate(async (url) => {
        const { connectAsync } = await import("/pkg/shared.js");
        const failed = await connectAsync(url, { reconnectPeriod: 200 }).then(
          () => "connected",
          (e) => `${e.name} ${e.code} ${e.retry} ${e.message}`,
        );
        const client = await connectAsync(url);
        const connected = client.connected;
        await client.end();
        return { failed, connected };
      }, `ws://127.0.0.1:${ws}/mqtt`);
      assert.match(r.failed, /^MqttError NOT_READY undefined the main wasm module http:\/\/\S+\/webmqtt_bg\.wasm did not load: 404 /);
      assert.equal(r.connected, true);
      assert.equal(requests(), 2);
    },
  ));

test("Chromium: a tab that ends while the worker tries its wasm module again: end() settles, no error follows it, the worker stops fetching", { timeout: 30000 }, () =>
  withMainModuleAnswered(
    (i, res) => (res.destroy(), true), // a network failure, every time
    async (page, requests) => {
      const r = await page.evaluate(async (url) => {
        const { connect } = await import("/pkg/shared.js");
        // Tried every 200 ms until the end.
        const client = connect(url, { connectTimeout: 1000, reconnectPeriod: 200, maxReconnectPeriod: 200 });
        const seen = [];
        const reported = new Promise((r) => client.on("error", r));
        client.on("error", (e) => seen.push(`error ${e.code} ${e.retry}`));
        client.on("end", () => seen.push("end"));
        const publish = client.publish("test/never", "x").then(() => "resolved", (e) => e.code);
        await reported;
        const ended = await client.end();
        return { seen, ended, publish: await publish };
      }, `ws://127.0.0.1:${ws}/mqtt`);
      assert.deepEqual(r, { seen: ["error NOT_READY true", "end"], ended: undefined, publish: "CLIENT_ENDED" });
      // At most one on its way when the end came; five tries' time.
      const fetched = requests();
      await new Promise((r) => setTimeout(r, 1000));
      assert.ok(requests() <= fetched + 1, `${requests() - fetched} fetches after the end`);
    },
  ));

test("Chromium: what a shared client calls before its end() reaches the worker first and settles as it would on a direct client", async () => {
  await withChromiumTabs(async (open, server, errors) => {
    const tab = await open(`${server.url}${PAGE}`, READY);
    const clientId = `shared-order-${Date.now()}`;
    const topic = `test/${clientId}`;
    const r = await tab.run(
      async ([url, clientId, topic]) => {
        const { connect, connectAsync } = await import("/pkg/shared.js");
        // A client that holds the connection, and a second one on it whose
        // calls are made at once, before the worker has answered its open.
        const holder = await connectAsync(url, { clientId });
        await holder.subscribe(topic, { qos: 1 });
        const heard = new Promise((r) => holder.on("message", (t, p) => r(`${t} ${p}`)));
        const client = connect(url, { clientId });
        const published = client.publish(topic, "before the end", { qos: 1 }).then(() => "resolved", (e) => e.code);
        const subscribed = client.subscribe(`${topic}/s`).then(() => "resolved", (e) => e.code);
        const ended = client.end();
        // Refused, as a direct client refuses a call once ending.
        const after = client.publish(topic, "after the end", { qos: 1 }).then(() => "resolved", (e) => e.code);
        await ended;
        // A refused end followed at once by one that goes through: a call
        // made after both waits for the second, and is refused.
        const twice = await connectAsync(url, { clientId: `${clientId}-twice`, protocolVersion: 5 });
        const bad = twice.end(false, { properties: { sessionExpiryInterval: 60 } }).then(() => "ended", (e) => e.code);
        const good = twice.end().then(() => "ended", (e) => e.code);
        const afterBoth = twice.publish(topic, "after two ends", { qos: 1 }).then(() => "resolved", (e) => e.code);
        const result = {
          published: await published,
          subscribed: await subscribed,
          after: await after,
          heard: await heard,
          twice: [await bad, await good, await afterBoth],
        };
        await holder.end();
        return result;
      },
      [`ws://127.0.0.1:${ws}/mqtt`, clientId, topic],
    );
    assert.deepEqual(r, {
      published: "resolved",
      subscribed: "resolved",
      after: "CLIENT_ENDED",
      heard: `${topic} before the end`,
      twice: ["INVALID_ARGUMENT", "ended", "CLIENT_ENDED"],
    });
    assert.deepEqual(errors, []);
  });
});
