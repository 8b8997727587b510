//! The npm package's allocator: a free list per power-of-two size class,
//! filled from a bump pointer over memory the module grows.
//!
//! Why not Talc (the package's allocator before) or the standard
//! library's dlmalloc: both split and merge blocks of any size, code the
//! package paid for in every page (Talc was 1.7 KB of the wasm, raw);
//! this is a few hundred bytes. Every allocation and free is a few steps
//! with no search (a class's list head, or the bump pointer), as fast as
//! Talc's or faster.
//!
//! What it gives up: a block keeps its class for good (a freed 64-byte
//! block serves only 64-byte requests, never a larger one), and a request
//! is rounded up to a power of two. So the memory held is the sum of each
//! class's peak rather than the peak of the sum; a client's allocations
//! are mostly of a few sizes that recur with each message, which is the
//! case this serves. Memory already given to the module is never given
//! back, by any allocator in wasm.
//!
//! A block of a class is aligned to its size. Where the bump pointer is
//! not, the space up to the next aligned place is cut into the largest
//! aligned blocks that fit, which go to their classes' lists rather than
//! being lost.

/// The smallest block: room for a list link, and 16-byte alignment, the
/// most any type here asks for.
const MIN: usize = 16;
/// `MIN`'s power of two.
const MIN_SHIFT: u32 = MIN.trailing_zeros();
/// One class per power of two from `MIN` to the largest `usize` one.
const CLASSES: usize = (usize::BITS - MIN_SHIFT) as usize;
/// Bytes at the end of memory that no block reaches: `build-npm.sh` lets
/// wasm-opt run a guarded load unguarded (`-iit`), so topic validation may
/// read up to 3 bytes past the end of a string, which must still be
/// memory.
const GUARD: usize = 16;

/// The memory the heap lays its blocks in, and where it keeps the link of
/// each free block (the first word of the block).
pub(crate) trait Memory {
    /// The memory's size in bytes, a multiple of `MIN`.
    fn size(&self) -> usize;
    /// Grows the memory by at least `bytes`; false if it cannot.
    fn grow(&mut self, bytes: usize) -> bool;
    /// The word at `at`, the start of a free block.
    fn read(&self, at: usize) -> usize;
    /// Writes the word at `at`, the start of a free block.
    fn write(&mut self, at: usize, word: usize);
}

/// The class of a request of `size` bytes aligned to `align`, if any block
/// can hold it.
fn class_of(size: usize, align: usize) -> Option<usize> {
    let block = size.max(align).max(MIN).checked_next_power_of_two()?;
    Some((block.trailing_zeros() - MIN_SHIFT) as usize)
}

/// The size of class `class`'s blocks.
const fn block_size(class: usize) -> usize {
    MIN << class
}

/// The heap's state: each class's free list and the bump pointer.
pub(crate) struct Classes {
    /// The first free block of each class, 0 for none (no block starts at
    /// 0: memory under the heap's start is the stack's and the data's).
    free: [usize; CLASSES],
    /// Where memory never handed out starts; 0 before the first request.
    bump: usize,
}

impl Classes {
    /// An empty heap, which starts at the end of memory on its first
    /// request.
    pub(crate) const fn new() -> Classes {
        Classes {
            free: [0; CLASSES],
            bump: 0,
        }
    }

    /// The address of a block for `size` bytes aligned to `align`, or 0 if
    /// no class holds it or memory cannot grow to hold it.
    pub(crate) fn allocate(
        &mut self,
        memory: &mut impl Memory,
        size: usize,
        align: usize,
    ) -> usize {
        let Some(class) = class_of(size, align) else {
            return 0;
        };
        let head = self.free[class];
        if head != 0 {
            self.free[class] = memory.read(head);
            return head;
        }
        if self.bump == 0 {
            self.bump = memory.size();
        }
        let block = block_size(class);
        let Some(start) = self.bump.checked_next_multiple_of(block) else {
            return 0;
        };
        let Some(wanted) = start.checked_add(block + GUARD) else {
            return 0;
        };
        let size = memory.size();
        if wanted > size && !memory.grow(wanted - size) {
            return 0;
        }
        // What lies before `start`, as the largest aligned blocks: the
        // lowest bit set in the address is the largest block aligned there.
        while self.bump < start {
            let piece = self.bump & self.bump.wrapping_neg();
            self.push(
                memory,
                self.bump,
                (piece.trailing_zeros() - MIN_SHIFT) as usize,
            );
            self.bump += piece;
        }
        self.bump = start + block;
        start
    }

    /// Gives back the block at `at` of a request of `size` bytes aligned to
    /// `align`.
    pub(crate) fn release(
        &mut self,
        memory: &mut impl Memory,
        at: usize,
        size: usize,
        align: usize,
    ) {
        if let Some(class) = class_of(size, align) {
            self.push(memory, at, class);
        }
    }

