// Dashboards end to end, in Debian's Chromium, driven by labels and roles
// as a person would, against the password-protected Mosquitto that
// scripts/test.sh started: build a dashboard with a value, a gauge, a
// two-series chart and a switch; a Python sensor with a user name and
// password drives them; the switch publishes exactly one message to a
// Python device; export, clear and import give the same dashboard; markup
// in a payload stays text; screenshots at desktop and phone widths, light
// and dark, with nothing wider than the screen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, cpSync, rmSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const wsAuth = process.env.WEBMQTT_WS_AUTH_PORT;
const tcpAuth = process.env.WEBMQTT_AUTH_PORT;
const shots = `${root}target/e2e-screenshots`;
const USER = "sensor";
const PASSWORD = "sensor-password";
let server, browser;

before(async () => {
  assert.ok(wsAuth && tcpAuth, "run through ./scripts/test.sh, which starts Mosquitto");
  const site = `${root}target/e2e-dashboard-site`;
  rmSync(site, { recursive: true, force: true });
  cpSync(`${root}dist`, `${site}/plant`, { recursive: true });
  server = await serve(site);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The sensor: paho-mqtt with a user name and password, QoS 1. */
function sensor(topic, payload) {
  execFileSync("python3", [`${root}tests/e2e/paho_publish.py`, tcpAuth, topic, payload, USER, PASSWORD]);
}

/** A device listening on `topic` for `seconds`: `ready` once subscribed,
 * `done` with the [topic, payload] pairs it got. */
function device(topic, seconds) {
  const p = spawn("python3", [`${root}tests/e2e/paho_subscribe.py`, tcpAuth, topic, USER, PASSWORD, String(seconds)]);
  let out = "";
  p.stdout.on("data", (b) => (out += b));
  const ready = new Promise((resolve, reject) => {
    p.stdout.on("data", () => out.startsWith("ready") && resolve());
    p.on("exit", (code) => reject(new Error(`device exited ${code}: ${out}`)));
  });
  const done = new Promise((resolve) => p.on("exit", () => resolve(JSON.parse(out.split("\n")[1]))));
  return { ready, done };
}

/** A fresh browser context with the app from the sub-path, logged in to
 * the password listener, on the Dashboards tab. */
async function openDashboards() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/plant/?broker=ws://127.0.0.1:${wsAuth}/mqtt`);
  await page.getByLabel("User name", { exact: true }).fill(USER);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await page.getByRole("tab", { name: "Dashboards" }).click();
  return { context, page };
}

async function addWidget(page, fields) {
  await page.getByRole("button", { name: "Add widget" }).click();
  const form = page.getByRole("form", { name: "Add a widget" });
  await form.getByLabel("Kind").selectOption(fields.kind);
  await form.getByLabel("Title").fill(fields.title);
  await form.getByLabel(fields.kind === "switch" ? "Command topic" : "Topic", { exact: true }).fill(fields.topic);
  if (fields.path) {
    await form.getByLabel("Read the value as").selectOption("JSON path");
    await form.getByLabel("JSON path or stencil").fill(fields.path);
  }
  if (fields.unit) await form.getByLabel("Unit").fill(fields.unit);
  if (fields.max) await form.getByLabel("Maximum").fill(fields.max);
  if (fields.more) await form.getByLabel(/More series/).fill(fields.more);
  if (fields.state) await form.getByLabel("State topic (optional)").fill(fields.state);
  await form.getByRole("button", { name: "Add widget" }).click();
  await page.getByRole("article", { name: fields.title }).waitFor();
}

test("build a dashboard, drive it from a sensor, switch a device, keep it", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.url}/plant/?broker=ws://127.0.0.1:${wsAuth}/mqtt`);
  await page.getByLabel("User name", { exact: true }).fill(USER);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();

  const base = `sensors/dash-${Date.now()}`;
  await page.getByRole("tab", { name: "Dashboards" }).click();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("button", { name: "New dashboard" }).click();
  await page.getByLabel("Dashboard title").fill("Plant");
  await page.getByLabel("Dashboard title").press("Enter");
  await page.getByRole("tab", { name: "Plant" }).waitFor();

  await addWidget(page, { kind: "value", title: "Voltage", topic: `${base}/room1`, path: "voltage", unit: "V" });
  await addWidget(page, { kind: "gauge", title: "Gauge", topic: `${base}/room1`, path: "voltage", unit: "V", max: "250" });
  await addWidget(page, { kind: "chart", title: "Both rooms", topic: `${base}/room1`, path: "voltage", more: `${base}/room2 voltage` });
  await addWidget(page, { kind: "switch", title: "Heater", topic: `${base}/heater/set`, state: `${base}/heater` });
  // A bad field is named, and nothing is added.
  await page.getByRole("button", { name: "Add widget" }).click();
  const form = page.getByRole("form", { name: "Add a widget" });
  await form.getByLabel("Topic", { exact: true }).fill("a/#/b");
  await form.getByRole("button", { name: "Add widget" }).click();
  await form.getByRole("alert").filter({ hasText: "a/#/b" }).waitFor();
  await form.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Done" }).click();

  // The sensor drives the value, the gauge and both series of the chart.
  sensor(`${base}/room1`, '{"voltage": 120}');
  sensor(`${base}/room2`, '{"voltage": 118}');
  const value = page.getByRole("article", { name: "Voltage" });
  await value.getByText("120 V", { exact: true }).waitFor();
  await page.getByRole("img", { name: /^120 V \(from 0 to 250\)$/ }).waitFor();
  const chart = page.getByRole("article", { name: "Both rooms" });
  await chart.getByText(/last 120/).waitFor();
  await chart.getByText(/last 118/).waitFor();

  // The switch publishes once, when clicked, and shows the device's state.
  const heard = device(`${base}/heater/set`, 3);
  await heard.ready;
  const heater = page.getByRole("switch", { name: "Heater" });
  assert.equal(await heater.getAttribute("aria-checked"), "mixed", "no state before the device says");
  await heater.click();
  assert.deepEqual(await heard.done, [[`${base}/heater/set`, "ON"]]);
  sensor(`${base}/heater`, "ON");
  await page.waitForFunction(() => document.querySelector("[role=switch]")?.getAttribute("aria-checked") === "true");

  // Markup in a payload is text.
  sensor(`${base}/room1`, "<img src=x onerror=alert(1)>");
  await value.getByText(/not JSON|<img/).first().waitFor();
  assert.equal(await page.locator(".widget-grid img").count(), 0, "shown as text, not markup");
  assert.deepEqual(errors, []);

  for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
    for (const scheme of ["light", "dark"]) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} ${scheme}: ${overflow} px wider than the screen`);
      // From the top: a full-page capture of a scrolled page draws the sticky
      // header where the scroll left it, over the content.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${shots}/dashboard-${name}-${scheme}.png`, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // Arrange by keyboard, remove and undo.
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Move Gauge earlier" }).focus();
  await page.keyboard.press("Enter");
  const titles = async () => page.locator(".widget h3").allTextContents();
  assert.deepEqual((await titles()).slice(0, 2), ["Gauge", "Voltage"]);
  await page.getByRole("article", { name: "Heater" }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("status").filter({ hasText: 'Removed "Heater"' }).getByRole("button", { name: "Undo" }).click();
  await page.getByRole("article", { name: "Heater" }).waitFor();
  await page.getByRole("button", { name: "Done" }).click();

  // Export, clear, import: the same dashboard.
  const kept = await page.evaluate(() => localStorage.getItem("webmqtt.dashboards"));
  const plant = JSON.parse(kept).dashboards.find((d) => d.title === "Plant");
  assert.equal(plant.widgets.length, 4);
  assert.doesNotMatch(kept, /password/i);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole("tab", { name: "Dashboards" }).click();
  assert.equal(await page.getByRole("tab", { name: "Plant" }).count(), 0, "cleared");
  await page.getByText("Keep and share").click();
  await page.getByLabel("Dashboard file to import (paste its JSON)").fill("{ not a dashboard");
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByRole("alert").filter({ hasText: /^not imported: / }).waitFor();
  await page.getByLabel("Dashboard file to import (paste its JSON)").fill(kept);
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByRole("tab", { name: "Plant" }).waitFor();
  const again = await page.evaluate(() => localStorage.getItem("webmqtt.dashboards"));
  const plantAgain = JSON.parse(again).dashboards.find((d) => d.title === "Plant");
  assert.deepEqual(plantAgain, plant);
  await page.close();
});

