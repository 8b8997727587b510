//! The topic tree: every topic seen, with its last value, retained flag and
//! message count.

use crate::std_prelude::*;

use std::collections::BTreeMap;

/// What the tree shows for one topic.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicInfo {
    /// The last payload, as text, cut to 200 characters.
    pub last_value: String,
    /// Whether the last message was retained.
    pub retained: bool,
    /// Messages seen on the topic.
    pub count: u64,
}

/// Topics by name, sorted, so that levels group together; at most
/// [`MAX_TOPICS`] (a `#` subscription on a public broker would otherwise
/// grow it without end).
#[derive(Debug, Clone, Default)]
pub struct TopicTree {
    topics: BTreeMap<String, TopicInfo>,
    /// Messages on topics not kept because the tree was full.
    pub dropped: u64,
}

/// The most topics the tree keeps.
pub const MAX_TOPICS: usize = 5_000;

/// The longest last value kept per topic.
const PREVIEW_CHARS: usize = 200;

impl TopicTree {
    /// Records a message.
    pub fn record(&mut self, topic: &str, payload: &[u8], retained: bool) {
        if !self.topics.contains_key(topic) && self.topics.len() >= MAX_TOPICS {
            self.dropped += 1;
            return;
        }
        let info = self.topics.entry(topic.to_string()).or_default();
        info.count += 1;
        info.retained = retained;
        info.last_value = String::from_utf8_lossy(payload)
            .chars()
            .take(PREVIEW_CHARS)
            .collect();
    }

    /// Topics in order, each with its depth (levels below the first) for
    /// indentation.
    pub fn rows(&self) -> impl Iterator<Item = (&String, usize, &TopicInfo)> {
        self.topics
            .iter()
            .map(|(t, i)| (t, t.matches('/').count(), i))
    }

    /// How many topics.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// Whether no topic was seen.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// Forgets every topic.
    pub fn clear(&mut self) {
        self.topics.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_last_value_retained_and_count() {
        let mut tree = TopicTree::default();
        tree.record("sensors/room1/voltage", b"120", true);
        tree.record("sensors/room1/voltage", b"121", false);
        tree.record("sensors", b"x", false);
        let rows: Vec<_> = tree
            .rows()
            .map(|(t, d, i)| (t.as_str(), d, i.last_value.as_str(), i.retained, i.count))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("sensors", 0, "x", false, 1),
                ("sensors/room1/voltage", 2, "121", false, 2)
            ]
        );
        tree.record("long", &[b'a'; 500], false);
        for i in 0..MAX_TOPICS {
            tree.record(&format!("t/{i}"), b"", false);
        }
        assert_eq!(tree.len(), MAX_TOPICS);
        assert!(tree.dropped > 0);
        assert_eq!(
            tree.rows()
                .find(|r| r.0 == "long")
                .unwrap()
                .2
                .last_value
                .len(),
            200
        );
    }
}
