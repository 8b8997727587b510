//! One re-armable timer on `globalThis.setTimeout`, for the engine's next
//! deadline. Works in windows and workers.
//!
//! Not `gloo_timers::callback::Timeout` (which would cost 32 bytes gzip):
//! it is one-shot, so each re-arm, which happens whenever the engine's
//! next deadline moves, would allocate a new closure. This timer owns no
//! closure at all: it calls the driver's one JS function with its kind
//! (see `Driver::on_wake`). Where `setTimeout` is missing it is never
//! armed, and the engine's deadlines wait for the next input.

use wasm_bindgen::JsValue;

use super::glue::{release, set_timer};

/// A timer that calls the function it is armed with once per arming.
/// Dropping it cancels the pending call.
pub(crate) struct Timer {
    /// What the function is called with, to tell the timers apart.
    kind: u32,
    /// The pending call's handle and instant.
    armed: Option<(JsValue, u64)>,
}

impl Timer {
    pub(crate) fn new(kind: u32) -> Timer {
        Timer { kind, armed: None }
    }

    /// Arms the timer to call `f` with its kind at `at` (milliseconds on
    /// the page clock), given the current time `now`; re-arming for the
    /// same instant is free.
    pub(crate) fn arm(&mut self, f: &JsValue, now: u64, at: u64) {
        if self.is_armed_for(at) {
            return;
        }
        self.cancel();
        let delay = at.saturating_sub(now).min(i32::MAX as u64) as f64;
        let handle = set_timer(f, delay, self.kind as i32);
        if !handle.is_undefined() {
            self.armed = Some((handle, at));
        }
    }

    /// Whether a call is pending for `at`.
    pub(crate) fn is_armed_for(&self, at: u64) -> bool {
        self.armed.as_ref().is_some_and(|(_, a)| *a == at)
    }

    /// Whether a call is pending.
    pub(crate) fn is_armed(&self) -> bool {
        self.armed.is_some()
    }

    /// The timer fired: it is no longer armed.
    pub(crate) fn fired(&mut self) {
        self.armed = None;
    }

    pub(crate) fn cancel(&mut self) {
        if let Some((handle, _)) = self.armed.take() {
            release(&handle);
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.cancel();
    }
}
