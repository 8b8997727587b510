//! The message log: a ring buffer with a cap, newest first, filtered by
//! topic or text. Memory stays bounded however long the app runs.

use crate::std_prelude::*;

use std::collections::VecDeque;

use crate::session::Message;

/// One received (or sent) message, as the log shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Increasing identifier, the key for the list view.
    pub id: u64,
    /// Milliseconds since the Unix epoch when it arrived.
    pub time_ms: f64,
    /// The topic.
    pub topic: String,
    /// The payload.
    pub payload: Vec<u8>,
    /// The QoS it arrived with.
    pub qos: u8,
    /// The retain flag.
    pub retain: bool,
    /// The DUP flag.
    pub dup: bool,
    /// MQTT 5.0 properties, in a line of text.
    pub properties: String,
    /// Whether this client published it (shown as outgoing).
    pub outgoing: bool,
}

impl LogEntry {
    /// A received message as the log shows it, arrived at `time_ms`; its
    /// MQTT 5.0 properties in one line.
    pub fn received(m: &Message, time_ms: f64) -> LogEntry {
        let p = &m.properties;
        let mut props = Vec::new();
        if let Some(c) = &p.content_type {
            props.push(format!("content-type={c}"));
        }
        if let Some(r) = &p.response_topic {
            props.push(format!("response-topic={r}"));
        }
        if let Some(e) = p.message_expiry_interval {
            props.push(format!("expiry={e}s"));
        }
        for u in &p.user_properties {
            props.push(format!("{}={}", u.name, u.value));
        }
        LogEntry {
            id: 0,
            time_ms,
            topic: m.topic.clone(),
            payload: m.payload.clone(),
            qos: m.qos.as_u8(),
            retain: m.retain,
            dup: m.dup,
            properties: props.join(", "),
            outgoing: false,
        }
    }
}

/// The newest messages, at most `cap` of them.
#[derive(Debug, Clone)]
pub struct MessageLog {
    entries: VecDeque<LogEntry>,
    cap: usize,
    next_id: u64,
    /// Messages that arrived in total, evicted ones included.
    pub total: u64,
}

/// The default cap: ten thousand messages.
pub const DEFAULT_CAP: usize = 10_000;

impl Default for MessageLog {
    fn default() -> Self {
        MessageLog::with_cap(DEFAULT_CAP)
    }
}

impl MessageLog {
    /// An empty log keeping at most `cap` messages (at least one).
    pub fn with_cap(cap: usize) -> Self {
        MessageLog {
            entries: VecDeque::new(),
            cap: cap.max(1),
            next_id: 0,
            total: 0,
        }
    }

    /// The cap.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Changes the cap, dropping the oldest messages beyond it.
    pub fn set_cap(&mut self, cap: usize) {
        self.cap = cap.max(1);
        while self.entries.len() > self.cap {
            self.entries.pop_front();
        }
    }

    /// Adds a message (its `id` is assigned here), evicting the oldest when
    /// full.
    pub fn push(&mut self, mut entry: LogEntry) {
        entry.id = self.next_id;
        self.next_id += 1;
        self.total += 1;
        if self.entries.len() == self.cap {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Forgets every message.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many messages are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no message is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Messages newest first whose topic or text payload contains `filter`
    /// (case-insensitive; every message when `filter` is empty).
    pub fn newest_first<'a>(&'a self, filter: &'a str) -> impl Iterator<Item = &'a LogEntry> + 'a {
        let needle = filter.to_lowercase();
        self.entries.iter().rev().filter(move |e| {
            needle.is_empty()
                || e.topic.to_lowercase().contains(&needle)
                || String::from_utf8_lossy(&e.payload)
                    .to_lowercase()
                    .contains(&needle)
        })
    }
}

impl MessageLog {
    /// One window of the filtered view, newest first: how many messages
    /// match in all, and the `take` of them after skipping `skip` — what a
    /// scrolled, virtualized list renders.
    pub fn window<'a>(
        &'a self,
        filter: &'a str,
        skip: usize,
        take: usize,
    ) -> (usize, Vec<&'a LogEntry>) {
        if filter.is_empty() {
            let total = self.entries.len();
            let rows = self.entries.iter().rev().skip(skip).take(take).collect();
            return (total, rows);
        }
        let mut total = 0;
        let mut rows = Vec::new();
        for e in self.newest_first(filter) {
            if total >= skip && rows.len() < take {
                rows.push(e);
            }
            total += 1;
        }
        (total, rows)
    }

    /// Keyboard movement in the filtered view, newest first: the message
    /// `delta` rows after `from` (before it when negative), clamped to the
    /// ends, with its position. With no `from` (or one no longer shown) it
    /// starts at the newest. `None` only when nothing matches.
    pub fn step(&self, filter: &str, from: Option<u64>, delta: isize) -> Option<(u64, usize)> {
        let ids: Vec<u64> = self.newest_first(filter).map(|e| e.id).collect();
        let last = ids.len().checked_sub(1)?;
        let Some(at) = from.and_then(|id| ids.iter().position(|&x| x == id)) else {
            return Some((ids[0], 0));
        };
        let to = at.saturating_add_signed(delta).min(last);
        Some((ids[to], to))
    }

