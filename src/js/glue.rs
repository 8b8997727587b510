//! The JavaScript half of the npm package's bindings: small functions the
//! Rust calls where a call from wasm per field or per step cost more than
//! the work (see each). One snippet, so the package has one small file
//! for all of them rather than one each.

use js_sys::{Object, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(inline_js = "const BLOCK = 65536;
let block, used = BLOCK;
const utf8 = new TextDecoder();
// Also in www/npm/shared.js, for payloads that came through the worker:
// change both together.
export class ReceivedPayload extends Uint8Array {
  toString(encoding) {
    if (encoding === undefined || /^utf-?8$/i.test(encoding)) return utf8.decode(this);
    throw new TypeError(`payload.toString: ${encoding} is not supported, only UTF-8`);
  }
}
export function payloadOf(bytes) {
  const n = bytes.length;
  if (n < 65 || n > 4096) return new ReceivedPayload(bytes);
  if (used + n > BLOCK) { block = new ArrayBuffer(BLOCK); used = 0; }
  const p = new ReceivedPayload(block, used, n);
  p.set(bytes);
  used += n;
  return p;
}
const later = [];
function runLater() {
  for (let i = 0; i < later.length; i += 3) {
    try { later[i](later[i + 1], later[i + 2]); }
    catch (e) { if (typeof reportError === 'function') reportError(e); else setTimeout(() => { throw e; }); }
  }
  later.length = 0;
}
const resolved = Promise.resolve();
export function callLater(f, error, result) { if (later.push(f, error, result) === 3) resolved.then(runLater); }
export function callLaterAck(f, reasonCode) { callLater(f, undefined, { reasonCode }); }
const waiting = new Map();
export function promiseFor(id) { return new Promise((resolve, reject) => waiting.set(id, [resolve, reject])); }
export function settle(id, error, reasonCode) { settleWith(id, error, error === undefined ? { reasonCode } : undefined); }
export function settleWith(id, error, value) {
  const pending = waiting.get(id);
  if (pending === undefined) return;
  waiting.delete(id);
  if (error === undefined) pending[0](value); else pending[1](error);
}
export function publishShape(o, cb) {
  let s = 0;
  if (o instanceof Function) return 16;
  if (cb instanceof Function) s |= 32;
  if (typeof o != 'object' || o === null) return s;
  let q, r, p;
  try { q = o.qos; r = o.retain; p = o.properties; } catch { return s | 128; }
  if (q === 1 || q === 2) s |= q; else if (q !== 0 && q != null) return s | 128;
  if (r === true) s |= 4; else if (r !== false && r != null) return s | 128;
  return p == null ? s : s | 8;
}
export function whenEnded(h) { return h.ending === true ? Promise.resolve() : new Promise((resolve) => (h.ending ??= []).push(resolve)); }
export function ended(h) {
  const waiting = h.ending;
  h.ending = true;
  if (Array.isArray(waiting)) for (const resolve of waiting) resolve();
}
export function addHandler(h, event, f) { h[event] = [...(h[event] ?? []), f]; }
export function removeHandler(h, event, f) { return (h[event] = (h[event] ?? []).filter((g) => g !== f)).length; }
export function emitEvent(h, event, n, a, b, c) {
  for (const f of h[event]) {
    try { if (n === 0) f(); else if (n === 1) f(a); else if (n === 2) f(a, b); else f(a, b, c); }
    catch (e) { console.error(e); }
  }
}
const CODES = ['INVALID_ARGUMENT', 'INVALID_TOPIC', 'INVALID_PACKET', 'QOS_NOT_SUPPORTED', 'RETAIN_NOT_SUPPORTED', 'WILDCARD_NOT_SUPPORTED', 'SUBSCRIPTION_ID_NOT_SUPPORTED', 'SHARED_NOT_SUPPORTED', 'PACKET_TOO_LARGE', 'QUEUE_FULL', 'OUTBOX_FULL', 'REFUSED', 'MALFORMED_PACKET', 'PROTOCOL_ERROR', 'CONNECTION_REFUSED', 'CANCELLED', 'CONNECTION_LOST', 'CLIENT_ENDED', 'CONNECT_TIMEOUT', 'KEEPALIVE_TIMEOUT', 'SERVER_DISCONNECT', 'AUTHENTICATION_FAILED', 'TRANSPORT', 'SUBSCRIPTION_LOST', 'OUTBOX_UNREADABLE', 'OUTBOX_EXPIRED'];
export function mqttError(code, message, reasonCode) {
  const e = new Error(message);
  e.name = 'MqttError';
  e.code = CODES[code];
  if (reasonCode !== undefined) e.reasonCode = reasonCode;
  return e;
}
export function listOf(v) { return Array.isArray(v) ? v : [v]; }
export function topicsOf(t) {
  return typeof t === 'string' ? [[t]] : Array.isArray(t) ? Array.from(t, (f) => [f])
    : t !== null && typeof t === 'object' ? Object.entries(t) : undefined;
}
let KEYS;
export function setKeys(list) { KEYS = list.split(' '); }
export function setField(o, k, v) { o[KEYS[k]] = v; }
export function userPropertyList(v) {
  if (v === null || typeof v !== 'object') return undefined;
  const flat = [];
  for (const [k, values] of Object.entries(v)) for (const s of listOf(values)) flat.push(k, s);
  return flat;
}
export function grantsOf(topics, codes) {
  if (topics === undefined) return Array.from(codes);
  const grants = [];
  for (let i = 0; i < topics.length && 2 * i < codes.length; i++) {
    grants.push({ topic: topics[i][0], qos: codes[2 * i], reasonCode: codes[2 * i + 1] });
  }
  return grants;
}
export function fieldOf(o, k) {
  if (o === null || typeof o !== 'object') return undefined;
  try { return o[KEYS[k]] ?? undefined; } catch { return undefined; }
}
export function userPropertiesObject(flat) {
  const u = {};
  for (let i = 0; i < flat.length; i += 2) {
    const k = flat[i], v = flat[i + 1];
    // Defined, not assigned: `u.__proto__ = v` would call the setter.
    if (!Object.hasOwn(u, k)) Object.defineProperty(u, k, { value: v, enumerable: true, writable: true, configurable: true });
    else if (Array.isArray(u[k])) u[k].push(v);
    else u[k] = [u[k], v];
  }
  return u;
}
export function bytesOf(v) {
  return v instanceof Uint8Array ? v : v instanceof ArrayBuffer ? new Uint8Array(v)
    : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : undefined;
}
export function publishPacket(topic, payload, qos, retain, dup, properties, filters) {
  return { cmd: 'publish', topic, payload, qos, retain, dup, properties: properties ?? {},
    matchedFilters: Array.isArray(filters) ? filters : [filters] };
}")]
extern "C" {
    /// Calls `f(error, result)` from a microtask: cheaper than a promise,
    /// and outside whatever runs now. The calls queued in one turn share
    /// one microtask, in the order queued (a burst of publishes had one
    /// microtask each); one that throws is reported as uncaught errors are
    /// and does not stop the rest. The microtask is a reaction to one
    /// promise resolved for good: `queueMicrotask`, a browser API rather
    /// than the engine's own, cost 1.5-3.5 µs a call in Chromium's
    /// profiler, and a stream of PUBACKs, a frame each, made one per
    /// message.
    #[wasm_bindgen(js_name = callLater)]
    pub(crate) fn call_later(f: &js_sys::Function, error: &JsValue, result: &JsValue);
    /// `call_later(f, undefined, { reasonCode })` in one call.
    #[wasm_bindgen(js_name = callLaterAck)]
    pub(crate) fn call_later_ack(f: &js_sys::Function, reason_code: u8);
    /// What `publish(topic, payload, o, cb)` was given, read in one call
    /// rather than a call per check and per option: bits 0-1 `o.qos`, bit
    /// 2 `o.retain`, bit 3 `o.properties` present (read them in Rust), bit
    /// 4 `o` is the callback (MQTT.js's `publish(topic, payload, cb)`), bit
    /// 5 `cb` is a function, bit 7 an option is not valid (read them in
    /// Rust, for the error that names it).
    #[wasm_bindgen(js_name = publishShape)]
    pub(crate) fn publish_shape(o: &JsValue, cb: &JsValue) -> u8;
    /// A promise that [`settle`] with the same `id` settles; its resolvers
    /// stay in JavaScript, so making and settling it is a call each.
    #[wasm_bindgen(js_name = promiseFor)]
    pub(crate) fn promise_for(id: u32) -> js_sys::Promise;
    /// Resolves the promise of `id` with `{ reasonCode }`, or rejects it
    /// with `error` when that is not `undefined`. An id with no promise is
    /// ignored: this runs inside the driver, where a JS exception would
    /// leave its borrow held.
    pub(crate) fn settle(id: u32, error: &JsValue, reason_code: u8);
    /// [`settle`] with `value` for the resolved value.
    #[wasm_bindgen(js_name = settleWith)]
    pub(crate) fn settle_with(id: u32, error: &JsValue, value: &JsValue);
    /// A promise that [`ended`] resolves, kept with a client's `handlers`
    /// (by name, apart from its lists of event handlers, which are by
    /// index): an `end()` call's. Resolved already once `ended` has been
    /// called (`ending` is then `true`).
    #[wasm_bindgen(js_name = whenEnded)]
    pub(crate) fn when_ended(handlers: &JsValue) -> js_sys::Promise;
    /// Resolves the promises [`when_ended`] made for `handlers`, in the
    /// order made: the client has ended.
    pub(crate) fn ended(handlers: &JsValue);
    /// Adds `f` to the handlers of `event` in `handlers`, a client's
    /// array of a list per event, indexed by the event's number
    /// (`event_index` in client.rs; a list is made on the event's first
    /// handler). Each list is replaced rather than changed, so one that
    /// is being called is not changed by a handler that adds or removes
    /// handlers.
    #[wasm_bindgen(js_name = addHandler)]
    pub(crate) fn add_handler(handlers: &JsValue, event: u8, f: &js_sys::Function);
    /// Removes every `f` of `event`; returns how many handlers it has left.
    #[wasm_bindgen(js_name = removeHandler)]
    pub(crate) fn remove_handler(handlers: &JsValue, event: u8, f: &js_sys::Function) -> u32;
    /// Calls the handlers of `event` in the order added, with the first
    /// `n` of `a`, `b`, `c` (direct calls: no arguments array per
    /// message). A handler that throws does not stop the others, nor
    /// vanish: it is reported on the console.
    #[wasm_bindgen(js_name = emitEvent)]
    pub(crate) fn emit_event(
        handlers: &JsValue,
        event: u8,
        n: u8,
        a: &JsValue,
        b: &JsValue,
        c: &JsValue,
    );
    /// An `Error` named `MqttError` with the code at `code` in `CODES`
    /// (see [`super::error::Code`]), and `reasonCode` if given (see
    /// [`super::error::mqtt_error`]).
    #[wasm_bindgen(js_name = mqttError)]
    pub(crate) fn new_mqtt_error(code: u8, message: &str, reason_code: Option<u8>) -> JsValue;
    /// A copy of `bytes` the caller may keep: an array of its own for up
    /// to 64 or over 4,096 bytes, else a view into a shared block (see
    /// `payload_pool`). A `ReceivedPayload`: a `Uint8Array` whose `toString()` is
    /// its UTF-8 text, as a Node.js Buffer's is, so that MQTT.js code such
    /// as `JSON.parse(message)` works unchanged.
    #[wasm_bindgen(js_name = payloadOf)]
    pub(crate) fn payload_of(bytes: &[u8]) -> Uint8Array;
    /// `v` if it is an array, else an array of `v`.
    #[wasm_bindgen(js_name = listOf)]
    pub(crate) fn list_of(v: &JsValue) -> js_sys::Array;
    /// `subscribe()`'s topics as `[filter, options]` pairs: `[[t]]` for a
    /// string, `[[t1], [t2]]` for an array, the entries of an object of
    /// filters to options; `None` for anything else.
    #[wasm_bindgen(js_name = topicsOf)]
    pub(crate) fn topics_of(t: &JsValue) -> Option<js_sys::Array>;
    /// A subscription's grants, `{ topic, qos, reasonCode }` each, from
    /// its `[filter, options]` pairs (see `topicsOf`) and `[qos,
    /// reasonCode, ...]` (as many as both have);
    /// with `topics` undefined, `codes` as an array (an unsubscription's
    /// reason codes). The codes are bytes, a view of wasm memory read at
    /// once: an array built from wasm took a call per code.
    #[wasm_bindgen(js_name = grantsOf)]
    pub(crate) fn grants_of(topics: &JsValue, codes: &[u8]) -> JsValue;
    /// MQTT.js's user properties, `{ name: value | value[] }`, as `[name,
    /// value, ...]`, one pair per value; `None` if `v` is not an object.
    #[wasm_bindgen(js_name = userPropertyList)]
    pub(crate) fn user_property_list(v: &JsValue) -> Option<js_sys::Array>;
    /// Keeps the keys of `list` (see `super::strings::KEYS`), by which
    /// [`set_field`] and [`field_of`] name a field.
    #[wasm_bindgen(js_name = setKeys)]
    pub(crate) fn set_keys(list: &str);
    /// `o[key] = v` for the key at place `k`, on objects made here (no
    /// setters to throw): a plain import, where `Reflect.set` came with
    /// exception handling.
    #[wasm_bindgen(js_name = setField)]
    pub(crate) fn set_field(o: &Object, k: u8, v: &JsValue);
    /// The field of `o` named by the key at place `k`; `undefined` when
    /// `o` is not an object, the field is missing or `null`, or reading it
    /// throws.
    #[wasm_bindgen(js_name = fieldOf)]
    pub(crate) fn field_of(o: &JsValue, k: u8) -> JsValue;
    /// MQTT.js's user properties object from `[name, value, ...]`: a name
    /// given more than once has the list of its values.
    #[wasm_bindgen(js_name = userPropertiesObject)]
    pub(crate) fn user_properties_object(flat: &js_sys::Array) -> JsValue;
    /// `v` as a `Uint8Array` if it is one, an `ArrayBuffer` or another
    /// view of one (the bytes in place, not copied); `None` otherwise.
    #[wasm_bindgen(js_name = bytesOf)]
    pub(crate) fn bytes_of(v: &JsValue) -> Option<Uint8Array>;
    /// A received message as MQTT.js's `packet` object, built in one call:
    /// built from wasm it took a call per field, which cost more than the
    /// rest of a delivery.
    #[wasm_bindgen(js_name = publishPacket)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn publish_packet(
        topic: &JsValue,
        payload: &Uint8Array,
        qos: u8,
        retain: bool,
        dup: bool,
        properties: Option<Object>,
        filters: &JsValue,
    ) -> Object;
}
