// The web app as a new user meets it, in Debian's Chromium against the
// Mosquitto that scripts/test.sh started: the last connection remembered,
// the message log as one keyboard stop, contrast in both themes, and a
// phone with a long payload open. Screenshots go to target/e2e-screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";
import { lowContrast } from "./contrast.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ws = process.env.WEBMQTT_WS_PORT;
const tcp = process.env.WEBMQTT_TCP_PORT;
const wsAuth = process.env.WEBMQTT_WS_AUTH_PORT;
const shots = `${root}target/e2e-screenshots`;
let server, browser;

before(async () => {
  assert.ok(ws && tcp, "run through ./scripts/test.sh, which starts Mosquitto");
  server = await serve(`${root}dist`);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const appUrl = () => `${server.url}/?broker=ws://127.0.0.1:${ws}/mqtt`;

/** A page in a fresh context (its own localStorage), connected, with a
 * subscription to `topic/#`. */
async function connected(contextOptions, topic) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(appUrl());
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await page.getByLabel("Topic filter").fill(`${topic}/#`);
  await page.getByRole("button", { name: "Subscribe", exact: true }).click();
  await page.getByRole("list", { name: "Subscriptions" }).getByText(`${topic}/#`).waitFor();
  return { context, page, errors };
}

function publish(topic, payload, ...flags) {
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", topic, "-m", payload, ...flags]);
}

test("a reload keeps the last connection, without its password, and offers to connect again", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(appUrl());
  await page.getByLabel("User name", { exact: true }).fill("wall-screen");
  await page.getByLabel("Password", { exact: true }).fill("never-kept");
  await page.getByLabel("MQTT version").selectOption("3.1.1");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  const clientId = await page.getByLabel("Client ID", { exact: true }).inputValue();

  await page.reload();
  await page.getByRole("status").filter({ hasText: `Last connection: ws://127.0.0.1:${ws}/mqtt as wall-screen.` }).waitFor();
  assert.equal(await page.getByLabel("User name", { exact: true }).inputValue(), "wall-screen");
  assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "");
  assert.equal(await page.getByLabel("Client ID", { exact: true }).inputValue(), clientId);
  assert.equal(await page.getByLabel("MQTT version").inputValue(), "4");
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.doesNotMatch(stored, /never-kept/);
  // The local broker's URL shows under its preset.
  assert.equal(await page.getByLabel("Broker preset").inputValue(), "local");
  await page.getByRole("button", { name: "Connect again" }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await context.close();
});

test("a saved profile shows in the profile list and under the right preset", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(appUrl());
  await page.getByLabel("Broker URL").fill("ws://127.0.0.1:1/elsewhere");
  assert.equal(await page.getByLabel("Broker preset").inputValue(), "custom");
  await page.getByText("Profiles and sharing").click();
  await page.getByLabel("Profile name").fill("plant");
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.getByRole("status").filter({ hasText: 'saved as "plant"' }).waitFor();
  assert.equal(await page.getByLabel("Saved profiles").inputValue(), "plant");
  // Without a ?broker= link the saved profile comes back whole.
  await page.goto(`${server.url}/`);
  await page.getByRole("button", { name: "Connect", exact: true }).waitFor();
  assert.equal(await page.getByLabel("Broker URL").inputValue(), "ws://127.0.0.1:1/elsewhere");
  assert.equal(await page.getByLabel("Broker preset").inputValue(), "custom");
  assert.equal(await page.getByLabel("Saved profiles").inputValue(), "plant");
  await context.close();
});

