//! The browser's clock and randomness, for the engine that has neither.
//! Everything goes through `globalThis`, so it works in a window, a
//! dedicated Worker and a SharedWorker alike.

use crate::session::{Instant, WallTime};

/// Milliseconds on the page's monotonic clock (`performance.now()`, or
/// `Date.now()` where there is no `performance`).
pub(crate) fn now() -> Instant {
    at(super::glue::now(0))
}

/// The instant of a reading of that clock made in JS.
pub(crate) fn at(ms: f64) -> Instant {
    // Non-negative and far below 2^53: the conversion cannot wrap.
    Instant::from_millis(ms.max(0.0) as u64)
}

/// The wall clock (`Date.now()`), for what must mean the same after a
/// reload: when a stored publication was accepted.
pub(crate) fn wall_now() -> WallTime {
    // Non-negative for any date after 1970, and far below 2^53.
    WallTime::from_millis(super::glue::now(1).max(0.0) as u64)
}

/// A random 64-bit value for client identifiers and reconnect jitter, from
/// `crypto.getRandomValues`, so that two tabs opened in the same
/// millisecond never pick the same client identifier: with `Math.random`
/// they could, as some engines seed it from the clock, and the broker then
/// takes one tab's session over for the other [MQTT-3.1.4-2]. Falls back to
/// `Math.random` where there is no Web Crypto. Through the JS snippet
/// rather than the `getrandom` crate, whose bindings and error handling
/// cost more than the two lines of JS.
pub(crate) fn random_u64() -> u64 {
    (u64::from(super::glue::random32()) << 32) | u64::from(super::glue::random32())
}
