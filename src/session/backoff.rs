//! Reconnect backoff: exponential with full jitter, from a seed the driver
//! supplies (the engine has no randomness of its own).

use core::time::Duration;

use super::options::ReconnectPolicy;
use super::time::millis;

/// A small deterministic generator (xorshift64*), seeded by the driver.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        // Zero is xorshift's one fixed point.
        Rng(seed | 1)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..=max`.
    pub(crate) fn up_to(&mut self, max: u64) -> u64 {
        match max.checked_add(1) {
            Some(n) => self.next_u64() % n,
            None => self.next_u64(),
        }
    }
}

/// `base * 2^shift`, saturating at `u64::MAX`, by a shift: a saturating
/// multiplication was a 128-bit one in the wasm.
fn doubled(base: u64, shift: u32) -> u64 {
    if base.leading_zeros() >= shift {
        base << shift
    } else {
        u64::MAX
    }
}

/// The wait before reconnect attempt `attempt` (0 for the first): uniform
/// between `min_delay` and `min(max_delay, min_delay * 2^(attempt + 1))`,
/// so even the first attempt is spread.
///
/// Full jitter spreads clients that lost the same broker at the same moment
/// over the whole window, so they do not return as one storm; the floor of
/// `min_delay` keeps a client that fails at once from spinning.
pub(crate) fn reconnect_delay(policy: &ReconnectPolicy, attempt: u32, rng: &mut Rng) -> Duration {
    let min = millis(policy.min_delay);
    let max = millis(policy.max_delay).max(min);
    let cap = doubled(min.max(1), attempt.saturating_add(1).min(63)).clamp(min, max);
    Duration::from_millis(min + rng.up_to(cap - min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_within_the_doubling_window() {
        let policy = ReconnectPolicy {
            enabled: true,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            stable_after: Duration::from_secs(10),
            retry_refused_login: false,
        };
        let mut rng = Rng::new(42);
        for attempt in 0..40 {
            let cap = (500u64 << (attempt + 1).min(20)).min(8000);
            for _ in 0..200 {
                let d = reconnect_delay(&policy, attempt, &mut rng).as_millis() as u64;
                assert!((500..=cap).contains(&d), "attempt {attempt}: {d} ms");
            }
        }
    }

    #[test]
    fn doubling_saturates_as_a_multiplication_would() {
        for base in [1, 2, 3, 500, 1 << 40, u64::MAX / 3, u64::MAX >> 1, u64::MAX] {
            for shift in 0..64 {
                assert_eq!(
                    doubled(base, shift),
                    base.saturating_mul(1 << shift),
                    "{base} << {shift}"
                );
            }
        }
    }

    #[test]
    fn jitter_spreads_the_delays() {
        let policy = ReconnectPolicy::default();
        let mut rng = Rng::new(7);
        let delays: alloc::collections::BTreeSet<u128> = (0..100)
            .map(|_| reconnect_delay(&policy, 5, &mut rng).as_millis())
            .collect();
        assert!(delays.len() > 90, "only {} distinct delays", delays.len());
    }
}
