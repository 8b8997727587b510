// Firefox ESR for the end-to-end tests, through geckodriver and
// selenium-webdriver (Playwright's Firefox is a build of its own that no
// registry here ships).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Builder } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";

/**
 * Starts headless Firefox ESR; resolves with the WebDriver session. With
 * `killableTabs`, each tab of one site gets a content process of its own
 * (Fission's process count per site, `dom.ipc.processCount.webIsolated`,
 * raised above the tabs a test opens), and the browser's chrome can be
 * scripted (geckodriver's --allow-system-access), which `killTab` needs.
 */
export function startFirefox({ killableTabs = false } = {}) {
  const options = new firefox.Options().setBinary("/usr/bin/firefox-esr").addArguments("-headless");
  const geckodriver = execFileSync("sh", ["-c", "command -v geckodriver"], { encoding: "utf8" }).trim();
  const service = new firefox.ServiceBuilder(geckodriver);
  if (killableTabs) {
    options.setPreference("dom.ipc.processCount.webIsolated", 16);
    service.addArguments("--allow-system-access");
    // geckodriver sets MOZ_CRASHREPORTER_SHUTDOWN=1 (over any `env` it is
    // given), which makes Firefox quit as soon as any content process dies
    // abnormally; a test that kills one tab needs the browser to live on,
    // so Firefox starts through a script that unsets it.
    const wrapper = join(mkdtempSync(join(tmpdir(), "webmqtt-firefox-")), "firefox");
    writeFileSync(wrapper, "#!/bin/sh\nunset MOZ_CRASHREPORTER_SHUTDOWN\nexec /usr/bin/firefox-esr \"$@\"\n", { mode: 0o755 });
    options.setBinary(wrapper);
  }
  return new Builder().forBrowser("firefox").setFirefoxOptions(options).setFirefoxService(service).build();
}

/**
 * The pid of the content process of the selected tab (the window the
 * driver is switched to), read in the browser's chrome.
 */
export async function tabPid(driver) {
  await driver.setContext("chrome");
  try {
    return await driver.executeScript(
      'return Services.wm.getMostRecentWindow("navigator:browser").gBrowser.selectedBrowser.frameLoader.remoteTab.osPid;',
    );
  } finally {
    await driver.setContext("content");
  }
}

/**
 * Kills the content process of the selected tab with SIGKILL, as the
 * system does to a page out of memory: no unload, no pagehide, nothing of
 * the page runs again. Firefox has no WebDriver command that crashes a tab,
 * and about:crashcontent would have to be loaded in the tab: a navigation,
 * which unloads the page (pagehide, lock release) before anything crashes.
 * So the process goes from outside. Resolves with the pid killed.
 */
export async function killTab(driver) {
  const pid = await tabPid(driver);
  process.kill(pid, "SIGKILL");
  return pid;
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
