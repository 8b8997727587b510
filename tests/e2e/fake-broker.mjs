// A fake MQTT broker over WebSocket, for fault injection: it sends the
// client bytes no real broker would send. It understands just enough MQTT
// (the fixed header, CONNECT's protocol level, SUBSCRIBE's filters, the
// packet identifiers of acknowledgements) to play a broker well, except for
// the one fault its scenario injects, and it records everything each client
// sends.
//
// The scenario is the first segment of the URL path
// (`ws://127.0.0.1:PORT/garbage?tag=a`). Query parameters tune it, and
// `tag` names the client, so that a test can tell its clients' connections
// apart (`broker.connections("a")`). Most scenarios misbehave on a client's
// first connection only: later ones (reconnections) get a well-behaved
// broker, so that what the client carries over to them can complete.
import { WebSocketServer } from "ws";

// Packet types (MQTT 3.1.1 §2.2.1, 5.0 §2.1.2).
export const CONNECT = 1;
export const CONNACK = 2;
export const PUBLISH = 3;
export const PUBACK = 4;
export const PUBREC = 5;
export const PUBREL = 6;
export const PUBCOMP = 7;
export const SUBSCRIBE = 8;
export const SUBACK = 9;
export const UNSUBSCRIBE = 10;
export const UNSUBACK = 11;
export const PINGREQ = 12;
export const PINGRESP = 13;
export const DISCONNECT = 14;

// ---------------------------------------------------------------- encoding

/** A Variable Byte Integer (the remaining length), shortest form. */
export function varint(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

const u16 = (n) => [(n >> 8) & 0xff, n & 0xff];
const str = (s) => {
  const b = Buffer.from(s, "utf8");
  return [...u16(b.length), ...b];
};

/** A whole packet: first byte, remaining length, body. */
export function packet(first, body = []) {
  return Buffer.from([first, ...varint(body.length), ...body]);
}

export const connack = (version, code, sessionPresent = false) =>
  version === 5
    ? packet(0x20, [sessionPresent ? 1 : 0, code, 0]) // no properties
    : packet(0x20, [sessionPresent ? 1 : 0, code]);

export const puback = (id) => packet(0x40, u16(id));
export const pubrec = (id) => packet(0x50, u16(id));
export const pubrel = (id) => packet(0x62, u16(id));
export const pubcomp = (id) => packet(0x70, u16(id));
export const pingresp = () => packet(0xd0);

export const suback = (version, id, codes) =>
  packet(0x90, [...u16(id), ...(version === 5 ? [0] : []), ...codes]);

export const unsuback = (version, id, count) =>
  packet(0xb0, version === 5 ? [...u16(id), 0, ...new Array(count).fill(0)] : u16(id));

/** A PUBLISH to the client; `properties` are raw 5.0 property bytes. */
export function publish(version, { topic, payload, qos = 0, id = 0, retain = false, properties = [] }) {
  const body = [...str(topic)];
  if (qos > 0) body.push(...u16(id));
  if (version === 5) body.push(...varint(properties.length), ...properties);
  body.push(...Buffer.from(payload));
  return packet(0x30 | (qos << 1) | (retain ? 1 : 0), body);
}

// ---------------------------------------------------------------- decoding

/** Splits a byte stream into packets; returns [packets, rest]. */
function split(buf) {
  const packets = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    let len = 0;
    let mul = 1;
    let i = at + 1;
    let complete = false;
    for (let n = 0; n < 4 && i < buf.length; n++, i++) {
      len += (buf[i] & 0x7f) * mul;
      mul *= 128;
      if ((buf[i] & 0x80) === 0) {
        complete = true;
        i++;
        break;
      }
    }
    if (!complete) {
      if (i - at - 1 >= 4) throw new Error("client sent a remaining length over four bytes");
      break;
    }
    if (buf.length - i < len) break;
    const first = buf[at];
    packets.push({ type: first >> 4, flags: first & 0x0f, first, body: buf.subarray(i, i + len) });
    at = i + len;
  }
  return [packets, buf.subarray(at)];
}

