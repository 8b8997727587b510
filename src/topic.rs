//! Topic names and topic filters: validation, shared subscriptions and
//! matching (MQTT 3.1.1 §4.7, MQTT 5.0 §4.7 and §4.8.2).
//!
//! A topic *name* is what a PUBLISH is sent to; it has no wildcards. A topic
//! *filter* is what a SUBSCRIBE asks for; it may use `+` for one level and
//! `#` for any number of trailing levels. Both are UTF-8 strings of 1 to
//! 65,535 bytes without U+0000 [MQTT-4.7.3-1], [MQTT-4.7.3-2].
//!
//! Topics are plain strings throughout webmqtt, checked where they are
//! used: by the session when a command is issued (a bad one fails that
//! command with the topic named) and by the codec when a packet is
//! encoded. No validated topic type would fit every use: whether a filter
//! is valid depends on the protocol version (`$share/…` has rules only in
//! MQTT 5.0, §4.8.2), and an MQTT 5.0 PUBLISH may carry an empty topic
//! name with a Topic Alias (§3.3.2.3.4).

use crate::text::{Describe, Text, display_by_describe, pick};

/// The longest topic, as for any UTF-8 Encoded String (MQTT 5.0 §1.5.4).
pub const MAX_TOPIC_LEN: usize = 65_535;

/// The prefix of a shared subscription's filter (MQTT 5.0 §4.8.2).
pub const SHARED_PREFIX: &str = "$share/";

/// Why a string is not a valid topic name or filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TopicError {
    /// The topic is empty [MQTT-4.7.3-1].
    Empty,
    /// The topic is longer than 65,535 bytes [MQTT-4.7.3-3].
    TooLong(usize),
    /// The topic contains U+0000 [MQTT-4.7.3-2].
    NullCharacter,
    /// A topic name contains `+` or `#` [MQTT-4.7.1-1].
    WildcardInName,
    /// `#` is not alone in the last level of a filter [MQTT-4.7.1-2].
    MisplacedMultiLevelWildcard,
    /// `+` does not fill a whole level of a filter [MQTT-4.7.1-3].
    MisplacedSingleLevelWildcard,
    /// A shared subscription's share name is empty [MQTT-4.8.2-1].
    EmptyShareName,
    /// A shared subscription's share name contains `+` or `#`
    /// [MQTT-4.8.2-2].
    WildcardInShareName,
    /// A shared subscription has no topic filter after its share name
    /// [MQTT-4.8.2-2].
    EmptySharedFilter,
}

/// The texts of [`TopicError`], for [`pick`] (the comment is each text's
/// index): an index per variant, not a pointer and a length.
const TEXTS: &str = concat!(
    "topic is empty\n",                                      // 0
    "topic contains U+0000\n",                               // 1
    "topic name contains a wildcard (+ or #)\n",             // 2
    "# must be alone in the last level of a topic filter\n", // 3
    "+ must fill a whole level of a topic filter\n",         // 4
    "shared subscription has an empty share name\n",         // 5
    "shared subscription's share name contains + or #\n",    // 6
    "shared subscription has no topic filter\n",             // 7
);

impl Describe for TopicError {
    fn describe(&self, t: &mut Text) {
        let i = match self {
            TopicError::Empty => 0,
            TopicError::TooLong(n) => {
                t.s("topic is ").n(*n as u64).s(" bytes, over 65535");
                return;
            }
            TopicError::NullCharacter => 1,
            TopicError::WildcardInName => 2,
            TopicError::MisplacedMultiLevelWildcard => 3,
            TopicError::MisplacedSingleLevelWildcard => 4,
            TopicError::EmptyShareName => 5,
            TopicError::WildcardInShareName => 6,
            TopicError::EmptySharedFilter => 7,
        };
        t.s(pick(TEXTS, i));
    }
}

display_by_describe!(TopicError);

impl core::error::Error for TopicError {}

const ONES: u64 = 0x0101_0101_0101_0101;

