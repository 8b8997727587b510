//! The browser APIs the driver calls, as a few lines of JavaScript.
//!
//! Looking `setTimeout`, `clearTimeout`, `performance` and
//! `addEventListener` up on `globalThis` from Rust took `js_sys::global`
//! (four ways to find the global object), `Reflect.get`, type checks and
//! `Function.call` bindings, each with its JS glue; here each is one
//! import. Everything still goes through `globalThis`, so it works in a
//! window, a dedicated Worker and a SharedWorker alike, and a missing API
//! is skipped as before rather than thrown.

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;

// `frames`: the WebSocket message listener's first steps, in JS: reading
// `data`, checking its type and making the view were four calls from wasm
// per frame.
#[wasm_bindgen(inline_js = "const g = globalThis;
const p = g.performance;
export const now = p && typeof p.now == 'function' ? () => p.now() : Date.now;
export function setTimer(f, ms) {
  try { return g.setTimeout(f, ms); } catch (e) {}
}
export function clearTimer(h) {
  try { g.clearTimeout(h); } catch (e) {}
}
export function listenOnline(f, on) {
  try { g[on ? 'addEventListener' : 'removeEventListener']('online', f); } catch (e) {}
}
export function frames(f) {
  return (e) => (e.data instanceof ArrayBuffer ? f(new Uint8Array(e.data), e.data.byteLength) : f(null, 0));
}")]
extern "C" {
    /// Milliseconds on the page's monotonic clock (`performance.now()`,
    /// or `Date.now()` where there is no `performance`).
    pub(crate) fn now() -> f64;

    /// `setTimeout(f, ms)`: its handle, or `undefined` where there is no
    /// `setTimeout`.
    #[wasm_bindgen(js_name = setTimer)]
    pub(crate) fn set_timer(f: &Closure<dyn FnMut()>, ms: f64) -> JsValue;

    /// `clearTimeout(handle)`.
    #[wasm_bindgen(js_name = clearTimer)]
    pub(crate) fn clear_timer(handle: &JsValue);

    /// Adds (`on`) or removes `f` as the global `online` listener.
    #[wasm_bindgen(js_name = listenOnline)]
    pub(crate) fn listen_online(f: &Closure<dyn FnMut()>, on: bool);

    /// A `message` listener that calls `f` with each binary frame as a
    /// `Uint8Array` and its length, or with `null` for a text frame.
    pub(crate) fn frames(f: &Closure<dyn FnMut(Option<Uint8Array>, usize)>) -> js_sys::Function;
}
