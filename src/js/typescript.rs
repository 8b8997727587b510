//! The package's TypeScript declarations, written once by hand so that every
//! option, event and result has its type.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type Payload = string | Uint8Array | ArrayBuffer | ArrayBufferView;
export type QoS = 0 | 1 | 2;
export type UserProperties = { [name: string]: string | string[] };

export interface MessageProperties {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Payload;
  userProperties?: UserProperties;
}

export interface WillOptions {
  topic: string;
  payload?: Payload;
  qos?: QoS;
  retain?: boolean;
  properties?: MessageProperties & { willDelayInterval?: number };
}

export interface Credentials {
  /** A broker URL to use for this attempt instead of the configured one. */
  url?: string;
  username?: string;
  password?: string | Uint8Array;
}

export interface ClientOptions {
  /** 3 (MQTT 3.1), 4 (MQTT 3.1.1, the default) or 5. */
  protocolVersion?: 3 | 4 | 5;
  /** Generated as `webmqtt-…` when absent (MQTT 5.0 clean start: assigned by the server). */
  clientId?: string;
  /** Clean Session / Clean Start; default true. */
  clean?: boolean;
  /** Seconds; default 60; 0 turns keep alive off. */
  keepalive?: number;
  username?: string;
  password?: string | Uint8Array;
  /** Milliseconds before the first reconnect attempt (backoff with jitter doubles it up to maxReconnectPeriod); 0 turns reconnecting off. */
  reconnectPeriod?: number;
  /** Milliseconds; the longest wait between attempts; default 30000. */
  maxReconnectPeriod?: number;
  /** Milliseconds for opening the WebSocket and CONNACK (and for the MQTT 5.0 module's fetch); default 30000. */
  connectTimeout?: number;
  /** Milliseconds a ping waits for its answer before the link counts as dead; default: the keep alive, from 1 to 10 seconds. */
  pingTimeout?: number;
  /**
   * The largest packet this client accepts, in bytes, in every protocol version. Default: no limit beyond
   * the protocol's own (256 MiB), and none announced. A larger packet closes the connection with
   * `PACKET_TOO_LARGE`; in 5.0 the limit is announced in CONNECT, so the server does not send one.
   */
  maximumPacketSize?: number;
  /**
   * MQTT 3.1 / 3.1.1: QoS 1 and 2 publications sent and not yet acknowledged at once; more wait in the
   * queue. Default 20, Mosquitto's own limit (it disconnects a 3.1.1 client with more than 20 unanswered
   * QoS 2 publications). In 5.0 the server's Receive Maximum sets the window instead.
   */
  maxInFlight?: number;
  /** Subscribe again after reconnecting to a server without the session; default true. */
  resubscribe?: boolean;
  /** Bounds of the queue of publications waiting for the connection. */
  queueLimit?: { messages?: number; bytes?: number };
  /**
   * A persistent outbox: QoS 1 and 2 publications (and QoS 0 ones waiting for the connection, with
   * `qos0: true`) are kept in IndexedDB until their flow completes, so a reload or a closed browser loses
   * none. The next client with the same `clientId` (required) sends them first, in order, after CONNACK; a
   * QoS 2 message whose PUBREC arrived gets only its PUBREL. For exactly once across a reload the broker must
   * keep the session: `clean: false`, and in 5.0 `properties.sessionExpiryInterval`. A Web Lock per client id
   * keeps two tabs from sending the same messages: a second one waits `lockWait` ms (default 5000), then
   * fails with OUTBOX_IN_USE. Publishing beyond `messages` (default 10,000) or `bytes` (topic and payload,
   * default 16 MiB) stored rejects with OUTBOX_FULL. A publication cancelled by `end()` stays stored. A
   * stored message's `messageExpiryInterval` counts the time it spent stored: it goes with the interval less
   * the whole seconds since it was published, and one whose interval ran out is not sent, is deleted from
   * the store and is reported as an `error` event with code OUTBOX_EXPIRED and its `topic`.
   *
   * The outbox's code is a wasm module of its own (`webmqtt/outbox.wasm`, `dist/webmqtt_outbox-HASH.wasm`),
   * fetched from next to `outbox.js` by the first client with an outbox. `wasm` says where it is instead,
   * as a URL or a compiled `WebAssembly.Module`, for a page that hosts the main module elsewhere too (see
   * `ready`); it must come from the same build as the main module, or the client reports OUTBOX_UNAVAILABLE.
   */
  outbox?: boolean | { messages?: number; bytes?: number; qos0?: boolean; lockWait?: number; wasm?: string | URL | WebAssembly.Module };
  will?: WillOptions;
  /**
   * Called before every connection attempt, e.g. to refresh an expiring token. Without it, a refused login
   * (bad user name or password, not authorized, banned) stops the client: the same login would be refused
   * again. With it, the client asks it again and retries with backoff.
   */
  credentials?: () => Credentials | Promise<Credentials>;
  /** MQTT 5.0 CONNECT properties. */
  properties?: {
    sessionExpiryInterval?: number;
    receiveMaximum?: number;
    maximumPacketSize?: number;
    topicAliasMaximum?: number;
    requestResponseInformation?: boolean;
    userProperties?: UserProperties;
  };
}