    /// The block for `new_size` bytes in place of the block at `at` of a
    /// request of `size` bytes aligned to `align`: the same one while the
    /// class is the same, else a new one, into which `copy(from, to,
    /// bytes)` has copied the smaller size before the old one is
    /// released. 0 if no block can be had; the old one is then kept.
    ///
    /// A smaller class moves too, so that a block is always released to
    /// the class of the size it is released with.
    pub(crate) fn reallocate(
        &mut self,
        memory: &mut impl Memory,
        at: usize,
        size: usize,
        align: usize,
        new_size: usize,
        copy: impl FnOnce(usize, usize, usize),
    ) -> usize {
        if class_of(size, align) == class_of(new_size, align) {
            return at;
        }
        let moved = self.allocate(memory, new_size, align);
        if moved != 0 {
            copy(at, moved, size.min(new_size));
            self.release(memory, at, size, align);
        }
        moved
    }

    /// Puts the block at `at` at the head of class `class`'s list.
    fn push(&mut self, memory: &mut impl Memory, at: usize, class: usize) {
        memory.write(at, self.free[class]);
        self.free[class] = at;
    }
}

/// The npm package's global allocator over the module's own memory.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
pub(crate) mod wasm {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;
    use core::ptr;

    use super::{Classes, Memory};

    const PAGE: usize = 65536;

    /// The module's linear memory 0.
    struct Linear;

    impl Memory for Linear {
        fn size(&self) -> usize {
            // At 4 GiB the byte count is past `usize`: the largest page
            // boundary stands in, and any growth then fails.
            core::arch::wasm32::memory_size(0)
                .checked_mul(PAGE)
                .unwrap_or(usize::MAX & !(PAGE - 1))
        }

        fn grow(&mut self, bytes: usize) -> bool {
            core::arch::wasm32::memory_grow(0, bytes.div_ceil(PAGE)) != usize::MAX
        }

        #[allow(unsafe_code)]
        fn read(&self, at: usize) -> usize {
            // SAFETY: `at` is the start of a free block of this heap: in
            // memory, aligned to at least 16, and used by no one else.
            unsafe { ptr::with_exposed_provenance::<usize>(at).read() }
        }

        #[allow(unsafe_code)]
        fn write(&mut self, at: usize, word: usize) {
            // SAFETY: as for `read`.
            unsafe { ptr::with_exposed_provenance_mut::<usize>(at).write(word) }
        }
    }

    /// [`Classes`] as the global allocator.
    pub(crate) struct Heap(UnsafeCell<Classes>);

    impl Heap {
        /// The empty heap.
        pub(crate) const fn new() -> Heap {
            Heap(UnsafeCell::new(Classes::new()))
        }

        #[allow(unsafe_code, clippy::mut_from_ref)]
        fn classes(&self) -> &mut Classes {
            // SAFETY: the module runs on one thread (no `atomics`), and
            // the heap allocates nothing itself, so no call of the
            // allocator starts while another's borrow is live.
            unsafe { &mut *self.0.get() }
        }
    }

    // SAFETY: see `classes`: one thread.
    #[allow(unsafe_code)]
    unsafe impl Sync for Heap {}

