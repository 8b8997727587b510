//! The split points that put MQTT 5.0's parts of the engine in the npm
//! package's 5.0 module (see `codec::split`):
//! - [`message_properties`], the one way into
//!   [`MessageProperties::from_publish_now`]: the copy of a received
//!   message's properties. A PUBLISH has properties only in MQTT 5.0: the
//!   decoder of 3.1 and 3.1.1 leaves them empty, and
//!   [`MessageProperties::from_publish`] calls here only for a set that
//!   is not.
//! - [`write_aliased`], into [`Session::write_aliased_now`]: a PUBLISH
//!   written with a topic alias (MQTT 5.0 §3.3.2.3.4), and the table of
//!   the aliases this client assigned.
//! - [`connect_properties`], into [`connect_properties_now`]: the
//!   properties of CONNECT and of its will (§3.1.2.11, §3.1.3.2).
//! - [`overlaps_a_subscription`], into
//!   [`Session::overlaps_a_subscription_now`]: whether a SUBSCRIBE gets a
//!   Subscription Identifier of its own (§3.8.2.1.2), which tells apart
//!   the filters a message matched.
//!
//! Only a session of 5.0 calls them, and the npm package makes one only
//! once that module is in (`www/npm/client.js`'s `needsV5`). Only the npm
//! package's wasm is cut; every other build calls the functions directly.

use super::connect::connect_properties_now;
use super::engine::Session;
use super::error::CommandError;
use super::message::{MessageProperties, OutgoingMessage};
use super::options::Options;
use super::subscriptions::SubscribeRequest;
use super::time::Instant;
use crate::codec::{ConnectProperties, PacketId, PublishProperties, WillProperties};

/// The owned copy of `p`, which is not empty.
#[inline]
pub(crate) fn message_properties(p: &PublishProperties<'_>) -> MessageProperties {
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return MessageProperties::from_publish_now(p);
    // SAFETY: the 5.0 module is instantiated: a PUBLISH with properties
    // was decoded as MQTT 5.0 (a packet the server sent to a client of
    // 5.0, or an outbox record), and its properties were read in that
    // module (`codec::split::read_properties`).
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_2a9c4e7b0d3f46a1b8e5c2d9f0a7b3e6_message(p)
    }
}

// The import `wasm-split-cli` replaces by a call of the export below, as
// in `codec::split`.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: the import is never linked to anything but the export below,
// whose signature is this one (see `codec::split`).
unsafe extern "C" {
    /// The export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_2a9c4e7b0d3f46a1b8e5c2d9f0a7b3e6_message(
        p: &PublishProperties<'_>,
    ) -> MessageProperties;
}

/// The 5.0 module's entry: [`MessageProperties::from_publish_now`].
// SAFETY: the name is unique (the pattern `wasm-split-cli` reads, with a
// fixed random hex of its own); its only caller is the import above.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_2a9c4e7b0d3f46a1b8e5c2d9f0a7b3e6_message")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_2a9c4e7b0d3f46a1b8e5c2d9f0a7b3e6_message(
    p: &PublishProperties<'_>,
) -> MessageProperties {
    MessageProperties::from_publish_now(p)
}

/// [`Session::write_publish`] with a topic alias where the server allows
/// them: [`Session::write_aliased_now`].
#[inline]
pub(crate) fn write_aliased(
    session: &mut Session,
    now: Instant,
    m: &OutgoingMessage,
    packet_id: Option<PacketId>,
    dup: bool,
) -> Result<(), CommandError> {
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return session.write_aliased_now(now, m, packet_id, dup);
    // SAFETY: the 5.0 module is instantiated: only a session of MQTT 5.0
    // aliases topics, and the npm package makes a client of 5.0 (or with
    // an outbox) only once the module is in.
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_e61a6887f624f3d8032da1112a08205d_alias(
            session, now, m, packet_id, dup,
        )
    }
}

/// Whether a filter of `request` overlaps one held or asked for:
/// [`Session::overlaps_a_subscription_now`].
#[inline]
pub(crate) fn overlaps_a_subscription(session: &Session, request: &SubscribeRequest) -> bool {
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return session.overlaps_a_subscription_now(request);
    // SAFETY: the 5.0 module is instantiated: only a session of MQTT 5.0
    // gives subscriptions identifiers (see `write_aliased`).
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_1912d4a626e75e292edd00525a8a498a_overlap(session, request)
    }
}