export interface PublishOptions {
  qos?: QoS;
  retain?: boolean;
  properties?: MessageProperties;
}

export interface SubscribeOptions {
  qos?: QoS;
  /** No Local (MQTT 5.0). */
  nl?: boolean;
  /** Retain As Published (MQTT 5.0). */
  rap?: boolean;
  /** Retain Handling (MQTT 5.0). */
  rh?: 0 | 1 | 2;
  properties?: { subscriptionIdentifier?: number; userProperties?: UserProperties };
}

export interface Grant {
  topic: string;
  /** The granted QoS, or 128 when the filter was refused. */
  qos: QoS | 128;
  reasonCode: number;
}

/**
 * A received payload: bytes whose `toString()` is their UTF-8 text, as a Node.js Buffer's is, so that
 * MQTT.js code such as `message.toString()` or `JSON.parse(message)` works unchanged. Other encodings
 * throw a TypeError.
 */
export interface ReceivedPayload extends Uint8Array {
  toString(encoding?: "utf8" | "utf-8"): string;
}

export interface PublishPacket {
  cmd: "publish";
  topic: string;
  /**
   * The payload, for good. Small payloads are views into a shared block,
   * as Node.js pools small Buffers: use `payload` itself (or
   * `payload.slice()`), not `payload.buffer`, which holds other bytes too.
   */
  payload: ReceivedPayload;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  properties: MessageProperties & { subscriptionIdentifier?: number[] };
  /** The filters of this client's subscriptions that the message matched. */
  matchedFilters: string[];
}

export interface ConnackPacket {
  cmd: "connack";
  sessionPresent: boolean;
  returnCode: number;
  assignedClientIdentifier?: string;
}

export interface DisconnectPacket {
  cmd: "disconnect";
  reasonCode: number;
  reasonString?: string;
}

/** What `publish`'s callback form is called with when the publication completes or fails. */
export type PublishCallback = (error: MqttError | undefined, result?: { reasonCode: number }) => void;
export type SubscribeCallback = (error: MqttError | undefined, grants?: Grant[]) => void;
export type UnsubscribeCallback = (error: MqttError | undefined, reasonCodes?: number[]) => void;
export type EndCallback = (error?: MqttError) => void;
export interface UnsubscribeOptions { properties?: { userProperties?: UserProperties } }
export interface EndOptions { force?: boolean; reasonCode?: number; properties?: { sessionExpiryInterval?: number } }

/** Every error the client reports or rejects with. */
export interface MqttError extends Error {
  name: "MqttError";
  code:
    | "INVALID_ARGUMENT" | "INVALID_TOPIC" | "INVALID_PACKET" | "QOS_NOT_SUPPORTED"
    | "RETAIN_NOT_SUPPORTED" | "WILDCARD_NOT_SUPPORTED" | "SUBSCRIPTION_ID_NOT_SUPPORTED"
    | "SHARED_NOT_SUPPORTED" | "PACKET_TOO_LARGE" | "QUEUE_FULL" | "OUTBOX_FULL" | "REFUSED" | "CANCELLED"
    | "CONNECTION_LOST" | "CLIENT_ENDED" | "CONNECTION_REFUSED" | "CONNECT_TIMEOUT"
    | "KEEPALIVE_TIMEOUT" | "MALFORMED_PACKET" | "PROTOCOL_ERROR" | "SERVER_DISCONNECT"
    | "AUTHENTICATION_FAILED" | "TRANSPORT" | "SUBSCRIPTION_LOST" | "OUTBOX_IN_USE"
    | "OUTBOX_UNAVAILABLE" | "OUTBOX_UNREADABLE" | "OUTBOX_EXPIRED" | "NOT_READY" | "ERROR";
  /**
   * What the codes mean: INVALID_ARGUMENT, a wrong option or argument (the message names it); REFUSED,
   * the server refused a publication (reasonCode); CONNECTION_REFUSED, the server refused the login
   * (reasonCode, e.g. 0x86 bad user name or password, 0x87 not authorized); MALFORMED_PACKET and
   * PROTOCOL_ERROR, the server broke the protocol (a command it answered that way is not sent again);
   * PACKET_TOO_LARGE, over maximumPacketSize or the server's maximum; OUTBOX_FULL, the outbox holds its
   * limit; OUTBOX_IN_USE, another tab holds this client id's outbox; OUTBOX_UNAVAILABLE, IndexedDB or Web
   * Locks are missing or failed, or outbox.js or its wasm module did not load (the client ends if the outbox
   * could not open);
   * OUTBOX_UNREADABLE, a stored record does not read back (it is left in the store); OUTBOX_EXPIRED, a
   * stored message's Message Expiry Interval ran out before it could be sent (it is deleted, not sent;
   * `topic` names it); NOT_READY, a wasm module did not load: the main one (for a client made by `connect()`
   * before it had loaded), or the MQTT 5.0 one (a client of 5.0 or with an outbox; "…; trying again" when
   * the client will fetch it again, `retry`).
   */
  /** The MQTT 5.0 reason code, where there is one (MQTT 3.x return codes are given as their 5.0 equivalents: 5 is 0x87). */
  reasonCode?: number;
  /** OUTBOX_EXPIRED: the topic of the message that expired in the outbox. */
  topic?: string;
  /**
   * NOT_READY and OUTBOX_UNAVAILABLE: true when the client will fetch the wasm module again ("…; trying
   * again"); connectAsync waits on through such an error.
   */
  retry?: boolean;
}

