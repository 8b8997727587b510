//! The protocol version a connection speaks, which decides how every packet
//! after CONNECT is laid out.

use core::fmt;

/// An MQTT protocol version, with its protocol level as the discriminant
/// (MQTT 3.1.1 §3.1.2.2, MQTT 5.0 §3.1.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum ProtocolVersion {
    /// MQTT 3.1: protocol name `MQIsdp`, level 3.
    V3_1 = 3,
    /// MQTT 3.1.1: protocol name `MQTT`, level 4.
    V3_1_1 = 4,
    /// MQTT 5.0: protocol name `MQTT`, level 5.
    V5 = 5,
}

impl ProtocolVersion {
    /// The protocol level byte sent in CONNECT.
    pub const fn level(self) -> u8 {
        self as u8
    }

    /// The protocol name sent in CONNECT: `MQIsdp` for 3.1, `MQTT` after.
    pub const fn protocol_name(self) -> &'static str {
        match self {
            ProtocolVersion::V3_1 => "MQIsdp",
            _ => "MQTT",
        }
    }

    /// Whether packets carry MQTT 5.0 properties and reason codes.
    pub const fn is_v5(self) -> bool {
        matches!(self, ProtocolVersion::V5)
    }

    /// The version's name: `MQTT 3.1`, `MQTT 3.1.1` or `MQTT 5.0`.
    const fn name(self) -> &'static str {
        crate::text::pick("MQTT 3.1\nMQTT 3.1.1\nMQTT 5.0\n", self as usize - 3)
    }
}

impl crate::text::Describe for ProtocolVersion {
    fn describe(&self, t: &mut crate::text::Text) {
        t.s(self.name());
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
