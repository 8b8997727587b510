//! The live state of a dashboard's widgets: the latest value of each
//! value, gauge, indicator, switch and slider (with when it came, so the
//! view can show its age and whether it is stale), each chart series'
//! recent points, and each log widget's recent lines.
//!
//! [`DashboardState::new`] compiles every widget's extraction once;
//! [`DashboardState::record`] applies one received message to every widget
//! it feeds. Everything is bounded (see [`super::series`]), so a flood of
//! messages keeps memory flat. Time is an argument, in milliseconds, as
//! the rest of the app's models take it.

use crate::std_prelude::*;

use super::document::{Dashboard, WidgetId, WidgetKind};
use super::extract::{ExtractError, Extractor, Payload};
use super::filters::readers;
use super::series::{LogLines, Series, truncate};
use super::value::Value;
use crate::topic::matches;

/// The latest value a widget received.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Latest {
    /// The latest value read, if any (text cut to
    /// [`super::series::MAX_TEXT_CHARS`]).
    pub value: Option<Value>,
    /// The topic it came on (with a wildcard filter, which one matched).
    pub topic: String,
    /// When it came, in milliseconds.
    pub time_ms: Option<f64>,
    /// Why the latest message gave no value, if it did not; the value
    /// before it stays shown.
    pub error: Option<ExtractError>,
    /// Whether the value is what this app last sent (a control without a
    /// state topic), not something read.
    pub sent: bool,
}

impl Latest {
    /// Milliseconds since the value came, at `now_ms`.
    pub fn age_ms(&self, now_ms: f64) -> Option<f64> {
        self.time_ms.map(|t| (now_ms - t).max(0.0))
    }

    /// Whether the value is older than `stale_after_seconds` at `now_ms`;
    /// never without a limit, always without a value.
    pub fn is_stale(&self, now_ms: f64, stale_after_seconds: Option<u32>) -> bool {
        match (stale_after_seconds, self.age_ms(now_ms)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(limit), Some(age)) => age > f64::from(limit) * 1000.0,
        }
    }
}

/// What a widget shows that came from messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Live {
    /// The latest value (value, gauge, indicator, switch, slider).
    Latest(Latest),
    /// One series per chart line, in the chart's order.
    Chart(Vec<Series>),
    /// Recent lines (log).
    Log(LogLines),
    /// Nothing (button, button set, input, text).
    Static,
}

/// A compiled reader: which widget (and series) a filter feeds.
#[derive(Debug, Clone)]
struct Route {
    filter: String,
    widget: usize,
    series: Option<usize>,
    extractor: Extractor,
}

/// Every widget's live state for one dashboard.
#[derive(Debug, Clone)]
pub struct DashboardState {
    ids: Vec<WidgetId>,
    live: Vec<Live>,
    routes: Vec<Route>,
}

impl DashboardState {
    /// Empty state for `dashboard`'s widgets. A reader whose extraction
    /// does not compile (a document that was not validated) reads nothing.
    pub fn new(dashboard: &Dashboard) -> DashboardState {
        let live = dashboard
            .widgets
            .iter()
            .map(|w| match &w.kind {
                WidgetKind::Value(_)
                | WidgetKind::Gauge(_)
                | WidgetKind::Indicator(_)
                | WidgetKind::Switch(_)
                | WidgetKind::Slider(_) => Live::Latest(Latest::default()),
                WidgetKind::Chart(c) => Live::Chart(
                    c.series
                        .iter()
                        .map(|_| Series::new(c.max_points, c.window_seconds))
                        .collect(),
                ),
                WidgetKind::Log(l) => Live::Log(LogLines::new(l.lines)),
                WidgetKind::Button(_)
                | WidgetKind::ButtonSet(_)
                | WidgetKind::Input(_)
                | WidgetKind::Text(_) => Live::Static,
            })
            .collect();
        let routes = readers(dashboard)
            .into_iter()
            .filter_map(|r| {
                Some(Route {
                    filter: r.filter.to_string(),
                    widget: r.widget,
                    series: r.series,
                    extractor: r.extract.compile().ok()?,
                })
            })
            .collect();
        DashboardState {
            ids: dashboard.widgets.iter().map(|w| w.id.clone()).collect(),
            live,
            routes,
        }
    }

