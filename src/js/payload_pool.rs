//! Bytes handed to JavaScript as views into shared blocks.
//!
//! A new `ArrayBuffer` per received message cost more than decoding it: in
//! Chromium a 1 KiB `Uint8Array` copy took about 650 ns, a `subarray` of an
//! existing block 20 ns. So small payloads are copied into a 64 KiB block and
//! handed out as `subarray` views, as Node.js pools small `Buffer`s (and as
//! MQTT.js in the browser hands out views into the received frame). A view
//! stays valid for good: its bytes are never reused. Its `byteOffset` may
//! not be 0 and its `buffer` holds other messages' bytes too.

use core::cell::RefCell;
use js_sys::Uint8Array;

use super::glue::pool_view;

/// The size of one shared block.
const BLOCK: u32 = 64 * 1024;
/// Smaller payloads get an array of their own: V8 keeps typed arrays of up
/// to 64 bytes on its heap, where they are cheap to make.
const MIN_POOLED: usize = 65;
/// Larger payloads get a buffer of their own.
const MAX_POOLED: usize = 4 * 1024;

struct Pool {
    block: Uint8Array,
    used: u32,
}

std::thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
}

/// `bytes` as a JS `Uint8Array` the caller may keep.
pub(crate) fn to_js(bytes: &[u8]) -> Uint8Array {
    if !(MIN_POOLED..=MAX_POOLED).contains(&bytes.len()) {
        return Uint8Array::from(bytes);
    }
    let len = bytes.len() as u32;
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let p = match pool.as_mut() {
            Some(p) if p.used + len <= BLOCK => p,
            _ => pool.insert(Pool {
                block: Uint8Array::new_with_length(BLOCK),
                used: 0,
            }),
        };
        let view = pool_view(&p.block, p.used, bytes);
        p.used += len;
        view
    })
}
