// A shared worker that stops (closed or crashed) while tabs wait on it, in
// Debian's Chromium: the worker is closed through the DevTools protocol,
// as a crash of its process would end it. Each tab watches a Web Lock the
// worker holds for its life; when it comes free, what the tab waited for
// fails instead of waiting for ever. The npm package's webmqtt/shared then
// connects again through a new worker (shared.test.mjs kills the tab that
// started it, in Chromium and Firefox); the Rust API's shared connection
// (examples/shared_tabs.rs, built by scripts/build-shared-example.sh) ends
// the tab's client, saying why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";
import { ws, until } from "./broker-log.mjs";

const built = existsSync(new URL("./shared-rust/shared_tabs.js", import.meta.url));

/** Closes the browser's one shared worker. */
async function closeSharedWorker(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send("Target.getTargets");
  const workers = targetInfos.filter((t) => t.type === "shared_worker");
  assert.equal(workers.length, 1, JSON.stringify(targetInfos));
  await cdp.send("Target.closeTarget", { targetId: workers[0].targetId });
}

test("npm webmqtt/shared: a worker that stops fails what its tab waited for, and the tab connects again through a new one", { timeout: 60_000 }, async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/tests/e2e/shared-page.html`);
    // Nothing listens on port 1: the worker's client keeps trying, and the
    // publishes wait in its queue, so they are surely pending when it stops.
    await page.evaluate(async () => {
      const { connect } = await import("/pkg/shared.js");
      // No client id: the worker's answer to the tab brings the one it made.
      const client = connect("ws://127.0.0.1:1/mqtt", { reconnectPeriod: 100 });
      window.__events = [];
      for (const e of ["error", "close", "reconnect", "end"]) client.on(e, (err) => window.__events.push(e === "error" ? `error ${err.code}` : e));
      window.__outcomes = [];
      for (let i = 0; i < 20; i++) {
        client.publish("test/lost", String(i), { qos: 1 }).then(
          () => window.__outcomes.push("ok"),
          (e) => window.__outcomes.push(e.code),
        );
      }
      window.__lostClient = client;
    });
    // The worker answered the tab's open (its lock's name came with it).
    await until(() => page.evaluate(() => window.__lostClient.clientId !== ""), "the worker to answer");
    await closeSharedWorker(browser);
    await until(() => page.evaluate(() => window.__outcomes.length === 20), "every publish to settle");
    assert.deepEqual(await page.evaluate(() => window.__outcomes), Array(20).fill("CONNECTION_LOST"));
    await until(() => page.evaluate(() => window.__events.includes("reconnect")), "the tab to connect again");
    assert.ok(!(await page.evaluate(() => window.__events)).includes("end"));
    // A new worker serves the tab.
    await until(async () => {
      const cdp = await browser.newBrowserCDPSession();
      const { targetInfos } = await cdp.send("Target.getTargets");
      return targetInfos.some((t) => t.type === "shared_worker");
    }, "a new shared worker");
  } finally {
    await browser.close();
    await server.close();
  }
});

test("npm webmqtt/shared: a worker script that does not load fails the commands instead of leaving them waiting", { timeout: 60_000 }, async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const context = await browser.newContext();
    await context.route(/shared-worker\.js/, (r) => r.fulfill({ status: 404, body: "not found" }));
    const page = await context.newPage();
    await page.goto(`${server.url}/tests/e2e/shared-page.html`);
    const r = await page.evaluate(async () => {
      const { connect } = await import("/pkg/shared.js");
      const client = connect("ws://127.0.0.1:1/mqtt", {});
      const errors = [];
      client.on("error", (e) => errors.push(e.code));
      const publish = await client.publish("t", "x").then(() => "ok", (e) => e.code);
      return { publish, errors };
    });
    assert.deepEqual(r, { publish: "TRANSPORT", errors: ["TRANSPORT"] });
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Rust API shared connection: a worker that stops fails what its tab waited for, and the client ends", { skip: !built && "run scripts/build-shared-example.sh first", timeout: 120_000 }, async () => {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/tests/e2e/shared-rust-page.html`);
    await page.waitForFunction(() => window.__app !== undefined);
    const r = await page.evaluate(([u, id]) => window.__app.open(u, id), [`ws://127.0.0.1:${ws}/mqtt`, `lost-rust-${Date.now()}`]);
    assert.equal(r.shared, true);
    // Enough QoS 1 round trips that many are still waiting when the
    // worker stops.
    const n = 5000;
    await page.evaluate((count) => window.__app.publish_burst("test/lost-rust", count), n);
    await closeSharedWorker(browser);
    await until(() => page.evaluate((count) => window.__app.burst_outcomes().length === count, n), "every publish to settle");
    const outcomes = await page.evaluate(() => window.__app.burst_outcomes());
    assert.deepEqual([...new Set(outcomes)].sort(), ["Ended", "ok"].filter((o) => outcomes.includes(o)));
    assert.ok(outcomes.includes("Ended"), "some publishes were still waiting when the worker stopped");
    const lost = await page.evaluate(() => window.__app.lost());
    assert.match(lost.join("\n"), /the shared worker holding the connection stopped/);
    assert.equal(lost.at(-1), "Ended");
    assert.equal(await page.evaluate(() => window.__app.subscribe("any", 1).then((v) => v, (e) => String(e))), "Ended");
  } finally {
    await browser.close();
    await server.close();
  }
});
