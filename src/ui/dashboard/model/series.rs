//! Bounded buffers of live data: a chart series (points within a time
//! window and under a count) and a log widget's lines (a count, each line
//! cut to a length). However fast messages come, memory stays flat.

use std::collections::VecDeque;

use crate::std_prelude::*;

/// The most characters of a payload kept in a log line or a text value.
pub const MAX_TEXT_CHARS: usize = 1000;

/// `text` cut to [`MAX_TEXT_CHARS`] characters, with `…` when cut.
pub fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
    }
}

/// The lowest, highest and latest value of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Readout {
    /// The lowest value kept.
    pub min: f64,
    /// The highest value kept.
    pub max: f64,
    /// The latest value.
    pub last: f64,
}

/// One chart line: `(time_ms, value)` points, oldest first, at most
/// `max_points` of them and none older than `window_ms` before the newest
/// time seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    points: VecDeque<(f64, f64)>,
    max_points: usize,
    window_ms: f64,
    newest_ms: f64,
}

impl Series {
    /// An empty series keeping at most `max_points` (at least 1) points of
    /// the last `window_seconds`.
    pub fn new(max_points: u32, window_seconds: u32) -> Series {
        let max_points = usize::try_from(max_points.max(1)).unwrap_or(usize::MAX);
        Series {
            points: VecDeque::with_capacity(max_points.min(1024)),
            max_points,
            window_ms: f64::from(window_seconds) * 1000.0,
            newest_ms: f64::NEG_INFINITY,
        }
    }

    /// Adds a point; drops the oldest when over the count or out of the
    /// window. A point older than the newest (a clock stepped back) is
    /// added at its place in time order.
    pub fn push(&mut self, time_ms: f64, value: f64) {
        if !time_ms.is_finite() || !value.is_finite() {
            return;
        }
        let at = self
            .points
            .iter()
            .rposition(|&(t, _)| t <= time_ms)
            .map_or(0, |i| i + 1);
        self.points.insert(at, (time_ms, value));
        self.prune(time_ms);
        while self.points.len() > self.max_points {
            self.points.pop_front();
        }
    }

    /// Drops points that fell out of the window by `now_ms` (call it on a
    /// timer so a quiet series still slides).
    pub fn prune(&mut self, now_ms: f64) {
        self.newest_ms = self.newest_ms.max(now_ms);
        let oldest = self.newest_ms - self.window_ms;
        while self.points.front().is_some_and(|&(t, _)| t < oldest) {
            self.points.pop_front();
        }
    }

    /// The points, oldest first.
    pub fn points(&self) -> &VecDeque<(f64, f64)> {
        &self.points
    }

    /// How many points there are.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The lowest, highest and latest value, if there is a point.
    pub fn readout(&self) -> Option<Readout> {
        let &(_, last) = self.points.back()?;
        let (min, max) = self
            .points
            .iter()
            .fold((last, last), |(lo, hi), &(_, v)| (lo.min(v), hi.max(v)));
        Some(Readout { min, max, last })
    }
}

/// A line of a log widget.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// When it arrived.
    pub time_ms: f64,
    /// The topic it came on.
    pub topic: String,
    /// What is shown: the extracted value, or the payload as text when
    /// the extraction fails; at most [`MAX_TEXT_CHARS`] characters.
    pub text: String,
}

/// The latest lines of a log widget, newest last.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLines {
    lines: VecDeque<LogLine>,
    max: usize,
}

impl LogLines {
    /// An empty log keeping at most `max` (at least 1) lines.
    pub fn new(max: u16) -> LogLines {
        let max = usize::from(max.max(1));
        LogLines {
            lines: VecDeque::with_capacity(max.min(64)),
            max,
        }
    }

    /// Adds a line, dropping the oldest when full.
    pub fn push(&mut self, time_ms: f64, topic: &str, text: &str) {
        if self.lines.len() == self.max {
            self.lines.pop_front();
        }
        self.lines.push_back(LogLine {
            time_ms,
            topic: topic.to_string(),
            text: truncate(text),
        });
    }

    /// The lines, oldest first.
    pub fn lines(&self) -> &VecDeque<LogLine> {
        &self.lines
    }

    /// Forgets every line.
    pub fn clear(&mut self) {
        self.lines.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &Series) -> Vec<f64> {
        s.points().iter().map(|p| p.1).collect()
    }

    #[test]
    fn series_keep_at_most_max_points() {
        let mut s = Series::new(3, 3600);
        for i in 0..10 {
            s.push(f64::from(i) * 1000.0, f64::from(i));
        }
        assert_eq!(values(&s), vec![7.0, 8.0, 9.0]);
        assert_eq!(
            s.readout(),
            Some(Readout {
                min: 7.0,
                max: 9.0,
                last: 9.0
            })
        );
    }

    #[test]
    fn series_keep_only_their_window() {
        let mut s = Series::new(100, 10);
        for (t, v) in [(0.0, 1.0), (5_000.0, 5.0), (9_000.0, 3.0), (12_000.0, 2.0)] {
            s.push(t, v);
        }
        assert_eq!(
            values(&s),
            vec![5.0, 3.0, 2.0],
            "t=0 is older than 12s - 10s"
        );
        s.prune(19_500.0);
        assert_eq!(values(&s), vec![2.0]);
        s.prune(1_000.0);
        assert_eq!(values(&s), vec![2.0], "time going back prunes nothing more");
        s.prune(30_000.0);
        assert!(s.is_empty());
        assert_eq!(s.readout(), None);
    }

    #[test]
    fn late_points_go_in_time_order_and_bad_ones_are_ignored() {
        let mut s = Series::new(10, 60);
        s.push(1_000.0, 1.0);
        s.push(3_000.0, 3.0);
        s.push(2_000.0, 2.0);
        s.push(f64::NAN, 9.0);
        s.push(4_000.0, f64::INFINITY);
        assert_eq!(values(&s), vec![1.0, 2.0, 3.0]);
        assert_eq!(s.readout().map(|r| r.last), Some(3.0));
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn a_flood_keeps_memory_flat() {
        let mut s = Series::new(600, 600);
        let mut log = LogLines::new(50);
        let big = "x".repeat(1 << 16);
        for i in 0..100_000u32 {
            s.push(f64::from(i), f64::from(i % 7));
            log.push(f64::from(i), "t", &big);
        }
        assert_eq!(s.len(), 600);
        assert_eq!(log.lines().len(), 50);
        assert!(
            log.lines()
                .iter()
                .all(|l| l.text.chars().count() == MAX_TEXT_CHARS + 1)
        );
        assert_eq!(s.readout().map(|r| (r.min, r.max)), Some((0.0, 6.0)));
    }

    #[test]
    fn logs_keep_the_latest_lines() {
        let mut log = LogLines::new(2);
        for (i, text) in ["a", "b", "c"].iter().enumerate() {
            log.push(i as f64, "t/1", text);
        }
        let texts: Vec<&str> = log.lines().iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["b", "c"]);
        assert_eq!(log.lines()[1].topic, "t/1");
        log.clear();
        assert!(log.lines().is_empty());
        assert_eq!(LogLines::new(0).max, 1);
    }

    #[test]
    fn text_is_cut_at_a_character_boundary() {
        assert_eq!(truncate("short"), "short");
        let long = "é".repeat(MAX_TEXT_CHARS + 5);
        let cut = truncate(&long);
        assert_eq!(cut.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(cut.ends_with("é…"));
    }
}
