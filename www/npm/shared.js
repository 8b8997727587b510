// webmqtt/shared: one MQTT connection for every tab of an origin.
//
//   import { connectAsync } from "webmqtt/shared";
//   const client = await connectAsync("wss://broker.example/mqtt", { clientId: "wall-screen" });
//
// The same API as the default entry's client (on/off, publish, subscribe,
// unsubscribe, end, connected, clientId). Every tab that connects with the
// same URL and options shares one connection, held by a SharedWorker that
// this module starts itself (shared-worker.js, next to this file); each tab
// gets only the messages of its own subscriptions, and its promises settle
// as a direct client's do. Options must be plain data (they cross to the
// worker), so a credentials function is refused.
//
// Where SharedWorker is missing, the client connects directly instead and
// says so: `client.shared` is false.
//
// If the worker dies (browsers run it in the process of the tab that
// started it, so a crash of that tab takes it along), each tab's client
// rejects what was pending with CONNECTION_LOST, emits `offline` and
// `close`, then `reconnect`, and attaches to a new worker, subscribing
// again to its own filters, as a direct client reconnects.
import { connect as connectDirect, ready } from "./index.js";
import { endArguments, untilConnected } from "./connected.js";

const EVENTS = new Set(["connect", "message", "reconnect", "offline", "close", "disconnect", "error", "end"]);

/** An MqttError again, from the plain data the worker sent. */
function toError(e) {
  const error = new Error(e.message);
  error.name = e.name ?? "MqttError";
  if (e.code !== undefined) error.code = e.code;
  if (e.reasonCode !== undefined) error.reasonCode = e.reasonCode;
  // A module fetch the worker's client tries again (connectAsync waits on).
  if (e.retry) error.retry = true;
  return error;
}

/** The prefix of the lock each worker holds, followed by its name. */
const WORKER_LOCK = "webmqtt-worker ";

function randomId() {
  return crypto.randomUUID?.() ?? Math.random().toString(36).slice(2);
}

function invalid(message) {
  return toError({ name: "MqttError", message, code: "INVALID_ARGUMENT" });
}

/** What a command of an ended client fails with, as the direct client's do. */
function ended() {
  return toError({ name: "MqttError", message: "the client has ended", code: "CLIENT_ENDED" });
}

/** A client whose connection lives in the shared worker. */
class SharedClient {
  constructor(url, options) {
    this.shared = true;
    this.connected = false;
    this.clientId = options?.clientId ?? "";
    this._handlers = [];
    this._pending = new Map();
    this._next = 1;
    this._ended = false;
    /** This tab's subscriptions, filter → options, to make again on a new worker. */
    this._filters = new Map();
    this._url = url;
    this._options = options;
    // A lock held for this tab's life: the worker waits on it to learn
    // that the tab is gone, even if it crashed.
    this._lock = `webmqtt-tab-${randomId()}`;
    this._held = new Promise((resolve) => {
      if (!navigator.locks) return resolve();
      // Released when the client ends: the worker then lets go of it.
      navigator.locks.request(this._lock, () => {
        resolve();
        return new Promise((release) => (this._release = release));
      });
    });
    /** Aborts the wait for the worker's lock once this tab leaves. */
    this._leaving = new AbortController();
    this._attach();
  }

  /**
   * Joins the worker that lives, or starts one, and opens the connection
   * in it. Each worker has a name of its own, found from the lock it holds
   * (see shared-worker.js), and tabs choose one at a time: a new worker
   * never takes the name of one that died (Firefox can go on handing out
   * ports to a SharedWorker whose process was killed, which never answer).
   */
  _attach() {
    // Resolves once the worker has said it waits for the wasm module
    // (NOT_READY with retry): an end() need not wait for the open then.
    this._moduleWait = new Promise((resolve) => (this._waitingForModule = resolve));
    const join = (name) => {
      const worker = new SharedWorker(new URL("./shared-worker.js", import.meta.url), { type: "module", name });
      // A script that does not load would leave the open, and every
      // command after it, waiting for ever.
      worker.addEventListener("error", (e) => this._scriptFailed(worker.port, e.message ?? e.type));
      this._port = worker.port;
      this._port.onmessage = ({ data }) => this._receive(data);
      this._port.start();
      // Answered once the worker holds its lock.
      return this._request({ op: "hold" });
    };
    const choose = async () => {
      const { held = [] } = await navigator.locks.query();
      // The worker's own hold is exclusive; tabs that learn of a worker's
      // death hold its lock shared for a moment (`_watch`), and that name
      // is not a live worker's.
      const live = held.find((l) => l.name.startsWith(WORKER_LOCK) && l.mode == "exclusive");
      // The choice stands once the worker answers: it holds its lock by
      // then. Not held through the open, which may wait for the module.
      return join(live ? live.name.slice(WORKER_LOCK.length) : `webmqtt ${randomId()}`);
    };
    this._opened = this._held
      .then(() => (navigator.locks?.query ? navigator.locks.request("webmqtt-choose-worker", choose) : join("webmqtt")))
      .then((r) => {
        // Watched from here: a worker that dies while the open waits is
        // found out too.
        this._watch(r.workerLock, this._port);
        return this._request({ op: "open", url: this._url, options: this._options, lock: this._lock });
      })
      .then((r) => {
        this.clientId = r.clientId;
      });
    // An open that fails (a bad option, a module that did not load) is
    // reported like a failed connect, unless the tab left meanwhile.
    this._opened.catch((e) => this._ended || this._ending || this._emit("error", [e]));
  }

