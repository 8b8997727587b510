//! The control packet types and the fixed-header flags each one requires.

/// An MQTT control packet type: the high nibble of the fixed header's first
/// byte (MQTT 5.0 §2.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PacketType {
    /// Client request to connect (1).
    Connect = 1,
    /// Connect acknowledgment (2).
    ConnAck = 2,
    /// Publish message (3).
    Publish = 3,
    /// Publish acknowledgment, QoS 1 (4).
    PubAck = 4,
    /// Publish received, QoS 2 part 1 (5).
    PubRec = 5,
    /// Publish release, QoS 2 part 2 (6).
    PubRel = 6,
    /// Publish complete, QoS 2 part 3 (7).
    PubComp = 7,
    /// Subscribe request (8).
    Subscribe = 8,
    /// Subscribe acknowledgment (9).
    SubAck = 9,
    /// Unsubscribe request (10).
    Unsubscribe = 10,
    /// Unsubscribe acknowledgment (11).
    UnsubAck = 11,
    /// Ping request (12).
    PingReq = 12,
    /// Ping response (13).
    PingResp = 13,
    /// Disconnect notification (14).
    Disconnect = 14,
    /// Authentication exchange, MQTT 5.0 only (15).
    Auth = 15,
}

impl PacketType {
    /// The packet type for a fixed header's high nibble, or `None` for the
    /// reserved value 0.
    pub const fn from_nibble(n: u8) -> Option<PacketType> {
        use PacketType::*;
        Some(match n {
            1 => Connect,
            2 => ConnAck,
            3 => Publish,
            4 => PubAck,
            5 => PubRec,
            6 => PubRel,
            7 => PubComp,
            8 => Subscribe,
            9 => SubAck,
            10 => Unsubscribe,
            11 => UnsubAck,
            12 => PingReq,
            13 => PingResp,
            14 => Disconnect,
            15 => Auth,
            _ => return None,
        })
    }

    /// The flag bits this type requires in its fixed header, or `None` for
    /// PUBLISH whose flags carry DUP, QoS and RETAIN (MQTT 5.0 §2.1.3,
    /// Table 2-2). PUBREL, SUBSCRIBE and UNSUBSCRIBE require `0b0010`.
    pub const fn required_flags(self) -> Option<u8> {
        match self {
            PacketType::Publish => None,
            PacketType::PubRel | PacketType::Subscribe | PacketType::Unsubscribe => Some(0b0010),
            _ => Some(0),
        }
    }

    /// The packet type's name as the specification writes it, such as
    /// `PUBLISH`.
    pub const fn name(self) -> &'static str {
        crate::text::pick(
            "CONNECT\nCONNACK\nPUBLISH\nPUBACK\nPUBREC\nPUBREL\nPUBCOMP\nSUBSCRIBE\nSUBACK\n\
             UNSUBSCRIBE\nUNSUBACK\nPINGREQ\nPINGRESP\nDISCONNECT\nAUTH\n",
            self as usize - 1,
        )
    }

    /// The first byte of the fixed header for every type but PUBLISH.
    /// Whether this type answers a client's packet by its packet
    /// identifier: PUBACK, PUBREC, PUBCOMP, SUBACK or UNSUBACK.
    pub const fn is_acknowledgement(self) -> bool {
        matches!(
            self,
            PacketType::PubAck
                | PacketType::PubRec
                | PacketType::PubComp
                | PacketType::SubAck
                | PacketType::UnsubAck
        )
    }

    pub(crate) const fn header_byte(self) -> u8 {
        let flags = match self.required_flags() {
            Some(f) => f,
            None => 0,
        };
        ((self as u8) << 4) | flags
    }
}

impl crate::text::Describe for PacketType {
    fn describe(&self, t: &mut crate::text::Text) {
        t.s(self.name());
    }
}

impl core::fmt::Display for PacketType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}
