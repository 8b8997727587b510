// The npm package in apps built by Vite and webpack 5 with no plugins and no
// configuration (www/examples/vite, www/examples/webpack, built by
// scripts/test.sh from the packed tarball), run in Debian's Chromium
// against the Mosquitto that scripts/test.sh started.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";

const ws = process.env.WEBMQTT_WS_PORT;
const examples = fileURLToPath(new URL("../../www/examples/", import.meta.url));

for (const [name, root, shared, outbox] of [
  ["vite", `${examples}vite/dist`, false, false],
  ["webpack", `${examples}webpack`, false, false],
  ["vite", `${examples}vite/dist`, true, false],
  ["webpack", `${examples}webpack`, true, false],
  ["vite", `${examples}vite/dist`, false, true],
  ["webpack", `${examples}webpack`, false, true],
]) {
  const how = shared
    ? " through the shared connection (webmqtt/shared)"
    : outbox
      ? " with a persistent outbox (its wasm module emitted and loaded)"
      : "";
  test(`the ${name} build connects, subscribes, publishes and receives${how}`, async () => {
    assert.ok(ws, "run through ./scripts/test.sh, which starts Mosquitto");
    const server = await serve(root);
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
    try {
      const page = await browser.newPage();
      // The clients are of MQTT 5.0: the 5.0 module is fetched as a file
      // of its own, not inlined into the bundle as a data: URL.
      const wasm = [];
      page.on("request", (r) => r.url().endsWith(".wasm") || r.url().includes(".wasm?") ? wasm.push(r.url()) : r.url().startsWith("data:") && wasm.push("data:"));
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${server.url}/index.html?ws=${ws}${shared ? "&shared=1" : ""}${outbox ? "&outbox=1" : ""}`);
      await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
      const r = await page.evaluate(() => window.__result);
      assert.equal(r.error, undefined, r.error);
      assert.deepEqual(errors, []);
      assert.equal(r.ok, true);
      assert.equal(r.shared, shared);
      // Opened (the client connects only then), and empty once acknowledged.
      assert.deepEqual(r.outbox ?? null, outbox ? { messages: 0, bytes: 0 } : null);
      assert.equal(r.text, '{"voltage":120}');
      assert.ok(!wasm.includes("data:"), `nothing fetched from a data: URL: ${wasm}`);
      // The main module and the 5.0 one (in the shared worker for a shared
      // connection, whose requests a page does not see), and the outbox's.
      assert.equal(wasm.length, shared ? 0 : outbox ? 3 : 2, `the wasm modules fetched: ${wasm}`);
      // Shown as text in the page.
      assert.match(await page.textContent("#out"), /\{"voltage":120\}/);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
