//! Messages waiting for the page, handed over a frame's time budget at a
//! time. A burst of thousands of messages written into the page in one
//! animation frame makes one long task, and clicks wait for it; taken in
//! chunks until the frame's budget is spent, with the rest left for the
//! next frame, the page answers between frames. Nothing is lost or
//! reordered on the way: items leave in the order they came. Only the cap,
//! for tabs that run no frames at all, drops the oldest.

use crate::std_prelude::*;

use std::collections::VecDeque;

/// How many messages are handed over between two looks at the clock:
/// enough that reading the clock costs nothing next to them, few enough
/// that a chunk takes well under a millisecond.
pub const CHUNK: usize = 128;

/// How long one frame may spend taking in messages, in milliseconds: half
/// a 60 Hz frame, leaving the rest for drawing them and for input.
pub const FRAME_BUDGET_MS: f64 = 8.0;

/// Items in arrival order, at most a cap of them.
#[derive(Debug, Clone)]
pub struct FrameQueue<T> {
    items: VecDeque<T>,
    /// Items dropped at the cap, in all.
    pub dropped: u64,
}

impl<T> Default for FrameQueue<T> {
    fn default() -> Self {
        FrameQueue {
            items: VecDeque::new(),
            dropped: 0,
        }
    }
}

impl<T> FrameQueue<T> {
    /// Adds an item; beyond `cap` (at least one) the oldest is dropped.
    pub fn push(&mut self, item: T, cap: usize) {
        let cap = cap.max(1);
        while self.items.len() >= cap {
            self.items.pop_front();
            self.dropped += 1;
        }
        self.items.push_back(item);
    }

    /// Adds `later`'s items after these, as `push` would.
    pub fn append(&mut self, later: FrameQueue<T>, cap: usize) {
        self.dropped += later.dropped;
        for item in later.items {
            self.push(item, cap);
        }
    }

    /// How many items wait.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The oldest `n` items (fewer if fewer wait), in order.
    pub fn take(&mut self, n: usize) -> Vec<T> {
        let n = n.min(self.items.len());
        self.items.drain(..n).collect()
    }

    /// One frame's share: chunks of `chunk` items, oldest first, each given
    /// to `process`, until nothing waits or `budget_ms` has passed since
    /// the first look at `now` (a clock in milliseconds). At least one
    /// chunk goes, so that a slow page still makes progress; and the frame
    /// goes on past its budget while more than `keep_at_most` wait, so that
    /// a flood faster than the budget lets through makes long frames
    /// rather than reach the cap and lose messages. Returns how many items
    /// went.
    pub fn drain_within(
        &mut self,
        chunk: usize,
        budget_ms: f64,
        keep_at_most: usize,
        mut now: impl FnMut() -> f64,
        mut process: impl FnMut(Vec<T>),
    ) -> usize {
        let start = now();
        let mut taken = 0;
        loop {
            let batch = self.take(chunk.max(1));
            if batch.is_empty() {
                break;
            }
            taken += batch.len();
            process(batch);
            let spent = now() - start >= budget_ms;
            if self.is_empty() || (spent && self.len() <= keep_at_most) {
                break;
            }
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use core::cell::Cell;

    /// A clock that moves on by `step` milliseconds at every look.
    fn ticking(step: f64) -> impl FnMut() -> f64 {
        let t = Cell::new(0.0);
        move || {
            let now = t.get();
            t.set(now + step);
            now
        }
    }

    fn queue(n: usize) -> FrameQueue<usize> {
        let mut q = FrameQueue::default();
        for i in 0..n {
            q.push(i, usize::MAX);
        }
        q
    }

    #[test]
    fn a_frame_stops_once_its_budget_is_spent_and_the_next_goes_on_in_order() {
        let mut q = queue(1000);
        let mut seen = Vec::new();
        // Each chunk costs 3 ms: with a budget of 8, three chunks go (the
        // clock reads 3, 6, then 9).
        let taken = q.drain_within(100, 8.0, usize::MAX, ticking(3.0), |b| seen.extend(b));
        assert_eq!(taken, 300);
        assert_eq!(q.len(), 700);
        let taken = q.drain_within(100, 8.0, usize::MAX, ticking(3.0), |b| seen.extend(b));
        assert_eq!(taken, 300);
        while !q.is_empty() {
            q.drain_within(100, 8.0, usize::MAX, ticking(3.0), |b| seen.extend(b));
        }
        assert_eq!(seen, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn a_slow_page_still_takes_one_chunk_a_frame() {
        let mut q = queue(10);
        let mut chunks = Vec::new();
        let taken = q.drain_within(4, 8.0, usize::MAX, ticking(50.0), |b| chunks.push(b));
        assert_eq!(taken, 4);
        assert_eq!(chunks, vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn a_backlog_near_the_cap_is_brought_down_whatever_the_budget() {
        let mut q = queue(1000);
        // A slow page: one chunk would be its budget, but 600 must go for
        // no more than 400 to wait.
        let taken = q.drain_within(100, 8.0, 400, ticking(50.0), |_| {});
        assert_eq!(taken, 600);
        assert_eq!(q.len(), 400);
        let taken = q.drain_within(100, 8.0, 400, ticking(50.0), |_| {});
        assert_eq!(taken, 100);
    }

    #[test]
    fn a_fast_page_takes_everything_in_one_frame() {
        let mut q = queue(1000);
        let mut count = 0;
        let taken = q.drain_within(128, 8.0, usize::MAX, ticking(0.01), |b| count += b.len());
        assert_eq!((taken, count), (1000, 1000));
        assert!(q.is_empty());
        // Nothing waiting: nothing processed.
        let taken = q.drain_within(128, 8.0, usize::MAX, ticking(0.01), |_| panic!("no chunk"));
        assert_eq!(taken, 0);
    }

    #[test]
    fn appended_items_follow_and_the_cap_still_holds() {
        let mut q = queue(3);
        q.append(queue(2), 4);
        assert_eq!(q.dropped, 1);
        assert_eq!(q.take(10), vec![1, 2, 0, 1]);
    }

    #[test]
    fn the_cap_drops_the_oldest_and_counts_them() {
        let mut q = FrameQueue::default();
        for i in 0..10 {
            q.push(i, 4);
        }
        assert_eq!(q.len(), 4);
        assert_eq!(q.dropped, 6);
        assert_eq!(q.take(10), vec![6, 7, 8, 9]);
        // A cap of zero still keeps the newest.
        q.push(1, 0);
        q.push(2, 0);
        assert_eq!(q.take(10), vec![2]);
    }
}
