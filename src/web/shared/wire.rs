//! The byte primitives of the tab ↔ worker messages: fixed-width
//! big-endian integers, length-prefixed bytes and strings, options.
//!
//! Both ends are the same build of this crate (the worker loads the app's
//! own wasm), so the format needs no versioning beyond a mismatch check:
//! a reader that meets bytes it does not expect returns `None`, and the
//! message is answered as malformed instead of being taken in part.

use crate::std_prelude::*;

use core::cell::RefCell;
use core::time::Duration;

std::thread_local! {
    /// Field names read back, each kept once for the worker's life.
    static NAMES: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Appends values to a message.
#[derive(Default)]
pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }
    pub(super) fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(u8::from(v))
    }
    pub(super) fn u16(&mut self, v: u16) -> &mut Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }
    pub(super) fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }
    pub(super) fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }
    pub(super) fn usize(&mut self, v: usize) -> &mut Self {
        self.u64(v as u64)
    }
    pub(super) fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.usize(v.len());
        self.0.extend_from_slice(v);
        self
    }
    pub(super) fn str(&mut self, v: &str) -> &mut Self {
        self.bytes(v.as_bytes())
    }
    pub(super) fn duration(&mut self, v: Duration) -> &mut Self {
        self.u64(v.as_secs()).u32(v.subsec_nanos())
    }
    /// A field name of an error (see [`Reader::name`]).
    pub(super) fn name(&mut self, v: &'static str) -> &mut Self {
        self.str(v)
    }
    /// 0 for `None`, else 1 and the value.
    pub(super) fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut Self, T)) -> &mut Self {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                f(self, v);
                self
            }
        }
    }
    /// The count, then each item.
    pub(super) fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) -> &mut Self {
        self.usize(items.len());
        for i in items {
            f(self, i);
        }
        self
    }
}

/// Reads values back, in the order they were written.
pub(super) struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Self {
        Reader { buf }
    }
    /// Whether every byte was read: a message with more is malformed.
    pub(super) fn done(&self) -> bool {
        self.buf.is_empty()
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.buf.len() < n {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(super) fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    pub(super) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(super) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    pub(super) fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.usize()?;
        Some(self.take(n)?.to_vec())
    }
    pub(super) fn str(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?).ok()
    }
    /// Errors name fields with `&'static str`s of this build's code: a
    /// name read back is kept for good, once per distinct name, so what is
    /// kept is bounded by the names the code has.
    pub(super) fn name(&mut self) -> Option<&'static str> {
        let s = self.str()?;
        Some(NAMES.with(|n| {
            let mut n = n.borrow_mut();
            if let Some(kept) = n.iter().find(|k| **k == s) {
                return *kept;
            }
            let kept: &'static str = s.leak();
            n.push(kept);
            kept
        }))
    }
    pub(super) fn duration(&mut self) -> Option<Duration> {
        let secs = self.u64()?;
        let nanos = self.u32()?;
        (nanos < 1_000_000_000).then(|| Duration::new(secs, nanos))
    }
    pub(super) fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(f(self)?)),
            _ => None,
        }
    }
    pub(super) fn list<T>(&mut self, mut f: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.usize()?;
        // Each item takes at least one byte: a count beyond what is left
        // is malformed, and must not reserve memory.
        if n > self.buf.len() {
            return None;
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(f(self)?);
        }
        Some(v)
    }
}
