//! The npm package's JavaScript API (feature `js`): a thin translation of
//! the async Rust API into an MQTT.js-like surface. It decides no protocol
//! behaviour: options become [`crate::session::Options`], calls become
//! engine commands, events become handler calls.

mod client;
mod convert;
mod error;
mod glue;
// The allocator of the package's wasm; natively, its tests.
#[cfg(any(test, all(target_family = "wasm", not(target_feature = "atomics"))))]
mod heap;
mod options;
mod outbox;
mod payload_pool;
mod split;
mod strings;
mod typescript;

pub use client::connect;

/// The npm package's allocator, in place of the standard library's
/// dlmalloc (see [`heap`]).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: heap::wasm::Heap = heap::wasm::Heap::new();