    /// Applies a message received at `time_ms` to every widget it feeds;
    /// returns those widgets' ids (each once, in widget order), for views
    /// that redraw only what changed.
    pub fn record(&mut self, topic: &str, payload: &[u8], time_ms: f64) -> Vec<WidgetId> {
        let payload = Payload::new(payload);
        let mut changed: Vec<usize> = Vec::new();
        for route in &self.routes {
            if !matches(&route.filter, topic) {
                continue;
            }
            let Some(live) = self.live.get_mut(route.widget) else {
                continue;
            };
            let result = route.extractor.extract(&payload);
            match live {
                Live::Latest(latest) => {
                    latest.topic = topic.to_string();
                    latest.time_ms = Some(time_ms);
                    match result {
                        Ok(value) => {
                            latest.value = Some(bounded(value));
                            latest.error = None;
                            latest.sent = false;
                        }
                        Err(e) => latest.error = Some(e),
                    }
                }
                Live::Chart(series) => {
                    let point = result.ok().and_then(|v| v.number());
                    if let (Some(s), Some(v)) =
                        (route.series.and_then(|i| series.get_mut(i)), point)
                    {
                        s.push(time_ms, v);
                    }
                }
                Live::Log(lines) => {
                    let text = match result {
                        Ok(value) => value.to_string(),
                        Err(_) => payload.text().into_owned(),
                    };
                    lines.push(time_ms, topic, &text);
                }
                Live::Static => continue,
            }
            if changed.last() != Some(&route.widget) {
                changed.push(route.widget);
            }
        }
        crate::small_sort::sort_by_key(&mut changed, |i| *i);
        changed.dedup();
        changed
            .into_iter()
            .filter_map(|i| self.ids.get(i).cloned())
            .collect()
    }

    /// Shows `value` as the state of control `id` after this app sent it
    /// (for a switch or slider without a state topic, or until the state
    /// topic answers). Returns whether `id` holds a latest value.
    pub fn remember_sent(&mut self, id: &str, value: Value, time_ms: f64) -> bool {
        let Some(Live::Latest(latest)) = self.position(id).and_then(|i| self.live.get_mut(i))
        else {
            return false;
        };
        latest.value = Some(bounded(value));
        latest.time_ms = Some(time_ms);
        latest.error = None;
        latest.sent = true;
        true
    }

    /// Slides every chart's window to `now_ms` (call it on a timer).
    pub fn tick(&mut self, now_ms: f64) {
        for live in &mut self.live {
            if let Live::Chart(series) = live {
                for s in series {
                    s.prune(now_ms);
                }
            }
        }
    }

    /// The live state of widget `id`.
    pub fn widget(&self, id: &str) -> Option<&Live> {
        self.position(id).and_then(|i| self.live.get(i))
    }

    /// The latest value of widget `id`, for widgets that hold one.
    pub fn latest(&self, id: &str) -> Option<&Latest> {
        match self.widget(id)? {
            Live::Latest(l) => Some(l),
            _ => None,
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|w| w.as_str() == id)
    }
}

