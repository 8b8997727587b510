// webmqtt's shared connection: the SharedWorker that `webmqtt/shared`
// starts. It holds one MQTT client per broker URL and options, for every
// tab of the origin that asks for the same, and speaks a small message
// protocol to each tab over its MessagePort (see shared.js).
//
// What lives here, and nowhere else:
// - reference-counted subscriptions: the broker sees one SUBSCRIBE per
//   filter, and one UNSUBSCRIBE when the last tab drops it;
// - routing: a tab gets only the messages of its own filters (the
//   client's `packet.matchedFilters` names them);
// - clean-up: each tab holds a Web Lock for its life; when the lock comes
//   free (the tab closed, crashed or was killed) its filters are released,
//   and the last tab leaving ends the connection.
import init, { connect } from "./dist/webmqtt.js";

const EVENTS = ["connect", "reconnect", "offline", "close", "disconnect", "error", "end"];
const loading = init();
/** Connections by their key (URL and options). */
const connections = new Map();

/** An error as plain data: structured cloning keeps an Error's message but
 * not MqttError's `code` and `reasonCode`. */
function plainError(e) {
  return { name: e?.name ?? "Error", message: String(e?.message ?? e), code: e?.code, reasonCode: e?.reasonCode };
}

class Connection {
  constructor(key, url, options) {
    this.key = key;
    this.client = connect(url, options);
    /** Tabs attached: port → Map(filter → qos). */
    this.tabs = new Map();
    /** Filter → the grant the broker gave, for tabs that join later. */
    this.grants = new Map();
    this.connack = undefined;
    for (const event of EVENTS) {
      this.client.on(event, (...args) => {
        if (event === "connect") this.connack = args[0];
        // An ended client serves nobody: the next tab starts a new one.
        if (event === "end" && connections.get(this.key) === this) connections.delete(this.key);
        const data = event === "error" ? [plainError(args[0])] : args;
        for (const port of this.tabs.keys()) port.postMessage({ event, args: data });
      });
    }
    this.client.on("message", (topic, payload, packet) => {
      const matched = packet.matchedFilters ?? [];
      for (const [port, filters] of this.tabs) {
        if (matched.some((f) => filters.has(f))) port.postMessage({ event: "message", args: [topic, payload, packet] });
      }
    });
  }

  attach(port) {
    this.tabs.set(port, new Map());
    if (this.client.connected) port.postMessage({ event: "connect", args: [this.connack] });
  }

  /** How many tabs hold `filter` at `qos` or above. */
  holders(filter, qos = 0) {
    let n = 0;
    for (const filters of this.tabs.values()) if ((filters.get(filter) ?? -1) >= qos) n += 1;
    return n;
  }

  async subscribe(port, topics, options) {
    const mine = this.tabs.get(port);
    const list = typeof topics === "string" ? [topics] : Array.isArray(topics) ? topics : Object.keys(topics);
    const qosOf = (t) => (Array.isArray(topics) || typeof topics === "string" ? options?.qos : topics[t]?.qos) ?? 0;
    // Only filters no tab holds yet at this QoS go to the broker.
    const fresh = list.filter((t) => this.holders(t, qosOf(t)) === 0);
    let grants = [];
    if (fresh.length > 0) {
      const request = Array.isArray(topics) || typeof topics === "string" ? fresh : Object.fromEntries(fresh.map((t) => [t, topics[t]]));
      grants = await this.client.subscribe(request, options);
      for (const g of grants) this.grants.set(g.topic, g);
    }
    for (const t of list) {
      const g = this.grants.get(t);
      if (g && g.qos !== 128) mine?.set(t, Math.max(mine.get(t) ?? 0, qosOf(t)));
    }
    return list.map((t) => this.grants.get(t) ?? { topic: t, qos: 128, reasonCode: 0x80 });
  }

  async unsubscribe(port, topics, options) {
    const mine = this.tabs.get(port);
    const list = typeof topics === "string" ? [topics] : topics;
    const held = list.filter((t) => mine?.has(t));
    for (const t of held) mine.delete(t);
    const last = held.filter((t) => this.holders(t) === 0);
    if (last.length > 0) {
      for (const t of last) this.grants.delete(t);
      await this.client.unsubscribe(last, options);
    }
    // For this tab the filter is gone either way.
    return list.map(() => 0);
  }

  /** The tab leaves: its filters are released, and the last tab ends it. */
  async detach(port) {
    const mine = this.tabs.get(port);
    if (!mine) return;
    const filters = [...mine.keys()];
    this.tabs.delete(port);
    if (this.tabs.size === 0) {
      connections.delete(this.key);
      await this.client.end();
      return;
    }
    const last = filters.filter((t) => this.holders(t) === 0);
    if (last.length > 0) {
      for (const t of last) this.grants.delete(t);
      await this.client.unsubscribe(last).catch(() => {});
    }
  }
}

async function handle(port, state, m) {
  switch (m.op) {
    case "open": {
      await loading;
      const key = JSON.stringify([m.url, m.options]);
      let c = connections.get(key);
      if (!c) {
        c = new Connection(key, m.url, m.options);
        connections.set(key, c);
      }
      state.connection = c;
      c.attach(port);
      // Freed when the tab is gone, however it went.
      navigator.locks?.request(m.lock, () => c.detach(port));
      return { clientId: c.client.clientId };
    }
    case "publish":
      return state.connection.client.publish(m.topic, m.payload, m.options);
    case "subscribe":
      return state.connection.subscribe(port, m.topics, m.options);
    case "unsubscribe":
      return state.connection.unsubscribe(port, m.topics, m.options);
    case "end":
      await state.connection?.detach(port);
      return undefined;
    default:
      throw new Error(`unknown request ${m.op}`);
  }
}

self.addEventListener("connect", (e) => {
  const port = e.ports[0];
  const state = { connection: undefined };
  port.onmessage = async ({ data }) => {
    try {
      port.postMessage({ id: data.id, ok: true, value: await handle(port, state, data) });
    } catch (error) {
      port.postMessage({ id: data.id, ok: false, error: plainError(error) });
    }
  };
});