export interface ClientEvents {
  connect: (connack: ConnackPacket) => void;
  message: (topic: string, payload: ReceivedPayload, packet: PublishPacket) => void;
  reconnect: () => void;
  offline: () => void;
  close: () => void;
  disconnect: (packet: DisconnectPacket) => void;
  error: (error: MqttError) => void;
  end: () => void;
}

export class MqttClient {
  private constructor();
  free(): void;
  /** Returns the client, as MQTT.js's does (`client.on(...).on(...)`). */
  on<E extends keyof ClientEvents>(event: E, handler: ClientEvents[E]): this;
  off<E extends keyof ClientEvents>(event: E, handler: ClientEvents[E]): this;
  readonly connected: boolean;
  /** The `clientId` option, from the moment the client is made (before the wasm module has loaded too); with none, "" until the server assigns one (MQTT 5.0). */
  readonly clientId: string;
  /** What the persistent outbox holds (topic and payload bytes); null without one, or until the wasm modules it needs have loaded (the main one and MQTT 5.0's: publications made meanwhile wait, in order). */
  readonly outbox: { messages: number; bytes: number } | null;
  /** `payload` may be "" for an empty message; null and undefined reject with INVALID_ARGUMENT. */
  publish(topic: string, payload: Payload, options?: PublishOptions): Promise<{ reasonCode: number }>;
  /**
   * MQTT.js's callback form: `callback(error)` or `callback(undefined, { reasonCode })`, always from a
   * microtask; no promise is made (the cheaper path for a stream of messages).
   */
  publish(topic: string, payload: Payload, callback: PublishCallback): void;
  publish(topic: string, payload: Payload, options: PublishOptions | undefined, callback: PublishCallback): void;
  subscribe(topic: string | string[] | { [filter: string]: SubscribeOptions }, options?: SubscribeOptions): Promise<Grant[]>;
  /** MQTT.js's callback form: `callback(error)` or `callback(undefined, grants)`, from a microtask. */
  subscribe(topic: string | string[] | { [filter: string]: SubscribeOptions }, callback: SubscribeCallback): void;
  subscribe(topic: string | string[] | { [filter: string]: SubscribeOptions }, options: SubscribeOptions | undefined, callback: SubscribeCallback): void;
  unsubscribe(topic: string | string[], options?: UnsubscribeOptions): Promise<number[]>;
  /** MQTT.js's callback form: `callback(error)` or `callback(undefined, reasonCodes)`, from a microtask. */
  unsubscribe(topic: string | string[], callback: UnsubscribeCallback): void;
  unsubscribe(topic: string | string[], options: UnsubscribeOptions | undefined, callback: UnsubscribeCallback): void;
  /**
   * Waits for unfinished publications unless `force`, then disconnects; resolves once ended. In MQTT 5.0 a
   * nonzero `sessionExpiryInterval` needs a nonzero one at connect (§3.14.2.2.2): otherwise it rejects with
   * INVALID_ARGUMENT and the client goes on.
   */
  end(force?: boolean, options?: EndOptions): Promise<void>;
  /** MQTT.js's callback forms: `callback()` once ended, or `callback(error)`, from a microtask. */
  end(callback: EndCallback): void;
  end(force: boolean | undefined, callback: EndCallback): void;
  end(options: EndOptions): Promise<void>;
  end(options: EndOptions, callback: EndCallback): void;
  end(force: boolean | undefined, options: EndOptions | undefined, callback: EndCallback): void;
}

export function connect(url: string | string[], options?: ClientOptions): MqttClient;
"#;
