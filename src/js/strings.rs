//! JavaScript strings made once and reused.
//!
//! Every received message becomes an MQTT.js-shaped object with the same
//! keys, and a stream of messages mostly repeats a few topics. Turning UTF-8
//! into a JS string (a `TextDecoder` call) cost more than the rest of a
//! delivery in Chromium's profiler, so the keys are handed to JavaScript
//! once, as one text, and named by their place in it; the last few topics
//! and filters are kept for as long as they keep coming.

use crate::std_prelude::*;

use core::cell::RefCell;
use wasm_bindgen::JsValue;

/// How many recent topics and filters are kept.
const RECENT: usize = 16;

std::thread_local! {
    static RECENT_STRINGS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The keys of the JS objects the package reads and writes, each followed
/// by a space. JavaScript gets them once (`setKeys`, called by every
/// `connect`) and keeps them as strings, so a key is passed as its place
/// here (a [`Key`], made by [`key!`]): no text to decode and no cache to
/// search per field, and one copy of each name in the package.
pub(crate) const KEYS: &str = "properties userProperties qos retain payload topic will queueLimit outbox credentials message clientId clean keepalive username password connectTimeout pingTimeout maximumPacketSize maxInFlight reconnectPeriod maxReconnectPeriod resubscribe protocolVersion messages bytes willDelayInterval sessionExpiryInterval receiveMaximum topicAliasMaximum requestResponseInformation qos0 lockWait url payloadFormatIndicator messageExpiryInterval contentType responseTopic correlationData subscriptionIdentifier rh nl rap reasonCode force cmd sessionPresent returnCode assignedClientIdentifier reasonString ";

/// A key of [`KEYS`], by its place.
#[derive(Clone, Copy)]
pub(crate) struct Key(pub(crate) u8);

/// The place of `name` in [`KEYS`]; at compile time through [`key!`], where a
/// name that is not there fails the build.
pub(crate) const fn key_index(name: &str) -> Key {
    let (keys, name) = (KEYS.as_bytes(), name.as_bytes());
    let (mut start, mut place) = (0, 0);
    while start < keys.len() {
        let mut i = 0;
        while i < name.len() && start + i < keys.len() && keys[start + i] == name[i] {
            i += 1;
        }
        if i == name.len() && start + i < keys.len() && keys[start + i] == b' ' {
            return Key(place);
        }
        while keys[start] != b' ' {
            start += 1;
        }
        start += 1;
        place += 1;
    }
    panic!("not a key of KEYS")
}

/// The [`Key`] of a name in [`KEYS`], found at compile time.
macro_rules! key {
    ($name:literal) => {
        const { $crate::js::strings::key_index($name) }
    };
}
pub(crate) use key;

/// The name of `k`, for an error that names it.
pub(crate) fn key_name(k: Key) -> &'static str {
    let mut rest = KEYS;
    for _ in 0..k.0 {
        rest = next_key(rest).1;
    }
    next_key(rest).0
}

/// The first key of `keys` and the keys after it.
fn next_key(keys: &'static str) -> (&'static str, &'static str) {
    let mut i = 0;
    while keys.as_bytes()[i] != b' ' {
        i += 1;
    }
    (&keys[..i], &keys[i + 1..])
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

#[cfg(test)]
mod tests {
    use super::{KEYS, key_index, key_name};

    /// Every key is found at its place, and its name read back from there.
    #[test]
    fn keys_by_place() {
        for (place, name) in KEYS.split_terminator(' ').enumerate() {
            let k = key_index(name);
            assert_eq!(usize::from(k.0), place);
            assert_eq!(key_name(k), name);
        }
        // A key that is the start of another is told apart.
        assert_eq!(key_name(key!("qos")), "qos");
        assert_eq!(key_name(key!("qos0")), "qos0");
        assert_eq!(key_name(key!("message")), "message");
        assert_eq!(key_name(key!("messages")), "messages");
    }
}
