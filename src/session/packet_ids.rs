//! Packet identifiers for this client's requests, never reused while in
//! flight (MQTT 5.0 §2.2.1 [MQTT-2.2.1-3]).

use super::id_map::IdSet;
use crate::codec::PacketId;

/// The identifiers in use, as a bitset of 65,536 bits (8 KiB), and a cursor
/// that moves forward so a freed identifier is not handed out again at once.
#[derive(Debug, Clone)]
pub(crate) struct PacketIds {
    used: IdSet,
    next: PacketId,
}

impl PacketIds {
    pub(crate) fn new() -> Self {
        PacketIds {
            used: IdSet::new(),
            next: PacketId::MIN,
        }
    }

    /// Back to [`new`](Self::new)'s state, in place: no new 8 KiB set,
    /// and no second copy of its making in the npm package.
    pub(crate) fn reset(&mut self) {
        self.used.clear();
        self.next = PacketId::MIN;
    }

    pub(crate) fn is_used(&self, id: PacketId) -> bool {
        self.used.contains(id)
    }

    /// A free identifier, now marked used; `None` when all 65,535 are.
    pub(crate) fn allocate(&mut self) -> Option<PacketId> {
        if self.used.len() >= usize::from(u16::MAX) {
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

    /// Marks `id` used.
    pub(crate) fn mark(&mut self, id: PacketId) {
        self.used.insert(id);
    }

    /// Frees `id`; returns whether it was in use.
    pub(crate) fn release(&mut self, id: PacketId) -> bool {
        self.used.remove(id)
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
        assert_eq!(ids.used.len(), 65_535);
    }
}
