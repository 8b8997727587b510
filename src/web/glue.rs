//! The browser APIs the driver calls (timers, clock, `online`, WebSocket),
//! as a few lines of JavaScript.
//!
//! Looking `setTimeout`, `clearTimeout`, `performance` and
//! `addEventListener` up on `globalThis` from Rust took `js_sys::global`
//! (four ways to find the global object), `Reflect.get`, type checks and
//! `Function.call` bindings, each with its JS glue; here each is one
//! import. Everything still goes through `globalThis`, so it works in a
//! window, a dedicated Worker and a SharedWorker alike, and a missing API
//! is skipped as before rather than thrown.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

// The WebSocket's message listener's first steps are in JS too: reading
// `data`, checking its type and making the view were four calls from wasm
// per frame; the frame's copy into wasm memory was two more (the copy and
// the view's drop), so the listener copies the frame into a buffer the
// driver keeps for it.
#[wasm_bindgen(inline_js = "const g = globalThis;
const p = g.performance;
export const now = p && typeof p.now == 'function' ? (wall) => wall ? Date.now() : p.now() : Date.now;
export function random32() {
  try { return g.crypto.getRandomValues(new Uint32Array(1))[0]; } catch (e) { return Math.random() * 4294967296; }
}
const resolved = Promise.resolve();
export function microtask(f, kind) {
  resolved.then(() => f(kind, 0, 0));
}
function fire(f, kind) { f(kind, now(), 0); }
export function setTimer(f, ms, kind) {
  try { return g.setTimeout(fire, ms, f, kind); } catch (e) {}
}
export function release(h) {
  try {
    if (typeof h == 'function') g.removeEventListener('online', h.online);
    else if (h.readyState == null) g.clearTimeout(h);
    else { h.onopen = h.onmessage = h.onclose = null; h.close(); }
  } catch (e) {}
}
let memory;
export function bindWake(table, mem, at, id) {
  memory = mem;
  const f = table.get(at), wake = (kind, time, n) => f(id, kind, time, n);
  wake.online = () => wake(3, now(), 0);
  try { g.addEventListener('online', wake.online); } catch (e) {}
  return wake;
}
let held;
export function takeHeld() {
  const v = held;
  held = undefined;
  return v;
}
export function provide(f, on, n) {
  resolved.then(() => f()).then((v) => { held = v; on(9, n, 0); }, (e) => { held = why(e, 'the credentials provider failed'); on(9, n, 1); });
}
function why(e, otherwise = 'the browser refused to open the WebSocket') {
  return e instanceof Error ? e.message : typeof e == 'string' ? e : otherwise;
}
export function openSocket(url, protocol, on, at, room) {
  let ws, heap = new Uint8Array();
  try { ws = new WebSocket(url, protocol); } catch (e) { return why(e); }
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => on(5, now(), 0);
  ws.onmessage = (e) => {
    const d = e.data;
    if (!(d instanceof ArrayBuffer)) return on(7, now(), 0);
    let i = 0, n;
    do {
      n = Math.min(d.byteLength - i, room);
      if (!heap.byteLength) heap = new Uint8Array(memory.buffer);
      heap.set(new Uint8Array(d, i, n), at);
      on(6, now(), n);
    } while ((i += n) < d.byteLength && ws.onmessage);
  };
  ws.onclose = (e) => {
    held = e.reason;
    on(8, now(), e.code);
  };
  return ws;
}
export function sendFrame(ws, bytes) {
  try { ws.send(bytes); return ws.bufferedAmount; } catch (e) { held = why(e); return -1; }
}
export function buffered(ws) { return ws.readyState == 1 ? ws.bufferedAmount : ~ws.bufferedAmount; }
")]
extern "C" {
    /// Milliseconds on the page's monotonic clock (`performance.now()`,
    /// or `Date.now()` where there is no `performance`), or since 1970
    /// (`Date.now()`) when `wall` is 1: one import for both clocks.
    ///
    /// The numbers this module's imports take are `i32`, not `u32` nor
    /// `bool`: for those the generated glue converts (`>>> 0`, `!== 0`)
    /// in a wrapper function of its own, and with none it hands the
    /// snippet's function to the wasm as it is.
    pub(crate) fn now(wall: i32) -> f64;

    /// 32 random bits from `crypto.getRandomValues`, or `Math.random`
    /// where there is no Web Crypto.
    pub(crate) fn random32() -> u32;

    /// `setTimeout` calling `f(kind, time, 0)` after `ms`, with the clock
    /// ([`now`]) read as it fires: its handle, or `undefined` where there
    /// is no `setTimeout`.
    #[wasm_bindgen(js_name = setTimer)]
    pub(crate) fn set_timer(f: &JsValue, ms: f64, kind: i32) -> JsValue;

    /// Lets go of what `h` is: a timer's handle (`clearTimeout`), a
    /// socket from [`open_socket`] (its handlers removed, then closed) or
    /// the function from [`bind_wake`] (its `online` listener removed).
    /// One import for the three.
    pub(crate) fn release(h: &JsValue);

    /// Calls the credentials function `f` from a microtask, then `on`
    /// with 9 (the driver's `CREDENTIALS`), `n` and 0, its value (a
    /// promise's once settled) held for [`take_held`], or with 9, `n`
    /// and 1, the text of what it threw (or rejected with) held: an
    /// `Error`'s message, a string, or a generic description.
    #[cfg(feature = "js")]
    pub(crate) fn provide(f: &js_sys::Function, on: &JsValue, n: f64);

    /// A WebSocket to `url` for `protocol`, with `arraybuffer` binaries,
    /// whose events go to `on` as a kind, the clock ([`now`]) and a
    /// number: 5 opened; 6 a binary frame, copied into the wasm's memory
    /// (as [`bind_wake`] was given it) at `at`, and its length, in pieces of up to `room` bytes, a
    /// call each (no more once the socket is closed); 7 a text frame; 8
    /// closed, with the close code, its reason held for [`take_held`] (see
    /// `SocketEvent::new`). Or why the browser refused it, as a string.
    #[wasm_bindgen(js_name = openSocket)]
    pub(crate) fn open_socket(
        url: &str,
        protocol: &str,
        on: &JsValue,
        at: u32,
        room: u32,
    ) -> JsValue;

    /// Sends one binary frame: the bytes then buffered, or -1 when it
    /// failed, with why (a string) held for [`take_held`]. A number, so
    /// that a frame sent makes no `JsValue` to drop.
    #[wasm_bindgen(js_name = sendFrame)]
    pub(crate) fn send_frame(ws: &JsValue, bytes: &[u8]) -> f64;

    /// Bytes queued in the browser and not yet sent, `!`ed when the
    /// socket is not open for sending: one import for both questions.
    pub(crate) fn buffered(ws: &JsValue) -> i32;

    /// The function at `at` in `table` (the wasm's function table), as a
    /// JS function of a kind, a time and a number that calls it with `id`
    /// first; it listens for the global `online` event, with the kind 3
    /// (`online`) and the clock (see [`release`]). It keeps `memory` (the
    /// wasm's) for the sockets' listeners: the intrinsic that reads it is
    /// called once per driver, not once per socket, and [`open_socket`]
    /// has one argument less.
    #[wasm_bindgen(js_name = bindWake)]
    pub(crate) fn bind_wake(table: JsValue, memory: JsValue, at: i32, id: i32) -> JsValue;

    /// The value the last call of a function passed to [`provide`] or
    /// [`open_socket`] came with (a credentials result, a close reason),
    /// or why [`send_frame`] failed, taken: the call passes numbers only,
    /// so the calls that need no value (every frame) pass none into wasm.
    #[wasm_bindgen(js_name = takeHeld)]
    pub(crate) fn take_held() -> JsValue;

    /// Calls `f(kind, 0, 0)` from a microtask: a resolved promise's
    /// `then`, which costs Chromium less per call than `queueMicrotask`.
    /// An import of its own, not `set_timer` with a negative time: that
    /// made a `JsValue` to drop and a wrapper around the call.
    pub(crate) fn microtask(f: &JsValue, kind: i32);
}
