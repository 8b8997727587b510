export * from "./dist/webmqtt.js";
import type { ClientOptions, MqttClient } from "./dist/webmqtt.js";

/** Loads the wasm module; later calls return the same promise. */
export function ready(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<unknown>;
/** Connects; the module must be loaded (`await ready()`), else it throws an MqttError with code NOT_READY. */
export function connect(url: string | string[], options?: ClientOptions): MqttClient;
/**
 * Loads the module if needed, connects, and resolves once the server has accepted the connection
 * (CONNACK). Rejects with the MqttError of the first attempt if it fails (CONNECTION_REFUSED,
 * TRANSPORT, CONNECT_TIMEOUT, …), after ending the client.
 */
export function connectAsync(url: string | string[], options?: ClientOptions): Promise<MqttClient>;
declare const _default: {
  ready: typeof ready;
  connect: typeof connect;
  connectAsync: typeof connectAsync;
};
export default _default;
