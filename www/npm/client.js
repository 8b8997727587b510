// The MqttClient class: each method calls the wasm export of the same
// name with the client's handle (a plain function and a number cost less
// code than a wasm-bindgen class's).
import {
  connect as connectHandle, clientFree, clientOn, clientOff, clientConnected, clientId,
  clientPublish, clientSubscribe, clientUnsubscribe, clientEnd, clientOpenOutbox,
  clientFailed, clientOutbox,
  // Exported by scripts/build-npm.sh: the glue's own loader (a second
  // fetch path, instantiateStreaming and its MIME-type fallback) is not
  // used, so the bundler leaves it out; see `loadMain`.
  __wbg_get_imports as wasmImports, __wbg_finalize_init as wasmStart,
} from "./dist/webmqtt.js";
import { endArguments } from "./connected.js";

// A collected client frees its Rust side; its connection lives on until
// it ends.
const collected = new FinalizationRegistry(clientFree);

export class MqttClient {
  constructor(h) {
    this.h = h;
    collected.register(this, h, this);
  }
  free() {
    collected.unregister(this);
    clientFree(this.h);
    // A freed client's calls trap, as no table entry is this.
    this.h = -1;
  }
  // Both return the client, as MQTT.js's (an EventEmitter's) do, for
  // client.on(...).on(...).
  on(event, handler) {
    // An unknown event's MqttError, returned by the wasm side.
    const e = clientOn(this.h, event, handler);
    if (e) throw e;
    return this;
  }
  off(event, handler) {
    clientOff(this.h, event, handler);
    return this;
  }
  get connected() { return clientConnected(this.h); }
  get clientId() { return clientId(this.h); }
  get outbox() { return clientOutbox(this.h); }
  publish(topic, payload, options, callback) { return clientPublish(this.h, topic, payload, options, callback); }
  // MQTT.js's callback forms: the callback may stand in for the options
  // (and, in end, for force as well; end(options, callback) too).
  subscribe(topics, options, callback) {
    if (typeof options == "function") callback = options, options = undefined;
    return clientSubscribe(this.h, topics, options, callback);
  }
  unsubscribe(topics, options, callback) {
    if (typeof options == "function") callback = options, options = undefined;
    return clientUnsubscribe(this.h, topics, options, callback);
  }
  end(...args) {
    const [force, options, callback] = endArguments(...args);
    const ended = clientEnd(this.h, force, options);
    if (!callback) return ended;
    // From a microtask of its own, as the other callbacks: what it throws
    // is reported as uncaught, not as a rejection nobody handles.
    ended.then(() => queueMicrotask(callback), (e) => queueMicrotask(() => callback(e)));
  }
  __openOutbox(records, write) { return clientOpenOutbox(this.h, records, write); }
  __failed(error, stop) { clientFailed(this.h, error, stop); }
}

// The wasm modules split off the main one (scripts/build-npm.sh): where
// the MQTT 5.0 one (src/codec/split.rs) comes from (see `v5From`), and
// the main module's exports, which they link with, once it is in. A split
// module's fetch may start before the main module is in (or while a fetch
// of it that failed is tried again); it is instantiated once that is.
const split = { v5: new URL('dist/webmqtt_v5.wasm', import.meta.url) };
const instantiated = {};
let mainLoaded;
const mainIn = new Promise((r) => (mainLoaded = r));

/** Where the 5.0 module comes from, if given: a URL or WebAssembly.Module. */
export function v5From(v5) {
  if (v5) split.v5 = v5;
}

/** setTimeout's longest wait: a longer one would fire at once. */
const longest = (ms) => Math.min(ms, 2 ** 31 - 1);

/** Instantiates split module `name` (see `loadModule`). */
export const loadSplit = (name, source, timeout) =>
  // It imports the main module's memory, function table and stack
  // pointer (names set by scripts/shrink-bindings.py; the stack pointer's
  // carries the build's token, so that a module of another build fails
  // here with a LinkError).
  loadModule(name, source, timeout, async (module) => WebAssembly.instantiate(module, { m: await mainIn }));

