// Tabs of one origin, driven the same way in both browsers, for the tests
// that open several pages (shared connection, outbox). `tabs(url, ready)`
// opens `url` in a new tab, waits until the expression `ready` is true in
// it, and resolves with:
// - `run(fn, arg)`: evaluates `fn(arg)` in the page, resolves with the result;
// - `close()`: closes the tab as a user does;
// - `kill()`: kills the tab's process, as a crash does (Chromium:
//   `Page.crash`; Firefox: SIGKILL of its content process, which needs
//   `startFirefox({ killableTabs: true })`).
import { chromium } from "playwright-core";
import { firefoxRun, killTab, startFirefox, tabPid } from "./firefox.mjs";
import { until } from "./broker-log.mjs";
import { serve, chromiumArgs } from "./serve.mjs";

/**
 * Runs `scenario(open, server, errors)` in a headless Chromium of its own,
 * with a file server of the repository (`serve()`): `open` is
 * `chromiumTabs` of one context, whose page errors go to `errors`. The
 * browser and the server are closed after, whatever the scenario does.
 */
export async function withChromiumTabs(scenario) {
  const server = await serve();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
  try {
    const errors = [];
    return await scenario(chromiumTabs(await browser.newContext(), errors), server, errors);
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Runs `scenario(open, server)` in a Firefox of its own started with
 * `options` (see `startFirefox`), with a file server of the repository:
 * `open` is `firefoxTabs` of its window. Both are closed after.
 */
export async function withFirefoxTabs(scenario, options) {
  const server = await serve();
  const driver = await startFirefox(options);
  try {
    return await scenario(firefoxTabs(driver), server);
  } finally {
    await driver.quit();
    await server.close();
  }
}

/** Tabs in a Playwright browser context; page errors go to `errors`. */
export function chromiumTabs(context, errors = []) {
  return async (url, ready) => {
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(ready);
    return {
      run: (fn, arg) => page.evaluate(fn, arg),
      close: () => page.close({ runBeforeUnload: false }),
      async kill() {
        const crashed = new Promise((r) => page.once("crash", r));
        const cdp = await context.newCDPSession(page);
        // The renderer dies before it can answer.
        cdp.send("Page.crash").catch(() => {});
        await crashed;
      },
    };
  };
}

/** Tabs of one Firefox window (the first uses the window the driver has). */
export function firefoxTabs(driver) {
  let first = true;
  return async (url, ready) => {
    if (!first) await driver.switchTo().newWindow("tab");
    first = false;
    const handle = await driver.getWindowHandle();
    await driver.get(url);
    await driver.wait(() => driver.executeScript(`return ${ready}`), 10_000);
    const toOther = async () => {
      const [other] = (await driver.getAllWindowHandles()).filter((h) => h !== handle);
      if (other) await driver.switchTo().window(other);
    };
    return {
      async run(fn, arg) {
        await driver.switchTo().window(handle);
        return firefoxRun(driver, fn, arg);
      },
      async close() {
        await driver.switchTo().window(handle);
        await driver.close();
        await toOther();
      },
      /** The pid of the tab's content process. */
      async pid() {
        await driver.switchTo().window(handle);
        return tabPid(driver);
      },
      async kill() {
        await driver.switchTo().window(handle);
        const pid = await killTab(driver);
        await until(() => {
          try {
            process.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        }, `content process ${pid} to exit`);
        await toOther();
      },
    };
  };
}