  /** Waits for the worker's lock: it comes free only if the worker died. */
  _watch(workerLock, port) {
    if (!workerLock || !navigator.locks) return;
    navigator.locks
      .request(workerLock, { mode: "shared", signal: this._leaving.signal }, () => {
        if (!this._ended && this._port === port) this._workerLost();
      })
      .catch(() => {}); // aborted: this tab left
  }

  /** The worker's script did not load: what waits on it fails. */
  _scriptFailed(port, why) {
    if (this._port !== port) return;
    this._deadPort = port;
    const error = toError({
      name: "MqttError",
      message: `the shared connection's worker script did not load (${why})`,
      code: "TRANSPORT",
    });
    for (const p of this._pending.values()) p.reject(error);
    this._pending.clear();
    // An end under way: nobody is there to end.
    if (this._ending) this._finishEnd();
  }

  /** The worker died: settle what it held, then attach to a new one. */
  _workerLost() {
    const lost = toError({
      name: "MqttError",
      message: "the shared connection's worker stopped (the tab that started it closed abnormally); connecting again",
      code: "CONNECTION_LOST",
    });
    for (const p of this._pending.values()) p.reject(lost);
    this._pending.clear();
    this._port.close();
    const wasConnected = this.connected;
    this.connected = false;
    if (wasConnected) this._emit("offline", []);
    this._emit("close", []);
    // Ending (before, or from a handler above): nothing to connect again
    // for; the end is done here, as the worker that would have done it is gone.
    if (this._ending) return this._finishEnd();
    this._emit("reconnect", []);
    this._attach();
    const filters = [...this._filters];
    if (filters.length === 0) return;
    // A failed open is reported by `_attach`.
    this._opened.then(
      () =>
        Promise.all(filters.map(([topic, options]) => this._request({ op: "subscribe", topics: topic, options }))).catch(
          (e) => this._ended || this._emit("error", [e]),
        ),
      () => {},
    );
  }

  _receive(m) {
    if (m.event !== undefined) {
      if (this._ended) return;
      if (m.event === "connect") this.connected = true;
      if (m.open) this._waitingForModule();
      if (m.event === "close" || m.event === "offline") this.connected = false;
      if (m.event === "message") {
        const [, p, packet] = m.args;
        m.args[1] = packet.payload = new ReceivedPayload(p.buffer, p.byteOffset, p.length);
      }
      this._emit(m.event, m.event === "error" ? [toError(m.args[0])] : m.args);
      return;
    }
    const p = this._pending.get(m.id);
    if (!p) return;
    this._pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(toError(m.error));
  }

  _emit(event, args) {
    for (const [e, f] of [...this._handlers]) {
      if (e !== event) continue;
      try {
        f(...args);
      } catch (error) {
        console.error(error);
      }
    }
  }

