//! Writes a [`Document`] as JSON, pretty (files, localStorage) or compact
//! (links), byte for byte as serde_json writes the types' derived
//! `Serialize`: fields in declaration order, the ones at their default
//! left out where the derive skips them, whole numbers without a fraction.
//!
//! Written by hand because the derived code, with serde_json's serializer
//! for every type, cost the web app about 10 KB of wasm; a test holds it
//! to the derive's output.

use serde_json::Number;

use crate::std_prelude::*;

use super::document::{
    Broker, Dashboard, Document, FORMAT, InputType, SCHEMA_VERSION, Widget, WidgetKind,
};
use super::extract::Extract;
use super::thresholds::Threshold;
use super::value::Scalar;

/// The document with its format and version, pretty (`pretty`) or compact.
pub fn document(doc: &Document, pretty: bool) -> String {
    let mut j = Json {
        out: String::new(),
        pretty,
        depth: 0,
        empty: true,
    };
    j.open('{');
    j.str("format", FORMAT);
    j.key("version");
    j.raw(&SCHEMA_VERSION.to_string());
    j.key("dashboards");
    j.open('[');
    for d in &doc.dashboards {
        j.item();
        dashboard(&mut j, d);
    }
    j.close(']');
    if let Some(b) = &doc.broker {
        j.key("broker");
        broker(&mut j, b);
    }
    j.close('}');
    j.out
}

fn broker(j: &mut Json, b: &Broker) {
    j.open('{');
    j.str("url", &b.url);
    j.opt_str("username", &b.username);
    j.close('}');
}

fn dashboard(j: &mut Json, d: &Dashboard) {
    j.open('{');
    j.str("id", &d.id);
    j.str("title", &d.title);
    j.key("widgets");
    j.open('[');
    for w in &d.widgets {
        j.item();
        widget(j, w);
    }
    j.close(']');
    j.close('}');
}

/// One widget as compact JSON: what it is, whole (the view keys its
/// cards by it, so that an edit re-creates the card).
pub fn widget_json(w: &Widget) -> String {
    let mut j = Json {
        out: String::new(),
        pretty: false,
        depth: 0,
        empty: true,
    };
    widget(&mut j, w);
    j.out
}

fn widget(j: &mut Json, w: &Widget) {
    j.open('{');
    j.str("id", w.id.as_str());
    j.text("title", &w.title);
    j.uint("w", w.w.into());
    j.uint("h", w.h.into());
    j.str("kind", w.kind.kind().name());
    settings(j, &w.kind);
    j.close('}');
}