test("thresholds, indicator states and a confirmed button set, set in the editor and kept through an edit", async () => {
  const base = `sensors/editor-${Date.now()}`;
  const { context, page } = await openDashboards();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("button", { name: "New dashboard" }).click();
  const form = page.getByRole("form", { name: "Add a widget" });
  const add = async (kind, title, topic, fill) => {
    await page.getByRole("button", { name: "Add widget" }).click();
    await form.getByLabel("Kind").selectOption(kind);
    await form.getByLabel("Title").fill(title);
    await form.getByLabel(/^(Command topic|Topic)$/).fill(topic);
    await fill();
    await form.getByRole("button", { name: "Add widget" }).click();
    await page.getByRole("article", { name: title }).waitFor();
  };
  await add("gauge", "Mains", `${base}/voltage`, async () => {
    await form.getByLabel("Read the value as").selectOption("JSON path");
    await form.getByLabel("JSON path or stencil").fill("voltage");
    await form.getByLabel("Maximum").fill("250");
    // A bad line is named, and nothing is added.
    await form.getByLabel(/^Thresholds/).fill("0 green\n110 pink high");
    await form.getByRole("button", { name: "Add widget" }).click();
    await form.getByRole("alert").filter({ hasText: 'thresholds: line 2: "pink" is not a colour' }).waitFor();
    await form.getByLabel(/^Thresholds/).fill("0 green ok\n110 orange high\n130 red");
    await form.getByLabel("Decimals").fill("1");
  });
  await add("indicator", "Pump", `${base}/pump`, async () => {
    await form.getByLabel(/^States/).fill("ON green running\nOFF grey stopped");
  });
  await add("buttonSet", "Fan", `${base}/fan`, async () => {
    await form.getByLabel(/^Buttons/).fill("Low = 1\nHigh = 3");
    await form.getByLabel("Publish QoS").selectOption("1");
    await form.getByLabel(/^Ask first/).fill("Change the fan speed?");
  });
  // Dragging a card onto another puts it there.
  const order = () => page.locator(".widget-grid article").evaluateAll((cards) => cards.map((c) => c.getAttribute("aria-label")));
  assert.deepEqual(await order(), ["Mains", "Pump", "Fan"]);
  await page.getByRole("article", { name: "Fan" }).dragTo(page.getByRole("article", { name: "Mains" }));
  await page.waitForFunction(() => document.querySelector(".widget-grid article")?.getAttribute("aria-label") === "Fan");
  assert.deepEqual(await order(), ["Fan", "Mains", "Pump"]);
  await page.getByRole("button", { name: "Done" }).click();
  assert.equal(await page.getByRole("article", { name: "Fan" }).getAttribute("draggable"), null, "only in edit mode");

  sensor(`${base}/voltage`, '{"voltage": 120}');
  sensor(`${base}/pump`, "ON");
  await page.getByRole("img", { name: "120.0 (from 0 to 250)" }).waitFor();
  await page.getByRole("article", { name: "Pump" }).getByText("running").waitFor();

  // The button asks first; declined, nothing is sent; accepted, once.
  const fan = device(`${base}/fan`, 4);
  await fan.ready;
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("group", { name: "Fan" }).getByRole("button", { name: "High" }).click();
  page.once("dialog", (d) => {
    assert.equal(d.message(), "Change the fan speed?");
    d.accept();
  });
  await page.getByRole("group", { name: "Fan" }).getByRole("button", { name: "High" }).click();
  assert.deepEqual(await fan.done, [[`${base}/fan`, "3"]]);

  // Opening the gauge in the editor and saving it keeps its thresholds.
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("article", { name: "Mains" }).getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit widget" });
  assert.equal(await edit.getByLabel(/^Thresholds/).inputValue(), "0 green ok\n110 orange high\n130 red");
  await edit.getByRole("button", { name: "Save widget" }).click();
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem("webmqtt.dashboards")));
  const mains = kept.dashboards.flatMap((d) => d.widgets).find((w) => w.title === "Mains");
  assert.equal(mains.thresholds.length, 3);
  await context.close();
});

