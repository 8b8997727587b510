//! The split points that put the reading and writing of MQTT 5.0
//! property sections (MQTT 5.0 §2.2.2) in a wasm module of its own in the
//! npm package: [`read_properties`] is the one way into [`read_split`],
//! and [`write_properties`] into [`write_split`], and so into the property
//! walks and every set's table of fields; and [`decode_reason_packet`]
//! into [`decode_reason_split`], the body of a 5.0 DISCONNECT or AUTH.
//! Each pair's import and export are spelled out, not made by a macro:
//! each carries a SAFETY argument of its own.
//!
//! A client of MQTT 3.1 or 3.1.1 (MQTT.js's default) never reads or
//! writes a property section. So `scripts/build-npm.sh` cuts what only the
//! exports below reach into `dist/webmqtt_v5-HASH.wasm`, and
//! `www/npm/client.js` makes a client of 5.0 (or with an outbox, whose
//! records are 5.0 PUBLISH packets) only once it has fetched and
//! instantiated that module (`needsV5`): such a client's CONNECT is
//! checked, and its publications sized, only after. The npm binding puts
//! one more thing in the module, for the same reason: the `properties`
//! object of a received message (`src/js/split.rs`).
//!
//! The import and export follow `wasm-split-cli`'s pattern, as
//! `src/js/split.rs`'s do: the tool replaces calls of the import by a call
//! through the table to the export, which it moves to the new module with
//! everything only it reaches. Only the npm package's wasm is cut; every
//! other build (native tests, the app) calls the function directly.

use alloc::vec::Vec;

use super::disconnect::decode_reason_split;
use super::error::{DecodeError, EncodeError};
use super::packet::Packet;
use super::packet_type::PacketType;
use super::properties::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DisconnectProperties,
    PublishProperties, SubscribeProperties, UnsubscribeProperties, WillProperties, read_split,
    write_split,
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

/// A property set to be written, by its type: turned into the set's
/// table only in [`write_split`], as [`SetMut`] is for reading.
#[allow(clippy::enum_variant_names)]
pub(crate) enum SetRef<'s, 'a> {
    ConnectProperties(&'s ConnectProperties<'a>),
    WillProperties(&'s WillProperties<'a>),
    ConnAckProperties(&'s ConnAckProperties<'a>),
    PublishProperties(&'s PublishProperties<'a>),
    AckProperties(&'s AckProperties<'a>),
    SubscribeProperties(&'s SubscribeProperties<'a>),
    UnsubscribeProperties(&'s UnsubscribeProperties<'a>),
    DisconnectProperties(&'s DisconnectProperties<'a>),
    AuthProperties(&'s AuthProperties<'a>),
}

/// What [`write_properties`] does with a set.
pub(crate) enum WriteOp<'o> {
    /// Sizes the section's content (without its length), checking every
    /// value: PUBLISH's measure.
    Len,
    /// Checks the section and appends it.
    Put(&'o mut Vec<u8>),
    /// Appends the section whose content [`WriteOp::Len`] sized.
    Append(&'o mut Vec<u8>, usize),
}

/// Sizes, checks or writes `set`'s property section (see [`WriteOp`]);
/// the content's length for [`WriteOp::Len`], else 0.
#[inline]
pub(crate) fn write_properties(set: SetRef<'_, '_>, op: WriteOp<'_>) -> Result<usize, EncodeError> {
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return write_split(set, op);
    // SAFETY: the 5.0 module is instantiated. A property section is
    // written only by an encode of MQTT 5.0: of a CONNECT, a publication
    // or a request of a client of 5.0, which the npm package makes only
    // once the module is in (client.js's `needsV5`, and `connect`'s `v5`
    // in src/js/client.rs); or of an outbox record, whose client is made
    // so too.
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_3c6e0a9f5b1d47e2a8c4f7b2d9e1a6c0_write(set, op)
    }
}

/// Decodes the body of an MQTT 5.0 DISCONNECT or AUTH (`t`): a reason
/// code and properties.
#[inline]
pub(crate) fn decode_reason_packet(
    t: PacketType,
    r: Reader<'_>,
) -> Result<Packet<'_>, DecodeError> {
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return decode_reason_split(t, r);
    // SAFETY: the 5.0 module is instantiated: only a 5.0 decode, of a
    // packet the server sent to a client of 5.0, reads these bodies (see
    // `read_properties`).
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_7e2d9b4c1f6a48e3a5b0c8d2f4e6a1b9_reason(t, r)
    }
}

/// Reads a property section into `set`.
#[inline]
pub(crate) fn read_properties<'a>(
    r: &mut Reader<'a>,
    set: &mut SetMut<'_, 'a>,
) -> Result<(), DecodeError> {
    // Every build but the npm package's wasm has no second module.
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return read_split(r, set);
    // SAFETY: the 5.0 module is instantiated. A property section is read
    // only by a 5.0 decode: of a packet the server sent to a client of
    // 5.0, or of an outbox record, and the npm package makes such clients
    // only once the module is in (see `write_properties`).
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_4e7a91c3d25b48f0a6e3b9d1c7f2a805_read(r, set)
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
    ) -> Result<(), DecodeError>;
}

#[cfg(all(feature = "js", target_family = "wasm"))]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: as the import above; its export is `write`'s below.
unsafe extern "C" {
    /// The export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_3c6e0a9f5b1d47e2a8c4f7b2d9e1a6c0_write(
        set: SetRef<'_, '_>,
        op: WriteOp<'_>,
    ) -> Result<usize, EncodeError>;
}

#[cfg(all(feature = "js", target_family = "wasm"))]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: as `read`'s import; its export is `reason`'s below.
unsafe extern "C" {
    /// The export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_7e2d9b4c1f6a48e3a5b0c8d2f4e6a1b9_reason(
        t: PacketType,
        r: Reader<'_>,
    ) -> Result<Packet<'_>, DecodeError>;
}

/// The 5.0 module's entry for DISCONNECT and AUTH: [`decode_reason_split`].
// SAFETY: as `read`'s below.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_7e2d9b4c1f6a48e3a5b0c8d2f4e6a1b9_reason")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_7e2d9b4c1f6a48e3a5b0c8d2f4e6a1b9_reason(
    t: PacketType,
    r: Reader<'_>,
) -> Result<Packet<'_>, DecodeError> {
    decode_reason_split(t, r)
}

/// The 5.0 module's entry for writing: [`write_split`].
// SAFETY: as `read`'s below.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_3c6e0a9f5b1d47e2a8c4f7b2d9e1a6c0_write")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_3c6e0a9f5b1d47e2a8c4f7b2d9e1a6c0_write(
    set: SetRef<'_, '_>,
    op: WriteOp<'_>,
) -> Result<usize, EncodeError> {
    write_split(set, op)
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
) -> Result<(), DecodeError> {
    read_split(r, set)
}
