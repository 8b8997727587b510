//! Plots of numeric JSON fields: sensors publish `{"voltage": 120}`, and
//! every numeric field of a JSON object payload becomes a series, found
//! without configuration.

use crate::std_prelude::*;

use std::collections::BTreeMap;
use std::collections::VecDeque;

/// The numeric fields of a JSON object payload, in key order; nested
/// objects give dotted names (`{"a": {"b": 1}}` → `a.b`). Anything else
/// gives none.
pub fn numeric_fields(payload: &[u8]) -> Vec<(String, f64)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(payload)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect(&map, "", &mut out);
    out
}

fn collect(
    map: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    out: &mut Vec<(String, f64)>,
) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            serde_json::Value::Number(n) => {
                if let Some(v) = n.as_f64() {
                    out.push((name, v));
                }
            }
            serde_json::Value::Object(inner) => collect(inner, &name, out),
            _ => {}
        }
    }
}

/// One series: a topic's field over time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeriesKey {
    /// The topic.
    pub topic: String,
    /// The field's dotted name.
    pub field: String,
}

/// The points of every series, each capped.
#[derive(Debug, Clone)]
pub struct Plots {
    series: BTreeMap<SeriesKey, VecDeque<(f64, f64)>>,
    points_per_series: usize,
    max_series: usize,
}

impl Default for Plots {
    fn default() -> Self {
        Plots {
            series: BTreeMap::new(),
            points_per_series: 600,
            max_series: 200,
        }
    }
}

impl Plots {
    /// Adds the numeric fields of a message that arrived at `time_ms`.
    /// New series beyond the series cap are ignored (the cap keeps memory
    /// bounded on a broker with many topics).
    pub fn add(&mut self, topic: &str, payload: &[u8], time_ms: f64) {
        for (field, value) in numeric_fields(payload) {
            let key = SeriesKey {
                topic: topic.to_string(),
                field,
            };
            if !self.series.contains_key(&key) && self.series.len() >= self.max_series {
                continue;
            }
            let points = self.series.entry(key).or_default();
            if points.len() == self.points_per_series {
                points.pop_front();
            }
            points.push_back((time_ms, value));
        }
    }

    /// Every series with its points, oldest first.
    pub fn series(&self) -> impl Iterator<Item = (&SeriesKey, &VecDeque<(f64, f64)>)> {
        self.series.iter()
    }

    /// The points of one series.
    pub fn points(&self, key: &SeriesKey) -> Option<&VecDeque<(f64, f64)>> {
        self.series.get(key)
    }

    /// Forgets every series.
    pub fn clear(&mut self) {
        self.series.clear();
    }

    /// The series to give a chart, given the ones `drawn` so far (in
    /// order, as this gives them): those still here, and up to `limit`
    /// more, in order — or `None` when that is `drawn` as it is. Also says
    /// whether more are left waiting.
    pub fn admit(&self, drawn: &[SeriesKey], limit: usize) -> (Option<Vec<SeriesKey>>, bool) {
        let is_drawn = |key: &SeriesKey| drawn.binary_search(key).is_ok();
        let mut kept = 0;
        let mut new = 0;
        for key in self.series.keys() {
            if is_drawn(key) {
                kept += 1;
            } else {
                new += 1;
            }
        }
        let waiting = new > limit;
        if new == 0 && kept == drawn.len() {
            return (None, waiting);
        }
        let mut next = Vec::with_capacity(kept + new.min(limit));
        let mut admitted = 0;
        for key in self.series.keys() {
            if is_drawn(key) {
                next.push(key.clone());
            } else if admitted < limit {
                admitted += 1;
                next.push(key.clone());
            }
        }
        (Some(next), waiting)
    }
}

/// How many new series a frame gives a chart at most. A new chart is a few
/// dozen elements to build and lay out, a few milliseconds each on a slow
/// machine: 200 new topics in one burst, drawn at once, made tasks of over
/// 100 ms that input waited behind. At four a frame, 200 charts take about
/// a second to appear, and their data is complete from the start.
pub const NEW_CHARTS_PER_FRAME: usize = 4;

/// What a plot draws: the line, its last point (so a series of one value
/// shows), and the ranges its axes are labelled with.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotFrame {
    /// The SVG polyline `points` attribute.
    pub line: String,
    /// Where the last point is drawn.
    pub last: (f64, f64),
    /// The lowest and highest values shown.
    pub low: f64,
    /// The highest value shown.
    pub high: f64,
    /// The time of the first point, in milliseconds since the epoch.
    pub from_ms: f64,
    /// The time of the last point.
    pub to_ms: f64,
}

