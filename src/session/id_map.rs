//! Small collections keyed by packet identifier.
//!
//! A browser client pays for every instantiation of a generic collection in
//! download size, and a B-tree is large. These two are small: a bitset for
//! "is this identifier in use", and a deque of entries in the order they
//! were added, searched from the front. Acknowledgments mostly arrive in
//! send order, so the entry sought is nearly always the first.

use alloc::collections::VecDeque;
use alloc::vec;
use alloc::vec::Vec;

/// A set of 16-bit identifiers as 65,536 bits (8 KiB).
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

    fn slot(id: u16) -> (usize, u64) {
        let v = usize::from(id);
        (v / 64, 1u64 << (v % 64))
    }

    pub(crate) fn contains(&self, id: u16) -> bool {
        let (w, b) = Self::slot(id);
        self.words[w] & b != 0
    }

    /// Adds `id`; returns whether it was absent.
    pub(crate) fn insert(&mut self, id: u16) -> bool {
        let (w, b) = Self::slot(id);
        let absent = self.words[w] & b == 0;
        if absent {
            self.words[w] |= b;
            self.len += 1;
        }
        absent
    }

    /// Removes `id`; returns whether it was present.
    pub(crate) fn remove(&mut self, id: u16) -> bool {
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
            self.words.iter_mut().for_each(|w| *w = 0);
            self.len = 0;
        }
    }
}

/// Entries keyed by packet identifier, kept in the order they were added.
#[derive(Debug, Clone)]
pub(crate) struct IdMap<V> {
    entries: VecDeque<(u16, V)>,
}

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap {
            entries: VecDeque::new(),
        }
    }
}

impl<V> IdMap<V> {
    fn position(&self, id: u16) -> Option<usize> {
        self.entries.iter().position(|(k, _)| *k == id)
    }

    pub(crate) fn get(&self, id: u16) -> Option<&V> {
        self.position(id).map(|i| &self.entries[i].1)
    }

    pub(crate) fn get_mut(&mut self, id: u16) -> Option<&mut V> {
        self.position(id).map(|i| &mut self.entries[i].1)
    }

    /// Adds an entry at the end. Identifiers are unique by construction
    /// (they come from the allocator), so no search is made.
    pub(crate) fn push(&mut self, id: u16, value: V) {
        self.entries.push_back((id, value));
    }

    pub(crate) fn remove(&mut self, id: u16) -> Option<V> {
        let i = self.position(id)?;
        self.entries.remove(i).map(|(_, v)| v)
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in the order they were added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u16, &V)> {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    /// Takes every entry out, in order.
    pub(crate) fn drain(&mut self) -> impl DoubleEndedIterator<Item = (u16, V)> + use<V> {
        core::mem::take(&mut self.entries).into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_set_counts_and_clears() {
        let mut s = IdSet::new();
        assert!(s.insert(0) && s.insert(65_535) && !s.insert(0));
        assert!(s.contains(65_535) && !s.contains(1));
        assert_eq!(s.len(), 2);
        assert!(s.remove(0) && !s.remove(0));
        s.clear();
        assert_eq!(s.len(), 0);
        assert!(!s.contains(65_535));
    }

    #[test]
    fn id_map_keeps_insertion_order() {
        let mut m = IdMap::default();
        m.push(5, "a");
        m.push(1, "b");
        m.push(9, "c");
        assert_eq!(m.remove(1), Some("b"));
        assert_eq!(m.get(9), Some(&"c"));
        *m.get_mut(5).unwrap() = "z";
        assert_eq!(m.iter().collect::<Vec<_>>(), vec![(5, &"z"), (9, &"c")]);
        assert_eq!(
            m.drain().rev().map(|(k, _)| k).collect::<Vec<_>>(),
            vec![9, 5]
        );
        assert!(m.is_empty());
    }
}
