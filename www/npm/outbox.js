// The persistent outbox's store: unfinished publications of a client kept
// in IndexedDB, so that they outlive a reload or a closed browser. Loaded
// only by clients connected with the `outbox` option.
//
// One database for every client of the origin; records are keyed
// [clientId, key], the key growing with each publication, so reading a
// client's range gives its publications in order. A Web Lock named after
// the client id makes one client at a time the owner of those records: a
// second tab with the same client id waits `lockWait` milliseconds for it,
// then fails with OUTBOX_IN_USE instead of sending the same messages again.

const DATABASE = "webmqtt-outbox";
const STORE = "publications";
// The outbox's code in wasm: a module of its own (build-npm.sh puts its
// content hash in the name), which uses the main module's memory and
// function table; instantiated once, before the first client opens, from
// next to this file or from where that client's `outbox.wasm` says.
const MODULE = new URL('dist/webmqtt_outbox.wasm', import.meta.url);

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDatabase() {
  const r = indexedDB.open(DATABASE, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return request(r);
}

/**
 * Reports `message` as an MqttError with `code`; ends the client if `stop`.
 * `retry` marks a failure the client will try again (connectAsync waits on
 * through it).
 */
function failed(client, code, message, stop, retry) {
  client.__failed(Object.assign(new Error(message), { name: "MqttError", code }, retry && { retry }), stop);
}

/** Resolves once the lock is held; it is released once `ended` resolves. */
function holdLock(ended, clientId, wait) {
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(wait);
    navigator.locks
      .request(`webmqtt-outbox ${clientId}`, { signal }, () => {
        resolve();
        return ended;
      })
      .catch(reject);
  });
}

/**
 * Starts the fetch of the outbox's wasm module for a client with
 * `options` (given up with no answer after its connect timeout), with
 * client.js's `loadSplit`; its promise, for `openOutbox`.
 */
export const fetchModule = (options, loadSplit) =>
  loadSplit("outbox's", options.outbox.wasm ?? MODULE, options.connectTimeout ?? 30000);

/**
 * Opens the outbox of `client` (connected with `options.outbox`): takes the
 * lock, reads what the store kept, hands it to the client, which then
 * connects, and writes the client's batches of changes from then on.
 * `split` holds client.js's `loadSplit` and `tryAgain`; `fetching`, the
 * fetch of the outbox's module that `fetchModule` started, its first
 * try. The MQTT 5.0 module, which reads the records (5.0 PUBLISH
 * packets), is in: a client with an outbox is made only once it is.
 * `ended` resolves when the client ends (it may have already: a handler
 * added here would wait for an end that has been).
 */
export async function openOutbox(client, options, split, ended, fetching) {
  const clientId = options.clientId;
  const wait = options.outbox.lockWait ?? 5000;
  if (!globalThis.navigator?.locks || !globalThis.indexedDB) {
    const missing = globalThis.indexedDB ? "the Web Locks API (a secure context: https or localhost)" : "IndexedDB";
    failed(client, "OUTBOX_UNAVAILABLE", `the outbox needs ${missing}, which this page does not have`, true);
    return;
  }
  // Fetched while the other modules load and the lock and the store are
  // taken, given up with no answer after the connect timeout, and tried
  // again as the 5.0 module is (its first failure reported) until the
  // client ends.
  let over;
  ended.then(() => (over = true));
  const loaded = split.tryAgain(
    () => {
      const attempt = fetching ?? fetchModule(options, split.loadSplit);
      fetching = undefined;
      return attempt;
    },
    options,
    () => !over,
    (message) => failed(client, "OUTBOX_UNAVAILABLE", message, false, true),
    ended,
  );
  loaded.catch(() => {});
  try {
    await holdLock(ended, clientId, wait);
  } catch {
    const why = `another tab or client holds the outbox of client id "${clientId}" (waited ${wait} ms)`;
    failed(client, "OUTBOX_IN_USE", why, true);
    return;
  }
  let db;
  let kept;
  try {
    db = await openDatabase();
    const range = IDBKeyRange.bound([clientId, 0], [clientId, Infinity]);
    const store = db.transaction(STORE).objectStore(STORE);
    const [keys, records] = await Promise.all([request(store.getAllKeys(range)), request(store.getAll(range))]);
    kept = keys.flatMap((k, i) => [k[1], records[i]]);
  } catch (e) {
    failed(client, "OUTBOX_UNAVAILABLE", `the outbox's IndexedDB store did not open: ${e?.message ?? e}`, true);
    return;
  }
  let loadedIn;
  try {
    loadedIn = await loaded;
  } catch (e) {
    failed(client, "OUTBOX_UNAVAILABLE", e.message, true);
  }
  // Not in, or the client ended meanwhile.
  if (!loadedIn) {
    db.close();
    return;
  }
  // false if the client ended while the store opened: the records wait.
  // A throw (a trap in the outbox's module) would leave the client
  // waiting for its store: it is ended, as when the store does not open.
  try {
    client.__openOutbox(kept, (batch) => {
      const tx = db.transaction(STORE, "readwrite");
      const store = tx.objectStore(STORE);
      for (let i = 0; i < batch.length; i += 2) {
        const key = [clientId, batch[i]];
        if (batch[i + 1] === null) store.delete(key);
        else store.put(batch[i + 1], key);
      }
      tx.onabort = () =>
        failed(client, "OUTBOX_UNAVAILABLE", `a write to the outbox failed: ${tx.error?.message ?? "aborted"}`, false);
    });
  } catch (e) {
    db.close();
    failed(client, "OUTBOX_UNAVAILABLE", `the outbox did not open: ${e?.message ?? e}`, true);
  }
}
