// webmqtt's shared connection (src/web/shared/): the browser glue of both
// sides, and the SharedWorker's script itself.
//
// wasm-bindgen copies this file next to the app's JS glue, so every tab of
// an app finds it at the same URL. A tab imports it (through the glue) to
// start the worker; the worker is this same file, started with
// `?glue=<the app's glue URL>`. As the worker's script it takes the tabs'
// `connect` events at once (they may come before the wasm is up), then
// loads the app's wasm through its glue; the app's start function calls
// `webmqtt::web::shared::serve_tabs_if_worker()`, which takes the queued
// tabs and serves them from Rust.

const KEY = "__webmqttSharedTabs";

/** The prefix of the Web Lock each worker of the app whose glue is at
 * `glue` holds for its life, followed by the worker's name. */
function workerLockPrefix(glue) {
  return `webmqtt-rust-worker ${glue} `;
}

/** Starts (or joins) the shared worker of the app whose glue is at `glue`;
 * resolves with the port to it. `failed(why)` is called if the worker's
 * script does not load (the tab would otherwise wait for it for ever).
 *
 * Each worker has a name of its own, found from the lock it holds, and
 * tabs choose one at a time, each holding the choice until the worker
 * first answers (it holds its lock by then). A new worker never takes the
 * name of one that died: Firefox can go on handing out ports to a
 * SharedWorker whose process was killed, and they never answer. */
export function startWorker(glue, failed) {
  const url = new URL(import.meta.url);
  url.searchParams.set("glue", glue);
  const start = (name, answered) => {
    const worker = new SharedWorker(url, { type: "module", name });
    worker.addEventListener("error", (e) => {
      answered();
      try {
        failed(`webmqtt shared worker: its script did not load (${e.message ?? e.type})`);
      } catch {
        // The tab's client is gone already: nobody to tell.
      }
    });
    worker.port.addEventListener("message", answered, { once: true });
    worker.port.start();
    return worker.port;
  };
  const locks = globalThis.navigator?.locks;
  if (!locks?.query) return new Promise((resolve) => resolve(start("webmqtt", () => {})));
  return new Promise((resolve, reject) => {
    locks
      .request("webmqtt-rust-choose-worker", async () => {
        const prefix = workerLockPrefix(glue);
        const { held = [] } = await locks.query();
        // A live worker holds its lock exclusively; `whenReleased`'s
        // watchers of a dead one hold it shared for a moment.
        const live = held.find((l) => l.name.startsWith(prefix) && l.mode == "exclusive");
        const name = live ? live.name.slice(prefix.length) : `webmqtt-rust ${crypto.randomUUID?.() ?? Math.random().toString(36).slice(2)}`;
        await new Promise((answered) => resolve(start(name, answered)));
      })
      .catch(reject);
  });
}

/** Whether this realm can start a shared worker. */
export function sharedWorkerAvailable() {
  return typeof SharedWorker === "function";
}

/** Resolves once this tab holds the Web Lock `name`, which it then holds
 * for its whole life: the worker waits on it to learn that the tab is
 * gone, however it went. Resolves at once where there are no Web Locks. */
export function holdLock(name) {
  return new Promise((resolve) => {
    if (!globalThis.navigator?.locks) return resolve();
    navigator.locks.request(name, () => {
      resolve();
      if (held.get(name) === null) {
        // Let go of before it was granted.
        held.delete(name);
        return undefined;
      }
      return new Promise((release) => held.set(name, release));
    });
  });
}

/** The locks `holdLock` holds, by name: how to let go of each (null: let
 * go of before it was granted). */
const held = new Map();

/** Lets go of a lock `holdLock` took: its tab's client has ended. */
export function releaseLock(name) {
  if (!globalThis.navigator?.locks) return;
  const release = held.get(name);
  if (release) {
    release();
    held.delete(name);
  } else {
    held.set(name, null);
  }
}

/** The waits of `whenReleased`, by name: how to stop each. */
const watches = new Map();

/** Resolves when the Web Lock `name` comes free: its holder is gone.
 * Never, where there are no Web Locks; rejects once `stopWatching(name)`. */
export function whenReleased(name) {
  if (!globalThis.navigator?.locks) return new Promise(() => {});
  const stop = new AbortController();
  watches.set(name, stop);
  // Shared: watchers do not queue behind one another, and a tab choosing
  // a worker does not take a watcher's hold for a live worker's.
  return navigator.locks.request(name, { mode: "shared", signal: stop.signal }, () => {
    watches.delete(name);
  });
}

/** Stops a wait of `whenReleased` that nobody needs any more. */
export function stopWatching(name) {
  watches.get(name)?.abort();
  watches.delete(name);
}

/** In the shared worker: hands every tab's port, queued and to come, to
 * `serve`, and returns true; elsewhere returns false. */
export function takeTabs(serve) {
  const tabs = globalThis[KEY];
  if (!tabs || tabs.serve) return false;
  tabs.serve = serve;
  for (const port of tabs.queue.splice(0)) serve(port);
  return true;
}

/** In the shared worker: the name of the lock it holds for its life. */
export function workerLock() {
  return globalThis[KEY]?.workerLock ?? "";
}

/** Tells a tab that this worker cannot serve it, and why. */
function refuse(port, why) {
  port.postMessage(why);
}

const glue =
  typeof SharedWorkerGlobalScope === "function" && self instanceof SharedWorkerGlobalScope
    ? new URL(import.meta.url).searchParams.get("glue")
    : null;
if (glue !== null && !globalThis[KEY]) {
  // A lock held for this worker's life, requested before any tab can learn
  // its name (it goes out in the answer to a tab's Open): a tab waits on it
  // to learn that the worker is gone, closed or crashed.
  const workerLock = workerLockPrefix(glue) + self.name;
  globalThis.navigator?.locks?.request(workerLock, () => new Promise(() => {}));
  const tabs = { queue: [], serve: undefined, failed: undefined, workerLock };
  globalThis[KEY] = tabs;
  self.addEventListener("connect", (e) => {
    const port = e.ports[0];
    if (tabs.serve) tabs.serve(port);
    else if (tabs.failed) refuse(port, tabs.failed);
    else tabs.queue.push(port);
  });
  const fail = (why) => {
    tabs.failed = `webmqtt shared worker: ${why}`;
    for (const port of tabs.queue.splice(0)) refuse(port, tabs.failed);
  };
  import(glue)
    .then((m) => m.default())
    .then(() => {
      if (!tabs.serve) fail("the app's start function did not call webmqtt::web::shared::serve_tabs_if_worker()");
    })
    .catch((e) => fail(`the app's wasm did not start: ${e}`));
}
