//! The Variable Byte Integer of MQTT 5.0 §1.5.5 (MQTT 3.1.1 §2.2.3 calls it
//! the Remaining Length encoding).

use super::error::DecodeError;
use super::{Status, version::ProtocolVersion};

/// A Variable Byte Integer: 0 to [`VarInt::MAX`], encoded in 1 to 4 bytes,
/// seven bits per byte with the high bit as continuation (MQTT 5.0 §1.5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct VarInt(u32);

impl VarInt {
    /// The largest value four bytes can hold: 268,435,455.
    pub const MAX: VarInt = VarInt(268_435_455);

    /// The value as a Variable Byte Integer, or `None` above [`VarInt::MAX`].
    pub const fn new(value: u32) -> Option<VarInt> {
        if value <= Self::MAX.0 {
            Some(VarInt(value))
        } else {
            None
        }
    }

    /// The value.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// How many bytes the encoding takes: 1 to 4.
    pub const fn encoded_len(self) -> usize {
        match self.0 {
            0..=127 => 1,
            128..=16_383 => 2,
            16_384..=2_097_151 => 3,
            _ => 4,
        }
    }

    /// Appends the encoding to `out`.
    #[inline]
    pub fn write(self, out: &mut alloc::vec::Vec<u8>) {
        let mut bytes = [0u8; 4];
        let mut v = self.0;
        let mut n = 0;
        loop {
            // Seven bits at a time; the value is at most 28 bits wide.
            let low = (v & 0x7f) as u8;
            v >>= 7;
            bytes[n] = if v == 0 { low } else { low | 0x80 };
            n += 1;
            if v == 0 || n == 4 {
                break;
            }
        }
        out.extend_from_slice(&bytes[..n]);
    }

    /// Reads a Variable Byte Integer from the start of `buf`.
    ///
    /// Returns the value and the number of bytes it used, or
    /// [`Status::Partial`] when `buf` ends before the last byte. A fifth byte
    /// is [`DecodeError::VarIntTooLong`]; in MQTT 5.0, which requires the
    /// shortest encoding [MQTT-1.5.5-1], a longer one is
    /// [`DecodeError::VarIntNotMinimal`]. MQTT 3.1.1 states no such rule, so
    /// its decoding accepts any encoding of up to four bytes.
    pub fn read(
        buf: &[u8],
        version: ProtocolVersion,
    ) -> Result<Status<(VarInt, usize)>, DecodeError> {
        let mut value: u32 = 0;
        for i in 0..4 {
            let Some(&byte) = buf.get(i) else {
                return Ok(Status::Partial);
            };
            value |= u32::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                if i > 0 && byte == 0 && version.is_v5() {
                    return Err(DecodeError::VarIntNotMinimal);
                }
                return Ok(Status::Complete((VarInt(value), i + 1)));
            }
        }
        Err(DecodeError::VarIntTooLong)
    }
}

impl From<u8> for VarInt {
    fn from(v: u8) -> VarInt {
        VarInt(u32::from(v))
    }
}

impl From<u16> for VarInt {
    fn from(v: u16) -> VarInt {
        VarInt(u32::from(v))
    }
}

impl TryFrom<u32> for VarInt {
    type Error = u32;
    /// Fails with the value itself when it is above [`VarInt::MAX`].
    fn try_from(v: u32) -> Result<VarInt, u32> {
        VarInt::new(v).ok_or(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The boundaries of MQTT 5.0 §1.5.5, Table 1-1.
    #[test]
    fn table_1_1_boundaries_round_trip() {
        let cases: &[(u32, &[u8])] = &[
            (0, &[0x00]),
            (127, &[0x7f]),
            (128, &[0x80, 0x01]),
            (16_383, &[0xff, 0x7f]),
            (16_384, &[0x80, 0x80, 0x01]),
            (2_097_151, &[0xff, 0xff, 0x7f]),
            (2_097_152, &[0x80, 0x80, 0x80, 0x01]),
            (268_435_455, &[0xff, 0xff, 0xff, 0x7f]),
        ];
        for &(value, bytes) in cases {
            let v = VarInt::new(value).unwrap();
            let mut out = Vec::new();
            v.write(&mut out);
            assert_eq!(out, bytes, "encoding {value}");
            assert_eq!(v.encoded_len(), bytes.len());
            assert_eq!(
                VarInt::read(bytes, ProtocolVersion::V5),
                Ok(Status::Complete((v, bytes.len())))
            );
            for cut in 0..bytes.len() {
                assert_eq!(
                    VarInt::read(&bytes[..cut], ProtocolVersion::V5),
                    Ok(Status::Partial)
                );
            }
        }
        assert_eq!(VarInt::new(268_435_456), None);
    }

    #[test]
    fn five_bytes_and_non_minimal_are_rejected() {
        let five = [0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(
            VarInt::read(&five, ProtocolVersion::V5),
            Err(DecodeError::VarIntTooLong)
        );
        assert_eq!(
            VarInt::read(&[0x80, 0x00], ProtocolVersion::V5),
            Err(DecodeError::VarIntNotMinimal)
        );
        assert_eq!(
            VarInt::read(&[0x80, 0x00], ProtocolVersion::V3_1_1),
            Ok(Status::Complete((VarInt(0), 2)))
        );
    }
}
