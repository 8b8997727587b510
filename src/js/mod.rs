//! The npm package's JavaScript API (feature `js`): a thin translation of
//! the async Rust API into an MQTT.js-like surface. It decides no protocol
//! behaviour: options become [`crate::session::Options`], calls become
//! engine commands, events become handler calls.

mod client;
mod convert;
mod error;
mod glue;
mod options;
mod outbox;
mod payload_pool;
mod split;
mod strings;
mod typescript;

pub use client::connect;

/// The npm package's allocator: Talc in its WebAssembly set-up, in place
/// of the standard library's dlmalloc.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