/**
 * Fetches wasm module `name` (as error messages say it) from `source` and
 * hands its bytes to `instantiate`, once per page: one fetch serves every
 * caller. A Response (or a promise of one) is read as a fetched one is
 * (but not tried again: it cannot be fetched anew); a WebAssembly.Module
 * or bytes go to `instantiate` as they are. The fetch is given up if no
 * answer (the response's headers) has come by the latest of its callers'
 * `timeout`s (ms), or if its body then stops coming for that long; a body
 * that keeps coming is never cut off. The promise rejects with an Error
 * whose message names the module and says why, and whose `retry` says
 * whether a later try may do better (the network failed, no answer, a
 * server error, 408 or 429) rather than never (not found, another build's
 * module). A fetch refused by the page's policy (CORS, CSP) looks to it
 * like a network failure.
 */
function loadModule(name, source, timeout, instantiate) {
  let attempt = instantiated[name];
  if (!attempt) {
    const fetching = new AbortController();
    // Not on `attempt`: the body below runs to its first await before
    // `attempt` is set.
    const state = { deadline: 0 };
    let where = "(the module given)";
    attempt = instantiated[name] = (async () => {
      let retry;
      try {
        // A promise of a Response, as wasm-bindgen's init took.
        source = await source;
        const given = typeof Response == "function" && source instanceof Response;
        const url = given || typeof source == "string" || source instanceof URL || source instanceof Request;
        if (url) where = String(source.url || (given ? "(the Response given)" : source));
        let module = source;
        if (url) {
          retry = !given;
          const response = given ? source : await fetch(source, { signal: fetching.signal });
          if (!response.ok) {
            // 408 and 429 say "later" as a server error does.
            retry = !given && (response.status >= 500 || response.status == 408 || response.status == 429);
            throw new Error(`${response.status} ${response.statusText}`);
          }
          // A body on its way is waited for as long as it keeps coming:
          // the headers and each part move the deadline on, so that a slow
          // network loads it but a stalled one is given up (and tried
          // again).
          const moved = () => state.timeout && (state.deadline = Math.max(state.deadline, Date.now() + state.timeout));
          moved();
          state.body = true;
          const moving = new TransformStream({
            transform(part, out) {
              moved();
              out.enqueue(part);
            },
          });
          // The signal also stops a Response that was given, not fetched.
          module = await new Response(response.body?.pipeThrough(moving, { signal: fetching.signal })).arrayBuffer();
          retry = false;
        }
        // Past the point of being given up: a module is never
        // instantiated twice.
        state.answered = true;
        return await instantiate(module);
      } catch (e) {
        // Given up: why (Chromium's piped body says "Failed to fetch").
        if (fetching.signal.aborted) e = fetching.signal.reason;
        throw Object.assign(new Error(`the ${name} wasm module ${where} did not load: ${e?.message ?? e}`), { retry });
      }
    })();
    const current = attempt;
    state.check = () => {
      const left = state.deadline - Date.now();
      // Answered, or failed already (and maybe followed by another).
      if (state.answered || instantiated[name] !== current) return;
      if (left > 0) return void setTimeout(state.check, longest(left));
      // The next caller fetches anew.
      delete instantiated[name];
      const why = state.body ? `the body stopped coming for ${state.timeout} ms` : `no answer within ${state.timeout} ms`;
      fetching.abort(new DOMException(why, "TimeoutError"));
    };
    attempt.state = state;
    // A later client tries again.
    attempt.catch(() => {
      if (instantiated[name] === attempt) delete instantiated[name];
    });
  }
  const state = attempt.state;
  if (timeout && Date.now() + timeout > state.deadline) {
    if (!state.deadline) setTimeout(state.check, longest(timeout));
    state.deadline = Date.now() + timeout;
    state.timeout = timeout;
  }
  return attempt;
}

/**
 * Runs `attempt()` until it resolves, then resolves true. A failure that
 * may pass (its `retry`) is tried again as a connection is: after the
 * reconnect period of `options`, doubled each time up to the longest, or
 * sooner if `early` settles; `first` hears the first such failure's
 * message, saying it will try again. It resolves false if `wanted()` is
 * false when the wait is over, and rejects with a failure that will not
 * pass (or any, with no reconnect).
 */