test("dashboards kept as a retained message on the broker load in another browser", async () => {
  const topic = `sensors/dashboards-${Date.now()}`;
  const open = async () => {
    const { context, page } = await openDashboards();
    await page.getByText("Keep and share").click();
    await page.getByLabel("Broker topic").fill(topic);
    return { context, page };
  };
  const first = await open();
  // Nothing kept yet: a clear error, and nothing changes.
  await first.page.getByRole("button", { name: "Load from broker" }).click();
  await first.page.getByRole("alert").filter({ hasText: `not imported from ${topic}: no message is kept on that topic` }).waitFor();
  await first.page.getByRole("button", { name: "Edit" }).click();
  await first.page.getByRole("button", { name: "New dashboard" }).click();
  await first.page.getByLabel("Dashboard title").fill("Shared plant");
  await first.page.getByLabel("Dashboard title").press("Enter");
  await first.page.getByRole("tab", { name: "Shared plant" }).waitFor();
  await first.page.getByRole("button", { name: "Save to broker" }).click();
  await first.page.getByRole("status").filter({ hasText: `saved on the broker as the retained message of ${topic}` }).waitFor();
  const kept = execFileSync("mosquitto_sub", ["-p", tcpAuth, "-u", USER, "-P", PASSWORD, "-t", topic, "-C", "1", "-W", "3"], { encoding: "utf8" });
  assert.match(kept, /Shared plant/);
  assert.doesNotMatch(kept, new RegExp(PASSWORD));

  // Another browser (its own localStorage) loads them.
  const second = await open();
  assert.equal(await second.page.getByRole("tab", { name: "Shared plant" }).count(), 0);
  await second.page.getByRole("button", { name: "Load from broker" }).click();
  await second.page.getByRole("status").filter({ hasText: `from ${topic}` }).waitFor();
  await second.page.getByRole("tab", { name: "Shared plant" }).waitFor();
  await first.context.close();
  await second.context.close();
  execFileSync("mosquitto_pub", ["-p", tcpAuth, "-u", USER, "-P", PASSWORD, "-t", topic, "-n", "-r"]);
});

