//! The split point that puts the reading of MQTT 5.0 property sections
//! (MQTT 5.0 §2.2.2) in a wasm module of its own in the npm package:
//! [`read_properties`] is the one way into [`read_split`], and so into the
//! property walk and every set's table of fields.
//!
//! A client of MQTT 3.1 or 3.1.1 (MQTT.js's default) never reads a
//! property section, and a client of 5.0 reads one only from a packet the
//! server sent, after its CONNECT. So `scripts/build-npm.sh` cuts what only
//! the export below reaches into `dist/webmqtt_v5-HASH.wasm`, and
//! `www/npm/client.js` fetches it for the first client of 5.0 (or with an
//! outbox, whose records are 5.0 PUBLISH packets, which `outbox.js` hands
//! over only once it is in) while that client's socket opens: its CONNECT
//! waits for the module, and a session reads nothing before its CONNECT
//! (see `web::client`'s `start_held`). Writing stays in the main module: a
//! CONNECT is checked when the client is made, and a publication is sized
//! when it is accepted, both before any module could have loaded. The npm
//! binding puts one more thing in the module, for the same reason: the
//! `properties` object of a received message (`src/js/split.rs`).
//!
//! The import and export follow `wasm-split-cli`'s pattern, as
//! `src/js/split.rs`'s do: the tool replaces calls of the import by a call
//! through the table to the export, which it moves to the new module with
//! everything only it reaches. Only the npm package's wasm is cut; every
//! other build (native tests, the app) calls the function directly.

use super::error::DecodeError;
use super::properties::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DisconnectProperties,
    PropertyId, PublishProperties, SubscribeProperties, UnsubscribeProperties, WillProperties,
    read_split,
};
use super::reader::Reader;

/// A property set to be read into, by its type: made by the set's
/// `read_into` in the main module, turned into the set's table of fields
/// (`dyn PropertySlots`) only in [`read_split`], so that the tables move
/// with the walk.
#[allow(clippy::enum_variant_names)]
pub(crate) enum SetMut<'s, 'a> {
    ConnectProperties(&'s mut ConnectProperties<'a>),
    WillProperties(&'s mut WillProperties<'a>),
    ConnAckProperties(&'s mut ConnAckProperties<'a>),
    PublishProperties(&'s mut PublishProperties<'a>),
    AckProperties(&'s mut AckProperties<'a>),
    SubscribeProperties(&'s mut SubscribeProperties<'a>),
    UnsubscribeProperties(&'s mut UnsubscribeProperties<'a>),
    DisconnectProperties(&'s mut DisconnectProperties<'a>),
    AuthProperties(&'s mut AuthProperties<'a>),
}

/// Reads into `set`: its whole property section when `id` is `None`, else
/// the value of property `id` (PUBLISH reads its User Properties itself).
#[inline]
pub(crate) fn read_properties<'a>(
    r: &mut Reader<'a>,
    set: &mut SetMut<'_, 'a>,
    id: Option<PropertyId>,
) -> Result<(), DecodeError> {
    // Every build but the npm package's wasm has no second module.
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return read_split(r, set, id);
    // SAFETY: the 5.0 module is instantiated. A property section is read
    // only by a 5.0 decode: of a packet the server sent, which the session
    // reads only after its CONNECT, which the npm package's client sends
    // only once the module is in (`MqttClient::start_held`, called by
    // `clientStart`); or of an outbox record, which www/npm/outbox.js
    // hands over only once the module is in too.
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_4e7a91c3d25b48f0a6e3b9d1c7f2a805_read(r, set, id)
    }
}

// The import `wasm-split-cli` replaces by a call of the export below, with
// the export's Rust types through the same ABI on both sides; not C
// types, hence `improper_ctypes`.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: the import is never linked to anything but the export below,
// whose signature is this one: `wasm-split-cli` rewrites each call of it
// into a call through the function table of that function. The module
// links only with the main module of its own build (the token in the
// stack pointer's import name, see `scripts/shrink-bindings.py`).
unsafe extern "C" {
    /// The export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated: until then the table
    /// slot this calls through is null, and the call traps.
    fn __wasm_split_00v500_import_4e7a91c3d25b48f0a6e3b9d1c7f2a805_read<'a>(
        r: &mut Reader<'a>,
        set: &mut SetMut<'_, 'a>,
        id: Option<PropertyId>,
    ) -> Result<(), DecodeError>;
}

/// The 5.0 module's entry: [`read_split`].
// SAFETY: the name is unique (the pattern `wasm-split-cli` reads, with a
// fixed random hex of its own) and clashes with no other symbol; its only
// caller is the import above.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_4e7a91c3d25b48f0a6e3b9d1c7f2a805_read")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_4e7a91c3d25b48f0a6e3b9d1c7f2a805_read<'a>(
    r: &mut Reader<'a>,
    set: &mut SetMut<'_, 'a>,
    id: Option<PropertyId>,
) -> Result<(), DecodeError> {
    read_split(r, set, id)
}
