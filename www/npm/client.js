// The MqttClient class: each method calls the wasm export of the same
// name with the client's handle (a plain function and a number cost less
// code than a wasm-bindgen class's).
import {
  connect as connectHandle, clientFree, clientOn, clientOff, clientConnected, clientId,
  clientPublish, clientSubscribe, clientUnsubscribe, clientEnd, clientOpenOutbox,
  clientOutboxFailed, clientOutbox,
} from "./dist/webmqtt.js";

// A collected client frees its Rust side; its connection lives on until
// it ends.
const collected = new FinalizationRegistry(clientFree);

export class MqttClient {
  constructor(h) {
    this.h = h;
    collected.register(this, h, this);
  }
  free() {
    collected.unregister(this);
    clientFree(this.h);
    // A freed client's calls trap, as no table entry is this.
    this.h = -1;
  }
  on(event, handler) {
    // An unknown event's MqttError, returned by the wasm side.
    const e = clientOn(this.h, event, handler);
    if (e) throw e;
  }
  off(event, handler) { clientOff(this.h, event, handler); }
  get connected() { return clientConnected(this.h); }
  get clientId() { return clientId(this.h); }
  get outbox() { return clientOutbox(this.h); }
  publish(topic, payload, options, callback) { return clientPublish(this.h, topic, payload, options, callback); }
  // MQTT.js's callback forms: the callback may stand in for the options
  // (and, in end, for force as well; end(options, callback) too).
  subscribe(topics, options, callback) {
    if (typeof options == "function") callback = options, options = undefined;
    return clientSubscribe(this.h, topics, options, callback);
  }
  unsubscribe(topics, options, callback) {
    if (typeof options == "function") callback = options, options = undefined;
    return clientUnsubscribe(this.h, topics, options, callback);
  }
  end(force, options, callback) {
    if (typeof force == "function") callback = force, force = undefined;
    else if (force && typeof force == "object") callback ??= options, options = force, force = undefined;
    if (typeof options == "function") callback = options, options = undefined;
    const ended = clientEnd(this.h, force, options);
    if (!callback) return ended;
    // From a microtask of its own, as the other callbacks: what it throws
    // is reported as uncaught, not as a rejection nobody handles.
    ended.then(() => queueMicrotask(callback), (e) => queueMicrotask(() => callback(e)));
  }
  __openOutbox(records, write) { return clientOpenOutbox(this.h, records, write); }
  __outboxFailed(error, stop) { clientOutboxFailed(this.h, error, stop); }
}

/** Connects (the module must be loaded). */
export function connect(url, options) {
  // The handle, or the MqttError of a wrong option.
  const h = connectHandle(url, options);
  if (typeof h != "number") throw h;
  return new MqttClient(h);
}
