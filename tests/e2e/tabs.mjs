// Tabs of one origin, driven the same way in both browsers, for the tests
// that open several pages (shared connection, outbox). `tabs(url, ready)`
// opens `url` in a new tab, waits until the expression `ready` is true in
// it, and resolves with:
// - `run(fn, arg)`: evaluates `fn(arg)` in the page, resolves with the result;
// - `close()`: closes the tab as a user does;
// - `kill()`: kills the tab's process, as a crash does (Chromium:
//   `Page.crash`; Firefox: SIGKILL of its content process, which needs
//   `startFirefox({ killableTabs: true })`).
import { firefoxRun, killTab, tabPid } from "./firefox.mjs";
import { until } from "./broker-log.mjs";

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
