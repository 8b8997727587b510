// The npm package's shared connection (webmqtt/shared) as users use it:
// three tabs of one origin share one MQTT connection to the Mosquitto that
// scripts/test.sh started, in Debian's Chromium (Playwright) and Firefox ESR
// (WebDriver through geckodriver). What reached the broker is read from its
// log: connections, and SUBSCRIBE and UNSUBSCRIBE by client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { startFirefox, firefoxRun } from "./firefox.mjs";
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
    const r = await tab.run(([u, id]) => window.__open(u, { clientId: id, protocolVersion: 5 }), [url, clientId]);
    assert.deepEqual(r, { shared: true, sharedAvailable: true, clientId, connected: true });
    return tab;
  };
  const [a, b, c] = [await open(), await open(), await open()];
  const subscribe = (tab, filter) => tab.run((f) => window.__client.subscribe(f, { qos: 1 }), filter);
  const heard = (tab) => tab.run(() => window.__heard);
  // A retained value on A's filter, which a tab joining later must get too.
  publish(`${base}/a`, "kept", true);
  assert.deepEqual(await subscribe(a, `${base}/a`), [{ topic: `${base}/a`, qos: 1, reasonCode: 1 }]);
  assert.deepEqual(await subscribe(b, `${base}/b`), [{ topic: `${base}/b`, qos: 1, reasonCode: 1 }]);
  await until(async () => (await heard(a)).length === 1, "A to get the retained value");
  // C joins A's filter at QoS 0; the subscription stays at A's QoS 1.
  assert.deepEqual(
    await c.run((f) => window.__client.subscribe(f, { qos: 0 }), `${base}/a`),
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

  // B, the last tab, ends: the connection ends.
  await b.run(() => window.__client.end().then(() => true));
  await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the shared connection to end");
  publish(`${base}/a`, "", true);
}

test("Chromium: three tabs share one connection; each hears only its own filters; leaving tabs release them", async () => {
  assert.ok(ws && tcp && process.env.WEBMQTT_BROKER_DIR, "run through ./scripts/test.sh, which starts Mosquitto");
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const context = await browser.newContext();
    const errors = [];
    await threeTabs(async () => {
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${server.url}/tests/e2e/shared-page.html`);
      await page.waitForFunction(() => window.__open !== undefined);
      return { run: (fn, arg) => page.evaluate(fn, arg), close: () => page.close({ runBeforeUnload: false }) };
    }, "chromium");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Firefox: three tabs share one connection; each hears only its own filters; leaving tabs release them", async () => {
  const server = await serve();
  const driver = await startFirefox();
  try {
    let first = true;
    await threeTabs(async () => {
      if (!first) await driver.switchTo().newWindow("tab");
      first = false;
      const handle = await driver.getWindowHandle();
      await driver.get(`${server.url}/tests/e2e/shared-page.html`);
      await driver.wait(() => driver.executeScript("return window.__open !== undefined"), 10_000);
      return {
        async run(fn, arg) {
          await driver.switchTo().window(handle);
          return firefoxRun(driver, fn, arg);
        },
        async close() {
          await driver.switchTo().window(handle);
          await driver.close();
          const [other] = await driver.getAllWindowHandles();
          if (other) await driver.switchTo().window(other);
        },
      };
    }, "firefox");
  } finally {
    await driver.quit();
    await server.close();
  }
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