function readVarint(buf, at) {
  let n = 0;
  let mul = 1;
  for (let i = 0; i < 4; i++) {
    const b = buf[at + i];
    n += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return [n, at + i + 1];
  }
  throw new Error("bad variable byte integer");
}

const readStr = (buf, at) => {
  const n = buf.readUInt16BE(at);
  return [buf.subarray(at + 2, at + 2 + n).toString("utf8"), at + 2 + n];
};

// MQTT 5.0 property identifiers (§2.2.2.2) by the type of their value.
const PROPERTY_TYPES = {
  0x01: "byte", 0x02: "u32", 0x03: "str", 0x08: "str", 0x09: "bin", 0x0b: "varint",
  0x11: "u32", 0x12: "str", 0x13: "u16", 0x15: "str", 0x16: "bin", 0x17: "byte",
  0x18: "u32", 0x19: "byte", 0x1a: "str", 0x1c: "str", 0x1f: "str", 0x21: "u16",
  0x22: "u16", 0x23: "u16", 0x24: "byte", 0x25: "byte", 0x26: "pair", 0x27: "u32",
  0x28: "byte", 0x29: "byte", 0x2a: "byte",
};

/** 5.0 properties at `at`: [{ id: value }, next offset] (user properties listed). */
function readProperties(buf, at) {
  const [len, start] = readVarint(buf, at);
  const end = start + len;
  const props = {};
  let i = start;
  while (i < end) {
    const [id, j] = readVarint(buf, i);
    i = j;
    let value;
    switch (PROPERTY_TYPES[id]) {
      case "byte": value = buf[i]; i += 1; break;
      case "u16": value = buf.readUInt16BE(i); i += 2; break;
      case "u32": value = buf.readUInt32BE(i); i += 4; break;
      case "varint": [value, i] = readVarint(buf, i); break;
      case "str": [value, i] = readStr(buf, i); break;
      case "bin": { const n = buf.readUInt16BE(i); value = buf.subarray(i + 2, i + 2 + n); i += 2 + n; break; }
      case "pair": { let k; [k, i] = readStr(buf, i); let v; [v, i] = readStr(buf, i); value = [k, v]; break; }
      default: throw new Error(`unknown property ${id}`);
    }
    if (id === 0x26) (props[id] ??= []).push(value);
    else props[id] = value;
  }
  return [props, end];
}

/** What a test needs of a CONNECT: level, keep alive, client id, 5.0 properties. */
function parseConnect(body) {
  let [protocolName, at] = readStr(body, 0);
  const level = body[at];
  const flags = body[at + 1];
  const keepalive = body.readUInt16BE(at + 2);
  at += 4;
  let properties = {};
  if (level === 5) [properties, at] = readProperties(body, at);
  const [clientId] = readStr(body, at);
  return { protocolName, level, flags, keepalive, properties, clientId };
}

/** A SUBSCRIBE's packet identifier and filters with their requested QoS. */
function parseSubscribe(body, version) {
  const id = body.readUInt16BE(0);
  let at = 2;
  if (version === 5) at = readProperties(body, at)[1];
  const filters = [];
  while (at < body.length) {
    let topic;
    [topic, at] = readStr(body, at);
    filters.push({ topic, qos: body[at] & 3 });
    at += 1;
  }
  return { id, filters };
}

function parseUnsubscribe(body, version) {
  const id = body.readUInt16BE(0);
  let at = 2;
  if (version === 5) at = readProperties(body, at)[1];
  let count = 0;
  while (at < body.length) {
    at = readStr(body, at)[1];
    count++;
  }
  return { id, count };
}

/** A client PUBLISH: topic, QoS, identifier, payload. */
function parsePublish(p, version) {
  const qos = (p.flags >> 1) & 3;
  let [topic, at] = readStr(p.body, 0);
  let id = 0;
  if (qos > 0) {
    id = p.body.readUInt16BE(at);
    at += 2;
  }
  let properties = {};
  if (version === 5) [properties, at] = readProperties(p.body, at);
  return { topic, qos, id, properties, payload: p.body.subarray(at) };
}

