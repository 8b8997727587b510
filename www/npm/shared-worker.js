// webmqtt's shared connection: the SharedWorker that `webmqtt/shared`
// starts. It holds one MQTT client per broker URL and options, for every
// tab of the origin that asks for the same, and speaks a small message
// protocol to each tab over its MessagePort (see shared.js).
//
// What lives here, and nowhere else:
// - reference-counted subscriptions: the broker holds one subscription per
//   filter, and gets one UNSUBSCRIBE when the last tab drops it (a tab
//   that joins a filter sends the same SUBSCRIBE again, for its retained
//   messages; see `subscribe`);
// - routing: a tab gets only the messages of its own filters (the
//   client's `packet.matchedFilters` names them);
// - clean-up: each tab holds a Web Lock for its life; when the lock comes
//   free (the tab closed, crashed or was killed) its filters are released,
//   and the last tab leaving ends the connection.
//
// The worker holds a Web Lock named after itself for its life: browsers
// run a SharedWorker in the process of the tab that started it (Chromium
// and Firefox both do), so when that tab's process dies the worker dies
// too, with nothing sent to the other tabs; the lock coming free is how
// they learn it, and while it is held it is how a tab finds the worker's
// name (see shared.js).
import { connect, loadMain, loadV5, needsV5, tryAgain, v5In } from "./client.js";

const WORKER_LOCK = `webmqtt-worker ${self.name}`;
/** Resolves once this worker holds its lock (at once without Web Locks). */
const holding = new Promise((resolve) => {
  if (!navigator.locks) return resolve();
  navigator.locks.request(WORKER_LOCK, () => {
    resolve();
    return new Promise(() => {});
  });
});

const EVENTS = ["connect", "reconnect", "offline", "close", "disconnect", "error", "end"];
// The wasm module, loaded as the default entry loads it (given up after
// a tab's connect timeout, tried again after a failure that may pass);
// resolves once it is in. With `v5`, the MQTT 5.0 module too (fetched
// alongside it, instantiated after it), next to this file, for a
// connection of 5.0 (see client.js's `needsV5`).
let markLoaded;
const loaded = new Promise((resolve) => (markLoaded = resolve));
function load(timeout, v5) {
  const main = loadMain(undefined, timeout);
  main.then(markLoaded, () => {});
  return v5 ? Promise.all([main, loadV5(timeout)]) : main;
}
/** Connections by their key (URL and options). */
const connections = new Map();

/** An error as plain data: structured cloning keeps an Error's message but
 * not MqttError's `code`, `reasonCode` and `retry`. */
function plainError(e) {
  return { name: e?.name ?? "Error", message: String(e?.message ?? e), code: e?.code, reasonCode: e?.reasonCode, retry: e?.retry };
}

class Connection {
  constructor(key, url, options) {
    this.key = key;
    this.client = connect(url, options);
    /** Tabs attached: port → Map(filter → qos). */
    this.tabs = new Map();
    /** Filter → the tab whose SUBSCRIBE was the last: the retained
     * messages the broker sends for it are that tab's alone. */
    this.replayTo = new Map();
    this.connack = undefined;
    /** Called when the connection next closes or the client ends (the
     * waits of tabs' ends for their requests). */
    this.dropped = new Set();
    for (const event of EVENTS) {
      this.client.on(event, (...args) => {
        if (event === "connect") {
          this.connack = args[0];
          // The retained messages of subscriptions restored on this
          // connection are every holder's.
          this.replayTo.clear();
        }
        if (event === "close" || event === "end") {
          for (const wake of this.dropped) wake();
          this.dropped.clear();
        }
        // An ended client serves nobody: the next tab starts a new one.
        if (event === "end") {
          this.ended = true;
          if (connections.get(this.key) === this) connections.delete(this.key);
        }
        const data = event === "error" ? [plainError(args[0])] : args;
        for (const port of this.tabs.keys()) port.postMessage({ event, args: data });
      });
    }
    this.client.on("message", (topic, payload, packet) => {
      const matched = packet.matchedFilters ?? [];
      // A message flagged retained answers a SUBSCRIBE [MQTT-3.3.1-8]: a
      // filter a tab re-sent goes to that tab alone (the others had it
      // already); one with no such tab (a subscription restored after a
      // reconnect) to every tab holding it.
      const mine = (port, filters) => (f) => filters.has(f) && (!packet.retain || (this.replayTo.get(f) ?? port) === port);
      let own;
      for (const [port, filters] of this.tabs) {
        if (!matched.some(mine(port, filters))) continue;
        // The bytes alone: a payload is a view into a 64 KiB block, which
        // postMessage would copy whole to each tab for each message.
        own ??= packet.payload = payload.slice();
        port.postMessage({ event: "message", args: [topic, own, packet] });
      }
    });
  }

