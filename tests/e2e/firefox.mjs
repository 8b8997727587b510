// Firefox ESR for the end-to-end tests, through geckodriver and
// selenium-webdriver (Playwright's Firefox is a build of its own that no
// registry here ships).
import { execFileSync } from "node:child_process";
import { Builder } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";

/** Starts headless Firefox ESR; resolves with the WebDriver session. */
export function startFirefox() {
  const options = new firefox.Options().setBinary("/usr/bin/firefox-esr").addArguments("-headless");
  const geckodriver = execFileSync("sh", ["-c", "command -v geckodriver"], { encoding: "utf8" }).trim();
  const service = new firefox.ServiceBuilder(geckodriver);
  return new Builder().forBrowser("firefox").setFirefoxOptions(options).setFirefoxService(service).build();
}

/**
 * Evaluates `fn(arg)` in the current window of `driver` and resolves with
 * its (awaited) result, or rejects with what it threw, as Playwright's
 * `page.evaluate` does.
 */
export async function firefoxRun(driver, fn, arg) {
  const r = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     Promise.resolve().then(() => (${fn})(arguments[0])).then((v) => done({ v }), (e) => done({ e: String(e) }));`,
    arg,
  );
  if (r.e) throw new Error(r.e);
  return r.v;
}
