//! Time as data: the engine never reads a clock. The driver passes the
//! current [`Instant`] into every call, from whatever monotonic clock it has
//! (`performance.now()` in a browser; `std::time::Instant` natively).

use core::ops::{Add, Sub};
use core::time::Duration;

/// A point on the driver's monotonic clock, in milliseconds from an epoch
/// of the driver's choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(u64);

impl Instant {
    /// The instant `ms` milliseconds after the driver's epoch.
    pub const fn from_millis(ms: u64) -> Instant {
        Instant(ms)
    }

    /// Milliseconds since the driver's epoch.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The time from `earlier` to `self`, zero if `earlier` is later.
    pub fn saturating_duration_since(self, earlier: Instant) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

/// `d` in whole milliseconds, `u64::MAX` when it has more. Out of line:
/// inlined, its `u128` arithmetic was code of its own at every instant
/// the engine computes, in the npm package.
#[inline(never)]
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0.saturating_add(millis(d)))
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;
    fn sub(self, d: Duration) -> Instant {
        Instant(self.0.saturating_sub(millis(d)))
    }
}

/// A wall-clock time: milliseconds since the Unix epoch (`Date.now()`).
///
/// Unlike an [`Instant`], it means the same across a page reload or a
/// restarted browser, so it is what a stored publication records of when it
/// was accepted (see [`OutboxJournal`](super::OutboxJournal)). The driver
/// reads it; the engine only compares two of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct WallTime(u64);

impl WallTime {
    /// The time `ms` milliseconds after 1970-01-01T00:00:00Z.
    pub const fn from_millis(ms: u64) -> WallTime {
        WallTime(ms)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The time from `earlier` to `self`, zero if `earlier` is later (a
    /// clock set back).
    pub fn saturating_duration_since(self, earlier: WallTime) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

impl Add<Duration> for WallTime {
    type Output = WallTime;
    fn add(self, d: Duration) -> WallTime {
        WallTime(self.0.saturating_add(millis(d)))
    }
}
