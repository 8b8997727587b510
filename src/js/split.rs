//! The split point that puts the persistent outbox in a wasm module of its
//! own in the npm package: [`open_outbox`] is the one way into it.
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
//! Elsewhere (native tests) the call goes straight to the function.
#![allow(unsafe_code)]

use js_sys::{Array, Function};

use super::client::JsMqttClient;

/// Hands the outbox's records and store writer to `client` (see
/// [`JsMqttClient::open_outbox`]), in the outbox's module.
#[inline(never)]
pub(super) fn open_outbox(client: &JsMqttClient, records: Array, write: Function) -> bool {
    #[cfg(target_family = "wasm")]
    return __wasm_split_00outbox00_import_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(
        client, records, write,
    );
    #[cfg(not(target_family = "wasm"))]
    __wasm_split_00outbox00_export_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(client, records, write)
}

// The import `wasm-split-cli` replaces by a call of the export below. The
// arguments are the export's, passed as the same Rust types through the
// same ABI (`extern "C"` on both sides); not a C function, hence
// `improper_ctypes`.
#[cfg(target_family = "wasm")]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes)]
// SAFETY: the import is never linked to anything but the export below,
// whose signature is this one: `wasm-split-cli` rewrites each call of it
// into a call of that function (and a build that did not split the module
// would fail to instantiate, as nothing provides this import), so calling
// it is calling a safe Rust function; hence `safe fn`.
unsafe extern "C" {
    safe fn __wasm_split_00outbox00_import_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(
        client: &JsMqttClient,
        records: Array,
        write: Function,
    ) -> bool;
}

/// The outbox module's entry: [`JsMqttClient::open_outbox_now`].
// SAFETY: the name is unique (the pattern `wasm-split-cli` reads, with a
// fixed random hex of its own) and clashes with no other symbol; its only
// caller is the import above.
#[unsafe(export_name = "__wasm_split_00outbox00_export_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open")]
#[allow(improper_ctypes_definitions)]
extern "C" fn __wasm_split_00outbox00_export_8c1d2f6b0e5a47d3a9b6c2e1f0d3b5a7_open(
    client: &JsMqttClient,
    records: Array,
    write: Function,
) -> bool {
    client.open_outbox_now(records, write)
}
