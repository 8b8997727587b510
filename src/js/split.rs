//! The split point that puts the persistent outbox in a wasm module of its
//! own in the npm package: [`open_outbox`] is the one way into it. And the
//! npm binding's way into the MQTT 5.0 module (`src/codec/split.rs`):
//! [`properties_object`], the `properties` of a received message of 5.0.
//!
//! `scripts/build-npm.sh` cuts the package's wasm with `wasm-split-cli` (as
//! `scripts/build-app.py` cuts the app's): what only the export below
//! reaches (reading the kept records, the restore, the journal and its
//! writes to the store, behind the driver's `Box<dyn Journal>`) goes to
//! `dist/webmqtt_outbox-HASH.wasm`, which `outbox.js` fetches and
//! instantiates with the main module's memory and function table before it
//! calls `__openOutbox`, so the call here stays synchronous. A client
//! without `outbox` never loads it: 3.4 KB gzip less for every page that
//! loads the package (the default load 50,200 -> 46,770 B gzip; the
//! outbox's module is 4.7 KB gzip).
//!
//! The split point is an import and an export whose names follow
//! `wasm-split-cli`'s pattern: the tool replaces calls of the import with
//! a call through the table to the export, which it moves to the new module
//! with everything only it reaches. Declaring the import and naming the
//! export take `unsafe`, which the crate denies everywhere else; the
//! `wasm_split_helpers` macro would write the same with an async loader
//! (+1 KB), and a crate of its own for two items is more than they are.
//! Each item that takes `unsafe` allows it alone, with its SAFETY comment.
//! Elsewhere (native tests) the call goes straight to the function.
//!
//! The outbox's module imports the main module's memory, function table
//! and stack pointer; `scripts/shrink-bindings.py` puts a token of the
//! build into the stack pointer's name on both sides, so a module of one
//! build and a main module of another (a stale cache) fail to link
//! (`WebAssembly.LinkError`, reported as OUTBOX_UNAVAILABLE) rather than
//! run on a memory laid out by another build.

use js_sys::{Array, Function, Object};

use super::client::JsMqttClient;
use crate::codec::SubscriptionId;
use crate::session::MessageProperties;

/// Hands the outbox's records and store writer to `client` (see
/// [`JsMqttClient::open_outbox`]), in the outbox's module.
// Not `#[inline(never)]`: where the call of the split point ends up does
// not matter to `wasm-split-cli` (it rewrites every call of the import
// wherever it is), and the package was byte for byte the same with it.
#[allow(unsafe_code)]
pub(super) fn open_outbox(client: &JsMqttClient, records: Array, write: Function) -> bool {
    // SAFETY: the outbox's module is instantiated: this runs only from
    // `__openOutbox` (`JsMqttClient::open_outbox`), which only
    // www/npm/outbox.js calls, in `openOutbox` after `await loaded` (its
    // `instantiate()`) has resolved; a module that did not load or link
    // ends the client there instead, and no call comes.
    unsafe {
        __wasm_split_00outbox00_import_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(client, records, write)
    }
}

// The import `wasm-split-cli` replaces by a call of the export below. The
// arguments are the export's, passed as the same Rust types through the
// same ABI (`extern "C"` on both sides); not a C function, hence
// `improper_ctypes`.
#[cfg(target_family = "wasm")]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: the import is never linked to anything but the export below,
// whose signature is this one: `wasm-split-cli` rewrites each call of it
// into a call through the function table of that function (and a build
// that did not split the module would fail to instantiate, as nothing
// provides this import). The outbox's module links only with the main
// module of its own build (the token in the stack pointer's import name,
// see the module comment), whose memory layout it was compiled for.
unsafe extern "C" {
    /// The export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The outbox's module must have been instantiated: until then the
    /// table slot this calls through is null, and the call traps.
    fn __wasm_split_00outbox00_import_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(
        client: &JsMqttClient,
        records: Array,
        write: Function,
    ) -> bool;
}

// Native builds (tests) have no second module: the call goes straight to
// the export, as the split build's table does.
#[cfg(not(target_family = "wasm"))]
#[allow(unsafe_code)]
unsafe fn __wasm_split_00outbox00_import_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(
    client: &JsMqttClient,
    records: Array,
    write: Function,
) -> bool {
    __wasm_split_00outbox00_export_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(client, records, write)
}

/// The outbox module's entry: [`JsMqttClient::open_outbox_now`].
// SAFETY: the name is unique (the pattern `wasm-split-cli` reads, with a
// fixed random hex of its own) and clashes with no other symbol; its only
// caller is the import above.
#[unsafe(export_name = "__wasm_split_00outbox00_export_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00outbox00_export_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(
    client: &JsMqttClient,
    records: Array,
    write: Function,
) -> bool {
    client.open_outbox_now(records, write)
}

/// MQTT.js's `properties` object of a received message that has
/// properties or Subscription Identifiers (see
/// [`properties_object`](super::convert::properties_object)), made in the
/// MQTT 5.0 module (`src/codec/split.rs`): only a message of 5.0 has them.
#[allow(unsafe_code)]
pub(super) fn properties_object(p: &MessageProperties, ids: &[SubscriptionId]) -> Option<Object> {
    // SAFETY: the 5.0 module is instantiated: a message with properties or
    // Subscription Identifiers is a PUBLISH of MQTT 5.0 the server sent,
    // to a client of 5.0, which client.js makes only once the module is
    // in (`needsV5`, and `connect`'s `v5` in `super::client`; see
    // `codec::split`).
    unsafe { __wasm_split_00v500_import_9b3f5d17c2e84a60b1d7e4f3a8c6925e_props(p, ids) }
}

#[cfg(target_family = "wasm")]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: as the outbox's import above; its export is the one below.
unsafe extern "C" {
    /// The export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_9b3f5d17c2e84a60b1d7e4f3a8c6925e_props(
        p: &MessageProperties,
        ids: &[SubscriptionId],
    ) -> Option<Object>;
}

#[cfg(not(target_family = "wasm"))]
#[allow(unsafe_code)]
unsafe fn __wasm_split_00v500_import_9b3f5d17c2e84a60b1d7e4f3a8c6925e_props(
    p: &MessageProperties,
    ids: &[SubscriptionId],
) -> Option<Object> {
    __wasm_split_00v500_export_9b3f5d17c2e84a60b1d7e4f3a8c6925e_props(p, ids)
}

/// The entry of the 5.0 module's part in `js`.
// SAFETY: the name is unique (the pattern `wasm-split-cli` reads, with a
// fixed random hex of its own); its only caller is the import above.
#[unsafe(export_name = "__wasm_split_00v500_export_9b3f5d17c2e84a60b1d7e4f3a8c6925e_props")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_9b3f5d17c2e84a60b1d7e4f3a8c6925e_props(
    p: &MessageProperties,
    ids: &[SubscriptionId],
) -> Option<Object> {
    super::convert::properties_object(p, ids)
}
