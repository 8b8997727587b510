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
  subscribe(topics, options) { return clientSubscribe(this.h, topics, options); }
  unsubscribe(topics, options) { return clientUnsubscribe(this.h, topics, options); }
  end(force, options) { return clientEnd(this.h, force, options); }
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
