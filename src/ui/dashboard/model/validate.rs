//! The rules a document's values must keep beyond their JSON types: topic
//! filters and names valid (MQTT 5.0 §4.7), ids well formed and unique,
//! numbers finite, `min` below `max`, QoS at most 2, zones ascending,
//! sizes in range, colours `#rrggbb`, extractions and templates that
//! parse. Every problem names its path.
//!
//! [`problems`] lists them all (for an editor that marks every field);
//! [`check`] gives the first (for loading, which is all or nothing).

use crate::std_prelude::*;

use super::colour::is_colour;
use super::document::{
    ButtonSetSettings, Dashboard, Document, GRID_COLUMNS, InputType, MAX_DASHBOARDS, MAX_ROWS,
    MAX_WIDGETS, Widget, WidgetKind,
};
use super::error::DocumentError;
use super::extract::Extract;
use super::template::Template;
use super::thresholds::{IndicatorState, Threshold};
use super::value::Scalar;
use crate::topic::{SHARED_PREFIX, validate_filter, validate_name};

/// The most characters in an id.
pub const MAX_ID_CHARS: usize = 64;
/// The most characters in a title, label, unit or confirmation.
pub const MAX_LABEL_CHARS: usize = 200;
/// The most characters in a text widget.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The most digits after the point.
pub const MAX_DECIMALS: u8 = 10;
/// The most series in a chart.
pub const MAX_SERIES: usize = 8;
/// The most points a chart series keeps.
pub const MAX_POINTS: u32 = 10_000;
/// The longest chart window: a week.
pub const MAX_WINDOW_SECONDS: u32 = 7 * 24 * 3600;
/// The most zones, indicator states or buttons in a widget.
pub const MAX_ENTRIES: usize = 32;
/// The most lines a log widget keeps.
pub const MAX_LOG_LINES: u16 = 1000;

/// Every problem in `doc`, in document order.
pub fn problems(doc: &Document) -> Vec<DocumentError> {
    let mut c = Checker::default();
    c.document(doc);
    c.out
}

/// The first problem in `doc`, if any.
pub fn check(doc: &Document) -> Result<(), DocumentError> {
    problems(doc).into_iter().next().map_or(Ok(()), Err)
}

/// Whether `id` is a well-formed dashboard or widget id: 1 to 64 ASCII
/// letters, digits, `-`, `_` or `.` (safe in links and element ids).
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The index of the first of `list[..index]` that `same` picks: the first
/// entry before `index` with the same id or label.
fn earlier<T>(list: &[T], index: usize, same: impl Fn(&T) -> bool) -> Option<usize> {
    list.get(..index)?.iter().position(same)
}

#[derive(Default)]
struct Checker {
    out: Vec<DocumentError>,
}

impl Checker {
    fn problem(&mut self, path: &str, message: impl Into<String>) {
        self.out.push(DocumentError::invalid(path, message));
    }

