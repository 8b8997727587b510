//! JavaScript strings made once and reused.
//!
//! Every received message becomes an MQTT.js-shaped object with the same
//! keys, and a stream of messages mostly repeats a few topics. Turning UTF-8
//! into a JS string (a `TextDecoder` call) cost more than the rest of a
//! delivery in Chromium's profiler, so keys are kept for good and the last
//! few topics and filters for as long as they keep coming.

use crate::std_prelude::*;

use core::cell::RefCell;
use wasm_bindgen::JsValue;

/// How many recent topics and filters are kept.
const RECENT: usize = 16;

std::thread_local! {
    static KEYS: RefCell<Vec<(&'static str, JsValue)>> = const { RefCell::new(Vec::new()) };
    static RECENT_STRINGS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The JS string for a key or other literal, made on first use and kept.
pub(crate) fn key(k: &'static str) -> JsValue {
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, v)) = keys.iter().find(|(s, _)| *s == k) {
            return v.clone();
        }
        let v = JsValue::from_str(k);
        keys.push((k, v.clone()));
        v
    })
}

/// The JS string for `s`, reused when it is one of the last few asked for.
pub(crate) fn recent(s: &str) -> JsValue {
    RECENT_STRINGS.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some(i) = recent.iter().position(|(r, _)| r == s) {
            let v = recent[i].1.clone();
            // Strings asked for often move to the front, one step a hit.
            if i > 0 {
                recent.swap(i - 1, i);
            }
            return v;
        }
        let v = JsValue::from_str(s);
        if recent.len() == RECENT {
            recent.pop();
        }
        recent.push((s.into(), v.clone()));
        v
    })
}
