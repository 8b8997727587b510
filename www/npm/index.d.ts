export * from "./dist/webmqtt.js";
import type { ClientOptions, MqttClient } from "./dist/webmqtt.js";

/**
 * Loads the wasm module; later calls return the same promise. `v5` is where the MQTT 5.0 module
 * (`webmqtt/v5.wasm`, fetched by the first client of MQTT 5.0 or with an outbox) is, for pages that
 * host the modules elsewhere; by default it is next to the package's entry.
 */
export function ready(
  moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
  v5?: string | URL | WebAssembly.Module,
): Promise<unknown>;
/**
 * Connects. Called before the wasm module has loaded, as MQTT.js's connect needs no wait, it starts
 * loading it (from its default URL) and returns a client whose calls wait for it, in order; an invalid
 * option or a module that cannot load (NOT_READY) is then reported to its `error` handlers, followed by
 * `end`, and fails each publish, subscribe and unsubscribe.
 */
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
