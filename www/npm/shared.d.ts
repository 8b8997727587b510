import type { ClientOptions, MqttClient } from "./dist/webmqtt.js";
export { ready } from "./index.js";

/** A client whose connection may be shared with the origin's other tabs. */
export type SharedMqttClient = MqttClient & {
  /** True when the connection lives in the shared worker; false when this
   * browser has no SharedWorker and the client connected directly. */
  readonly shared: boolean;
};

/** Whether this browser can share a connection between tabs (SharedWorker). */
export const sharedAvailable: boolean;
/**
 * Connects through a SharedWorker that every tab of the origin shares: tabs that pass the same URL
 * and options use one MQTT connection, and each gets only the messages of its own subscriptions.
 * Options must be plain data (no credentials function). Where SharedWorker is missing, connects
 * directly (`shared` is false; as `connect` of the main entry, its calls wait for the wasm module). If the
 * worker dies (it runs in the process of the tab that started it, which may crash), each other tab
 * rejects what it had pending with CONNECTION_LOST, emits offline, close and reconnect, and connects
 * again through a new worker with its subscriptions.
 */
export function connect(url: string | string[], options?: ClientOptions): SharedMqttClient;
/** Connects as `connect` does and resolves once connected (CONNACK). */
export function connectAsync(url: string | string[], options?: ClientOptions): Promise<SharedMqttClient>;
declare const _default: {
  ready: typeof import("./index.js").ready;
  connect: typeof connect;
  connectAsync: typeof connectAsync;
  sharedAvailable: boolean;
};
export default _default;
