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
import { connect as connectDirect, ready } from "./index.js";
import { untilConnected } from "./connected.js";

const EVENTS = new Set(["connect", "message", "reconnect", "offline", "close", "disconnect", "error", "end"]);

/** An MqttError again, from the plain data the worker sent. */
function toError(e) {
  const error = new Error(e.message);
  error.name = e.name ?? "MqttError";
  if (e.code !== undefined) error.code = e.code;
  if (e.reasonCode !== undefined) error.reasonCode = e.reasonCode;
  return error;
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
    const worker = new SharedWorker(new URL("./shared-worker.js", import.meta.url), { type: "module", name: "webmqtt" });
    // A script that does not load would leave every command waiting.
    worker.addEventListener("error", (e) => this._workerLost(`its script did not load (${e.message ?? e.type})`));
    this._port = worker.port;
    this._port.onmessage = ({ data }) => this._receive(data);
    this._port.start();
    // A lock held for this tab's life: the worker waits on it to learn
    // that the tab is gone, even if it crashed.
    const lock = `webmqtt-tab-${crypto.randomUUID?.() ?? Math.random().toString(36).slice(2)}`;
    const held = new Promise((resolve) => {
      if (!navigator.locks) return resolve();
      navigator.locks.request(lock, () => {
        resolve();
        return new Promise(() => {});
      });
    });
    this._opened = held
      .then(() => this._request({ op: "open", url, options, lock }))
      .then((r) => {
        this.clientId = r.clientId;
        this._watchWorker(r.workerLock);
      });
    // An open that fails (a bad option) is reported like a failed connect.
    this._opened.catch((e) => {
      // A lost worker has said so already.
      if (!this._ended) this._emit("error", [e]);
    });
  }

  /** Waits on the worker's lock, which comes free only when the worker is
   * gone: then everything waiting fails and the client ends, as a direct
   * client's does when its connection is lost for good. */
  _watchWorker(name) {
    if (!name || !navigator.locks) return;
    this._unwatch = new AbortController();
    navigator.locks.request(name, { signal: this._unwatch.signal }, () => this._workerLost()).catch(() => {
      // Aborted by end(): the worker was not lost.
    });
  }

  _workerLost(why = "it stopped") {
    if (this._ended) return;
    const error = toError({
      name: "MqttError",
      message: `the shared worker holding the connection is gone: ${why}; connect again`,
      code: "SHARED_WORKER_LOST",
    });
    this._ended = true;
    this.connected = false;
    for (const p of this._pending.values()) p.reject(error);
    this._pending.clear();
    this._emit("error", [error]);
    this._emit("close", []);
    this._emit("end", []);
    this._port.close();
  }

  _receive(m) {
    if (m.event !== undefined) {
      if (this._ended) return;
      if (m.event === "connect") this.connected = true;
      if (m.event === "close" || m.event === "offline") this.connected = false;
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
  }

  /** Removes `handler` from `event`. */
  off(event, handler) {
    this._handlers = this._handlers.filter(([e, f]) => !(e === event && f === handler));
  }

  /** As the direct client's: a promise, or MQTT.js's callback form. */
  publish(topic, payload, options, callback) {
    if (typeof options === "function") [options, callback] = [undefined, options];
    const done = this._opened.then(() => this._request({ op: "publish", topic, payload, options }));
    if (typeof callback !== "function") return done;
    done.then(
      (result) => callback(undefined, result),
      (error) => callback(error),
    );
  }

  subscribe(topics, options) {
    return this._opened.then(() => this._request({ op: "subscribe", topics, options }));
  }

  unsubscribe(topics, options) {
    return this._opened.then(() => this._request({ op: "unsubscribe", topics, options }));
  }

  /** Leaves the shared connection (the last tab to leave ends it). */
  async end() {
    if (this._ended) return;
    await this._opened.catch(() => {});
    // A worker lost meanwhile has ended this client already.
    await this._request({ op: "end" }).catch(() => {});
    this._unwatch?.abort();
    if (this._ended) return;
    this._ended = true;
    this.connected = false;
    for (const p of this._pending.values()) p.reject(ended());
    this._pending.clear();
    this._emit("end", []);
    this._port.close();
  }
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
  if (!sharedAvailable) await ready();
  return untilConnected(connect(url, options));
}

export { ready };
export default { connect, connectAsync, ready, sharedAvailable };