/** A DISCONNECT's reason code (0 when absent, as in 3.1.1). */
export const disconnectReason = (p) => (p.body.length > 0 ? p.body[0] : 0);

// ---------------------------------------------------------------- behaviour

/**
 * A well-behaved broker's answer to one client packet. `conn.send` sends
 * (in the connection's framing).
 */
function behave(conn, p) {
  const v = conn.version;
  switch (p.type) {
    case PUBLISH: {
      const m = parsePublish(p, v);
      if (m.qos === 1) conn.send(puback(m.id));
      if (m.qos === 2) conn.send(pubrec(m.id));
      break;
    }
    case PUBREL: conn.send(pubcomp(p.body.readUInt16BE(0))); break;
    case PUBREC: conn.send(pubrel(p.body.readUInt16BE(0))); break;
    case SUBSCRIBE: {
      const s = parseSubscribe(p.body, v);
      conn.send(suback(v, s.id, s.filters.map((f) => f.qos)));
      break;
    }
    case UNSUBSCRIBE: {
      const u = parseUnsubscribe(p.body, v);
      conn.send(unsuback(v, u.id, u.count));
      break;
    }
    case PINGREQ: conn.send(pingresp()); break;
    default: break;
  }
}

/**
 * A fault sent when the client's first SUBSCRIBE arrives, on its first
 * connection: by then the client has published at QoS 1 (left unanswered)
 * and subscribed, so both wait for an answer when the fault arrives.
 */
const faultOnSubscribe = (bytes) => ({
  packet(conn, p) {
    if (conn.attempt > 0) return behave(conn, p);
    if (p.type === SUBSCRIBE && !conn.faulted) {
      conn.faulted = Date.now();
      conn.send(typeof bytes === "function" ? bytes(conn) : Buffer.from(bytes));
    }
  },
});

const hex = (s) => Buffer.from(s.replace(/\s+/g, ""), "hex");