/// A widget's settings, after its common fields.
fn settings(j: &mut Json, kind: &WidgetKind) {
    match kind {
        WidgetKind::Value(s) => {
            j.str("topic", &s.topic);
            extract(j, "extract", &s.extract);
            j.text("unit", &s.unit);
            j.opt_uint("decimals", s.decimals.map(u64::from));
            thresholds(j, &s.thresholds);
            j.opt_uint("staleAfterSeconds", s.stale_after_seconds.map(u64::from));
        }
        WidgetKind::Gauge(s) => {
            j.str("topic", &s.topic);
            extract(j, "extract", &s.extract);
            j.number("min", s.min);
            j.number("max", s.max);
            j.text("unit", &s.unit);
            j.opt_uint("decimals", s.decimals.map(u64::from));
            thresholds(j, &s.thresholds);
            j.opt_uint("staleAfterSeconds", s.stale_after_seconds.map(u64::from));
        }
        WidgetKind::Chart(s) => {
            j.key("series");
            j.open('[');
            for x in &s.series {
                j.item();
                j.open('{');
                j.str("topic", &x.topic);
                extract(j, "extract", &x.extract);
                j.text("label", &x.label);
                j.opt_str("colour", &x.colour);
                j.close('}');
            }
            j.close(']');
            j.uint("windowSeconds", s.window_seconds.into());
            j.uint("maxPoints", s.max_points.into());
            j.opt_number("min", s.min);
            j.opt_number("max", s.max);
            j.text("unit", &s.unit);
            j.opt_uint("decimals", s.decimals.map(u64::from));
        }
        WidgetKind::Switch(s) => {
            j.str("commandTopic", &s.command_topic);
            j.str("payloadOn", &s.payload_on);
            j.str("payloadOff", &s.payload_off);
            j.opt_str("topic", &s.topic);
            extract(j, "extract", &s.extract);
            j.opt_scalar("stateOn", s.state_on.as_ref());
            j.opt_scalar("stateOff", s.state_off.as_ref());
            control(j, s.qos, s.retain, &s.confirm);
            j.opt_uint("staleAfterSeconds", s.stale_after_seconds.map(u64::from));
        }
        WidgetKind::Button(s) => {
            j.str("commandTopic", &s.command_topic);
            j.str("label", &s.label);
            j.str("payload", &s.payload);
            control(j, s.qos, s.retain, &s.confirm);
        }
        WidgetKind::ButtonSet(s) => {
            j.str("commandTopic", &s.command_topic);
            j.key("buttons");
            j.open('[');
            for b in &s.buttons {
                j.item();
                j.open('{');
                j.str("label", &b.label);
                j.str("payload", &b.payload);
                j.close('}');
            }
            j.close(']');
            control(j, s.qos, s.retain, &s.confirm);
        }
        WidgetKind::Slider(s) => {
            j.str("commandTopic", &s.command_topic);
            j.number("min", s.min);
            j.number("max", s.max);
            j.number("step", s.step);
            j.str("template", &s.template);
            j.opt_str("topic", &s.topic);
            extract(j, "extract", &s.extract);
            j.text("unit", &s.unit);
            j.opt_uint("decimals", s.decimals.map(u64::from));
            control(j, s.qos, s.retain, &s.confirm);
        }
        WidgetKind::Input(s) => {
            j.str("commandTopic", &s.command_topic);
            let input = match s.input {
                InputType::Text => "text",
                InputType::Number => "number",
            };
            j.str("input", input);
            j.str("template", &s.template);
            j.opt_number("min", s.min);
            j.opt_number("max", s.max);
            control(j, s.qos, s.retain, &s.confirm);
        }
        WidgetKind::Indicator(s) => {
            j.str("topic", &s.topic);
            extract(j, "extract", &s.extract);
            j.key("states");
            j.open('[');
            for x in &s.states {
                j.item();
                j.open('{');
                j.opt_scalar("equals", x.equals.as_ref());
                j.opt_number("from", x.from);
                j.opt_number("to", x.to);
                j.str("colour", &x.colour);
                j.text("label", &x.label);
                j.close('}');
            }
            j.close(']');
            if let Some(look) = &s.otherwise {
                j.key("otherwise");
                j.open('{');
                j.str("colour", &look.colour);
                j.text("label", &look.label);
                j.close('}');
            }
            j.opt_uint("staleAfterSeconds", s.stale_after_seconds.map(u64::from));
        }
        WidgetKind::Log(s) => {
            j.str("topic", &s.topic);
            extract(j, "extract", &s.extract);
            j.uint("lines", s.lines.into());
        }
        WidgetKind::Text(s) => j.str("text", &s.text),
    }
}

/// The QoS, retain and confirmation every control has.
fn control(j: &mut Json, qos: u8, retain: bool, confirm: &Option<String>) {
    j.uint("qos", qos.into());
    if retain {
        j.key("retain");
        j.raw("true");
    }
    j.opt_str("confirm", confirm);
}

fn extract(j: &mut Json, key: &str, e: &Extract) {
    j.key(key);
    let (variant, arg) = match e {
        Extract::Whole => return j.string("whole"),
        Extract::Number => return j.string("number"),
        Extract::Json(p) => ("json", p),
        Extract::Stencil(s) => ("stencil", s),
    };
    j.open('{');
    j.str(variant, arg);
    j.close('}');
}

fn thresholds(j: &mut Json, zones: &[Threshold]) {
    if zones.is_empty() {
        return;
    }
    j.key("thresholds");
    j.open('[');
    for t in zones {
        j.item();
        j.open('{');
        j.number("from", t.from);
        j.str("colour", &t.colour);
        j.text("label", &t.label);
        j.close('}');
    }
    j.close(']');
}

/// A JSON writer laid out as serde_json's compact and pretty formatters
/// lay out their output.
struct Json {
    out: String,
    pretty: bool,
    /// How many containers are open.
    depth: usize,
    /// Whether the innermost open container has nothing in it yet.
    empty: bool,
}

impl Json {
    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// Starts the next element of an array.
    fn item(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.newline();
        self.empty = false;
    }

