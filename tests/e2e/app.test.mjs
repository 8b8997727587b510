// The web app end to end, in Debian's Chromium, against the Mosquitto that
// scripts/test.sh started: connect, subscribe, publish and see the message,
// an outside publisher, the plot of {"voltage": 120}, markup shown as text,
// a wrong password, the app served from a sub-path. Screenshots at desktop
// and phone widths, light and dark, go to target/e2e-screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, cpSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, chromiumArgs } from "./serve.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ws = process.env.WEBMQTT_WS_PORT;
const wsAuth = process.env.WEBMQTT_WS_AUTH_PORT;
const tcp = process.env.WEBMQTT_TCP_PORT;
const tcpAuth = process.env.WEBMQTT_AUTH_PORT;
const shots = `${root}target/e2e-screenshots`;
let server, browser;

before(async () => {
  assert.ok(ws && wsAuth && tcp, "run through ./scripts/test.sh, which starts Mosquitto");
  // Serve dist/ from a sub-path, as a static host would.
  const site = `${root}target/e2e-site`;
  rmSync(site, { recursive: true, force: true });
  cpSync(`${root}dist`, `${site}/tools/mqtt`, { recursive: true });
  server = await serve(site);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openApp(port = ws) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.url}/tools/mqtt/?broker=ws://127.0.0.1:${port}/mqtt`);
  await page.getByRole("button", { name: "Connect", exact: true }).waitFor();
  return { page, errors };
}

test("connect, subscribe, publish and see the message, plotted", async () => {
  const { page, errors } = await openApp();
  const topic = `sensors/e2e-${Date.now()}`;
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();

  await page.getByLabel("Topic filter").fill(`${topic}/#`);
  await page.getByRole("button", { name: "Subscribe", exact: true }).click();
  await page.getByRole("list", { name: "Subscriptions" }).getByText(`${topic}/#`).waitFor();

  await page.getByLabel("Topic", { exact: true }).fill(`${topic}/voltage`);
  await page.getByLabel("Payload", { exact: true }).fill('{"voltage": 120}');
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByTestId("log-rows").getByText('{"voltage": 120}').waitFor();
  await page.getByRole("img", { name: `${topic}/voltage voltage over time` }).waitFor();

  // An outside publisher: mosquitto_pub over TCP, a payload of markup.
  const markup = "<img src=x onerror=alert(1)>";
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", `${topic}/evil`, "-m", markup]);
  await page.getByTestId("log-rows").getByText(markup, { exact: true }).waitFor();
  assert.equal(await page.locator("[data-testid=log-rows] img").count(), 0, "shown as text, not markup");
  await page.getByRole("button", { name: "Expand all" }).click();
  await page.getByRole("tree", { name: "Topics" }).getByRole("treeitem", { name: `${topic}/evil` }).waitFor();
  assert.deepEqual(errors, []);

  // Many more messages than the list renders: scrolling reaches the oldest,
  // and a click shows it in full.
  const lines = Array.from({ length: 300 }, (_, i) => `{"n": ${i}}`).join("\n") + "\n";
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", `${topic}/many`, "-l"], { input: lines });
  await page.getByTestId("log-rows").getByText('{"n": 299}', { exact: true }).waitFor();
  const rendered = await page.locator("[data-testid=log-rows] tr.log-row").count();
  assert.ok(rendered < 100, `only the rows in view are rendered (${rendered})`);
  await page.locator(".log-scroll").evaluate((el) => (el.scrollTop = el.scrollHeight));
  const oldest = page.getByTestId("log-rows").getByText('{"n": 0}', { exact: true });
  await oldest.waitFor();
  await oldest.click();
  await page.getByLabel("Selected message").getByText('{"n": 0}').waitFor();
  // The keyboard moves the selection from there (app-usability.test.mjs
  // tests the grid's keys in full).
  await page.getByRole("grid", { name: "Message log" }).press("ArrowUp");
  await page.getByLabel("Selected message").getByText('{"n": 1}').waitFor();
  const second = page.getByTestId("log-rows").locator("tr.log-row", { hasText: '{"n": 1}' });
  assert.equal(await second.getAttribute("aria-selected"), "true");
  await page.locator(".log-scroll").evaluate((el) => (el.scrollTop = 0));

  for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
    for (const scheme of ["light", "dark"]) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      // From the top: a full-page capture of a scrolled page draws the sticky
      // header where the scroll left it, over the content.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${shots}/app-${name}-${scheme}.png`, fullPage: true });
      // Nothing wider than the screen, the connection's tab included.
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width, `${name} ${scheme}`);
    }
  }
  await page.close();
});

