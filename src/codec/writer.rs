//! Sizing and writing of the field types of MQTT 5.0 §1.5.
//!
//! The *size* functions check a field and return how many bytes it takes;
//! the *write* functions append the bytes and cannot fail. PUBLISH runs
//! them in two passes, so its exact size is known before anything is
//! written; the other packet types check and write in one walk with the
//! *put* functions, and their encoder removes what was written on an error.

use alloc::vec::Vec;

use super::error::EncodeError;
use super::varint::VarInt;

/// The size of Binary Data (two-byte length + bytes), or an error when it
/// is over 65,535 bytes (MQTT 5.0 §1.5.6).
#[inline]
pub(crate) fn binary_len(field: &'static str, b: &[u8]) -> Result<usize, EncodeError> {
    if b.len() > usize::from(u16::MAX) {
        return Err(EncodeError::FieldTooLong {
            field,
            len: b.len(),
        });
    }
    Ok(2 + b.len())
}

/// The size of a UTF-8 Encoded String, or an error when it is over 65,535
/// bytes or holds U+0000 (MQTT 5.0 §1.5.4 [MQTT-1.5.4-2]).
#[inline]
pub(crate) fn string_len(field: &'static str, s: &str) -> Result<usize, EncodeError> {
    let len = binary_len(field, s.as_bytes())?;
    if crate::topic::has_nul(s.as_bytes()) {
        return Err(EncodeError::NullCharacter { field });
    }
    Ok(len)
}

/// Appends Binary Data whose length [`binary_len`] has accepted.
#[inline]
pub(crate) fn write_binary(out: &mut Vec<u8>, b: &[u8]) {
    // binary_len has bounded the length to u16.
    let len = u16::try_from(b.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b);
}

/// Appends a UTF-8 Encoded String whose length [`string_len`] has accepted.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    write_binary(out, s.as_bytes());
}

/// Checks a UTF-8 Encoded String ([`string_len`]) and appends it.
pub(crate) fn put_string(
    out: &mut Vec<u8>,
    field: &'static str,
    s: &str,
) -> Result<(), EncodeError> {
    string_len(field, s)?;
    write_string(out, s);
    Ok(())
}

/// Checks Binary Data ([`binary_len`]) and appends it.
pub(crate) fn put_binary(
    out: &mut Vec<u8>,
    field: &'static str,
    b: &[u8],
) -> Result<(), EncodeError> {
    binary_len(field, b)?;
    write_binary(out, b);
    Ok(())
}

/// The Variable Byte Integer for a computed length, or
/// [`EncodeError::PacketTooLarge`] when it is over [`VarInt::MAX`].
#[inline]
pub(crate) fn length_varint(len: usize) -> Result<VarInt, EncodeError> {
    u32::try_from(len)
        .ok()
        .and_then(VarInt::new)
        .ok_or(EncodeError::PacketTooLarge {
            size: u64::try_from(len).unwrap_or(u64::MAX),
            max: VarInt::MAX.get(),
        })
}