test("a filter the explorer and a dashboard share stays subscribed when the explorer drops it", async () => {
  const topic = `sensors/shared-${Date.now()}`;
  const { context, page } = await openDashboards();
  await page.getByRole("button", { name: "Edit" }).click();
  await addWidget(page, { kind: "value", title: "Shared reading", topic });
  await page.getByRole("button", { name: "Done" }).click();
  const widget = page.getByRole("article", { name: "Shared reading" });
  sensor(topic, "1");
  await widget.getByText("1", { exact: true }).waitFor();

  // The explorer subscribes to the same filter, then unsubscribes from it.
  await page.getByRole("tab", { name: "Explorer" }).click();
  await page.getByLabel("Topic filter").fill(topic);
  await page.getByRole("button", { name: "Subscribe", exact: true }).click();
  const unsubscribe = page.getByRole("button", { name: `Unsubscribe from ${topic}` });
  await unsubscribe.click();
  await unsubscribe.waitFor({ state: "detached" });

  // The dashboard still hears the topic: the app did not unsubscribe.
  sensor(topic, "2");
  await page.getByRole("tab", { name: "Dashboards" }).click();
  await widget.getByText("2", { exact: true }).waitFor({ timeout: 5000 });
  await context.close();
});

test("the dashboards' code comes in its own chunk, fetched when they are first shown", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const chunks = [];
  page.on("request", (r) => /_split_[^/]*\.wasm$/.test(r.url()) && chunks.push(r.url()));
  await page.goto(`${server.url}/plant/?broker=ws://127.0.0.1:${wsAuth}/mqtt`);
  await page.getByRole("button", { name: "Connect", exact: true }).waitFor();
  await page.waitForLoadState("networkidle");
  assert.deepEqual(chunks, [], "the explorer's first load has no dashboard chunk");
  await page.getByRole("tab", { name: "Dashboards" }).click();
  await page.getByRole("region", { name: "Dashboards" }).waitFor();
  assert.equal(chunks.length, 1, "one chunk, from the app's own sub-path");
  assert.ok(chunks[0].startsWith(`${server.url}/plant/`), chunks[0]);
  // Shown again: the loaded chunk serves, nothing more is fetched.
  await page.getByRole("tab", { name: "Explorer" }).click();
  await page.getByRole("tab", { name: "Dashboards" }).click();
  await page.getByRole("region", { name: "Dashboards" }).waitFor();
  assert.equal(chunks.length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a connection made before the dashboards are first shown feeds them from the start", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const chunks = [];
  page.on("request", (r) => /_split_[^/]*\.wasm$/.test(r.url()) && chunks.push(r.url()));
  await page.goto(`${server.url}/plant/?broker=ws://127.0.0.1:${wsAuth}/mqtt`);
  await page.getByLabel("User name", { exact: true }).fill(USER);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  assert.equal(chunks.length, 1, "the dashboards' chunk came with the connection");
  // Time for the dashboard's subscription, as in the hosted test below.
  await page.waitForTimeout(300);
  sensor("sensors/room1/voltage", '{"voltage": 118}');
  // Acknowledged by the broker, so routed to the subscribers it had: the
  // value shows only if the dashboards subscribed before they were shown.
  await page.getByRole("tab", { name: "Dashboards" }).click();
  await page.getByRole("article", { name: "Voltage" }).first().getByText("118 V", { exact: true }).waitFor();
  assert.equal(chunks.length, 1);
  await context.close();
});