  _request(message) {
    if (this._ended && message.op !== "end") {
      return Promise.reject(ended());
    }
    const id = this._next++;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      this._port.postMessage({ ...message, id });
    });
  }

  /** Adds `handler` for `event`. */
  on(event, handler) {
    if (!EVENTS.has(event)) throw invalid(`event: "${event}" is not one of ${[...EVENTS].join(", ")}`);
    this._handlers.push([event, handler]);
    return this;
  }

  /** Removes `handler` from `event`. */
  off(event, handler) {
    this._handlers = this._handlers.filter(([e, f]) => !(e === event && f === handler));
    return this;
  }

  /** As the direct client's: a promise, or MQTT.js's callback form. */
  publish(topic, payload, options, callback) {
    if (typeof options === "function") [options, callback] = [undefined, options];
    const done = this._unlessEnded(() => this._opened.then(() => this._request({ op: "publish", topic, payload, options })));
    return settleTo(done, callback);
  }

  subscribe(topics, options, callback) {
    if (typeof options === "function") [options, callback] = [undefined, options];
    return settleTo(this._unlessEnded(() => this._subscribe(topics, options)), callback);
  }

  _subscribe(topics, options) {
    return this._opened
      .then(() => this._request({ op: "subscribe", topics, options }))
      .then((grants) => {
        // Kept as this tab asked, to ask again of a new worker.
        const own = (t) => (typeof topics === "string" || Array.isArray(topics) ? options : topics[t]) ?? {};
        for (const g of grants) if (g.qos !== 128) this._filters.set(g.topic, { ...own(g.topic) });
        return grants;
      });
  }

  unsubscribe(topics, options, callback) {
    if (typeof options === "function") [options, callback] = [undefined, options];
    return settleTo(
      this._unlessEnded(() => {
        for (const t of typeof topics === "string" ? [topics] : topics) this._filters.delete(t);
        return this._opened.then(() => this._request({ op: "unsubscribe", topics, options }));
      }),
      callback,
    );
  }

  /**
   * Leaves the shared connection. The last tab to leave ends it, with
   * this call's `force` and `options` as the direct client's `end`
   * (refused options reject, and the tab stays); for the others they have
   * nothing to end. Takes MQTT.js's forms, as the direct client's.
   */
  end(...args) {
    const [force, options, callback] = endArguments(...args);
    // One end at a time, in order: one called while another is under way
    // has its outcome, or is tried itself if that one was refused. Calls
    // made meanwhile wait for the last (`_unlessEnded`).
    const end = this._ending ? this._endCall.then(undefined, () => this._leave(force, options)) : this._leave(force, options);
    this._ending = true;
    this._endCall = end;
    // Refused, and no end after it: the tab stays, as it was.
    end.catch(() => this._endCall === end && !this._ended && (this._ending = false));
    // A promise of its own: the calls held by the end go before what its
    // caller does next.
    return settleTo(end.then(), callback);
  }

  /**
   * `call()`, or, while an end is under way, as a direct client refuses a
   * call once ending: CLIENT_ENDED if the end goes through, `call()` if
   * it is refused.
   */
  _unlessEnded(call) {
    if (this._ended) return Promise.reject(ended());
    return this._ending ? this._endCall.then(() => Promise.reject(ended()), call) : call();
  }

  async _leave(force, options) {
    if (this._ended) return;
    try {
      // After the open's answer, so that what was called before the end
      // reaches the worker before it; but an open that waits for the wasm
      // module (tried again while it does not load) hears the end and stops.
      await Promise.race([this._opened.catch(() => {}), this._moduleWait]);
      // The worker died meanwhile and the end is done (`_workerLost`);
      // or its script never loaded, and nobody is there to end.
      if (this._ended) return;
      if (!this._port || this._port === this._deadPort) return this._finishEnd();
      await this._request({ op: "end", force, options });
    } catch (e) {
      // Refused (an invalid option), unless it ended meanwhile.
      if (this._ended) return;
      throw e;
    }
    this._finishEnd();
  }

  /** The client has ended: what is pending fails, `end` is emitted. */
  _finishEnd() {
    if (this._ended) return;
    this._ended = true;
    this.connected = false;
    for (const p of this._pending.values()) p.reject(ended());
    this._pending.clear();
    this._emit("end", []);
    this._leaving.abort();
    this._release?.();
    this._port?.close();
  }
}

const utf8 = new TextDecoder();
/**
 * A received payload, as the direct client's (whose class does not
 * survive the worker's postMessage): bytes whose toString() is their
 * UTF-8 text, as a Node.js Buffer's is. The same as `ReceivedPayload` in
 * src/js/glue.rs, which this file cannot import (it would load the wasm's
 * glue): change both together.
 */
class ReceivedPayload extends Uint8Array {
  toString(encoding) {
    if (encoding === undefined || /^utf-?8$/i.test(encoding)) return utf8.decode(this);
    throw new TypeError(`payload.toString: ${encoding} is not supported, only UTF-8`);
  }
}

/**
 * `promise`, or with MQTT.js's callback form `undefined`, and `callback`
 * called with the error or `(undefined, result)` once it settles.
 */
function settleTo(promise, callback) {
  if (typeof callback !== "function") return promise;
  // From a microtask of its own, as the direct client's callbacks: what it
  // throws is reported as uncaught, not as a rejection nobody handles.
  promise.then(
    (result) => queueMicrotask(() => callback(undefined, result)),
    (error) => queueMicrotask(() => callback(error)),
  );
}

/** Whether this browser can share a connection between tabs. */
export const sharedAvailable = typeof SharedWorker === "function";

/**
 * Connects through the shared worker (or directly where there is none;
 * then `client.shared` is false). Options must be plain data.
 */
export function connect(url, options) {
  if (typeof options?.credentials === "function") {
    throw invalid("credentials: a function cannot be shared between tabs; pass username and password");
  }
  if (options?.outbox) {
    // Refused in both modes, so code behaves the same in every browser.
    throw invalid("outbox: not available with webmqtt/shared; use the default entry, whose outbox a Web Lock keeps to one tab");
  }
  if (!sharedAvailable) {
    const client = connectDirect(url, options);
    client.shared = false;
    return client;
  }
  return new SharedClient(url, options);
}

/** Connects, and resolves once connected (CONNACK), like the default entry's. */
export async function connectAsync(url, options) {
  // Without a worker, connect() waits for the module as the default
  // entry's does (tried again, within connectTimeout).
  return untilConnected(connect(url, options));
}

export { ready };
export default { connect, connectAsync, ready, sharedAvailable };