/// The frame for `points` in a `width` × `height` box; `None` without
/// points. A single value sits mid-height at the right edge.
pub fn frame(points: &VecDeque<(f64, f64)>, width: f64, height: f64) -> Option<PlotFrame> {
    let (first, last) = (points.front()?, points.back()?);
    let (low, high) = value_range(points);
    let place = placer(points, width, height)?;
    Some(PlotFrame {
        line: polyline(points, width, height),
        last: place(*last),
        low,
        high,
        from_ms: first.0,
        to_ms: last.0,
    })
}

/// The lowest and highest value of `points`.
fn value_range(points: &VecDeque<(f64, f64)>) -> (f64, f64) {
    points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        })
}

/// Where a point of `points` goes in a `width` × `height` box (time left to
/// right, value bottom to top; one point alone at the right edge,
/// mid-height); `None` without points.
fn placer(
    points: &VecDeque<(f64, f64)>,
    width: f64,
    height: f64,
) -> Option<impl Fn((f64, f64)) -> (f64, f64) + use<>> {
    let (first, last) = (points.front()?, points.back()?);
    let single = points.len() == 1;
    let (t0, t1) = (first.0, last.0.max(first.0 + 1.0));
    let (lo, hi) = value_range(points);
    let span = if hi > lo { hi - lo } else { 1.0 };
    Some(move |(t, v): (f64, f64)| {
        if single {
            (width, height / 2.0)
        } else {
            (
                (t - t0) / (t1 - t0) * width,
                height - (v - lo) / span * height,
            )
        }
    })
}

/// The point of `points` drawn nearest to `x` across a `width` × `height`
/// box (placed as [`frame`] places them): what a plot shows under the
/// pointer. Gives the point's place, then its time and value.
pub fn nearest(
    points: &VecDeque<(f64, f64)>,
    width: f64,
    height: f64,
    x: f64,
) -> Option<((f64, f64), (f64, f64))> {
    let place = placer(points, width, height)?;
    points
        .iter()
        .map(|&p| (place(p), p))
        .min_by(|a, b| (a.0.0 - x).abs().total_cmp(&(b.0.0 - x).abs()))
}

/// An SVG polyline `points` attribute for `points` scaled into a
/// `width` × `height` box, placed as [`frame`] places them.
pub fn polyline(points: &VecDeque<(f64, f64)>, width: f64, height: f64) -> String {
    let Some(place) = placer(points, width, height) else {
        return String::new();
    };
    let mut out = String::with_capacity(points.len() * 12);
    for (i, &p) in points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (x, y) = place(p);
        push_tenths(&mut out, x);
        out.push(',');
        push_tenths(&mut out, y);
    }
    out
}

/// Appends `v` with one decimal, like `{:.1}` (halves may round the other
/// way) but through integer formatting: the general float formatter was
/// the plots' largest cost, run for every point of every chart each frame.
fn push_tenths(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    // Beyond what an i64 holds exactly (never, for a point in a plot), or
    // not a number: the general formatter.
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        out.push_str(&format!("{v:.1}"));
        return;
    }
    let t = tenths as i64;
    if t < 0 {
        out.push('-');
    }
    let t = t.unsigned_abs();
    push_digits(out, t / 10);
    out.push('.');
    push_digits(out, t % 10);
}