export async function tryAgain(attempt, options, wanted, first, early) {
  let delay = options?.reconnectPeriod ?? 1000;
  for (let tries = 0; ; tries++) {
    try {
      await attempt();
      return true;
    } catch (e) {
      if (!e.retry || !(delay > 0)) throw e;
      if (!tries) first(`${e.message}; trying again`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, longest(delay))), early]);
    if (!wanted()) return false;
    delay = Math.max(delay, Math.min(2 * delay, options?.maxReconnectPeriod ?? 30000));
  }
}

/** The MqttError of a wasm module that did not load. */
const notReady = (message) => Object.assign(new Error(message), { name: "MqttError", code: "NOT_READY" });

/**
 * Loads the main module from `source`, by default the file next to the
 * package's entry, as a split module is loaded (`loadModule`: given up
 * after `timeout` without an answer or with a stalled body), and starts
 * it with wasm-bindgen's imports. Rejects with a NOT_READY MqttError
 * whose `retry` says whether a later try may do better.
 */
export const loadMain = (source, timeout) =>
  loadModule("main", source ?? new URL('dist/webmqtt_bg.wasm', import.meta.url), timeout, async (module) => {
    // An Instance from a Module, else the Module and its Instance.
    const made = await WebAssembly.instantiate(module, wasmImports());
    const exports = wasmStart(made.instance ?? made, made.module ?? module);
    mainLoaded(exports);
    return exports;
  }).catch((e) => {
    throw Object.assign(notReady(e.message), { retry: e.retry });
  });

/**
 * Whether a client with `options` needs the MQTT 5.0 module: one of 5.0
 * reads and writes property sections, one with an outbox its records'
 * (5.0 PUBLISH packets), with code in that module (src/codec/split.rs).
 * Read as loosely as the wasm side reads them strictly: a client it
 * would take for one of these is never made without the module.
 */
export const needsV5 = (options) => options?.protocolVersion == 5 || !!options?.outbox;

/** Whether the MQTT 5.0 module is in; `v5In` resolves when it is. */
export let v5Ready;
let v5Loaded;
export const v5In = new Promise((r) => (v5Loaded = r));

/**
 * Loads the MQTT 5.0 module, once (the main module's load must be under
 * way: it links with it). Rejects with a NOT_READY MqttError whose
 * `retry` says whether a later try may do better.
 */
export const loadV5 = (timeout) =>
  loadSplit("MQTT 5.0", split.v5, timeout).then(
    () => ((v5Ready = true), v5Loaded()),
    (e) => {
      throw Object.assign(notReady(e.message), { retry: e.retry });
    },
  );

/**
 * Connects (the module must be loaded, and the 5.0 module too for a
 * client that `needsV5`); `waiting`, a client made by
 * `connectWhenLoaded`, becomes the client rather than a new one, so that
 * what holds it (the user, the outbox's store) holds the client.
 */
export function connect(url, options, waiting) {
  // The handle, or the MqttError of a wrong option.
  const h = connectHandle(url, options, !!v5Ready);
  if (typeof h != "number") throw h;
  let client = waiting;
  if (!client) client = new MqttClient(h);
  else {
    Object.setPrototypeOf(waiting, MqttClient.prototype);
    delete waiting.w;
    delete waiting.i;
    waiting.h = h;
    collected.register(waiting, h, waiting);
  }
  return client;
}

// What a client made before the module loaded answers until it has: not
// connected, the client id it was given (`this.i`; "" when the server is
// to assign one), no outbox yet, and calls that wait (`this.w` takes
// each, see below).
const Waiting = Object.create(MqttClient.prototype, {
  connected: { value: false },
  clientId: { get() { return typeof this.i == "string" ? this.i : ""; } },
  outbox: { value: null },
});
for (const name of ["on", "off", "publish", "subscribe", "unsubscribe", "end", "free"])
  Waiting[name] = function (...args) {
    // A method taken from the client before it was made, called after.
    if (!this.w) return MqttClient.prototype[name].apply(this, args);
    let settle;
    const result = new Promise((...s) => (settle = s));
    this.w([name, args, settle]);
    if (name == "free") return;
    // With a callback or a handler, what a loaded client returns: the
    // client from on and off, else nothing; what it would throw (an
    // unknown event) is uncaught.
    if (!args.some((a) => typeof a == "function")) return result;
    result.catch((e) => queueMicrotask(() => { throw e; }));
    if (name[0] == "o") return this;
  };