/** Scenarios by name (the URL path). */
const SCENARIOS = {
  /** A broker that behaves. */
  good: {},

  /** Bytes that are no packet: packet type 0 is reserved. */
  garbage: faultOnSubscribe(hex("00 00 ff")),

  /** A remaining length with a fifth byte. */
  "long-remaining-length": faultOnSubscribe(hex("30 ff ff ff ff 7f")),

  /** PUBACK with fixed header flags 0001 (reserved, must be 0000). */
  "reserved-flags": faultOnSubscribe(hex("41 02 00 01")),

  /** PUBLISH with both QoS bits set. */
  qos3: faultOnSubscribe((conn) =>
    conn.version === 5 ? hex("36 08 00 03 61 2f 62 00 01 00") : hex("36 07 00 03 61 2f 62 00 01"),
  ),

  /** 5.0 PUBLISH with two Payload Format Indicators (allowed once). */
  "duplicate-property": faultOnSubscribe(hex("30 0b 00 03 61 2f 62 04 01 00 01 00 78")),

  /**
   * A PUBLISH declaring a remaining length of 268,435,455 bytes (256 MiB,
   * the most four bytes can say), then five bytes of it, then silence: no
   * answer to anything, PINGREQ included, on that connection.
   */
  "huge-packet": {
    packet(conn, p) {
      if (conn.attempt > 0) return behave(conn, p);
      if (p.type === SUBSCRIBE && !conn.faulted) {
        conn.faulted = Date.now();
        conn.send(hex("30 ff ff ff 7f 00 03 61 2f 62"));
      }
    },
  },

  /** A WebSocket text frame, which MQTT forbids [MQTT-6.0.0-1]. */
  "text-frame": {
    packet(conn, p) {
      if (conn.attempt > 0) return behave(conn, p);
      if (p.type === SUBSCRIBE && !conn.faulted) {
        conn.faulted = Date.now();
        conn.sendText("hello");
      }
    },
  },

  /** CONNACK, then nothing at all: no SUBACK, no PUBACK, no PINGRESP. */
  silence: {
    packet(conn, p) {
      if (conn.attempt > 0) return behave(conn, p);
    },
  },

  /** PUBACK for packet identifier 0x1234, which the client never used. */
  "unknown-puback": faultOnSubscribe(hex("40 02 12 34")),

  /**
   * A normal exchange. On SUBSCRIBE, once the client's QoS 1 PUBLISH has
   * arrived too: SUBACK, a QoS 0 and a QoS 1 PUBLISH to the client (payloads
   * of 300 and 5 bytes), and the PUBACK. Framing from `?framing=`: `bytes`
   * sends every byte in its own frame, `one` all of these packets in one.
   */
  exchange: {
    packet(conn, p) {
      if (p.type === PUBLISH) {
        const m = parsePublish(p, conn.version);
        conn.pendingPuback = m.id;
      } else if (p.type === SUBSCRIBE) {
        conn.pendingSubscribe = parseSubscribe(p.body, conn.version);
      } else {
        return behave(conn, p);
      }
      if (conn.pendingPuback === undefined || conn.pendingSubscribe === undefined) return;
      const v = conn.version;
      const s = conn.pendingSubscribe;
      const topic = s.filters[0].topic;
      const big = Buffer.alloc(300, 0).map((_, i) => i % 251);
      const out = Buffer.concat([
        suback(v, s.id, s.filters.map((f) => f.qos)),
        publish(v, { topic, payload: big, qos: 0 }),
        publish(v, { topic, payload: Buffer.from("hello"), qos: 1, id: 7 }),
        puback(conn.pendingPuback),
      ]);
      conn.pendingPuback = conn.pendingSubscribe = undefined;
      conn.send(out);
    },
  },

  /**
   * MQTT 3.1.1 SUBACK with the return codes the client asked for, except
   * that the last filter gets 0x8F, a 5.0 reason code (Topic Filter
   * invalid).
   */
  "suback-v5-code": {
    packet(conn, p) {
      if (p.type !== SUBSCRIBE) return behave(conn, p);
      const s = parseSubscribe(p.body, conn.version);
      const codes = s.filters.map((f) => f.qos);
      codes[codes.length - 1] = 0x8f;
      conn.send(suback(conn.version, s.id, codes));
    },
  },

  /** SUBACK with one return code fewer than the SUBSCRIBE had filters. */
  "suback-count": {
    packet(conn, p) {
      if (p.type !== SUBSCRIBE || conn.attempt > 0) return behave(conn, p);
      const s = parseSubscribe(p.body, conn.version);
      conn.faulted = Date.now();
      conn.send(suback(conn.version, s.id, s.filters.slice(1).map((f) => f.qos)));
    },
  },

  /** QoS 2 PUBLISH acknowledged with PUBACK, as RabbitMQ does. */
  "qos2-puback": {
    packet(conn, p) {
      if (p.type !== PUBLISH) return behave(conn, p);
      const m = parsePublish(p, conn.version);
      if (m.qos > 0) conn.send(puback(m.id));
    },
  },

  /**
   * CONNACK refusing the connection with `?rc=` (decimal or 0x..): a 3.1.1
   * return code or a 5.0 reason code, on every attempt.
   */
  /**
   * A broker that keeps sessions and whose first connection of a tag takes
   * QoS 2 publications (PUBREC) but never completes them (no PUBCOMP to
   * PUBREL): the client is left holding released publications, as when a
   * page reloads between PUBREC and PUBCOMP. Later connections get a
   * well-behaved broker with Session Present.
   */
  "pubrec-then-silence": {
    connect(conn) {
      conn.send(connack(conn.version, 0, conn.attempt > 0));
    },
    packet(conn, p) {
      if (conn.attempt === 0 && p.type === PUBREL) return;
      behave(conn, p);
    },
  },

  refuse: {
    connect(conn) {
      conn.send(connack(conn.version, Number(conn.params.get("rc"))));
    },
  },
};