    /// Starts the value of field `key` of an object.
    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.raw(if self.pretty { ": " } else { ":" });
    }

    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// `s` as a JSON string, escaped as serde_json escapes it.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.raw("\\\""),
                '\\' => self.raw("\\\\"),
                '\n' => self.raw("\\n"),
                '\r' => self.raw("\\r"),
                '\t' => self.raw("\\t"),
                '\u{8}' => self.raw("\\b"),
                '\u{c}' => self.raw("\\f"),
                c if c < ' ' => self.raw(&format!("\\u{:04x}", u32::from(c))),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// A text field that is left out when empty.
    fn text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.str(key, value);
        }
    }

    fn opt_str(&mut self, key: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    fn uint(&mut self, key: &str, n: u64) {
        self.key(key);
        self.raw(&n.to_string());
    }

    fn opt_uint(&mut self, key: &str, n: Option<u64>) {
        if let Some(n) = n {
            self.uint(key, n);
        }
    }

    /// A number, whole ones without a fraction (`250`, not `250.0`) so
    /// saved documents read like hand-written ones; `null` if not finite.
    fn number(&mut self, key: &str, n: f64) {
        self.key(key);
        self.num(n);
    }

    fn num(&mut self, n: f64) {
        // 2^53: every integer up to it is exact in an f64 and an i64.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        let text = if n.is_finite() && n.abs() <= EXACT && n == (n as i64) as f64 {
            (n as i64).to_string()
        } else {
            Number::from_f64(n).map_or_else(|| "null".to_string(), |n| n.to_string())
        };
        self.raw(&text);
    }

    fn opt_number(&mut self, key: &str, n: Option<f64>) {
        if let Some(n) = n {
            self.number(key, n);
        }
    }

    fn opt_scalar(&mut self, key: &str, value: Option<&Scalar>) {
        let Some(value) = value else { return };
        self.key(key);
        match value {
            Scalar::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Scalar::Number(n) => self.num(*n),
            Scalar::Text(t) => self.string(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{
        ChartSettings, Envelope, GaugeSettings, IndicatorSettings, Kind, SwitchSettings,
    };
    use crate::ui::dashboard::model::parse_document;
    use crate::ui::dashboard::model::thresholds::IndicatorState;

    /// What serde_json writes for `doc` with the derived `Serialize`.
    fn serde(doc: &Document, pretty: bool) -> String {
        let e = Envelope::of(doc);
        if pretty {
            serde_json::to_string_pretty(&e).unwrap()
        } else {
            serde_json::to_string(&e).unwrap()
        }
    }

    fn same(doc: &Document) {
        for pretty in [true, false] {
            assert_eq!(document(doc, pretty), serde(doc, pretty));
        }
    }

    /// Every kind with every field set, odd text and numbers.
    const FULL: &str = r##"{"format": "webmqtt-dashboard", "version": 1,
        "broker": {"url": "wss://b/mqtt", "username": "v\"i\\e\u0001w\u001fe\u007fr é ✓"},
        "dashboards": [{"id": "d", "title": "Tab\t\n\r\b\f", "widgets": [
            {"id": "v", "title": "V", "w": 4, "h": 3, "kind": "value", "topic": "a/+",
             "extract": {"json": "a[\"b c\"]"}, "unit": "°C", "decimals": 1,
             "thresholds": [{"from": -0.5, "colour": "#000000", "label": "low"},
                            {"from": 1e21, "colour": "#ffffff"}],
             "staleAfterSeconds": 4000000000},
            {"id": "g", "kind": "gauge", "topic": "g", "extract": "number", "min": -1e-7,
             "max": 9007199254740993, "unit": "", "thresholds": []},
            {"id": "c", "kind": "chart", "series": [
                {"topic": "s/1", "extract": {"stencil": "t={value}"}, "label": "one",
                 "colour": "#123456"},
                {"topic": "s/2"}],
             "windowSeconds": 60, "maxPoints": 100, "min": 0.1, "max": 5.5, "unit": "W",
             "decimals": 2},
            {"id": "s", "kind": "switch", "commandTopic": "s/set", "payloadOn": "1",
             "payloadOff": "0", "topic": "s/state", "extract": "whole",
             "stateOn": true, "stateOff": 0.25, "qos": 1, "retain": true, "confirm": "Sure?",
             "staleAfterSeconds": 5},
            {"id": "s2", "kind": "switch", "commandTopic": "s2", "stateOn": "on",
             "stateOff": false},
            {"id": "b", "kind": "button", "commandTopic": "b", "label": "Go", "payload": ""},
            {"id": "bs", "kind": "buttonSet", "commandTopic": "bs", "buttons": [
                {"label": "A", "payload": "a"}, {"label": "B"}], "qos": 2, "retain": true,
             "confirm": "ok?"},
            {"id": "sl", "kind": "slider", "commandTopic": "sl", "min": 0, "max": 1,
             "step": 0.1, "template": "{{\"v\": {value}}}", "topic": "sl/s",
             "extract": {"json": "v"}, "unit": "%", "decimals": 0, "qos": 1, "confirm": "?"},
            {"id": "i", "kind": "input", "commandTopic": "i", "input": "number",
             "template": "{json}", "min": -3, "max": 9.75},
            {"id": "i2", "kind": "input", "commandTopic": "i2"},
            {"id": "in", "kind": "indicator", "topic": "in", "states": [
                {"equals": "on", "colour": "#00ff00", "label": "On"},
                {"equals": 2, "colour": "#00ff00"},
                {"from": 1, "to": 2.5, "colour": "#ff0000"}],
             "otherwise": {"colour": "#808080"}, "staleAfterSeconds": 9},
            {"id": "in2", "kind": "indicator", "topic": "in2",
             "otherwise": {"colour": "#808080", "label": "?"}},
            {"id": "l", "kind": "log", "topic": "#", "extract": {"stencil": "x{value}"}, "lines": 20},
            {"id": "t", "kind": "text", "text": "hello\u0000 <b>"}]},
          {"id": "e", "title": "", "widgets": []}]}"##;

    #[test]
    fn writes_what_serde_writes() {
        let doc = parse_document(FULL).unwrap();
        same(&doc);
        same(&Document::default());
        let mut fresh = Document::default();
        fresh.dashboards.push(Dashboard {
            id: "n".into(),
            title: "New".into(),
            widgets: Kind::ALL
                .into_iter()
                .map(|k| Widget::new(k.name(), "", WidgetKind::new(k, "a/b")))
                .collect(),
        });
        same(&fresh);
    }

    #[test]
    fn a_widget_is_written_as_serde_writes_it() {
        let doc = parse_document(FULL).unwrap();
        for w in &doc.dashboards[0].widgets {
            assert_eq!(widget_json(w), serde_json::to_string(w).unwrap());
        }
    }

    /// Numbers as serde_json writes them through `number_json`, including
    /// ones no valid document holds.
    #[test]
    fn numbers_are_written_as_serde_writes_them() {
        for n in [
            0.0,
            -0.0,
            1.0,
            -250.0,
            0.1,
            1.5e-8,
            123_456.789,
            1e21,
            1e300,
            -1e-300,
            9_007_199_254_740_992.0,
            9_007_199_254_740_994.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let kinds = [
                WidgetKind::Gauge(GaugeSettings {
                    min: n,
                    thresholds: vec![Threshold {
                        from: n,
                        colour: "#000000".into(),
                        label: String::new(),
                    }],
                    ..GaugeSettings::default()
                }),
                WidgetKind::Chart(ChartSettings {
                    max: Some(n),
                    ..ChartSettings::default()
                }),
                WidgetKind::Switch(SwitchSettings {
                    state_on: Some(Scalar::Number(n)),
                    ..SwitchSettings::default()
                }),
                WidgetKind::Indicator(IndicatorSettings {
                    states: vec![IndicatorState {
                        equals: Some(Scalar::Number(n)),
                        from: Some(n),
                        to: None,
                        colour: String::new(),
                        label: String::new(),
                    }],
                    ..IndicatorSettings::default()
                }),
            ];
            let doc = Document {
                dashboards: vec![Dashboard {
                    id: "d".into(),
                    title: String::new(),
                    widgets: kinds.into_iter().map(|k| Widget::new("w", "", k)).collect(),
                }],
                broker: None,
            };
            same(&doc);
        }
    }

    /// Every character below U+0100 in every text position serde escapes.
    #[test]
    fn text_is_escaped_as_serde_escapes_it() {
        let all: String = (0..=0xffu8).map(char::from).collect();
        let mut doc = parse_document(FULL).unwrap();
        doc.dashboards[0].title = all.clone();
        doc.dashboards[0].widgets[0].title = all.clone();
        doc.broker = Some(Broker {
            url: all.clone(),
            username: Some(all),
        });
        same(&doc);
    }
}