/**
 * A client made before the module has loaded, as MQTT.js's connect needs
 * no wait: its calls wait, in order, for `load()`, and then go to the
 * client `make(client)` turns it into (see `connect`), as if made on it.
 * A load that may do better later is tried again as a connection is
 * (`tryAgain` with `options`, or as soon as `loaded` settles), its first
 * failure reported to the `error` handlers with `retry: true`. If the
 * module does not load (or the client ends while it is tried again: a
 * fetch under way when it ends that brings the module carries its calls
 * out, the end last) or `make` throws
 * (an invalid option), its `error` handlers hear why and its `end`
 * handlers follow, and each publish, subscribe and unsubscribe fails
 * with that error (a promise rejects, a callback is called with it);
 * `end()` resolves, as the client has ended. Its `clientId` meanwhile is
 * the option's.
 */
export function connectWhenLoaded(load, loaded, make, options) {
  const calls = [];
  let failed;
  const client = Object.create(Waiting);
  client.i = options?.clientId;
  // The handlers of `event` that `made` (calls) left on, in the order
  // added, called with `arg`.
  const emit = (made, event, arg) => {
    let handlers = [];
    for (const [name, [on, handler]] of made)
      if (name == "on") handlers.push([on, handler]);
      else if (name == "off") handlers = handlers.filter(([was, h]) => was != on || h != handler);
    for (const [on, handler] of handlers)
      if (on == event)
        try {
          handler(arg);
        } catch (e) {
          console.error(e);
        }
  };
  const ended = () => calls.some(([name]) => name == "end" || name == "free");
  // Wakes a wait between tries when the client ends: it stops at once. A
  // fetch under way is waited for: if it brings the module, the calls go
  // out in order, the end last, as they would have on a loaded client.
  let stop;
  const stopped = new Promise((r) => (stop = r));
  const retrying = (message) => ended() || emit(calls, "error", Object.assign(notReady(message), { retry: true }));
  // on, off and free have nothing to fail, and end nothing left to end.
  const fail = ([name, args, [resolve, reject]]) => {
    const callback = args.findLast((a) => typeof a == "function");
    if (name == "end") callback ? queueMicrotask(callback) : resolve();
    else if (name[0] == "o" || name == "free") resolve();
    else if (callback) queueMicrotask(() => callback(failed));
    else reject(failed);
  };
  client.w = (call) => {
    if (failed) return fail(call);
    calls.push(call);
    if (ended()) stop();
  };
  tryAgain(load, options, () => !ended(), retrying, Promise.race([loaded, stopped]))
    .then((wanted) => {
      if (!wanted) throw Object.assign(new Error("the client ended before the wasm module loaded"), { name: "MqttError", code: "CLIENT_ENDED" });
      make(client);
      // At once, not in a microtask of their own: what `make` set going
      // (the outbox's store, whose code may have failed to load already)
      // reports to the handlers among these calls.
      for (const [name, args, [resolve, reject]] of calls)
        try {
          resolve(client[name](...args));
        } catch (e) {
          reject(e);
        }
    })
    .catch((e) => {
      // A load's failure is final here, whatever its `retry` said.
      failed = e?.name != "MqttError" ? notReady(`the wasm module did not load: ${e?.message ?? e}`) : "retry" in e ? notReady(e.message) : e;
      const made = [...calls];
      calls.forEach(fail);
      // Failed: what they held (payloads) is not kept.
      calls.length = 0;
      // Ended by the user: no error to report.
      if (failed.code != "CLIENT_ENDED") emit(made, "error", failed);
      emit(made, "end");
    });
  return client;
}