test("a retained message, and a Python sensor with a password, plotted", async () => {
  const topic = `sensors/py-${Date.now()}`;
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", `test/kept-${topic}`, "-m", "kept", "-r", "-q", "1"]);
  const { page } = await openApp(wsAuth);
  await page.getByLabel("User name", { exact: true }).fill("sensor");
  await page.getByLabel("Password", { exact: true }).fill("sensor-password");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await page.getByLabel("Topic filter").fill(`${topic}/#`);
  await page.getByRole("button", { name: "Subscribe", exact: true }).click();
  await page.getByRole("list", { name: "Subscriptions" }).getByText(`${topic}/#`).waitFor();
  execFileSync("python3", [`${root}tests/e2e/paho_publish.py`, tcpAuth, `${topic}/voltage`, '{"voltage": 120}', "sensor", "sensor-password"]);
  await page.getByRole("img", { name: `${topic}/voltage voltage over time` }).waitFor();
  assert.match(await page.locator("figcaption").first().textContent(), /voltage = 120/);
  await page.close();

  // The retained message reaches a new subscription with its flag.
  const second = await openApp();
  await second.page.getByRole("button", { name: "Connect", exact: true }).click();
  await second.page.getByTestId("status").filter({ hasText: /^connected$/ }).waitFor();
  await second.page.getByLabel("Topic filter").fill(`test/kept-${topic}`);
  await second.page.getByRole("button", { name: "Subscribe", exact: true }).click();
  const row = second.page.getByTestId("log-rows").locator("tr", { hasText: "kept" });
  await row.waitFor();
  assert.match(await row.textContent(), /retain/);
  execFileSync("mosquitto_pub", ["-p", tcp, "-t", `test/kept-${topic}`, "-n", "-r"]);
  await second.page.close();
});

test("a saved profile comes back after a reload, without the password", async () => {
  const { page } = await openApp();
  await page.getByText("Profiles and sharing").click();
  await page.getByLabel("User name", { exact: true }).fill("profile-user");
  await page.getByLabel("Password", { exact: true }).fill("not-remembered");
  await page.getByLabel("Profile name").fill("lab");
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.getByRole("status").filter({ hasText: 'saved as "lab"' }).waitFor();
  await page.getByRole("button", { name: "Shareable link" }).click();
  const link = await page.getByLabel("Link (without the password)").inputValue();
  assert.match(link, /username=profile-user/);
  assert.doesNotMatch(link, /not-remembered/);
  await page.reload();
  await page.getByRole("button", { name: "Connect", exact: true }).waitFor();
  assert.equal(await page.getByLabel("User name", { exact: true }).inputValue(), "profile-user");
  assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "");
  await page.close();
});

test("a broker that is not there: a clear error and a countdown", async () => {
  const { page } = await openApp(9);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: "the broker is unreachable" }).waitFor();
  await page.getByTestId("status").filter({ hasText: /^reconnecting in \d+ s/ }).waitFor();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByTestId("status").filter({ hasText: /^offline$/ }).waitFor();
  await page.close();
});

test("a wrong password, entered with Enter, stops with a clear error", async () => {
  const { page } = await openApp(wsAuth);
  await page.getByLabel("User name", { exact: true }).fill("sensor");
  // Reconnecting stays on: a refused login still is not sent again.
  await page.getByLabel("Password", { exact: true }).fill("wrong");
  await page.getByLabel("Password", { exact: true }).press("Enter");
  await page.getByRole("alert").filter({ hasText: "wrong user name or password" }).waitFor();
  const status = page.getByTestId("status");
  await status.filter({ hasText: /^failed: wrong user name or password/ }).waitFor();
  // It stays stopped: no countdown, and Connect (not Reconnect) is offered.
  await page.waitForTimeout(2500);
  assert.match(await status.textContent(), /^failed: /);
  await page.getByRole("button", { name: "Connect", exact: true }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Disconnect" }).isDisabled(), true);
  await page.close();
});
