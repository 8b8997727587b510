//! The split point that puts the copy of a received message's MQTT 5.0
//! properties in the npm package's 5.0 module (see `codec::split`):
//! [`message_properties`] is the one way into
//! [`MessageProperties::from_publish_now`].
//!
//! A PUBLISH has properties only in MQTT 5.0: the decoder of 3.1 and
//! 3.1.1 leaves them empty, and [`MessageProperties::from_publish`] calls
//! here only for a set that is not. Only the npm package's wasm is cut;
//! every other build calls the function directly.

use super::message::MessageProperties;
use crate::codec::PublishProperties;

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