test("the message log is one Tab stop, moved through with the arrow keys", async () => {
  const topic = `keys-${Date.now()}`;
  const { context, page, errors } = await connected({}, topic);
  for (let i = 0; i < 40; i++) publish(`${topic}/n`, `message ${i}`);
  const grid = page.getByRole("grid", { name: "Message log" });
  await grid.getByText("message 39", { exact: true }).waitFor();
  // Tab from the filter passes the toolbar and lands on the grid once;
  // the next Tab leaves it.
  await page.getByRole("button", { name: "Export CSV" }).focus();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Message log");
  assert.equal(await page.locator("tbody[data-testid=log-rows] [tabindex]").count(), 0);
  await page.keyboard.press("ArrowDown");
  const region = page.getByRole("region", { name: "Selected message" });
  await region.getByText("message 39", { exact: true }).waitFor();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await region.getByText("message 37", { exact: true }).waitFor();
  await page.keyboard.press("ArrowUp");
  await region.getByText("message 38", { exact: true }).waitFor();
  // End goes to the oldest, far below the rows first drawn.
  await page.keyboard.press("End");
  await region.getByText("message 0", { exact: true }).waitFor();
  // The oldest row is drawn once the list has scrolled to it.
  await page.waitForFunction(() =>
    document.querySelector('[role=grid][aria-label="Message log"]').getAttribute("aria-activedescendant"),
  );
  const active = await grid.getAttribute("aria-activedescendant");
  assert.ok(active, "the selected row is the grid's active descendant");
  assert.match(await page.locator(`#${active}`).textContent(), /message 0/);
  assert.ok(await page.locator(`#${active}`).isVisible());
  // Focus stayed on the grid through every redraw.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "grid");
  await page.keyboard.press("Home");
  await region.getByText("message 39", { exact: true }).waitFor();
  await page.keyboard.press("Tab");
  assert.notEqual(await page.evaluate(() => document.activeElement.getAttribute("role")), "grid");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a plot shows the value and time under the pointer", async () => {
  const topic = `pointer-${Date.now()}`;
  const { context, page, errors } = await connected({ viewport: { width: 1280, height: 900 } }, topic);
  for (const v of [100, 130]) {
    publish(`${topic}/room1`, JSON.stringify({ voltage: v }));
    await page.getByTestId("log-rows").getByText(JSON.stringify({ voltage: v })).waitFor();
    await page.waitForTimeout(50);
  }
  const plot = page.getByRole("img", { name: `${topic}/room1 voltage over time` });
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  await plot.hover({ position: { x: box.width * 0.2, y: box.height / 2 } });
  await plot.getByText(/^100 at \d\d:\d\d:\d\d$/).waitFor();
  await plot.hover({ position: { x: box.width - 2, y: box.height / 2 } });
  await plot.getByText(/^130 at \d\d:\d\d:\d\d$/).waitFor();
  await page.mouse.move(0, 0);
  await plot.locator(".under-pointer").waitFor({ state: "detached" });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the topic tree folds, rolls up counts, shows a topic's history and plot, and deletes a retained message", async () => {
  const topic = `tree-${Date.now()}`;
  const { context, page, errors } = await connected({ viewport: { width: 1280, height: 900 } }, topic);
  publish(`${topic}/room1/voltage`, '{"voltage": 120}', "-r");
  publish(`${topic}/room1/voltage`, '{"voltage": 121}', "-r");
  publish(`${topic}/room2/voltage`, '{"voltage": 5}');
  const tree = page.getByRole("tree", { name: "Topics" });
  const top = tree.getByRole("treeitem", { name: topic, exact: true });
  await top.waitFor();
  // Folded: the branch counts everything below it.
  await page.waitForFunction((t) => document.querySelector(`[data-path="${t}"]`)?.textContent.includes("3 messages"), topic);
  assert.match(await top.textContent(), /2 topics · 3 messages/);
  assert.equal(await top.getAttribute("aria-expanded"), "false");
  assert.equal(await tree.getByRole("treeitem", { name: `${topic}/room1`, exact: true }).count(), 0);
  await page.getByRole("button", { name: `Expand ${topic}`, exact: true }).click();
  const room1 = tree.getByRole("treeitem", { name: `${topic}/room1`, exact: true });
  assert.match(await room1.textContent(), /1 topic · 2 messages/);
  // The keyboard: Right opens room1, Down reaches its topic, Enter selects.
  await room1.click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const selected = page.getByRole("region", { name: "Selected topic" });
  await selected.getByRole("heading", { name: `${topic}/room1/voltage` }).waitFor();
  const history = selected.getByRole("list", { name: "History, newest first" });
  await history.getByText('{"voltage": 121}').waitFor();
  assert.equal(await history.getByRole("listitem").count(), 2);
  await selected.getByRole("img", { name: "voltage over time" }).waitFor();
  assert.equal(await tree.locator("[tabindex='0']").count(), 1, "one Tab stop in the tree");
  // Deleting the retained message asks first; Cancel changes nothing.
  await selected.getByRole("button", { name: "Delete retained message" }).click();
  await selected.getByText(`Delete the retained message on ${topic}/room1/voltage?`).waitFor();
  await selected.getByRole("button", { name: "Cancel" }).click();
  assert.match(retained(`${topic}/room1/voltage`), /121/);
  await selected.getByRole("button", { name: "Delete retained message" }).click();
  await selected.getByRole("button", { name: "Confirm" }).click();
  await selected.getByRole("status").filter({ hasText: `Deleted the retained message on ${topic}/room1/voltage.` }).waitFor();
  assert.equal(retained(`${topic}/room1/voltage`), "", "the broker keeps no retained message");
  assert.deepEqual(errors, []);
  await context.close();
});

