// The npm package's shared connection (webmqtt/shared) as users use it:
// three tabs of one origin in Debian's Chromium share one MQTT connection
// to the Mosquitto that scripts/test.sh started. What reached the broker is
// read from its log (connections, SUBSCRIBE and UNSUBSCRIBE by client).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";

const ws = process.env.WEBMQTT_WS_PORT;
const tcp = process.env.WEBMQTT_TCP_PORT;
const brokerLog = `${process.env.WEBMQTT_BROKER_DIR}/mosquitto.log`;

/** The broker's log lines that name `clientId`. */
function logOf(clientId) {
  return readFileSync(brokerLog, "utf8")
    .split("\n")
    .filter((l) => l.includes(` ${clientId} `));
}

async function until(check, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function publish(topic, payload) {
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", topic, "-m", payload, "-q", "1"]);
}

test("three tabs share one connection; each hears only its own filters; closing tabs releases them", async () => {
  assert.ok(ws && tcp && process.env.WEBMQTT_BROKER_DIR, "run through ./scripts/test.sh, which starts Mosquitto");
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const context = await browser.newContext();
    const errors = [];
    const clientId = `shared-${Date.now()}`;
    const base = `test/shared-${Date.now()}`;
    const url = `ws://127.0.0.1:${ws}/mqtt`;
    const open = async () => {
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${server.url}/tests/e2e/shared-page.html`);
      await page.waitForFunction(() => window.__open !== undefined);
      const r = await page.evaluate(([u, id]) => window.__open(u, { clientId: id, protocolVersion: 5 }), [url, clientId]);
      assert.deepEqual(r, { shared: true, sharedAvailable: true, clientId, connected: true });
      return page;
    };
    const [a, b, c] = [await open(), await open(), await open()];
    const subscribe = (page, filter) => page.evaluate((f) => window.__client.subscribe(f, { qos: 1 }), filter);
    assert.deepEqual(await subscribe(a, `${base}/a`), [{ topic: `${base}/a`, qos: 1, reasonCode: 1 }]);
    assert.deepEqual(await subscribe(b, `${base}/b`), [{ topic: `${base}/b`, qos: 1, reasonCode: 1 }]);
    // C shares A's filter: granted from what the broker already granted.
    assert.deepEqual(await subscribe(c, `${base}/a`), [{ topic: `${base}/a`, qos: 1, reasonCode: 1 }]);

    // One CONNECT for three tabs, and one SUBSCRIBE per filter.
    const log = logOf(clientId);
    assert.equal(log.filter((l) => l.includes(`New client connected`)).length, 1, log.join("\n"));
    // Mosquitto logs a SUBSCRIBE as "<client id> <qos> <filter>".
    assert.equal(log.filter((l) => l.endsWith(`: ${clientId} 1 ${base}/a`)).length, 1, log.join("\n"));
    assert.equal(log.filter((l) => l.endsWith(`: ${clientId} 1 ${base}/b`)).length, 1, log.join("\n"));

    // Each tab hears only its own filters.
    publish(`${base}/a`, "for a");
    publish(`${base}/b`, "for b");
    const heard = (page) => page.evaluate(() => window.__heard);
    for (const page of [a, b, c]) await page.waitForFunction(() => window.__heard.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await heard(a), [[`${base}/a`, "for a"]]);
    assert.deepEqual(await heard(b), [[`${base}/b`, "for b"]]);
    assert.deepEqual(await heard(c), [[`${base}/a`, "for a"]]);

    // A publishes through the shared connection; its promise settles.
    assert.deepEqual(await a.evaluate((t) => window.__client.publish(t, "from a", { qos: 1 }), `${base}/b`), { reasonCode: 0 });
    await b.waitForFunction(() => window.__heard.length === 2);

    // A closes: C still holds the filter, so no UNSUBSCRIBE, and C hears it.
    await a.close();
    publish(`${base}/a`, "again");
    await c.waitForFunction(() => window.__heard.length === 2);
    // Mosquitto logs an UNSUBSCRIBE as "<client id> <filter>".
    const unsubscribed = (filter) => logOf(clientId).filter((l) => l.endsWith(`: ${clientId} ${filter}`)).length;
    assert.equal(unsubscribed(`${base}/a`), 0, "no UNSUBSCRIBE while another tab holds the filter");

    // C goes away mid-publish without ending (its JS torn down as when a
    // tab is closed or killed): its filter is released once its lock frees.
    c.evaluate((t) => { for (let i = 0; i < 100; i++) window.__client.publish(t, `burst ${i}`, { qos: 1 }); }, `${base}/c`).catch(() => {});
    await c.close({ runBeforeUnload: false });
    await until(() => unsubscribed(`${base}/a`) === 1, `UNSUBSCRIBE of ${base}/a in the broker log`);

    // B, the last tab, ends: the connection ends.
    await b.evaluate(() => window.__client.end());
    await until(() => logOf(clientId).some((l) => l.includes(`Client ${clientId} disconnected`)), "the shared connection to end");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