    /// The message with `id`, if still kept.
    pub fn get(&self, id: u64) -> Option<&LogEntry> {
        // Identifiers increase along the deque, so search by position.
        let first = self.entries.front()?.id;
        self.entries
            .get(usize::try_from(id.checked_sub(first)?).ok()?)
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break
/// (RFC 4180).
fn csv_field(s: &str) -> String {
    // A field a spreadsheet would run as a formula starts with a quote mark
    // instead (broker data must not become a formula).
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    let s = s.as_str();
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl MessageLog {
    /// The kept messages, oldest first, as CSV with a header row.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("time_ms,topic,qos,retain,dup,payload\n");
        for e in &self.entries {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                e.time_ms,
                csv_field(&e.topic),
                e.qos,
                e.retain,
                e.dup,
                csv_field(&String::from_utf8_lossy(&e.payload))
            ));
        }
        out
    }

    /// The kept messages, oldest first, one JSON object per line.
    pub fn to_json_lines(&self) -> String {
        self.entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "time": e.time_ms, "topic": e.topic, "payload": String::from_utf8_lossy(&e.payload),
                    "qos": e.qos, "retain": e.retain, "dup": e.dup, "properties": e.properties,
                })
                .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyboard_steps_move_through_the_filtered_view_and_stop_at_the_ends() {
        let mut log = MessageLog::default();
        for t in ["a/1", "b/1", "a/2", "a/3"] {
            log.push(entry(t, "x"));
        }
        // Newest first, filtered to "a/": ids 3, 2, 0.
        assert_eq!(log.step("a/", None, 1), Some((3, 0)));
        assert_eq!(log.step("a/", Some(3), 1), Some((2, 1)));
        assert_eq!(log.step("a/", Some(2), 1), Some((0, 2)));
        assert_eq!(log.step("a/", Some(0), 1), Some((0, 2)));
        assert_eq!(log.step("a/", Some(0), -10), Some((3, 0)));
        // A row the filter hides starts again at the newest.
        assert_eq!(log.step("a/", Some(1), 1), Some((3, 0)));
        assert_eq!(log.step("a/", Some(3), isize::MAX), Some((0, 2)));
        assert_eq!(log.step("zzz", None, 1), None);
    }

    #[test]
    fn windows_page_through_the_filtered_view() {
        let mut log = MessageLog::with_cap(100);
        for i in 0..150 {
            log.push(entry(
                if i % 2 == 0 { "even" } else { "odd" },
                &i.to_string(),
            ));
        }
        let (total, rows) = log.window("", 10, 3);
        assert_eq!(total, 100);
        assert_eq!(
            rows.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![139, 138, 137]
        );
        let (total, rows) = log.window("even", 2, 2);
        assert_eq!(total, 50);
        assert_eq!(
            rows.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![144, 142]
        );
        assert_eq!(log.get(60).map(|e| e.id), Some(60));
        assert!(log.get(49).is_none(), "evicted");
        assert!(log.get(150).is_none());
    }

    #[test]
    fn exports_quote_what_needs_quoting() {
        let mut log = MessageLog::default();
        log.push(entry("a,b", "say \"hi\"\nbye"));
        log.push(entry("plain", "120"));
        log.push(entry("f", "=HYPERLINK(\"x\")"));
        let csv = log.to_csv();
        assert_eq!(
            csv,
            "time_ms,topic,qos,retain,dup,payload\n0,\"a,b\",0,false,false,\"say \"\"hi\"\"\nbye\"\n0,plain,0,false,false,120\n0,f,0,false,false,\"'=HYPERLINK(\"\"x\"\")\"\n"
        );
        let json = log.to_json_lines();
        let lines: Vec<&str> = json.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("\"payload\":\"120\""));
    }

    fn entry(topic: &str, payload: &str) -> LogEntry {
        LogEntry {
            id: 0,
            time_ms: 0.0,
            topic: topic.into(),
            payload: payload.as_bytes().to_vec(),
            qos: 0,
            retain: false,
            dup: false,
            properties: String::new(),
            outgoing: false,
        }
    }

    #[test]
    fn the_cap_bounds_memory_and_keeps_the_newest() {
        let mut log = MessageLog::with_cap(3);
        for i in 0..10 {
            log.push(entry("t", &i.to_string()));
        }
        assert_eq!(log.len(), 3);
        assert_eq!(log.total, 10);
        let shown: Vec<String> = log
            .newest_first("")
            .map(|e| String::from_utf8(e.payload.clone()).unwrap())
            .collect();
        assert_eq!(shown, ["9", "8", "7"]);
        log.set_cap(1);
        assert_eq!(log.newest_first("").next().unwrap().payload, b"9");
    }

    #[test]
    fn filter_matches_topic_or_text_ignoring_case() {
        let mut log = MessageLog::default();
        log.push(entry("sensors/Room1/voltage", "120"));
        log.push(entry("other", r#"{"alarm": "HIGH"}"#));
        log.push(entry("other", "quiet"));
        let topics = |f: &str| log.newest_first(f).map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(topics("room1"), vec![0]);
        assert_eq!(topics("high"), vec![1]);
        assert_eq!(topics(""), vec![2, 1, 0]);
        log.clear();
        assert!(log.is_empty());
    }
}