/** The retained message the broker holds on `topic` ("" when none). */
function retained(topic) {
  try {
    return execFileSync("mosquitto_sub", ["-p", tcp, "-t", topic, "--retained-only", "-W", "1", "-C", "1"], {
      encoding: "utf8",
    });
  } catch (e) {
    // -W: no retained message within the second.
    return e.stdout ?? "";
  }
}

test("two brokers at once: each connection has its own subscriptions, log and status", async () => {
  // Under sensors/: the password listener's ACL lets "sensor" read there.
  const topic = `sensors/two-${Date.now()}`;
  const { context, page, errors } = await connected({ viewport: { width: 1280, height: 900 } }, `${topic}/first`);
  const tabs = page.getByRole("tablist", { name: "Connections" });
  // A second connection, to the password-protected listener.
  await page.getByRole("button", { name: "New connection" }).click();
  const second = page.getByRole("tabpanel");
  assert.equal(await tabs.getByRole("tab").count(), 2);
  await second.getByLabel("Broker URL").fill(`ws://127.0.0.1:${wsAuth}/mqtt`);
  await second.getByLabel("User name", { exact: true }).fill("sensor");
  await second.getByLabel("Password", { exact: true }).fill("sensor-password");
  await second.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await second.getByLabel("Topic filter").fill(`${topic}/second/#`);
  await second.getByRole("button", { name: "Subscribe", exact: true }).click();
  await second.getByRole("list", { name: "Subscriptions" }).getByText(`${topic}/second/#`).waitFor();
  assert.equal(await second.getByRole("list", { name: "Subscriptions" }).getByText(`${topic}/first/#`).count(), 0);

  publish(`${topic}/first/a`, "for the first");
  publish(`${topic}/second/b`, "for the second");
  // The second connection's log has only its message, and says where from.
  await second.getByTestId("log-rows").getByText("for the second").waitFor();
  assert.equal(await second.getByTestId("log-rows").getByText("for the first").count(), 0);
  assert.match(await second.getByRole("heading", { name: /Messages/ }).textContent(), new RegExp(`from 127.0.0.1:${wsAuth}/mqtt`));
  // Back to the first: its log, its subscription, its status.
  await tabs.getByRole("tab", { name: new RegExp(`127.0.0.1:${ws}/mqtt`) }).click();
  const first = page.getByRole("tabpanel");
  await first.getByTestId("log-rows").getByText("for the first").waitFor();
  assert.equal(await first.getByTestId("log-rows").getByText("for the second").count(), 0);
  await first.getByRole("button", { name: "Disconnect" }).click();
  await page.getByTestId("status").filter({ hasText: /^offline$/ }).waitFor();
  // The second stays connected; its tab says so.
  await tabs.getByRole("tab", { name: /connected · 1 msgs/ }).waitFor();
  await tabs.getByRole("tab", { name: new RegExp(`127.0.0.1:${wsAuth}`) }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await page.getByRole("button", { name: "Close this connection" }).click();
  assert.equal(await tabs.getByRole("tab").count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the contrast check finds a low-contrast pair when there is one", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<body style="background:#fff"><p style="color:#999">faint text</p><p style="color:#222">plain text</p></body>');
  const problems = await lowContrast(page);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /faint text/);
  await context.close();
});

for (const scheme of ["light", "dark"]) {
  test(`every text meets WCAG AA contrast in the ${scheme} theme`, async () => {
    const topic = `contrast-${scheme}-${Date.now()}`;
    const { context, page } = await connected({ colorScheme: scheme, viewport: { width: 1280, height: 900 } }, topic);
    publish(`${topic}/room1`, '{"voltage": 120}', "-r");
    await page.getByTestId("log-rows").getByText('{"voltage": 120}').click();
    await page.getByRole("region", { name: "Selected message" }).waitFor();
    assert.deepEqual(await lowContrast(page), [], "explorer");
    // The theme toggle flips the other way from the system's.
    await page.getByRole("button", { name: "Dark theme" }).click();
    if (scheme === "dark") await page.getByRole("button", { name: "Dark theme" }).click();
    assert.deepEqual(await lowContrast(page), [], "explorer, toggled theme");
    await page.getByRole("tab", { name: "Dashboards" }).click();
    await page.getByRole("button", { name: "Edit" }).waitFor();
    assert.deepEqual(await lowContrast(page), [], "dashboards");
    await page.getByRole("button", { name: "Edit" }).click();
    assert.deepEqual(await lowContrast(page), [], "dashboard editor");
    await context.close();
  });
}

for (const scheme of ["light", "dark"]) {
  test(`on a 390 px phone (${scheme}) the log comes first and nothing is wider than the screen`, async () => {
    const topic = `phone-${scheme}-${Date.now()}`;
    const { context, page, errors } = await connected(
      { colorScheme: scheme, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      topic,
    );
    const long = JSON.stringify({
      readings: Array.from({ length: 40 }, (_, i) => ({ sensor: `sensor-with-a-long-name-${i}`, v: i * 1.5 })),
    });
    const longTopic = `${topic}/a/very/long/topic/name/that/goes/on/and/on/and/on`;
    publish(longTopic, long);
    publish(`${topic}/room1`, '{"voltage": 120}');
    const rows = page.getByTestId("log-rows");
    await rows.getByText('{"voltage": 120}').waitFor();
    await rows.getByText(longTopic).click();
    await page.getByRole("region", { name: "Selected message" }).waitFor();
    const layout = await page.evaluate(() => {
      const top = (sel) => document.querySelector(sel).getBoundingClientRect().top + scrollY;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > 390.5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}:${Math.round(e.getBoundingClientRect().right)}`);
      const time = document.querySelector("tbody[data-testid=log-rows] td.time");
      return {
        width: document.documentElement.scrollWidth,
        wide: wide.slice(0, 5),
        log: top("section.log"),
        subscribe: top("section[aria-labelledby=subscribe-title]"),
        publish: top("section[aria-labelledby=publish-title]"),
        timeLines: (() => {
          const range = document.createRange();
          range.selectNodeContents(time);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        })(),
        topicShown: document.querySelector("tbody[data-testid=log-rows] td.topic").clientWidth,
      };
    });
    assert.equal(layout.width, 390, `nothing overflows: ${layout.wide.join(", ")}`);
    assert.ok(layout.log < layout.subscribe && layout.log < layout.publish, "the log comes before the forms");
    assert.ok(layout.log < 400, `the log starts near the top (at ${layout.log} px)`);
    assert.equal(layout.timeLines, 1, "the time stays on one line");
    assert.ok(layout.topicShown > 200, `the topic gets room (${layout.topicShown} px)`);
    // The connection's settings come back on demand.
    await page.getByRole("button", { name: "Settings" }).click();
    await page.getByLabel("Broker URL").waitFor();
    // From the top: a full-page capture of a scrolled page draws the sticky
    // header where the scroll left it, over the content.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/phone-long-payload-${scheme}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