/// Whether any byte of `x` is zero (exact; SWAR, "Bit Twiddling Hacks").
#[inline]
const fn zero_byte(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// Whether `flag` is set for any 8-byte word of `b`, eight bytes at a time;
/// faster than `memchr::memchr3` on names up to 64 bytes and used instead
/// of it (`benches/topic_scan.rs`, BENCHMARKS.md "Topic names");
/// the last word overlaps the one before it, so no byte loop is needed.
/// A slice shorter than 8 bytes is read as two overlapping 4-byte words, or
/// (under 4) as its first, middle and last bytes padded with 0xFF, which no
/// check looks for: every byte is seen, none twice matters.
#[inline]
fn any_word(b: &[u8], flag: impl Fn(u64) -> u64) -> bool {
    let n = b.len();
    if n < 8 {
        let w = if n >= 4 {
            let t = &b[n - 4..];
            u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                | (u64::from(u32::from_le_bytes([t[0], t[1], t[2], t[3]])) << 32)
        } else if n > 0 {
            u64::from_le_bytes([b[0], b[n / 2], b[n - 1], 0xff, 0xff, 0xff, 0xff, 0xff])
        } else {
            return false;
        };
        return flag(w) != 0;
    }
    let mut acc = 0;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        acc |= flag(u64::from_le_bytes([
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
        ]));
    }
    if !chunks.remainder().is_empty() {
        let t = &b[b.len() - 8..];
        acc |= flag(u64::from_le_bytes([
            t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7],
        ]));
    }
    acc != 0
}

/// Whether `b` holds a U+0000: byte by byte, for the strings other than
/// topic names (client identifiers, user properties, filters), which are
/// short. A PUBLISH's topic is scanned by [`validate_name`] alone, and the
/// word scan here was a second copy of it (~450 bytes of wasm). Not
/// `contains`, whose `memchr` was 157 bytes more of the npm package, gzip.
#[allow(clippy::manual_contains)]
pub(crate) fn has_nul(b: &[u8]) -> bool {
    b.iter().any(|&c| c == 0)
}

/// Whether `b` holds U+0000, `+` or `#`, in one pass.
#[inline]
fn has_nul_or_wildcard(b: &[u8]) -> bool {
    any_word(b, |x| {
        zero_byte(x) | zero_byte(x ^ (ONES * b'+' as u64)) | zero_byte(x ^ (ONES * b'#' as u64))
    })
}

fn check_common(s: &str) -> Result<(), TopicError> {
    if s.is_empty() {
        return Err(TopicError::Empty);
    }
    if s.len() > MAX_TOPIC_LEN {
        return Err(TopicError::TooLong(s.len()));
    }
    if has_nul(s.as_bytes()) {
        return Err(TopicError::NullCharacter);
    }
    Ok(())
}

/// Checks a topic name: 1 to 65,535 bytes, no U+0000, no wildcards.
#[inline]
pub fn validate_name(s: &str) -> Result<(), TopicError> {
    if !s.is_empty() && s.len() <= MAX_TOPIC_LEN && !has_nul_or_wildcard(s.as_bytes()) {
        return Ok(());
    }
    // Slow path, only for invalid names: the original checks, in order.
    check_common(s)?;
    if s.bytes().any(|b| b == b'+' || b == b'#') {
        return Err(TopicError::WildcardInName);
    }
    Ok(())
}

/// Checks a topic filter by the rules of MQTT 3.1.1 §4.7: `#` alone in the
/// last level, `+` alone in its level. `$share/…` gets no special treatment.
pub fn validate_plain_filter(s: &str) -> Result<(), TopicError> {
    check_common(s)?;
    check_levels(s)
}

/// Checks a topic filter by the rules of MQTT 5.0: those of
/// [`validate_plain_filter`], and for a filter that starts with `$share/`,
/// the shared subscription form `$share/{ShareName}/{filter}` (§4.8.2).
pub fn validate_filter(s: &str) -> Result<(), TopicError> {
    check_common(s)?;
    match SharedFilter::split(s)? {
        Some(shared) => check_levels(shared.filter),
        None => check_levels(s),
    }
}

/// Checks where the wildcards of a filter stand, byte by byte: filters are
/// checked once per subscribe, off the PUBLISH path, so without the word
/// scan that [`validate_name`] uses (a copy of ~450 bytes of wasm).
fn check_levels(s: &str) -> Result<(), TopicError> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let alone =
            (i == 0 || bytes[i - 1] == b'/') && (i + 1 == bytes.len() || bytes[i + 1] == b'/');
        match b {
            b'#' if !alone || i + 1 != bytes.len() => {
                return Err(TopicError::MisplacedMultiLevelWildcard);
            }
            b'+' if !alone => return Err(TopicError::MisplacedSingleLevelWildcard),
            _ => {}
        }
    }
    Ok(())
}