// ---------------------------------------------------------------- server

/**
 * Starts the fake broker on a free loopback port. Returns
 * `{ url, port, log, connections(tag?), close() }`: `url` is
 * `ws://127.0.0.1:PORT` (add `/scenario?tag=...`), `log` every connection
 * so far and `connections(tag)` those of one client.
 *
 * Each connection record: `{ scenario, tag, params, protocol (the
 * WebSocket subprotocol), attempt (0 for the tag's first connection),
 * version (CONNECT's protocol level), connect (keepalive, clientId, 5.0
 * properties by identifier), packets: [{ type, flags, first, body, t }]
 * (everything the client sent, in order), textFrames, sent (what the fake
 * sent), opened, closed, closeCode, faulted, problems }`; times are
 * `Date.now()`.
 */
export async function startFakeBroker() {
  const all = [];
  const wss = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    // The client must ask for "mqtt" (or "mqttv3.1"); answer with it.
    handleProtocols: (protocols) =>
      protocols.has("mqtt") ? "mqtt" : protocols.has("mqttv3.1") ? "mqttv3.1" : false,
  });
  await new Promise((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  const { port } = wss.address();

  wss.on("connection", (ws, req) => {
    const url = new URL(req.url, "ws://x");
    const name = url.pathname.replace(/^\/+/, "").split("/")[0];
    const scenario = SCENARIOS[name];
    const tag = url.searchParams.get("tag") ?? "";
    const conn = {
      scenario: name,
      tag,
      params: url.searchParams,
      protocol: ws.protocol,
      attempt: all.filter((c) => c.scenario === name && c.tag === tag).length,
      version: undefined,
      connect: undefined,
      packets: [],
      textFrames: [],
      sent: [],
      opened: Date.now(),
      closed: undefined,
      closeCode: undefined,
      faulted: undefined,
      problems: [],
    };
    all.push(conn);
    const framing = url.searchParams.get("framing") ?? "packet";
    conn.send = (bytes) => {
      if (ws.readyState !== ws.OPEN) return;
      conn.sent.push({ t: Date.now(), bytes: Buffer.from(bytes) });
      if (framing === "bytes") for (const b of bytes) ws.send(Buffer.from([b]));
      else ws.send(bytes);
    };
    conn.sendText = (text) => {
      if (ws.readyState !== ws.OPEN) return;
      conn.sent.push({ t: Date.now(), text });
      ws.send(text);
    };
    if (!scenario) {
      conn.problems.push(`no scenario "${name}"`);
      ws.close(1008, "unknown scenario");
      return;
    }
    let rest = Buffer.alloc(0);
    ws.on("message", (data, isBinary) => {
      const t = Date.now();
      if (!isBinary) {
        conn.textFrames.push(String(data));
        return;
      }
      let packets;
      try {
        [packets, rest] = split(Buffer.concat([rest, data]));
      } catch (e) {
        conn.problems.push(String(e.message));
        ws.terminate();
        return;
      }
      for (const p of packets) {
        p.t = t;
        conn.packets.push(p);
        try {
          if (p.type === CONNECT && conn.connect === undefined) {
            conn.connect = parseConnect(p.body);
            conn.version = conn.connect.level;
            if (scenario.connect) scenario.connect(conn, p);
            else conn.send(connack(conn.version, 0));
          } else if (scenario.packet) {
            scenario.packet(conn, p);
          } else {
            behave(conn, p);
          }
        } catch (e) {
          conn.problems.push(`${e.message} (packet type ${p.type})`);
        }
      }
    });
    ws.on("close", (code) => {
      conn.closed = Date.now();
      conn.closeCode = code;
    });
    ws.on("error", (e) => conn.problems.push(String(e.message)));
  });

  const connections = (tag) => (tag === undefined ? all : all.filter((c) => c.tag === tag));
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    /** Every connection so far, in order (live). */
    log: all,
    connections,
    close() {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(resolve));
    },
  };
}
