//! Quality of Service levels (MQTT 5.0 §4.3).

/// A Quality of Service level (MQTT 5.0 §4.3). The value 3 is reserved and
/// is not representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u8)]
pub enum QoS {
    /// QoS 0: at most once, no acknowledgment (§4.3.1).
    #[default]
    AtMostOnce = 0,
    /// QoS 1: at least once, acknowledged by PUBACK (§4.3.2).
    AtLeastOnce = 1,
    /// QoS 2: exactly once, through PUBREC, PUBREL and PUBCOMP (§4.3.3).
    ExactlyOnce = 2,
}

impl QoS {
    /// The QoS for the two low bits of `bits`, or `None` for 3.
    pub const fn from_bits(bits: u8) -> Option<QoS> {
        match bits & 0b11 {
            0 => Some(QoS::AtMostOnce),
            1 => Some(QoS::AtLeastOnce),
            2 => Some(QoS::ExactlyOnce),
            _ => None,
        }
    }

    /// The QoS as its numeric value.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

impl TryFrom<u8> for QoS {
    type Error = u8;
    /// Fails with the value itself for anything but 0, 1 or 2.
    fn try_from(v: u8) -> Result<QoS, u8> {
        if v > 2 {
            return Err(v);
        }
        QoS::from_bits(v).ok_or(v)
    }
}