/// A shared subscription's parts: `$share/{share_name}/{filter}`
/// (MQTT 5.0 §4.8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedFilter<'a> {
    /// The share name: the group of subscribers that share the messages.
    pub share_name: &'a str,
    /// The topic filter messages are matched against.
    pub filter: &'a str,
}

impl<'a> SharedFilter<'a> {
    /// Splits a filter that starts with `$share/` into its parts, `None` for
    /// any other filter, or the error that makes it invalid.
    pub fn split(s: &'a str) -> Result<Option<SharedFilter<'a>>, TopicError> {
        let Some(rest) = s.strip_prefix(SHARED_PREFIX) else {
            return Ok(None);
        };
        let (share_name, filter) = split_level(rest).unwrap_or((rest, ""));
        if share_name.is_empty() {
            return Err(TopicError::EmptyShareName);
        }
        if share_name.bytes().any(|b| b == b'+' || b == b'#') {
            return Err(TopicError::WildcardInShareName);
        }
        if filter.is_empty() {
            return Err(TopicError::EmptySharedFilter);
        }
        Ok(Some(SharedFilter { share_name, filter }))
    }
}

/// A topic's levels, split at `/`: by byte, as `/` is ASCII; `str::split`
/// with a `char` links core's UTF-8 pattern searcher (~0.8 KB of wasm).
fn levels(s: &str) -> impl Iterator<Item = &[u8]> {
    s.as_bytes().split(|&b| b == b'/')
}

/// `s` split at its first `/`, as `s.split_once('/')` does.
fn split_level(s: &str) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == b'/')?;
    Some((&s[..i], &s[i + 1..]))
}

/// Whether `filter` matches the topic name `name` (MQTT 5.0 §4.7).
///
/// A shared subscription matches by its inner filter. Topics starting with
/// `$` are not matched by a filter whose first level is a wildcard
/// [MQTT-4.7.2-1]. `sport/#` matches `sport` itself (§4.7.1.2). Both
/// arguments are assumed valid; invalid ones simply do not match.
pub fn matches(filter: &str, name: &str) -> bool {
    let filter = match SharedFilter::split(filter) {
        Ok(Some(shared)) => shared.filter,
        Ok(None) => filter,
        Err(_) => return false,
    };
    if name.as_bytes().first() == Some(&b'$')
        && matches!(filter.as_bytes().first(), Some(b'+' | b'#'))
    {
        return false;
    }
    let mut f = levels(filter);
    let mut n = levels(name);
    loop {
        match (f.next(), n.next()) {
            (Some(b"#"), _) => return true,
            (Some(b"+"), Some(_)) => {}
            (Some(fl), Some(nl)) if fl == nl => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Whether some topic name could match both filters. Shared subscriptions
/// are compared by the filter after `$share/{group}/`. An over-estimate for
/// `$` topics, which `#` and `+` at the first level do not match.
pub fn filters_overlap(a: &str, b: &str) -> bool {
    fn plain(f: &str) -> &str {
        f.strip_prefix(SHARED_PREFIX)
            .and_then(split_level)
            .map_or(f, |(_, filter)| filter)
    }
    let (mut a, mut b) = (levels(plain(a)), levels(plain(b)));
    loop {
        match (a.next(), b.next()) {
            // `#` matches its parent level and everything below it.
            (Some(b"#"), _) | (_, Some(b"#")) | (None, None) => return true,
            (Some(x), Some(y)) if x == b"+" || y == b"+" || x == y => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text is picked by index: one out of place shows here.
    #[test]
    fn texts_of_every_error() {
        for (error, text) in [
            (TopicError::Empty, "topic is empty"),
            (
                TopicError::TooLong(70_000),
                "topic is 70000 bytes, over 65535",
            ),
            (TopicError::NullCharacter, "topic contains U+0000"),
            (
                TopicError::WildcardInName,
                "topic name contains a wildcard (+ or #)",
            ),
            (
                TopicError::MisplacedMultiLevelWildcard,
                "# must be alone in the last level of a topic filter",
            ),
            (
                TopicError::MisplacedSingleLevelWildcard,
                "+ must fill a whole level of a topic filter",
            ),
            (
                TopicError::EmptyShareName,
                "shared subscription has an empty share name",
            ),
            (
                TopicError::WildcardInShareName,
                "shared subscription's share name contains + or #",
            ),
            (
                TopicError::EmptySharedFilter,
                "shared subscription has no topic filter",
            ),
        ] {
            assert_eq!(error.text(), text);
        }
    }
}