test("a chunk that does not arrive: Connect says so, and the next Connect fetches it again", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // The MQTT client comes in the chunk. Connect asks for it twice (for the
  // dashboards, then for the client): both fetches fail, then it comes.
  let fetches = 0;
  await page.route(/_split_[^/]*\.wasm$/, (route) => (fetches++ < 2 ? route.abort() : route.continue()));
  await page.goto(`${server.url}/plant/?broker=ws://127.0.0.1:${wsAuth}/mqtt`);
  await page.getByLabel("User name", { exact: true }).fill(USER);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  const connect = page.getByRole("button", { name: "Connect", exact: true });
  await connect.click();
  await page.getByRole("alert").filter({ hasText: "the MQTT client did not load" }).waitFor();
  assert.equal(fetches, 2);
  assert.match(await page.getByTestId("status").textContent(), /^offline/);
  await connect.click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  assert.equal(fetches, 3, "fetched again on the second Connect");
  assert.deepEqual(errors, [], "a failed fetch is not a crash");
  await context.close();
});

test("a shared link's dashboards open, their chunk fetched at once", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const chunks = [];
  page.on("request", (r) => /_split_[^/]*\.wasm$/.test(r.url()) && chunks.push(r.url()));
  const doc = JSON.parse(readFileSync(`${root}www/dashboards/voltage.json`, "utf8"));
  doc.dashboards[0].id = "shared-room";
  doc.dashboards[0].title = "Shared room";
  const fragment = Buffer.from(JSON.stringify(doc)).toString("base64url");
  await page.goto(`${server.url}/plant/#dashboard=${fragment}`);
  await page.getByRole("button", { name: "Connect", exact: true }).waitFor();
  await page.waitForLoadState("networkidle");
  assert.equal(chunks.length, 1, "fetched for the link before any click");
  await page.getByRole("tab", { name: "Dashboards" }).click();
  const shared = page.getByRole("tab", { name: "Shared room" });
  await shared.waitFor();
  assert.equal(await shared.getAttribute("aria-selected"), "true", "the link's dashboard is shown");
  assert.equal(chunks.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a hosted dashboard file from a sub-path asks for the password, then shows live values", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // dist/ as deployed, with the sample dashboard beside it; the link names
  // a password-protected broker, and the file no password.
  await page.goto(`${server.url}/plant/?dashboard=voltage.json&broker=ws://127.0.0.1:${wsAuth}/mqtt`);
  const signIn = page.getByRole("form", { name: "Sign in to the broker" });
  await signIn.waitFor();
  assert.equal(await page.getByRole("button", { name: "Edit" }).count(), 0, "read-only");
  assert.equal(await page.getByRole("tab", { name: "Explorer" }).count(), 0, "just the dashboard");
  await signIn.getByLabel("User name").fill(USER);
  await signIn.getByLabel("Password").fill(PASSWORD);
  await signIn.getByLabel("Password").press("Enter");
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await page.waitForTimeout(300);
  sensor("sensors/room1/voltage", '{"voltage": 121}');
  await page.getByRole("article", { name: "Voltage" }).first().getByText("121 V", { exact: true }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0);
  // From the top: a full-page capture of a scrolled page draws the sticky
  // header where the scroll left it, over the content.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${shots}/dashboard-hosted-desktop-light.png`, fullPage: true });
  // A name that is not a plain relative file is refused, and nothing is fetched.
  await page.goto(`${server.url}/plant/?dashboard=https://evil.example/x.json`);
  await page.getByRole("alert").filter({ hasText: /is not allowed in a dashboard name/ }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
