//! Channels for the browser layer's futures and event streams.
//!
//! Everything here runs on the one thread of a page or worker, so a queue
//! in an `Rc<RefCell<…>>` and the waker of the one task that waits on it
//! do what `futures-channel` did with atomics and a lock-free queue, in a
//! fraction of its code: its unbounded channel and one-shot channel were
//! about 3.4 KB of the npm package's wasm.

use alloc::collections::VecDeque;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

/// What the two ends of a channel share: the items not yet taken (`C` is
/// a queue or a single slot), the task waiting for them and whether the
/// sending end is gone.
struct Inner<C> {
    items: C,
    waker: Option<Waker>,
    closed: bool,
}

type Link<C> = Rc<RefCell<Inner<C>>>;

fn link<C: Default>() -> (Link<C>, Link<C>) {
    let inner = Rc::new(RefCell::new(Inner {
        items: C::default(),
        waker: None,
        closed: false,
    }));
    (inner.clone(), inner)
}

/// Wakes the waiting task, if any, with the channel no longer borrowed (a
/// waker may run code that uses the channel).
fn wake<C>(inner: &RefCell<Inner<C>>) {
    let waker = inner.borrow_mut().waker.take();
    if let Some(w) = waker {
        w.wake();
    }
}

/// Takes an item with `take`, or registers the task to be woken for the
/// next one; `None` once the sender is gone and nothing is left.
fn poll_take<C, T>(
    inner: &RefCell<Inner<C>>,
    cx: &mut Context<'_>,
    take: impl FnOnce(&mut C) -> Option<T>,
) -> Poll<Option<T>> {
    let mut s = inner.borrow_mut();
    if let Some(item) = take(&mut s.items) {
        return Poll::Ready(Some(item));
    }
    if s.closed {
        return Poll::Ready(None);
    }
    if !s.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
        s.waker = Some(cx.waker().clone());
    }
    Poll::Pending
}

/// Closes the channel when the sending end goes, as dropping the last
/// `futures-channel` sender did: the receiver then ends.
fn close<C>(inner: &RefCell<Inner<C>>) {
    inner.borrow_mut().closed = true;
    wake(inner);
}

/// The sending end of an unbounded channel.
pub(crate) struct Sender<T>(Link<VecDeque<T>>);

/// The receiving end of an unbounded channel: a stream of its items,
/// which ends once the sender is dropped and the items are taken.
pub(crate) struct Receiver<T>(Link<VecDeque<T>>);

/// An unbounded channel.
pub(crate) fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    let (tx, rx) = link();
    (Sender(tx), Receiver(rx))
}

impl<T> Sender<T> {
    /// Queues `item`; false (and `item` dropped) when the receiver is gone.
    pub(crate) fn send(&self, item: T) -> bool {
        if Rc::strong_count(&self.0) == 1 {
            return false;
        }
        self.0.borrow_mut().items.push_back(item);
        wake(&self.0);
        true
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        close(&self.0);
    }
}

impl<T> Receiver<T> {
    /// The next item, or `None` once the channel has ended; registers the
    /// task when there is none yet.
    pub(crate) fn poll_next(&self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        poll_take(&self.0, cx, VecDeque::pop_front)
    }
}

/// The sending end of a one-shot channel.
pub(crate) struct OneshotSender<T>(Link<Option<T>>);

/// The receiving end of a one-shot channel: a future of the value, or of
/// `None` when the sender is dropped without sending.
pub(crate) struct OneshotReceiver<T>(Link<Option<T>>);

/// A channel for one value.
pub(crate) fn oneshot<T>() -> (OneshotSender<T>, OneshotReceiver<T>) {
    let (tx, rx) = link();
    (OneshotSender(tx), OneshotReceiver(rx))
}

impl<T> OneshotSender<T> {
    /// Sends the value (dropped if the receiver is gone) and closes.
    pub(crate) fn send(self, value: T) {
        self.0.borrow_mut().items = Some(value);
    }
}

impl<T> Drop for OneshotSender<T> {
    fn drop(&mut self) {
        close(&self.0);
    }
}

impl<T> Future for OneshotReceiver<T> {
    type Output = Option<T>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        poll_take(&self.0, cx, Option::take)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::sync::Arc;
    use alloc::task::Wake;
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// Counts its wakes.
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn waker() -> (Arc<Count>, Waker) {
        let count = Arc::new(Count(AtomicUsize::new(0)));
        (count.clone(), Waker::from(count))
    }

    #[test]
    fn a_stream_yields_in_order_wakes_its_task_and_ends_with_the_sender() {
        let (count, w) = waker();
        let mut cx = Context::from_waker(&w);
        let (tx, rx) = unbounded();
        assert_eq!(rx.poll_next(&mut cx), Poll::Pending);
        assert!(tx.send(1));
        assert!(tx.send(2));
        assert_eq!(count.0.load(Ordering::Relaxed), 1);
        assert_eq!(rx.poll_next(&mut cx), Poll::Ready(Some(1)));
        assert_eq!(rx.poll_next(&mut cx), Poll::Ready(Some(2)));
        assert_eq!(rx.poll_next(&mut cx), Poll::Pending);
        assert!(tx.send(3));
        drop(tx);
        assert_eq!(count.0.load(Ordering::Relaxed), 2);
        // What was sent before the end still comes out.
        assert_eq!(rx.poll_next(&mut cx), Poll::Ready(Some(3)));
        assert_eq!(rx.poll_next(&mut cx), Poll::Ready(None));
    }

    #[test]
    fn sending_to_a_dropped_receiver_fails() {
        let (tx, rx) = unbounded();
        drop(rx);
        assert!(!tx.send(1));
    }

    #[test]
    fn a_oneshot_resolves_with_its_value_or_none_when_dropped() {
        let (count, w) = waker();
        let mut cx = Context::from_waker(&w);
        let (tx, mut rx) = oneshot();
        assert_eq!(Pin::new(&mut rx).poll(&mut cx), Poll::Pending);
        tx.send(7);
        assert_eq!(count.0.load(Ordering::Relaxed), 1);
        assert_eq!(Pin::new(&mut rx).poll(&mut cx), Poll::Ready(Some(7)));

        let (tx, mut rx) = oneshot::<u8>();
        assert_eq!(Pin::new(&mut rx).poll(&mut cx), Poll::Pending);
        drop(tx);
        assert_eq!(count.0.load(Ordering::Relaxed), 2);
        assert_eq!(Pin::new(&mut rx).poll(&mut cx), Poll::Ready(None));
    }
}
