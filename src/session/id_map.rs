//! Small collections keyed by packet identifier.
//!
//! Both take a [`PacketId`], never a bare `u16`, so that identifier 0,
//! which no packet may carry (MQTT 5.0 §2.2.1 [MQTT-2.2.1-3]), cannot be a
//! key, and a key cannot be mistaken for some other number.
//!
//! A browser client pays for every instantiation of a generic collection in
//! download size, and a B-tree is large. These two are small: a bitset for
//! "is this identifier in use", and a deque of entries in the order they
//! were added, searched from the front. Acknowledgments mostly arrive in
//! send order, so the entry sought is nearly always the first.

use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

use crate::codec::PacketId;

/// A set of packet identifiers as 65,536 bits (8 KiB; bit 0 is never set).
#[derive(Debug, Clone)]
pub(crate) struct IdSet {
    words: Vec<u64>,
    len: usize,
}

impl IdSet {
    pub(crate) fn new() -> Self {
        IdSet {
            words: vec![0; 1024],
            len: 0,
        }
    }

    fn slot(id: PacketId) -> (usize, u64) {
        let v = usize::from(id.get());
        (v / 64, 1u64 << (v % 64))
    }

    pub(crate) fn contains(&self, id: PacketId) -> bool {
        let (w, b) = Self::slot(id);
        self.words[w] & b != 0
    }

    /// Adds `id`; returns whether it was absent.
    pub(crate) fn insert(&mut self, id: PacketId) -> bool {
        let (w, b) = Self::slot(id);
        let absent = self.words[w] & b == 0;
        if absent {
            self.words[w] |= b;
            self.len += 1;
        }
        absent
    }

    /// Removes `id`; returns whether it was present.
    pub(crate) fn remove(&mut self, id: PacketId) -> bool {
        let (w, b) = Self::slot(id);
        let present = self.words[w] & b != 0;
        if present {
            self.words[w] &= !b;
            self.len -= 1;
        }
        present
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn clear(&mut self) {
        if self.len > 0 {
            self.words.fill(0);
            self.len = 0;
        }
    }
}

/// Entries keyed by packet identifier, kept in the order they were added.
#[derive(Debug, Clone)]
pub(crate) struct IdMap<V> {
    entries: VecDeque<(PacketId, V)>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            entries: VecDeque::new(),
        }
    }
}

impl<V> IdMap<V> {
    /// By index rather than through the deque's iterator, whose
    /// `position` was three functions of its own for each value type in
    /// the npm package.
    fn position(&self, id: PacketId) -> Option<usize> {
        let mut i = 0;
        while let Some((key, _)) = self.entries.get(i) {
            if *key == id {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    pub(crate) fn get(&self, id: PacketId) -> Option<&V> {
        self.position(id).map(|i| &self.entries[i].1)
    }

    pub(crate) fn get_mut(&mut self, id: PacketId) -> Option<&mut V> {
        self.position(id).map(|i| &mut self.entries[i].1)
    }

    /// Adds an entry at the end. Identifiers are unique by construction
    /// (they come from the allocator), so no search is made.
    pub(crate) fn push(&mut self, id: PacketId, value: V) {
        self.entries.push_back((id, value));
    }

    pub(crate) fn remove(&mut self, id: PacketId) -> Option<V> {
        let i = self.position(id)?;
        // Taken from the nearer end, as `remove` would move the shorter
        // side: the entries before it (or after it) are moved round to the
        // other end and back, by pops and pushes at both ends, which the
        // npm package links anyway for both value types; `remove`, and
        // then `swap`, were code of their own for each. No push grows the
        // deque: each follows a pop. Acknowledgements mostly come in send
        // order, so `i` is mostly 0 and nothing moves.
        let after = self.entries.len() - 1 - i;
        let front = i <= after;
        let moved = if front { i } else { after };
        self.turn(moved, front);
        let entry = if front {
            self.entries.pop_front()
        } else {
            self.entries.pop_back()
        };
        self.turn(moved, !front);
        entry.map(|(_, v)| v)
    }

    /// Moves `n` entries from the front to the back, or from the back to
    /// the front, keeping their order round the ring.
    fn turn(&mut self, n: usize, forward: bool) {
        let e = &mut self.entries;
        for _ in 0..n {
            if forward {
                if let Some(x) = e.pop_front() {
                    e.push_back(x);
                }
            } else if let Some(x) = e.pop_back() {
                e.push_front(x);
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in the order they were added.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PacketId, &V)> {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    /// The entry `i`-th in the order added. The engine's walks over the
    /// window and the queue go by index: the deque's iterators, and their
    /// `find` or `any`, were code of their own for each value type in the
    /// npm package (a walk over every entry too, once no other walk of
    /// that type used the iterator).
    pub(crate) fn at(&self, i: usize) -> Option<(PacketId, &V)> {
        self.entries.get(i).map(|(k, v)| (*k, v))
    }

    /// The entry `i`-th in the order added, to change in place (see
    /// [`at`](Self::at)).
    pub(crate) fn at_mut(&mut self, i: usize) -> Option<(PacketId, &mut V)> {
        self.entries.get_mut(i).map(|(k, v)| (*k, v))
    }

    /// Takes the first entry out.
    pub(crate) fn pop_front(&mut self) -> Option<(PacketId, V)> {
        self.entries.pop_front()
    }

    /// Takes the last entry out.
    pub(crate) fn pop_back(&mut self) -> Option<(PacketId, V)> {
        self.entries.pop_back()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(v: u16) -> PacketId {
        PacketId::new(v).unwrap()
    }

    #[test]
    fn id_set_counts_and_clears() {
        let mut s = IdSet::new();
        assert!(s.insert(id(1)) && s.insert(id(65_535)) && !s.insert(id(1)));
        assert!(s.contains(id(65_535)) && !s.contains(id(2)));
        assert_eq!(s.len(), 2);
        assert!(s.remove(id(1)) && !s.remove(id(1)));
        s.clear();
        assert_eq!(s.len(), 0);
        assert!(!s.contains(id(65_535)));
    }

    #[test]
    fn removing_from_either_side_keeps_the_order() {
        let mut m = IdMap::default();
        for v in 1..=6 {
            m.push(id(v), v);
        }
        assert_eq!(m.remove(id(5)), Some(5));
        assert_eq!(m.remove(id(2)), Some(2));
        assert_eq!(m.remove(id(6)), Some(6));
        assert_eq!(m.remove(id(7)), None);
        let order: Vec<u16> = m.iter().map(|(_, v)| *v).collect();
        assert_eq!(order, [1, 3, 4]);
    }

    #[test]
    fn id_map_keeps_insertion_order() {
        let mut m = IdMap::default();
        m.push(id(5), "a");
        m.push(id(1), "b");
        m.push(id(9), "c");
        assert_eq!(m.remove(id(1)), Some("b"));
        assert_eq!(m.get(id(9)), Some(&"c"));
        *m.get_mut(id(5)).unwrap() = "z";
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            vec![(id(5), &"z"), (id(9), &"c")]
        );
        assert_eq!(m.pop_back().map(|(k, _)| k.get()), Some(9));
        assert_eq!(m.pop_front().map(|(k, _)| k.get()), Some(5));
        assert!(m.is_empty());
    }
}