    fn document(&mut self, doc: &Document) {
        if doc.dashboards.len() > MAX_DASHBOARDS {
            self.problem(
                "dashboards",
                format!(
                    "{} dashboards; at most {MAX_DASHBOARDS}",
                    doc.dashboards.len()
                ),
            );
        }
        let ids: Vec<&str> = doc.dashboards.iter().map(|d| d.id.as_str()).collect();
        for (i, d) in doc.dashboards.iter().enumerate() {
            let path = format!("dashboards[{i}]");
            self.id(&format!("{path}.id"), &ids, i, "dashboards");
            self.dashboard(&path, d);
        }
        if let Some(b) = &doc.broker {
            let rest = b
                .url
                .strip_prefix("ws://")
                .or_else(|| b.url.strip_prefix("wss://"));
            if !rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/')) {
                self.problem(
                    "broker.url",
                    format!("{:?}: expected a ws:// or wss:// URL", b.url),
                );
            }
            if let Some(u) = &b.username {
                self.label("broker.username", u);
            }
        }
    }

    /// Checks the form of the id `ids[index]` of entry `index` of `list`,
    /// and that no earlier entry has it. (A scan of the earlier ids, not a
    /// map: lists are short, and a map of its own costs the app's wasm.)
    fn id(&mut self, path: &str, ids: &[&str], index: usize, list: &str) {
        let id = ids.get(index).copied().unwrap_or_default();
        if !is_id(id) {
            self.problem(
                path,
                format!("{id:?}: an id is 1 to 64 letters, digits, '-', '_' or '.'"),
            );
        }
        if let Some(first) = earlier(ids, index, |other| *other == id) {
            self.problem(path, format!("{id:?} is already the id of {list}[{first}]"));
        }
    }

    fn dashboard(&mut self, path: &str, d: &Dashboard) {
        self.label(&format!("{path}.title"), &d.title);
        if d.widgets.len() > MAX_WIDGETS {
            self.problem(
                &format!("{path}.widgets"),
                format!("{} widgets; at most {MAX_WIDGETS}", d.widgets.len()),
            );
        }
        let ids: Vec<&str> = d.widgets.iter().map(|w| w.id.as_str()).collect();
        for (i, w) in d.widgets.iter().enumerate() {
            let wpath = format!("{path}.widgets[{i}]");
            self.id(&format!("{wpath}.id"), &ids, i, "widgets");
            self.widget(&wpath, w);
        }
    }

    fn widget(&mut self, path: &str, w: &Widget) {
        let p = |field: &str| format!("{path}.{field}");
        self.label(&p("title"), &w.title);
        if !(1..=GRID_COLUMNS).contains(&w.w) {
            self.problem(
                &p("w"),
                format!("{}: width is 1 to {GRID_COLUMNS} columns", w.w),
            );
        }
        if !(1..=MAX_ROWS).contains(&w.h) {
            self.problem(&p("h"), format!("{}: height is 1 to {MAX_ROWS} rows", w.h));
        }
        match &w.kind {
            WidgetKind::Value(s) => {
                self.filter(&p("topic"), &s.topic);
                self.extract(&p("extract"), &s.extract);
                self.label(&p("unit"), &s.unit);
                self.decimals(&p("decimals"), s.decimals);
                self.thresholds(&p("thresholds"), &s.thresholds);
                self.stale(&p("staleAfterSeconds"), s.stale_after_seconds);
            }
            WidgetKind::Gauge(s) => {
                self.filter(&p("topic"), &s.topic);
                self.extract(&p("extract"), &s.extract);
                self.range(path, Some(s.min), Some(s.max));
                self.label(&p("unit"), &s.unit);
                self.decimals(&p("decimals"), s.decimals);
                self.thresholds(&p("thresholds"), &s.thresholds);
                self.stale(&p("staleAfterSeconds"), s.stale_after_seconds);
            }
            WidgetKind::Chart(s) => {
                if s.series.is_empty() || s.series.len() > MAX_SERIES {
                    self.problem(
                        &p("series"),
                        format!("{} series; a chart has 1 to {MAX_SERIES}", s.series.len()),
                    );
                }
                for (i, series) in s.series.iter().enumerate() {
                    let sp = |field: &str| format!("{path}.series[{i}].{field}");
                    self.filter(&sp("topic"), &series.topic);
                    self.extract(&sp("extract"), &series.extract);
                    self.label(&sp("label"), &series.label);
                    if let Some(colour) = &series.colour {
                        self.colour(&sp("colour"), colour);
                    }
                    if !series.label.is_empty()
                        && let Some(first) = earlier(&s.series, i, |x| x.label == series.label)
                    {
                        self.problem(
                            &sp("label"),
                            format!("{:?} is already the label of series[{first}]", series.label),
                        );
                    }
                }
                if !(1..=MAX_WINDOW_SECONDS).contains(&s.window_seconds) {
                    self.problem(
                        &p("windowSeconds"),
                        format!("{}: 1 to {MAX_WINDOW_SECONDS} seconds", s.window_seconds),
                    );
                }
                if !(2..=MAX_POINTS).contains(&s.max_points) {
                    self.problem(
                        &p("maxPoints"),
                        format!("{}: 2 to {MAX_POINTS} points", s.max_points),
                    );
                }
                self.range(path, s.min, s.max);
                self.label(&p("unit"), &s.unit);
                self.decimals(&p("decimals"), s.decimals);
            }
            WidgetKind::Switch(s) => {
                self.name(&p("commandTopic"), &s.command_topic);
                self.control(path, s.qos, s.confirm.as_deref());
                if s.payload_on == s.payload_off {
                    self.problem(
                        &p("payloadOff"),
                        format!(
                            "{:?} is also payloadOn; on and off must differ",
                            s.payload_off
                        ),
                    );
                }
                if let Some(topic) = &s.topic {
                    self.filter(&p("topic"), topic);
                }
                self.extract(&p("extract"), &s.extract);
                if let (Some(on), Some(off)) = (&s.state_on, &s.state_off)
                    && on == off
                {
                    self.problem(
                        &p("stateOff"),
                        format!("{off} is also stateOn; on and off must differ"),
                    );
                }
                for (field, scalar) in [("stateOn", &s.state_on), ("stateOff", &s.state_off)] {
                    if let Some(Scalar::Number(n)) = scalar {
                        self.finite(&p(field), *n);
                    }
                }
                self.stale(&p("staleAfterSeconds"), s.stale_after_seconds);
            }
            WidgetKind::Button(s) => {
                self.name(&p("commandTopic"), &s.command_topic);
                self.control(path, s.qos, s.confirm.as_deref());
                self.nonempty_label(&p("label"), &s.label);
            }
            WidgetKind::ButtonSet(s) => self.button_set(path, s),
            WidgetKind::Slider(s) => {
                self.name(&p("commandTopic"), &s.command_topic);
                self.control(path, s.qos, s.confirm.as_deref());
                if self.range(path, Some(s.min), Some(s.max))
                    && !(s.step.is_finite() && s.step > 0.0 && s.step <= s.max - s.min)
                {
                    self.problem(
                        &p("step"),
                        format!(
                            "{}: the step must be above 0 and at most max - min ({})",
                            s.step,
                            s.max - s.min
                        ),
                    );
                }
                self.template(&p("template"), &s.template);
                if let Some(topic) = &s.topic {
                    self.filter(&p("topic"), topic);
                }
                self.extract(&p("extract"), &s.extract);
                self.label(&p("unit"), &s.unit);
                self.decimals(&p("decimals"), s.decimals);
            }
            WidgetKind::Input(s) => {
                self.name(&p("commandTopic"), &s.command_topic);
                self.control(path, s.qos, s.confirm.as_deref());
                self.template(&p("template"), &s.template);
                if s.input == InputType::Text {
                    for (field, bound) in [("min", s.min), ("max", s.max)] {
                        if bound.is_some() {
                            self.problem(&p(field), "only a number input has a min or max");
                        }
                    }
                } else {
                    self.range(path, s.min, s.max);
                }
            }
            WidgetKind::Indicator(s) => {
                self.filter(&p("topic"), &s.topic);
                self.extract(&p("extract"), &s.extract);
                self.count(&p("states"), s.states.len());
                for (i, state) in s.states.iter().enumerate() {
                    self.indicator_state(&format!("{path}.states[{i}]"), state);
                }
                if let Some(look) = &s.otherwise {
                    self.colour(&p("otherwise.colour"), &look.colour);
                    self.label(&p("otherwise.label"), &look.label);
                }
                self.stale(&p("staleAfterSeconds"), s.stale_after_seconds);
            }
            WidgetKind::Log(s) => {
                self.filter(&p("topic"), &s.topic);
                self.extract(&p("extract"), &s.extract);
                if !(1..=MAX_LOG_LINES).contains(&s.lines) {
                    self.problem(
                        &p("lines"),
                        format!("{}: 1 to {MAX_LOG_LINES} lines", s.lines),
                    );
                }
            }
            WidgetKind::Text(s) => {
                let n = s.text.chars().count();
                if n > MAX_TEXT_CHARS {
                    self.problem(
                        &p("text"),
                        format!("{n} characters; at most {MAX_TEXT_CHARS}"),
                    );
                }
            }
        }
    }

    fn button_set(&mut self, path: &str, s: &ButtonSetSettings) {
        self.name(&format!("{path}.commandTopic"), &s.command_topic);
        self.control(path, s.qos, s.confirm.as_deref());
        if s.buttons.is_empty() {
            self.problem(&format!("{path}.buttons"), "a button set needs a button");
        }
        self.count(&format!("{path}.buttons"), s.buttons.len());
        for (i, b) in s.buttons.iter().enumerate() {
            let bp = format!("{path}.buttons[{i}].label");
            self.nonempty_label(&bp, &b.label);
            if let Some(first) = earlier(&s.buttons, i, |x| x.label == b.label) {
                self.problem(
                    &bp,
                    format!("{:?} is already the label of buttons[{first}]", b.label),
                );
            }
        }
    }

    fn indicator_state(&mut self, path: &str, s: &IndicatorState) {
        match (&s.equals, s.from, s.to) {
            (Some(_), None, None) => {}
            (Some(_), _, _) => self.problem(
                path,
                "a state has either equals or a range (from, to), not both",
            ),
            (None, None, None) => self.problem(path, "a state needs equals, or from and/or to"),
            (None, from, to) => {
                let range_path = format!("{path}.to");
                for (field, n) in [("from", from), ("to", to)] {
                    if let Some(n) = n {
                        self.finite(&format!("{path}.{field}"), n);
                    }
                }
                if let (Some(from), Some(to)) = (from, to)
                    && from >= to
                {
                    self.problem(&range_path, format!("{to}: must be above from ({from})"));
                }
            }
        }
        if let Some(Scalar::Number(n)) = &s.equals {
            self.finite(&format!("{path}.equals"), *n);
        }
        self.colour(&format!("{path}.colour"), &s.colour);
        self.label(&format!("{path}.label"), &s.label);
    }

    /// A topic filter a widget reads.
    fn filter(&mut self, path: &str, topic: &str) {
        if let Err(e) = validate_filter(topic) {
            self.problem(path, format!("{topic:?}: {e}"));
        } else if topic.starts_with(SHARED_PREFIX) {
            self.problem(
                path,
                format!(
                    "{topic:?}: a dashboard cannot read a shared subscription \
                     (each viewer needs every message)"
                ),
            );
        }
    }

    /// A topic name a control publishes to.
    fn name(&mut self, path: &str, topic: &str) {
        if let Err(e) = validate_name(topic) {
            self.problem(path, format!("{topic:?}: {e}"));
        }
    }

    /// The QoS and confirmation every control has.
    fn control(&mut self, path: &str, qos: u8, confirm: Option<&str>) {
        if qos > 2 {
            self.problem(&format!("{path}.qos"), format!("{qos}: QoS is 0, 1 or 2"));
        }
        if let Some(c) = confirm {
            self.nonempty_label(&format!("{path}.confirm"), c);
        }
    }

    fn extract(&mut self, path: &str, e: &Extract) {
        if let Err(err) = e.compile() {
            let source = match e {
                Extract::Json(s) | Extract::Stencil(s) => s.as_str(),
                Extract::Whole | Extract::Number => "",
            };
            self.problem(path, format!("{source:?}: {err}"));
        }
    }

    fn template(&mut self, path: &str, source: &str) {
        match Template::parse(source) {
            Err(e) => self.problem(path, format!("{source:?}: {e}")),
            Ok(t) if !t.uses_value() => self.problem(
                path,
                format!("{source:?}: has no {{value}} or {{json}}, so it always sends the same"),
            ),
            Ok(_) => {}
        }
    }

    fn finite(&mut self, path: &str, n: f64) -> bool {
        let ok = n.is_finite();
        if !ok {
            self.problem(path, format!("{n}: not a finite number"));
        }
        ok
    }

    /// `min` and `max` of the widget at `path`, each optional; returns
    /// whether both are given, finite and in order.
    fn range(&mut self, path: &str, min: Option<f64>, max: Option<f64>) -> bool {
        let min_ok = min.is_none_or(|n| self.finite(&format!("{path}.min"), n));
        let max_ok = max.is_none_or(|n| self.finite(&format!("{path}.max"), n));
        match (min, max) {
            (Some(lo), Some(hi)) if min_ok && max_ok => {
                if lo >= hi {
                    self.problem(
                        &format!("{path}.max"),
                        format!("{hi}: must be above min ({lo})"),
                    );
                    return false;
                }
                true
            }
            _ => false,
        }
    }

    fn thresholds(&mut self, path: &str, zones: &[Threshold]) {
        self.count(path, zones.len());
        let mut previous: Option<f64> = None;
        for (i, z) in zones.iter().enumerate() {
            let zp = format!("{path}[{i}]");
            if self.finite(&format!("{zp}.from"), z.from) {
                if let Some(prev) = previous
                    && z.from <= prev
                {
                    self.problem(
                        &format!("{zp}.from"),
                        format!("{}: must be above the zone before ({prev})", z.from),
                    );
                }
                previous = Some(z.from);
            }
            self.colour(&format!("{zp}.colour"), &z.colour);
            self.label(&format!("{zp}.label"), &z.label);
        }
    }

    fn count(&mut self, path: &str, n: usize) {
        if n > MAX_ENTRIES {
            self.problem(path, format!("{n} entries; at most {MAX_ENTRIES}"));
        }
    }

    fn colour(&mut self, path: &str, colour: &str) {
        if !is_colour(colour) {
            self.problem(path, format!("{colour:?}: expected a colour as #rrggbb"));
        }
    }

    fn label(&mut self, path: &str, text: &str) {
        let n = text.chars().count();
        if n > MAX_LABEL_CHARS {
            self.problem(path, format!("{n} characters; at most {MAX_LABEL_CHARS}"));
        }
    }

    fn nonempty_label(&mut self, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.problem(path, "empty");
        }
        self.label(path, text);
    }

    fn decimals(&mut self, path: &str, decimals: Option<u8>) {
        if let Some(d) = decimals
            && d > MAX_DECIMALS
        {
            self.problem(path, format!("{d}: at most {MAX_DECIMALS} decimals"));
        }
    }

    fn stale(&mut self, path: &str, seconds: Option<u32>) {
        if seconds == Some(0) {
            self.problem(path, "0: at least 1 second");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{
        Broker, ButtonSpec, ChartSeries, ChartSettings, GaugeSettings, InputSettings, Kind,
        SliderSettings, SwitchSettings, ValueSettings,
    };
    use crate::ui::dashboard::model::thresholds::Look;

    fn doc(widgets: Vec<Widget>) -> Document {
        Document {
            dashboards: vec![Dashboard {
                id: "d".into(),
                title: "D".into(),
                widgets,
            }],
            broker: None,
        }
    }

    fn messages(d: &Document) -> Vec<String> {
        problems(d).iter().map(ToString::to_string).collect()
    }

    fn value(topic: &str) -> Widget {
        Widget::new(
            "v",
            "",
            WidgetKind::Value(ValueSettings {
                topic: topic.into(),
                ..ValueSettings::default()
            }),
        )
    }

    #[test]
    fn new_widgets_of_every_kind_are_valid() {
        let widgets = Kind::ALL
            .iter()
            .enumerate()
            .map(|(i, k)| Widget::new(&format!("w{i}"), k.name(), WidgetKind::new(*k, "a/b")))
            .collect();
        assert_eq!(messages(&doc(widgets)), Vec::<String>::new());
    }

    #[test]
    fn topics_are_checked_as_filters_or_names() {
        assert_eq!(
            messages(&doc(vec![value("a/#/b")])),
            vec![
                "dashboards[0].widgets[0].topic: \"a/#/b\": # must be alone in the last level of a topic filter"
            ]
        );
        assert_eq!(
            messages(&doc(vec![value("$share/g/a")])),
            vec![
                "dashboards[0].widgets[0].topic: \"$share/g/a\": a dashboard cannot read a \
                  shared subscription (each viewer needs every message)"
            ]
        );
        assert!(messages(&doc(vec![value("sensors/+/voltage")])).is_empty());
        let switch = Widget::new("s", "", WidgetKind::new(Kind::Switch, "a/+"));
        assert_eq!(
            messages(&doc(vec![switch])),
            vec![
                "dashboards[0].widgets[0].commandTopic: \"a/+\": topic name contains a wildcard (+ or #)"
            ]
        );
        assert_eq!(
            messages(&doc(vec![value("")])),
            vec!["dashboards[0].widgets[0].topic: \"\": topic is empty"]
        );
    }

    #[test]
    fn ids_are_well_formed_and_unique() {
        let mut d = doc(vec![value("a"), value("b"), {
            let mut w = value("c");
            w.id = "bad id".into();
            w
        }]);
        d.dashboards.push(d.dashboards[0].clone());
        d.dashboards[1].widgets.clear();
        assert_eq!(
            messages(&d),
            vec![
                "dashboards[0].widgets[1].id: \"v\" is already the id of widgets[0]",
                "dashboards[0].widgets[2].id: \"bad id\": an id is 1 to 64 letters, digits, '-', '_' or '.'",
                "dashboards[1].id: \"d\" is already the id of dashboards[0]",
            ]
        );
        assert!(is_id("room-1_a.b"));
        assert!(!is_id(""));
        assert!(!is_id(&"x".repeat(65)));
        assert!(!is_id("é"));
    }

    #[test]
    fn numbers_ranges_and_sizes() {
        let mut gauge = Widget::new(
            "g",
            "",
            WidgetKind::Gauge(GaugeSettings {
                topic: "t".into(),
                min: 250.0,
                max: 0.0,
                decimals: Some(11),
                stale_after_seconds: Some(0),
                ..GaugeSettings::default()
            }),
        );
        gauge.w = 13;
        gauge.h = 0;
        assert_eq!(
            messages(&doc(vec![gauge])),
            vec![
                "dashboards[0].widgets[0].w: 13: width is 1 to 12 columns",
                "dashboards[0].widgets[0].h: 0: height is 1 to 8 rows",
                "dashboards[0].widgets[0].max: 0: must be above min (250)",
                "dashboards[0].widgets[0].decimals: 11: at most 10 decimals",
                "dashboards[0].widgets[0].staleAfterSeconds: 0: at least 1 second",
            ]
        );
        let nan = Widget::new(
            "g",
            "",
            WidgetKind::Gauge(GaugeSettings {
                topic: "t".into(),
                min: f64::NAN,
                ..GaugeSettings::default()
            }),
        );
        assert_eq!(
            messages(&doc(vec![nan])),
            vec!["dashboards[0].widgets[0].min: NaN: not a finite number"]
        );
    }

    #[test]
    fn thresholds_ascend_and_colours_are_hex() {
        let zone = |from, colour: &str| Threshold {
            from,
            colour: colour.into(),
            label: String::new(),
        };
        let w = Widget::new(
            "v",
            "",
            WidgetKind::Value(ValueSettings {
                topic: "t".into(),
                thresholds: vec![
                    zone(0.0, "#000000"),
                    zone(10.0, "red"),
                    zone(10.0, "#ffffff"),
                ],
                ..ValueSettings::default()
            }),
        );
        assert_eq!(
            messages(&doc(vec![w])),
            vec![
                "dashboards[0].widgets[0].thresholds[1].colour: \"red\": expected a colour as #rrggbb",
                "dashboards[0].widgets[0].thresholds[2].from: 10: must be above the zone before (10)",
            ]
        );
    }

    #[test]
    fn controls_check_qos_templates_and_steps() {
        let slider = Widget::new(
            "s",
            "",
            WidgetKind::Slider(SliderSettings {
                command_topic: "c".into(),
                step: 200.0,
                template: "{val}".into(),
                qos: 3,
                confirm: Some(" ".into()),
                ..SliderSettings::default()
            }),
        );
        assert_eq!(
            messages(&doc(vec![slider])),
            vec![
                "dashboards[0].widgets[0].qos: 3: QoS is 0, 1 or 2",
                "dashboards[0].widgets[0].confirm: empty",
                "dashboards[0].widgets[0].step: 200: the step must be above 0 and at most max - min (100)",
                "dashboards[0].widgets[0].template: \"{val}\": unknown placeholder {val} at \
                 character 1; use {value} or {json}, and {{ or }} for a literal brace",
            ]
        );
        let input = Widget::new(
            "i",
            "",
            WidgetKind::Input(InputSettings {
                command_topic: "c".into(),
                template: "fixed".into(),
                min: Some(1.0),
                ..InputSettings::default()
            }),
        );
        assert_eq!(
            messages(&doc(vec![input])),
            vec![
                "dashboards[0].widgets[0].template: \"fixed\": has no {value} or {json}, so it always sends the same",
                "dashboards[0].widgets[0].min: only a number input has a min or max",
            ]
        );
        let switch = Widget::new(
            "s",
            "",
            WidgetKind::Switch(SwitchSettings {
                command_topic: "c".into(),
                payload_off: "ON".into(),
                state_on: Some(Scalar::Number(1.0)),
                state_off: Some(Scalar::Number(1.0)),
                extract: Extract::Json("a..b".into()),
                ..SwitchSettings::default()
            }),
        );
        assert_eq!(
            messages(&doc(vec![switch])),
            vec![
                "dashboards[0].widgets[0].payloadOff: \"ON\" is also payloadOn; on and off must differ",
                "dashboards[0].widgets[0].extract: \"a..b\": JSON path: expected a key after '.' at character 3",
                "dashboards[0].widgets[0].stateOff: 1 is also stateOn; on and off must differ",
            ]
        );
    }

    #[test]
    fn charts_button_sets_and_indicators() {
        let chart = Widget::new(
            "c",
            "",
            WidgetKind::Chart(ChartSettings {
                series: vec![
                    ChartSeries {
                        topic: "a".into(),
                        label: "A".into(),
                        colour: Some("#12345".into()),
                        ..ChartSeries::default()
                    },
                    ChartSeries {
                        topic: "b".into(),
                        label: "A".into(),
                        ..ChartSeries::default()
                    },
                ],
                max_points: 1,
                ..ChartSettings::default()
            }),
        );
        let mut set = WidgetKind::new(Kind::ButtonSet, "c");
        if let WidgetKind::ButtonSet(s) = &mut set {
            s.buttons.push(ButtonSpec {
                label: "On".into(),
                payload: "1".into(),
            });
        }
        let set = Widget::new("b", "", set);
        let mut indicator = WidgetKind::new(Kind::Indicator, "t");
        if let WidgetKind::Indicator(s) = &mut indicator {
            s.states = vec![
                IndicatorState {
                    equals: Some(Scalar::Text("on".into())),
                    from: Some(1.0),
                    to: None,
                    colour: "#000000".into(),
                    label: String::new(),
                },
                IndicatorState {
                    equals: None,
                    from: Some(5.0),
                    to: Some(5.0),
                    colour: "#000000".into(),
                    label: String::new(),
                },
                IndicatorState {
                    equals: None,
                    from: None,
                    to: None,
                    colour: "#000000".into(),
                    label: String::new(),
                },
            ];
            s.otherwise = Some(Look {
                colour: "grey".into(),
                label: String::new(),
            });
        }
        let indicator = Widget::new("i", "", indicator);
        let mut d = doc(vec![chart, set, indicator]);
        d.broker = Some(Broker {
            url: "http://b".into(),
            username: None,
        });
        assert_eq!(
            messages(&d),
            vec![
                "dashboards[0].widgets[0].series[0].colour: \"#12345\": expected a colour as #rrggbb",
                "dashboards[0].widgets[0].series[1].label: \"A\" is already the label of series[0]",
                "dashboards[0].widgets[0].maxPoints: 1: 2 to 10000 points",
                "dashboards[0].widgets[1].buttons[2].label: \"On\" is already the label of buttons[0]",
                "dashboards[0].widgets[2].states[0]: a state has either equals or a range (from, to), not both",
                "dashboards[0].widgets[2].states[1].to: 5: must be above from (5)",
                "dashboards[0].widgets[2].states[2]: a state needs equals, or from and/or to",
                "dashboards[0].widgets[2].otherwise.colour: \"grey\": expected a colour as #rrggbb",
                "broker.url: \"http://b\": expected a ws:// or wss:// URL",
            ]
        );
        let ok = Broker {
            url: "wss://broker.example:8084/mqtt".into(),
            username: Some("viewer".into()),
        };
        let mut d = doc(vec![]);
        d.broker = Some(ok);
        assert_eq!(check(&d), Ok(()));
    }
}
