//! Packet identifiers for this client's requests, never reused while in
//! flight (MQTT 5.0 §2.2.1 [MQTT-2.2.1-3]).

use alloc::vec;
use alloc::vec::Vec;

use crate::codec::PacketId;

/// The identifiers in use, as a bitset of 65,536 bits (8 KiB), and a cursor
/// that moves forward so a freed identifier is not handed out again at once.
#[derive(Debug, Clone)]
pub(crate) struct PacketIds {
    used: Vec<u64>,
    in_use: usize,
    next: PacketId,
}

impl PacketIds {
    pub(crate) fn new() -> Self {
        PacketIds {
            used: vec![0; 1024],
            in_use: 0,
            next: PacketId::MIN,
        }
    }

    fn slot(id: PacketId) -> (usize, u64) {
        let v = usize::from(id.get());
        (v / 64, 1u64 << (v % 64))
    }

    pub(crate) fn is_used(&self, id: PacketId) -> bool {
        let (word, bit) = Self::slot(id);
        self.used[word] & bit != 0
    }

    /// A free identifier, now marked used; `None` when all 65,535 are.
    pub(crate) fn allocate(&mut self) -> Option<PacketId> {
        if self.in_use >= usize::from(u16::MAX) {
            return None;
        }
        let mut id = self.next;
        while self.is_used(id) {
            id = id.next();
        }
        self.mark(id);
        self.next = id.next();
        Some(id)
    }

    /// Marks `id` used (for identifiers restored from a session).
    pub(crate) fn mark(&mut self, id: PacketId) {
        if !self.is_used(id) {
            let (word, bit) = Self::slot(id);
            self.used[word] |= bit;
            self.in_use += 1;
        }
    }

    /// Frees `id`; returns whether it was in use.
    pub(crate) fn release(&mut self, id: PacketId) -> bool {
        let was = self.is_used(id);
        if was {
            let (word, bit) = Self::slot(id);
            self.used[word] &= !bit;
            self.in_use -= 1;
        }
        was
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_not_reused_while_in_use() {
        let mut ids = PacketIds::new();
        let a = ids.allocate().unwrap();
        let b = ids.allocate().unwrap();
        assert_eq!((a.get(), b.get()), (1, 2));
        assert!(ids.release(a));
        assert!(!ids.release(a));
        // The cursor moves on: 1 is free but 3 comes first.
        assert_eq!(ids.allocate().unwrap().get(), 3);
    }

    #[test]
    fn all_65535_then_none_then_wraps_to_the_freed_one() {
        let mut ids = PacketIds::new();
        for expected in 1..=u16::MAX {
            assert_eq!(ids.allocate().map(PacketId::get), Some(expected));
        }
        assert_eq!(ids.allocate(), None);
        ids.release(PacketId::new(500).unwrap());
        assert_eq!(ids.allocate().map(PacketId::get), Some(500));
        assert_eq!(ids.in_use, 65_535);
    }
}
