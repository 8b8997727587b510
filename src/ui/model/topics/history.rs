//! What the tree keeps for one topic: its message count and its last few
//! messages, as text previews, so that the selected topic's history shows
//! without the message log (which a flood on other topics may have emptied).

use crate::std_prelude::*;

use std::collections::VecDeque;

/// The messages kept per topic.
pub const HISTORY_LEN: usize = 20;

/// The longest preview kept of a payload, in characters.
pub const PREVIEW_CHARS: usize = 200;

/// One message of a topic's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// When it arrived, in milliseconds since the epoch.
    pub time_ms: f64,
    /// The payload as text, cut to [`PREVIEW_CHARS`] characters.
    pub value: String,
    /// Whether it came retained; an empty payload never counts as
    /// retained, since that is how a deleted retained message arrives.
    pub retained: bool,
}

/// A topic's state as a tree row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicSummary {
    /// The last payload as text, cut to [`PREVIEW_CHARS`] characters.
    pub last_value: String,
    /// Whether the broker is known to hold a retained message here: one
    /// came retained and no empty payload has come since. A message that
    /// comes live, without the flag, does not say the retained one is
    /// gone: a broker sends a retained publish to existing subscribers
    /// without the flag [MQTT-3.3.1-9].
    pub retained: bool,
    /// Messages seen on the topic.
    pub count: u64,
    /// When the last message arrived, in milliseconds since the epoch.
    pub time_ms: f64,
}

/// A topic that has had at least one message.
#[derive(Debug, Clone, Default)]
pub(super) struct TopicInfo {
    count: u64,
    /// Oldest first; never empty once a message is recorded. The last
    /// value is its newest entry rather than a copy.
    history: VecDeque<HistoryEntry>,
    /// See [`TopicSummary::retained`].
    holds_retained: bool,
}

impl TopicInfo {
    /// Adds a message, dropping the oldest beyond [`HISTORY_LEN`].
    pub(super) fn record(&mut self, payload: &[u8], retained: bool, time_ms: f64) {
        self.count += 1;
        if self.history.len() == HISTORY_LEN {
            self.history.pop_front();
        }
        if payload.is_empty() {
            self.holds_retained = false;
        } else if retained {
            self.holds_retained = true;
        }
        self.history.push_back(HistoryEntry {
            time_ms,
            value: preview(payload),
            retained: retained && !payload.is_empty(),
        });
    }

    pub(super) fn count(&self) -> u64 {
        self.count
    }

    pub(super) fn history(&self) -> &VecDeque<HistoryEntry> {
        &self.history
    }

    pub(super) fn summary(&self) -> TopicSummary {
        match self.history.back() {
            Some(last) => TopicSummary {
                last_value: last.value.clone(),
                retained: self.holds_retained,
                count: self.count,
                time_ms: last.time_ms,
            },
            None => TopicSummary {
                last_value: String::new(),
                retained: false,
                count: self.count,
                time_ms: 0.0,
            },
        }
    }
}

/// The first [`PREVIEW_CHARS`] characters of `payload` as text (invalid
/// UTF-8 shows as U+FFFD). Only the first bytes are decoded, so that a
/// megabyte payload costs no more than a short one.
pub fn preview(payload: &[u8]) -> String {
    // Each character takes at most 4 bytes, so this prefix holds at least
    // PREVIEW_CHARS whole characters whenever the payload does.
    let head = &payload[..payload.len().min(PREVIEW_CHARS * 4)];
    String::from_utf8_lossy(head)
        .chars()
        .take(PREVIEW_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_keeps_the_last_twenty_messages() {
        let mut info = TopicInfo::default();
        for i in 0..25 {
            info.record(format!("{i}").as_bytes(), i % 2 == 0, f64::from(i));
        }
        assert_eq!(info.count(), 25);
        assert_eq!(info.history().len(), HISTORY_LEN);
        let values: Vec<&str> = info.history().iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values.first(), Some(&"5"), "the five oldest are dropped");
        assert_eq!(values.last(), Some(&"24"));
        let s = info.summary();
        assert_eq!(
            (s.last_value.as_str(), s.retained, s.count, s.time_ms),
            ("24", true, 25, 24.0)
        );
    }

    #[test]
    fn an_empty_payload_is_never_retained() {
        let mut info = TopicInfo::default();
        info.record(b"on", true, 1.0);
        assert!(info.summary().retained);
        info.record(b"", true, 2.0);
        let s = info.summary();
        assert!(!s.retained);
        assert_eq!(s.last_value, "");
        assert!(
            info.history()[0].retained,
            "earlier entries keep their flag"
        );
    }

    #[test]
    fn a_retained_message_stays_known_through_live_ones_until_an_empty_payload() {
        let mut info = TopicInfo::default();
        info.record(b"120", false, 1.0);
        assert!(!info.summary().retained);
        info.record(b"121", true, 2.0);
        info.record(b"122", false, 3.0);
        assert!(info.summary().retained);
        info.record(b"", false, 4.0);
        assert!(!info.summary().retained);
    }

    #[test]
    fn previews_are_cut_to_whole_characters() {
        assert_eq!(preview(&[b'a'; 500]).len(), PREVIEW_CHARS);
        // 4-byte characters: the byte prefix still holds 200 of them.
        let wide = "😀".repeat(300);
        assert_eq!(preview(wide.as_bytes()), "😀".repeat(PREVIEW_CHARS));
        // One byte shifts every character across the cut.
        let shifted = format!("a{wide}");
        let p = preview(shifted.as_bytes());
        assert_eq!(p.chars().count(), PREVIEW_CHARS);
        assert!(!p.contains('\u{fffd}'));
        assert_eq!(preview(&[0xff, b'x']), "\u{fffd}x");
        assert_eq!(preview(b""), "");
    }
}