/// The properties of a CONNECT of MQTT 5.0 and of its will:
/// [`connect_properties_now`].
#[inline]
pub(crate) fn connect_properties<'a>(
    o: &'a Options,
    auth_method: Option<&'a str>,
    auth_data: Option<&'a [u8]>,
) -> (WillProperties<'a>, ConnectProperties<'a>) {
    #[cfg(not(all(feature = "js", target_family = "wasm")))]
    return connect_properties_now(o, auth_method, auth_data);
    // SAFETY: the 5.0 module is instantiated: only a session of MQTT 5.0
    // writes these, and the npm package makes one only once the module is
    // in (`connect` in src/js/client.rs refuses a client of 5.0 before its
    // session is built, and so before its CONNECT is first checked).
    #[cfg(all(feature = "js", target_family = "wasm"))]
    #[allow(unsafe_code)]
    unsafe {
        __wasm_split_00v500_import_2917ec87790d8e628678453162e050f5_connect(
            o,
            auth_method,
            auth_data,
        )
    }
}

// The imports `wasm-split-cli` replaces by calls of the exports below.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[link(wasm_import_module = "__wasm_split_placeholder__")]
#[allow(improper_ctypes, unsafe_code)]
// SAFETY: each import is never linked to anything but its export below,
// whose signature is its own (see `codec::split`).
unsafe extern "C" {
    /// The `alias` export below, through the main module's function table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_e61a6887f624f3d8032da1112a08205d_alias(
        session: &mut Session,
        now: Instant,
        m: &OutgoingMessage,
        packet_id: Option<PacketId>,
        dup: bool,
    ) -> Result<(), CommandError>;

    /// The `connect` export below, through the main module's function
    /// table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_2917ec87790d8e628678453162e050f5_connect<'a>(
        o: &'a Options,
        auth_method: Option<&'a str>,
        auth_data: Option<&'a [u8]>,
    ) -> (WillProperties<'a>, ConnectProperties<'a>);

    /// The `overlap` export below, through the main module's function
    /// table.
    ///
    /// # Safety
    ///
    /// The 5.0 module must have been instantiated.
    fn __wasm_split_00v500_import_1912d4a626e75e292edd00525a8a498a_overlap(
        session: &Session,
        request: &SubscribeRequest,
    ) -> bool;
}

/// The 5.0 module's entry: [`Session::write_aliased_now`].
// SAFETY: the name is unique (the pattern `wasm-split-cli` reads, with a
// fixed random hex of its own); its only caller is its import above.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_e61a6887f624f3d8032da1112a08205d_alias")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_e61a6887f624f3d8032da1112a08205d_alias(
    session: &mut Session,
    now: Instant,
    m: &OutgoingMessage,
    packet_id: Option<PacketId>,
    dup: bool,
) -> Result<(), CommandError> {
    session.write_aliased_now(now, m, packet_id, dup)
}

/// The 5.0 module's entry: [`Session::overlaps_a_subscription_now`].
// SAFETY: the name is unique; its only caller is its import above.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_1912d4a626e75e292edd00525a8a498a_overlap")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_1912d4a626e75e292edd00525a8a498a_overlap(
    session: &Session,
    request: &SubscribeRequest,
) -> bool {
    session.overlaps_a_subscription_now(request)
}

/// The 5.0 module's entry: [`connect_properties_now`].
// SAFETY: the name is unique; its only caller is its import above.
#[cfg(all(feature = "js", target_family = "wasm"))]
#[unsafe(export_name = "__wasm_split_00v500_export_2917ec87790d8e628678453162e050f5_connect")]
#[allow(improper_ctypes_definitions, unsafe_code)]
extern "C" fn __wasm_split_00v500_export_2917ec87790d8e628678453162e050f5_connect<'a>(
    o: &'a Options,
    auth_method: Option<&'a str>,
    auth_data: Option<&'a [u8]>,
) -> (WillProperties<'a>, ConnectProperties<'a>) {
    connect_properties_now(o, auth_method, auth_data)
}