/// Appends the decimal digits of `n`.
fn push_digits(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_fields_are_found_in_json_objects() {
        assert_eq!(
            numeric_fields(br#"{"voltage": 120}"#),
            vec![("voltage".to_string(), 120.0)]
        );
        assert_eq!(
            numeric_fields(br#"{"a": {"b": 1.5}, "name": "x", "ok": true, "n": -2}"#),
            vec![("a.b".to_string(), 1.5), ("n".to_string(), -2.0)]
        );
        assert!(numeric_fields(b"120").is_empty());
        assert!(numeric_fields(b"[1, 2]").is_empty());
        assert!(numeric_fields(b"not json").is_empty());
    }

    #[test]
    fn series_are_capped() {
        let mut plots = Plots {
            points_per_series: 3,
            max_series: 1,
            ..Plots::default()
        };
        for i in 0..5 {
            plots.add("s/1", format!(r#"{{"v": {i}}}"#).as_bytes(), f64::from(i));
            plots.add("s/2", br#"{"v": 1}"#, f64::from(i));
        }
        let all: Vec<_> = plots.series().collect();
        assert_eq!(all.len(), 1, "the second series is over the cap");
        let values: Vec<f64> = all[0].1.iter().map(|p| p.1).collect();
        assert_eq!(values, vec![2.0, 3.0, 4.0]);
    }

    #[test]
    fn new_series_get_charts_a_few_at_a_time_and_gone_ones_lose_theirs() {
        let mut plots = Plots::default();
        for t in ["a", "b", "c", "d", "e"] {
            plots.add(t, br#"{"v": 1}"#, 0.0);
        }
        let (drawn, waiting) = plots.admit(&[], 2);
        let drawn = drawn.unwrap();
        let topics = |d: &[SeriesKey]| d.iter().map(|k| k.topic.clone()).collect::<Vec<_>>();
        assert_eq!(topics(&drawn), ["a", "b"]);
        assert!(waiting);
        let (drawn, waiting) = plots.admit(&drawn, 2);
        let drawn = drawn.unwrap();
        assert_eq!(topics(&drawn), ["a", "b", "c", "d"]);
        assert!(waiting);
        let (drawn, waiting) = plots.admit(&drawn, 2);
        let drawn = drawn.unwrap();
        assert_eq!(drawn.len(), 5);
        assert!(!waiting);
        // Nothing new: nothing to change.
        assert_eq!(plots.admit(&drawn, 2), (None, false));
        // Cleared plots take their charts with them.
        let mut fewer = Plots::default();
        fewer.add("d", br#"{"v": 1}"#, 0.0);
        let (drawn, waiting) = fewer.admit(&drawn, 2);
        assert_eq!(topics(&drawn.unwrap()), ["d"]);
        assert!(!waiting);
    }

    #[test]
    fn polylines_fit_the_box() {
        let points: VecDeque<(f64, f64)> = [(0.0, 100.0), (10.0, 120.0), (20.0, 110.0)].into();
        assert_eq!(
            polyline(&points, 200.0, 50.0),
            "0.0,50.0 100.0,0.0 200.0,25.0"
        );
        assert_eq!(polyline(&VecDeque::new(), 1.0, 1.0), "");
    }

    #[test]
    fn coordinates_have_one_decimal() {
        let tenths = |v: f64| {
            let mut s = String::new();
            push_tenths(&mut s, v);
            s
        };
        assert_eq!(tenths(12.34), "12.3");
        assert_eq!(tenths(12.36), "12.4");
        assert_eq!(tenths(0.0), "0.0");
        assert_eq!(tenths(-1.26), "-1.3");
        assert_eq!(tenths(-0.04), "0.0");
        assert_eq!(tenths(239.99), "240.0");
        assert_eq!(tenths(f64::NAN), "NaN");
    }

    #[test]
    fn the_point_under_the_pointer_is_the_nearest_in_time() {
        let points: VecDeque<(f64, f64)> = [(0.0, 100.0), (10.0, 120.0), (20.0, 110.0)].into();
        assert_eq!(
            nearest(&points, 200.0, 50.0, 90.0),
            Some(((100.0, 0.0), (10.0, 120.0)))
        );
        assert_eq!(nearest(&points, 200.0, 50.0, -5.0).unwrap().1, (0.0, 100.0));
        assert_eq!(
            nearest(&points, 200.0, 50.0, 999.0).unwrap().1,
            (20.0, 110.0)
        );
        assert_eq!(nearest(&VecDeque::new(), 1.0, 1.0, 0.0), None);
    }

    #[test]
    fn a_single_value_is_drawn_and_the_axes_have_their_ranges() {
        let one: VecDeque<(f64, f64)> = [(5_000.0, 120.0)].into();
        let f = frame(&one, 200.0, 50.0).unwrap();
        assert_eq!(f.line, "200.0,25.0");
        assert_eq!(f.last, (200.0, 25.0));
        assert_eq!(
            (f.low, f.high, f.from_ms, f.to_ms),
            (120.0, 120.0, 5_000.0, 5_000.0)
        );
        let points: VecDeque<(f64, f64)> = [(0.0, 100.0), (10.0, 120.0)].into();
        let f = frame(&points, 200.0, 50.0).unwrap();
        assert_eq!(f.last, (200.0, 0.0));
        assert_eq!((f.low, f.high), (100.0, 120.0));
        assert_eq!(frame(&VecDeque::new(), 1.0, 1.0), None);
    }
}
