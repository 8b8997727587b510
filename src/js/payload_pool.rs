//! Bytes handed to JavaScript as views into shared blocks.
//!
//! A new `ArrayBuffer` per received message cost more than decoding it: in
//! Chromium a 1 KiB `Uint8Array` copy took about 650 ns, a `subarray` of an
//! existing block 20 ns. So small payloads are copied into a 64 KiB block and
//! handed out as views of it, as Node.js pools small `Buffer`s (and as
//! MQTT.js in the browser hands out views into the received frame). The
//! views are `ReceivedPayload`s (a `Uint8Array` whose `toString()` is the
//! text), made on the block's buffer rather than by `subarray`; against the
//! `subarray` views, `benches/browser/loop_bench.mjs` showed no cost
//! (BENCHMARKS.md, the fifth size round). A view
//! stays valid for good: its bytes are never reused. Its `byteOffset` may
//! not be 0 and its `buffer` holds other messages' bytes too.

use js_sys::Uint8Array;

/// `bytes` as a JS `Uint8Array` the caller may keep. The pool is kept in
/// JavaScript (`payloadOf` in `super::glue`), which holds the current
/// block and how much of it is used: kept here, it cost a thread-local, a
/// Rust copy of the bounds and one more import, for the same work. Blocks
/// are `BLOCK`, 64 KiB. Payloads of up to 64 bytes get an array of their
/// own, as V8 keeps typed arrays that small on its heap, where they are
/// cheap to make; and so do those over 4 KiB, which would use up blocks.
pub(crate) fn to_js(bytes: &[u8]) -> Uint8Array {
    super::glue::payload_of(bytes)
}