  attach(port) {
    this.tabs.set(port, new Map());
    if (this.client.connected) port.postMessage({ event: "connect", args: [this.connack] });
  }

  /** How many tabs hold `filter`. */
  holders(filter) {
    let n = 0;
    for (const filters of this.tabs.values()) if (filters.has(filter)) n += 1;
    return n;
  }

  /** The highest QoS any tab holds `filter` at, or -1. */
  heldQos(filter) {
    let q = -1;
    for (const filters of this.tabs.values()) q = Math.max(q, filters.get(filter) ?? -1);
    return q;
  }

  async subscribe(port, topics, options) {
    const mine = this.tabs.get(port);
    const list = typeof topics === "string" ? [topics] : Array.isArray(topics) ? topics : Object.keys(topics);
    const own = (t) => (Array.isArray(topics) || typeof topics === "string" ? options : topics[t]) ?? {};
    // Every filter goes to the broker, even one another tab holds: the
    // same SUBSCRIBE replaces the subscription (nothing arrives twice) and
    // makes the broker send the filter's retained messages again
    // [MQTT-3.8.4-3], which a tab joining late needs as much as the first.
    // It asks for the highest QoS any tab holds, so none is downgraded.
    const request = Object.fromEntries(list.map((t) => [t, { ...own(t), qos: Math.max(own(t).qos ?? 0, this.heldQos(t)) }]));
    const grants = await this.client.subscribe(request, options);
    // The tab left while the broker answered (or had): what only it asked
    // for goes.
    if (!mine || this.tabs.get(port) !== mine) {
      await this.release(grants.filter((g) => g.qos !== 128).map((g) => g.topic)).catch(() => {});
      return grants;
    }
    for (const g of grants) {
      if (g.qos !== 128) {
        mine.set(g.topic, Math.max(mine.get(g.topic) ?? 0, own(g.topic).qos ?? 0));
        this.replayTo.set(g.topic, port);
      }
    }
    return grants;
  }

  async unsubscribe(port, topics, options) {
    const mine = this.tabs.get(port);
    const list = typeof topics === "string" ? [topics] : topics;
    const held = list.filter((t) => mine?.has(t));
    for (const t of held) {
      mine.delete(t);
      if (this.replayTo.get(t) === port) this.replayTo.delete(t);
    }
    await this.release(held, options);
    // For this tab the filter is gone either way.
    return list.map(() => 0);
  }

  /** Unsubscribes from those of `filters` no tab holds any more. */
  async release(filters, options) {
    const last = filters.filter((t) => this.holders(t) === 0);
    if (last.length === 0) return;
    for (const t of last) this.replayTo.delete(t);
    await this.client.unsubscribe(last, options);
  }

  /** The tab of `port` leaves: its filters are released, and the last
   * tab ends the connection with its `force` and `options`. */
  async detach(port, force, options) {
    const mine = this.tabs.get(port);
    if (!mine) return;
    const filters = [...mine.keys()];
    this.tabs.delete(port);
    if (this.tabs.size === 0) {
      connections.delete(this.key);
      try {
        await this.client.end(force, options);
      } catch (e) {
        // A connection that had ended by itself has nothing to end: the
        // tab has left it.
        if (this.ended) return;
        // Refused (an option is invalid): nothing ended, and the tab
        // stays, as a direct client stays connected.
        if (e?.code !== "INVALID_ARGUMENT") throw e;
        this.tabs.set(port, mine);
        if (!connections.has(this.key)) connections.set(this.key, this);
        throw e;
      }
      return;
    }
    for (const [f, p] of this.replayTo) if (p === port) this.replayTo.delete(f);
    // Nobody is left to tell if the broker refuses.
    await this.release(filters).catch(() => {});
  }
}