    // SAFETY: a block is handed out once until released; it is aligned to
    // its class's size, which is at least the request's alignment, and
    // holds at least the request's size (`class_of`).
    #[allow(unsafe_code)]
    unsafe impl GlobalAlloc for Heap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let at = self
                .classes()
                .allocate(&mut Linear, layout.size(), layout.align());
            ptr::with_exposed_provenance_mut(at)
        }

        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            let at = block.expose_provenance();
            self.classes()
                .release(&mut Linear, at, layout.size(), layout.align());
        }

        unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let at = self.classes().reallocate(
                &mut Linear,
                block.expose_provenance(),
                layout.size(),
                layout.align(),
                new_size,
                |from, to, bytes| {
                    // SAFETY: `from` is the caller's live block, `to` a
                    // block just handed out (so distinct from it), and
                    // both hold at least `bytes`, the smaller size.
                    unsafe {
                        ptr::copy_nonoverlapping(
                            ptr::with_exposed_provenance::<u8>(from),
                            ptr::with_exposed_provenance_mut::<u8>(to),
                            bytes,
                        )
                    }
                },
            );
            ptr::with_exposed_provenance_mut(at)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Classes, GUARD, MIN, Memory};
    use alloc::vec;
    use alloc::vec::Vec;

    /// A memory of words in a vector, which grows by 64 KiB pages up to
    /// `limit` bytes, starting at 1 MiB: above memory that is not the
    /// heap's, as the module's heap starts above its 256 KiB of stack and
    /// the data after it.
    struct Words {
        words: Vec<usize>,
        limit: usize,
    }

    const PAGE: usize = 65536;
    const WORD: usize = core::mem::size_of::<usize>();

    impl Words {
        fn new(limit: usize) -> Words {
            Words {
                words: vec![0; (1 << 20) / WORD],
                limit,
            }
        }
    }

    impl Memory for Words {
        fn size(&self) -> usize {
            self.words.len() * WORD
        }
        fn grow(&mut self, bytes: usize) -> bool {
            let new = self.size() + bytes.div_ceil(PAGE) * PAGE;
            if new > self.limit {
                return false;
            }
            self.words.resize(new / WORD, 0);
            true
        }
        fn read(&self, at: usize) -> usize {
            assert_eq!(at % MIN, 0);
            self.words[at / WORD]
        }
        fn write(&mut self, at: usize, word: usize) {
            assert_eq!(at % MIN, 0);
            self.words[at / WORD] = word;
        }
    }

    /// Blocks are aligned, in memory short of the guard, never overlap
    /// while live, and a freed one is handed out again for its class.
    #[test]
    fn blocks_are_aligned_apart_and_reused() {
        let mut m = Words::new(64 << 20);
        let mut heap = Classes::new();
        let mut live: Vec<(usize, usize, usize)> = Vec::new();
        for (i, size) in [1, 16, 17, 100, 4096, 5000, 70_000, 3, 64, 1 << 20]
            .into_iter()
            .enumerate()
        {
            let align = if i % 3 == 0 { 64 } else { 8 };
            let at = heap.allocate(&mut m, size, align);
            assert_ne!(at, 0);
            assert_eq!(at % align, 0);
            assert!(at + size + GUARD <= m.size());
            for &(other, other_size, _) in &live {
                assert!(
                    at + size <= other || other + other_size <= at,
                    "{at}+{size} overlaps {other}+{other_size}"
                );
            }
            live.push((at, size, align));
        }
        let (at, size, align) = live[3];
        heap.release(&mut m, at, size, align);
        assert_eq!(
            heap.allocate(&mut m, 128, 8),
            at,
            "a freed 128-byte block serves the next 128-byte request"
        );
        let next = heap.allocate(&mut m, 128, 8);
        assert_ne!(next, at, "a block handed out again is off its list");
        assert_eq!(next % 128, 0);
        for &(other, other_size, _) in &live {
            assert!(
                next + 128 <= other || other + other_size <= next,
                "{next} overlaps {other}+{other_size}"
            );
        }
    }

    /// The room skipped to align a large block is handed out to smaller
    /// requests rather than lost.
    #[test]
    fn space_skipped_for_alignment_is_used() {
        let mut m = Words::new(64 << 20);
        let mut heap = Classes::new();
        let small = heap.allocate(&mut m, 16, 8);
        let big = heap.allocate(&mut m, 4096, 8);
        assert_eq!(big % 4096, 0);
        // Every block between the two is found again, by its size.
        let mut found = Vec::new();
        let mut size = 16;
        while size < 4096 {
            let at = heap.allocate(&mut m, size, 8);
            if at > small && at < big {
                found.push(at);
            }
            size *= 2;
        }
        let gap = big - (small + 16);
        assert!(gap < 4096);
        assert_eq!(
            found.len(),
            gap.count_ones() as usize,
            "the gap of {gap} bytes, in {found:?}"
        );
        // Each aligned to its size, and together exactly the gap.
        found.sort_unstable();
        let mut next = small + 16;
        for at in found {
            assert_eq!(at, next, "the pieces tile the gap");
            next = at + (at & at.wrapping_neg());
        }
        assert_eq!(next, big);
    }

    /// A request memory cannot grow for gets 0, and the heap still serves
    /// the next one that fits.
    #[test]
    fn out_of_memory_is_null() {
        let mut m = Words::new(2 << 20);
        let mut heap = Classes::new();
        assert_eq!(heap.allocate(&mut m, 4 << 20, 8), 0);
        assert_eq!(heap.allocate(&mut m, usize::MAX / 2, 8), 0);
        assert_ne!(heap.allocate(&mut m, 100, 8), 0);
    }

    /// A reallocation stays put within its class and moves past it, up
    /// or down, copying the smaller size and freeing the old block for
    /// its own class; when no block can be had, the old one is kept.
    #[test]
    fn reallocation_stays_within_a_class_and_moves_past_it() {
        let mut m = Words::new(2 << 20);
        let mut heap = Classes::new();
        let no_copy = |_, _, _| panic!("copied within a class");
        let at = heap.allocate(&mut m, 20, 8);
        assert_eq!(heap.reallocate(&mut m, at, 20, 8, 32, no_copy), at);
        assert_eq!(heap.reallocate(&mut m, at, 32, 8, 17, no_copy), at);

        let mut copied = None;
        let grown = heap.reallocate(&mut m, at, 32, 8, 33, |f, t, n| copied = Some((f, t, n)));
        assert_eq!(copied, Some((at, grown, 32)));
        assert_eq!(grown % 64, 0);
        assert_eq!(heap.allocate(&mut m, 32, 8), at, "the old block is free");

        let shrunk = heap.reallocate(&mut m, grown, 33, 8, 10, |f, t, n| copied = Some((f, t, n)));
        assert_eq!(copied, Some((grown, shrunk, 10)));
        assert_ne!(shrunk, grown);
        assert_eq!(
            heap.allocate(&mut m, 64, 8),
            grown,
            "released to its own class"
        );

        let aligned = heap.allocate(&mut m, 20, 64);
        assert_eq!(
            heap.reallocate(&mut m, aligned, 20, 64, 64, no_copy),
            aligned,
            "a class holds the alignment"
        );
        assert_eq!(
            heap.reallocate(&mut m, aligned, 64, 64, 4 << 20, no_copy),
            0,
            "out of memory"
        );
        assert_eq!(heap.allocate(&mut m, 64, 64) % 64, 0);
        assert_ne!(
            heap.allocate(&mut m, 64, 64),
            aligned,
            "the old block is kept"
        );
    }

    /// Random allocations, reallocations and frees of random sizes and
    /// alignments: every block handed out is aligned, in memory short of
    /// the guard, and overlaps no live block; the heap's links (written
    /// only into free blocks) never touch a live block's bytes, which are
    /// each filled with a mark of their block.
    #[test]
    fn random_use_keeps_live_blocks_intact() {
        let mut m = Words::new(64 << 20);
        let mut heap = Classes::new();
        let mut live: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        // A live block's words hold its mark, from its start up to its size.
        fn fill(m: &mut Words, at: usize, size: usize, mark: usize) {
            for w in at / WORD..(at + size).div_ceil(WORD) {
                m.words[w] = mark;
            }
        }
        fn intact(m: &Words, at: usize, size: usize, mark: usize) -> bool {
            (at / WORD..(at + size).div_ceil(WORD)).all(|w| m.words[w] == mark)
        }
        for mark in 1..20_000usize {
            let size = match next(10) {
                0..=5 => 1 + next(100),
                6..=8 => 1 + next(3000),
                _ => 1 + next(70_000),
            };
            let align = 1 << next(7);
            match next(3) {
                0 if !live.is_empty() => {
                    let (at, old, align, mark) = live.swap_remove(next(live.len()));
                    assert!(intact(&m, at, old, mark), "block {at}+{old} overwritten");
                    heap.release(&mut m, at, old, align);
                }
                1 if !live.is_empty() => {
                    let i = next(live.len());
                    let (at, old, align, old_mark) = live[i];
                    assert!(
                        intact(&m, at, old, old_mark),
                        "block {at}+{old} overwritten"
                    );
                    let mut copied = false;
                    let moved = heap.reallocate(&mut m, at, old, align, size, |from, to, bytes| {
                        assert!(from + bytes <= to || to + bytes <= from, "copy overlaps");
                        copied = true;
                    });
                    assert_ne!(moved, 0);
                    assert_eq!(copied, moved != at);
                    assert_eq!(moved % align, 0);
                    assert!(moved + size + GUARD <= m.size());
                    live[i] = (moved, size, align, old_mark);
                    fill(&mut m, moved, size, old_mark);
                }
                _ => {
                    let at = heap.allocate(&mut m, size, align);
                    assert_ne!(at, 0);
                    assert_eq!(at % align, 0);
                    assert!(at + size + GUARD <= m.size());
                    live.push((at, size, align, mark));
                    fill(&mut m, at, size, mark);
                }
            }
        }
        live.sort_unstable();
        for pair in live.windows(2) {
            let [(a, a_size, ..), (b, ..)] = pair else {
                unreachable!()
            };
            assert!(a + a_size <= *b, "{a}+{a_size} overlaps {b}");
        }
        for &(at, size, _, mark) in &live {
            assert!(intact(&m, at, size, mark), "block {at}+{size} overwritten");
        }
    }

    /// A steady stream of messages of a few sizes holds a bounded heap.
    #[test]
    fn a_steady_load_stays_bounded() {
        let mut m = Words::new(64 << 20);
        let mut heap = Classes::new();
        let start = m.size();
        let mut held: Vec<(usize, usize)> = Vec::new();
        for i in 0..100_000usize {
            let size = [24, 64, 200, 1500][i % 4] + i % 7;
            held.push((heap.allocate(&mut m, size, 8), size));
            if held.len() > 50 {
                let (at, size) = held.remove(i % 50);
                heap.release(&mut m, at, size, 8);
            }
        }
        assert!(
            m.size() - start <= 2 * PAGE,
            "grew by {} bytes",
            m.size() - start
        );
    }
}
