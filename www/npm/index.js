// webmqtt: an MQTT 3.1 / 3.1.1 / 5.0 client for the browser, in WebAssembly.
//
// The wasm module loads once, on first use, from next to this file
// (new URL(..., import.meta.url)), which Vite, webpack 5 and plain <script
// type="module"> all understand without configuration.
import { connect as connectNow, connectWhenLoaded, loadMain, loadSplit, loadV5, MqttClient, needsV5, tryAgain, v5From, v5In, v5Ready } from "./client.js";
import { untilConnected } from "./connected.js";

// The load under way or done; where from (the last `ready` arguments
// that said, kept for the tries that follow a failure); whether it is
// done, and a promise of when.
let loading, source, v5Source, loaded, markLoaded;
// The longest wait asked for while a load is under way: a try from a
// place given meanwhile waits that long.
let longest = 0;
const loadedOnce = new Promise((r) => (markLoaded = r));

/**
 * Loads the wasm module; later calls return the same promise. `v5`, the
 * URL (or WebAssembly.Module) of the MQTT 5.0 module, which clients of 5.0
 * or with an outbox fetch, for pages that host the modules elsewhere. A
 * fetch is given up after 30 s without an answer (or with its body
 * stalled); if the load fails (NOT_READY), the next call tries again. A
 * place given while a load from another is under way is tried if that
 * load fails, and the clients `connect` made meanwhile wait for it.
 */
export function ready(moduleOrPath, v5) {
  return load(30000, moduleOrPath, v5);
}

/** `ready`, the fetch given up after `timeout` ms (a later, longer one extends it). */
function load(timeout, moduleOrPath, v5) {
  // Given while a load is under way: for the tries that follow it.
  source = moduleOrPath ?? source;
  v5Source = v5 ?? v5Source;
  longest = Math.max(longest, timeout);
  if (!loading) {
    const from = source;
    loading = loadMain(from, timeout).then(
      (exports) => ((loaded = true), markLoaded(), exports),
      (e) => {
        // A load that failed is tried anew by the next call; at once, from
        // a place given while it was under way (so that a client made by
        // connect() before that ready() call waits for it too).
        loading = undefined;
        const wait = longest;
        longest = 0;
        if (source !== from) return load(wait);
        throw e;
      },
    );
    v5From(v5Source);
  } else if (!loaded) {
    loadMain(source, timeout).catch(() => {});
    v5From(v5);
  }
  return loading;
}

/**
 * Connects. Before the module has loaded, as MQTT.js's connect needs no
 * wait, it starts the load and returns a client whose calls wait for it;
 * a fetch that fails in a way that may pass is tried again as a
 * connection would be. A client of MQTT 5.0 or with an outbox waits so
 * for the MQTT 5.0 module too (see `needsV5`).
 */
export function connect(url, options) {
  const v5 = needsV5(options);
  // The store's code (outbox.js and its wasm module) loads only for
  // clients that keep an outbox; its fetches start now, alongside the
  // others', not once the client is made.
  const outbox = options?.outbox && startOutbox(options);
  if (v5 ? v5Ready : loaded) return connectLoaded(url, options, undefined, outbox);
  const timeout = options?.connectTimeout ?? 30000;
  // The two modules' fetches overlap (the 5.0 module's instantiation
  // waits for the main one's).
  const loadAll = () => (v5 ? Promise.all([load(timeout), loadV5(timeout)]) : load(timeout));
  return connectWhenLoaded(loadAll, v5 ? v5In : loadedOnce, (waiting) => connectLoaded(url, options, waiting, outbox), options);
}

/**
 * Imports outbox.js and starts the fetch of the outbox's module; resolves
 * with the module's exports and that fetch's promise (see `openOutbox`).
 */
function startOutbox(options) {
  const started = import("./outbox.js").then((outbox) => [outbox, outbox.fetchModule(options, loadSplit)]);
  // A client that is never made (a module or an option it failed on)
  // leaves it unused.
  started.catch(() => {});
  return started;
}

function connectLoaded(url, options, waiting, outbox) {
  const client = connectNow(url, options, waiting);
  // If the store's code cannot load (a network error, a file left out of
  // a deployment), the client waits for a store that never comes: say so
  // and end it, as when IndexedDB is missing.
  if (client.outbox) {
    // Heard from now: a client ended at once must not leave its outbox's
    // lock held for good.
    const ended = new Promise((r) => client.on("end", r));
    outbox.then(
      ([{ openOutbox }, fetching]) => openOutbox(client, options, { loadSplit, tryAgain }, ended, fetching),
      (e) => {
        const error = new Error(`outbox.js did not load: ${e?.message ?? e}`);
        error.name = "MqttError";
        error.code = "OUTBOX_UNAVAILABLE";
        client.__failed(error, true);
      },
    );
  }
  return client;
}

/**
 * Loads the module if needed, connects, and resolves with the client once
 * the server has accepted the connection (CONNACK), as MQTT.js's does. If
 * the first attempt fails (refused, unreachable, timed out), the client is
 * ended and the promise rejects with that error.
 */
export async function connectAsync(url, options) {
  return untilConnected(connect(url, options));
}

export { MqttClient };
export default { ready, connect, connectAsync };