/** An MqttError as the plain data a tab turns back into one (shared.js's `toError`). */
const mqttError = (code, message, retry) => ({ name: "MqttError", code, message, retry });
/** What a request that comes after its tab's end fails with. */
const leftError = () => mqttError("CLIENT_ENDED", "the client has ended");

async function handle(port, state, m) {
  switch (m.op) {
    case "hold":
      await holding;
      return { workerLock: navigator.locks ? WORKER_LOCK : undefined };
    case "open": {
      // Ended by the tab (its end) or gone (its lock free, however it
      // went); either wakes a wait for the module.
      const stopped = new Promise((resolve) => (state.stop = resolve));
      const wanted = () => !state.ended;
      navigator.locks?.request(m.lock, () => {
        state.ended = true;
        state.stop();
        return state.connection?.detach(port);
      });
      // A tab waits for the module as its direct client would: a failure
      // that may pass is reported once and tried again until the tab
      // ends; one that will not is the open's error.
      // `open` marks it as the open's own report (the tab may end without
      // waiting for the open's answer).
      const retrying = (message) =>
        wanted() && port.postMessage({ event: "error", open: true, args: [mqttError("NOT_READY", message, true)] });
      const timeout = m.options?.connectTimeout ?? 30000;
      const v5 = needsV5(m.options);
      await tryAgain(() => load(timeout, v5), m.options, wanted, retrying, Promise.race([v5 ? v5In : loaded, stopped])).catch((e) => {
        // Final here, whatever its `retry` said.
        throw mqttError("NOT_READY", e.message);
      });
      // Ended while it waited: nothing to open.
      if (!wanted()) throw mqttError("CLIENT_ENDED", "the client ended before the wasm module loaded");
      const key = JSON.stringify([m.url, m.options]);
      let c = connections.get(key);
      if (!c) {
        c = new Connection(key, m.url, m.options);
        connections.set(key, c);
      }
      state.connection = c;
      c.attach(port);
      return { clientId: c.client.clientId };
    }
    case "publish":
      if (state.leaving && (await state.leaving)) throw leftError();
      return state.connection.client.publish(m.topic, m.payload, m.options);
    case "subscribe":
      if (state.leaving && (await state.leaving)) throw leftError();
      return state.connection.subscribe(port, m.topics, m.options);
    case "unsubscribe":
      if (state.leaving && (await state.leaving)) throw leftError();
      return state.connection.unsubscribe(port, m.topics, m.options);
    case "end": {
      // An open still waiting for the module stops.
      if (!state.connection) {
        state.ended = true;
        state.stop?.();
      }
      // Requests that come from here on wait for its outcome: refused if
      // the tab leaves, as a direct client refuses them once ending.
      let left;
      const leaving = (state.leaving = new Promise((resolve) => (left = resolve)));
      // As a direct client's end waits for what is in flight while
      // connected (and stops waiting if the connection drops): this tab's
      // requests settle before it leaves (the connection, which other
      // tabs may hold, is not ended for them).
      const c = state.connection;
      if (!m.force && c?.client.connected) {
        let wake;
        const dropped = new Promise((resolve) => c.dropped.add((wake = resolve)));
        await Promise.race([Promise.allSettled(state.requests), dropped]);
        c.dropped.delete(wake);
      }
      try {
        await c?.detach(port, m.force, m.options);
      } catch (e) {
        // Refused (an invalid option): the tab stays, as it was.
        const refused = e?.code == "INVALID_ARGUMENT";
        // Unless a later end is under way.
        if (refused && state.leaving === leaving) state.leaving = undefined;
        left(!refused);
        throw e;
      }
      left(true);
      return undefined;
    }
    default:
      throw new Error(`unknown request ${m.op}`);
  }
}

self.addEventListener("connect", (e) => {
  const port = e.ports[0];
  // `requests`: this tab's publish, subscribe and unsubscribe under way.
  const state = { connection: undefined, requests: new Set() };
  port.onmessage = async ({ data }) => {
    const handled = handle(port, state, data);
    const request = data.op == "publish" || data.op == "subscribe" || data.op == "unsubscribe";
    if (request) state.requests.add(handled);
    try {
      port.postMessage({ id: data.id, ok: true, value: await handled });
    } catch (error) {
      port.postMessage({ id: data.id, ok: false, error: plainError(error) });
    } finally {
      if (request) state.requests.delete(handled);
    }
  };
});
