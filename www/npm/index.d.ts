export * from "./dist/webmqtt.js";
import type { ClientOptions, MqttClient } from "./dist/webmqtt.js";

/**
 * Loads the wasm module; later calls return the same promise. `v5` is where the MQTT 5.0 module
 * (`webmqtt/v5.wasm`, fetched by the first client of MQTT 5.0 or with an outbox) is, for pages that
 * host the modules elsewhere; by default it is next to the package's entry. A fetch is given up after
 * 30 s without an answer or with its body stalled. If the load fails, the promise rejects with an
 * MqttError `NOT_READY` naming the URL and why (its `retry` says whether trying again may help), and
 * the next call (or `connect`) tries again, with the URL last given. A place given while a load from
 * another is under way (one that `connect` started) is tried if that load fails, and the clients made
 * by `connect` meanwhile wait for it. A Response (or a promise of one) is read as
 * the package's own fetch is (one that is not ok fails for good, as it cannot be fetched anew); a
 * compiled module or the module's bytes are used as they are.
 */
export function ready(
  moduleOrPath?: string | URL | Request | Response | Promise<Response> | BufferSource | WebAssembly.Module,
  v5?: string | URL | WebAssembly.Module,
): Promise<unknown>;
/**
 * Connects. Called before the wasm module has loaded, as MQTT.js's connect needs no wait, it starts
 * loading it (from its default URL, or the one last given to `ready`) and returns a client whose calls
 * wait for it, in order. A fetch that fails in a way that may pass (network, no answer within
 * `connectTimeout`, 5xx, 408, 429) is tried again as a connection would be, its first failure reported
 * to `error` handlers as NOT_READY with `retry: true`. An invalid option or a module that cannot load
 * (NOT_READY, or any failure with `reconnectPeriod: 0`) is reported to its `error` handlers, followed by
 * `end`, and fails each publish, subscribe and unsubscribe. A client ended while the load is tried
 * again stops waiting and fails them with CLIENT_ENDED; one ended while a fetch is under way that
 * brings the module carries its calls out in order, the end last. A client of MQTT 5.0 or with an
 * outbox waits so for the MQTT 5.0 module as well (which `ready()` does not load), fetched the first
 * time one is made: until it is in, the client is such a waiting client, its WebSocket not yet open.
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