/// A value with its text cut to a bounded length.
fn bounded(value: Value) -> Value {
    match value {
        Value::Text(t) if t.len() > super::series::MAX_TEXT_CHARS => Value::Text(truncate(&t)),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{
        ChartSeries, ChartSettings, Kind, LogSettings, SwitchSettings, ValueSettings, Widget,
    };
    use crate::ui::dashboard::model::extract::Extract;

    fn dashboard() -> Dashboard {
        Dashboard {
            id: "d".into(),
            title: "D".into(),
            widgets: vec![
                Widget::new(
                    "v",
                    "",
                    WidgetKind::Value(ValueSettings {
                        topic: "sensors/+/voltage".into(),
                        extract: Extract::Json("voltage".into()),
                        stale_after_seconds: Some(30),
                        ..ValueSettings::default()
                    }),
                ),
                Widget::new(
                    "c",
                    "",
                    WidgetKind::Chart(ChartSettings {
                        series: vec![
                            ChartSeries {
                                topic: "sensors/room1/voltage".into(),
                                extract: Extract::Json("voltage".into()),
                                ..ChartSeries::default()
                            },
                            ChartSeries {
                                topic: "sensors/room2/voltage".into(),
                                extract: Extract::Json("voltage".into()),
                                ..ChartSeries::default()
                            },
                        ],
                        max_points: 3,
                        ..ChartSettings::default()
                    }),
                ),
                Widget::new(
                    "l",
                    "",
                    WidgetKind::Log(LogSettings {
                        topic: "sensors/#".into(),
                        extract: Extract::Json("voltage".into()),
                        lines: 2,
                    }),
                ),
                Widget::new("b", "", WidgetKind::new(Kind::Button, "cmd")),
                Widget::new(
                    "s",
                    "",
                    WidgetKind::Switch(SwitchSettings {
                        command_topic: "plug/set".into(),
                        ..SwitchSettings::default()
                    }),
                ),
            ],
        }
    }

    fn ids(list: Vec<WidgetId>) -> Vec<String> {
        list.into_iter().map(|w| w.0).collect()
    }

    #[test]
    fn a_message_feeds_every_widget_that_reads_it() {
        let mut state = DashboardState::new(&dashboard());
        let changed = state.record("sensors/room1/voltage", br#"{"voltage": 120}"#, 1_000.0);
        assert_eq!(ids(changed), vec!["v", "c", "l"]);
        let latest = state.latest("v").unwrap();
        assert_eq!(latest.value, Some(Value::Number(120.0)));
        assert_eq!(latest.topic, "sensors/room1/voltage");
        let Some(Live::Chart(series)) = state.widget("c") else {
            panic!()
        };
        assert_eq!(series[0].readout().map(|r| r.last), Some(120.0));
        assert!(series[1].is_empty());
        let Some(Live::Log(log)) = state.widget("l") else {
            panic!()
        };
        assert_eq!(log.lines()[0].text, "120");
        assert!(ids(state.record("other", b"1", 2_000.0)).is_empty());
        assert_eq!(state.widget("b"), Some(&Live::Static));
        assert_eq!(state.widget("nope"), None);
    }

    #[test]
    fn a_bad_payload_keeps_the_last_value_and_says_why() {
        let mut state = DashboardState::new(&dashboard());
        state.record("sensors/room1/voltage", br#"{"voltage": 120}"#, 1_000.0);
        state.record("sensors/room2/voltage", b"offline", 2_000.0);
        let latest = state.latest("v").unwrap();
        assert_eq!(latest.value, Some(Value::Number(120.0)));
        assert_eq!(latest.error, Some(ExtractError::NotJson));
        assert_eq!(latest.topic, "sensors/room2/voltage");
        let Some(Live::Log(log)) = state.widget("l") else {
            panic!()
        };
        let texts: Vec<&str> = log.lines().iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["120", "offline"],
            "the log shows the raw payload"
        );
        state.record("sensors/room1/voltage", br#"{"voltage": 121}"#, 3_000.0);
        assert_eq!(state.latest("v").unwrap().error, None);
    }

    #[test]
    fn values_age_and_go_stale() {
        let mut state = DashboardState::new(&dashboard());
        let fresh = state.latest("v").unwrap().clone();
        assert!(fresh.is_stale(0.0, Some(30)), "no value yet is stale");
        assert!(!fresh.is_stale(0.0, None));
        state.record("sensors/room1/voltage", br#"{"voltage": 120}"#, 10_000.0);
        let latest = state.latest("v").unwrap();
        assert_eq!(latest.age_ms(25_000.0), Some(15_000.0));
        assert_eq!(latest.age_ms(5_000.0), Some(0.0));
        assert!(!latest.is_stale(40_000.0, Some(30)));
        assert!(latest.is_stale(40_001.0, Some(30)));
    }

    #[test]
    fn charts_stay_bounded_and_slide() {
        let mut state = DashboardState::new(&dashboard());
        for i in 0..10 {
            let payload = format!(r#"{{"voltage": {i}}}"#);
            state.record(
                "sensors/room1/voltage",
                payload.as_bytes(),
                f64::from(i) * 1000.0,
            );
        }
        state.record("sensors/room1/voltage", br#"{"voltage": "n/a"}"#, 10_000.0);
        let Some(Live::Chart(series)) = state.widget("c") else {
            panic!()
        };
        let values: Vec<f64> = series[0].points().iter().map(|p| p.1).collect();
        assert_eq!(values, vec![7.0, 8.0, 9.0], "max 3 points; n/a is no point");
        state.tick(9_000.0 + 600_001.0);
        let Some(Live::Chart(series)) = state.widget("c") else {
            panic!()
        };
        assert!(series[0].is_empty(), "the 600 s window slid past");
    }

    #[test]
    fn controls_remember_what_was_sent() {
        let mut state = DashboardState::new(&dashboard());
        assert!(state.remember_sent("s", Value::Text("ON".into()), 5.0));
        let latest = state.latest("s").unwrap();
        assert!(latest.sent);
        assert_eq!(latest.value, Some(Value::Text("ON".into())));
        assert!(!state.remember_sent("c", Value::Number(1.0), 5.0));
        assert!(!state.remember_sent("nope", Value::Number(1.0), 5.0));
    }

    #[test]
    fn long_text_values_are_cut() {
        let mut d = dashboard();
        d.widgets[0] = Widget::new("v", "", WidgetKind::new(Kind::Value, "t"));
        let mut state = DashboardState::new(&d);
        state.record("t", "y".repeat(1 << 20).as_bytes(), 1.0);
        let Some(Value::Text(t)) = &state.latest("v").unwrap().value else {
            panic!()
        };
        assert_eq!(t.chars().count(), super::super::series::MAX_TEXT_CHARS + 1);
    }
}
