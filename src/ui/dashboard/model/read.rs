//! Reads a current-version JSON tree into a [`Document`], naming the path
//! of the first thing that does not fit the schema: a missing or unknown
//! field, a value of the wrong type, an unknown widget kind.
//!
//! The document, dashboard and widget levels are walked here by hand (a
//! widget's kind decides which fields it has). Each piece below that —
//! a widget's settings, the broker — is deserialized with serde from its
//! own pretty-printed text, and the line and column of a serde error are
//! turned back into a path inside that piece ([`path_at`]), so a bad
//! field deep in a widget is still named exactly. Ranges and cross-field
//! rules are [`super::validate`]'s.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::std_prelude::*;

use super::document::{
    Broker, DEFAULT_H, DEFAULT_W, Dashboard, Document, Kind, Widget, WidgetId, WidgetKind,
};
use super::error::DocumentError;

/// Reads a tree already at the current version (see
/// [`super::migrate::to_current`]).
pub fn document(map: &Map<String, Value>) -> Result<Document, DocumentError> {
    only_keys(map, &["format", "version", "dashboards", "broker"], "")?;
    let broker = match map.get("broker") {
        None => None,
        Some(b) => {
            if b.get("password").is_some() {
                return Err(DocumentError::invalid(
                    "broker.password",
                    "a dashboard document never holds a password; remove it \
                     (the app asks for it when it connects)",
                ));
            }
            Some(typed::<Broker>(b, "broker")?)
        }
    };
    let list = array(map.get("dashboards"), "dashboards")?;
    let mut dashboards = Vec::with_capacity(list.len());
    for (i, d) in list.iter().enumerate() {
        dashboards.push(dashboard(d, &format!("dashboards[{i}]"))?);
    }
    Ok(Document { dashboards, broker })
}

fn dashboard(value: &Value, path: &str) -> Result<Dashboard, DocumentError> {
    let map = object(value, path)?;
    only_keys(map, &["id", "title", "widgets"], path)?;
    let id = string(map.get("id"), &join(path, "id"))?;
    let title = match map.get("title") {
        None => id.clone(),
        title => string(title, &join(path, "title"))?,
    };
    let list = array(map.get("widgets"), &join(path, "widgets"))?;
    let mut widgets = Vec::with_capacity(list.len());
    for (i, w) in list.iter().enumerate() {
        widgets.push(widget(w, &format!("{path}.widgets[{i}]"))?);
    }
    Ok(Dashboard { id, title, widgets })
}

/// The fields every widget has; the rest belong to its kind.
const COMMON: [&str; 5] = ["id", "title", "w", "h", "kind"];

fn widget(value: &Value, path: &str) -> Result<Widget, DocumentError> {
    let map = object(value, path)?;
    let id = string(map.get("id"), &join(path, "id"))?;
    let title = match map.get("title") {
        None => String::new(),
        title => string(title, &join(path, "title"))?,
    };
    let size = |key: &str, default: u8| match map.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_u64()
            .and_then(|n| u8::try_from(n).ok())
            .ok_or_else(|| {
                DocumentError::invalid(
                    join(path, key),
                    format!("{v}: expected a whole number of grid cells"),
                )
            }),
    };
    let (w, h) = (size("w", DEFAULT_W)?, size("h", DEFAULT_H)?);
    let kind_name = string(map.get("kind"), &join(path, "kind"))?;
    let Some(kind) = Kind::from_name(&kind_name) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        return Err(DocumentError::invalid(
            join(path, "kind"),
            format!("unknown kind {kind_name:?}; one of {}", names.join(", ")),
        ));
    };
    let settings: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| !COMMON.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let settings = Value::Object(settings);
    let kind = match kind {
        Kind::Value => WidgetKind::Value(typed(&settings, path)?),
        Kind::Gauge => WidgetKind::Gauge(typed(&settings, path)?),
        Kind::Chart => WidgetKind::Chart(typed(&settings, path)?),
        Kind::Switch => WidgetKind::Switch(typed(&settings, path)?),
        Kind::Button => WidgetKind::Button(typed(&settings, path)?),
        Kind::ButtonSet => WidgetKind::ButtonSet(typed(&settings, path)?),
        Kind::Slider => WidgetKind::Slider(typed(&settings, path)?),
        Kind::Input => WidgetKind::Input(typed(&settings, path)?),
        Kind::Indicator => WidgetKind::Indicator(typed(&settings, path)?),
        Kind::Log => WidgetKind::Log(typed(&settings, path)?),
        Kind::Text => WidgetKind::Text(typed(&settings, path)?),
    };
    Ok(Widget {
        id: WidgetId(id),
        title,
        w,
        h,
        kind,
    })
}

/// `value` deserialized as a `T`, or the error at its exact path below
/// `path`.
fn typed<T: DeserializeOwned>(value: &Value, path: &str) -> Result<T, DocumentError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| DocumentError::invalid(path, e.to_string()))?;
    serde_json::from_str::<T>(&text).map_err(|e| {
        let full = e.to_string();
        let position = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&position).unwrap_or(&full);
        let inner = path_at(&text, e.line(), e.column());
        DocumentError::invalid(format!("{path}{inner}"), message)
    })
}

fn object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, DocumentError> {
    value.as_object().ok_or_else(|| {
        DocumentError::invalid(path, format!("{}: expected an object", brief(value)))
    })
}

fn array<'v>(value: Option<&'v Value>, path: &str) -> Result<&'v Vec<Value>, DocumentError> {
    match value {
        Some(Value::Array(a)) => Ok(a),
        Some(other) => Err(DocumentError::invalid(
            path,
            format!("{}: expected an array", brief(other)),
        )),
        None => Err(DocumentError::invalid(path, "missing")),
    }
}

fn string(value: Option<&Value>, path: &str) -> Result<String, DocumentError> {
    match value {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(DocumentError::invalid(
            path,
            format!("{}: expected a string", brief(other)),
        )),
        None => Err(DocumentError::invalid(path, "missing")),
    }
}

fn only_keys(map: &Map<String, Value>, allowed: &[&str], path: &str) -> Result<(), DocumentError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(DocumentError::invalid(
            join(path, k),
            format!("unknown field; expected one of {}", allowed.join(", ")),
        )),
    }
}

/// A value as a short JSON snippet for a message.
fn brief(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// `path` and a key after it (`a.b`), with brackets for a key that is not
/// a plain name (`a["x y"]`).
fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (path.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", serde_json::to_string(key).unwrap_or_default()),
    }
}

/// One open container while scanning JSON text.
enum Frame {
    /// An object, with the key whose value is being read.
    Object(Option<String>),
    /// An array, with the index of the element being read.
    Array(usize),
}

/// The path (`.series[1].colour`, or empty for the top) of what is being
/// read at `line` and `column` of valid JSON `text`, as serde_json counts
/// them (line from 1, column in bytes from the line's start). serde_json
/// reports a bad value just after it, an unknown field just after its
/// key, and a missing field just after its object's `}`: each gives the
/// path of the thing at fault.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    let mut end = text.len();
    let mut start = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            end = (start + column).min(text.len());
            break;
        }
        start += l.len();
    }
    let b = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match b.get(i) {
            Some(b'{') => stack.push(Frame::Object(None)),
            Some(b'[') => stack.push(Frame::Array(0)),
            Some(b'}' | b']') => {
                stack.pop();
            }
            Some(b',') => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            Some(b'"') => {
                let from = i + 1;
                let mut j = from;
                while let Some(&c) = b.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    let raw = text.get(from..j.min(text.len())).unwrap_or_default();
                    *key = Some(
                        serde_json::from_str::<String>(&format!("\"{raw}\""))
                            .unwrap_or_else(|_| raw.to_string()),
                    );
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    // Just inside a `[` or `{`: the error is about the container itself
    // (serde_json reports a sequence where a string was wanted there).
    let before = b.get(..end).unwrap_or_default();
    if matches!(
        before.iter().rev().find(|c| !c.is_ascii_whitespace()),
        Some(b'[' | b'{')
    ) {
        stack.pop();
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                let joined = join("", key);
                if !joined.starts_with('[') {
                    path.push('.');
                }
                path.push_str(&joined);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{GaugeSettings, ValueSettings};
    use crate::ui::dashboard::model::extract::Extract;

    fn read(json: &str) -> Result<Document, DocumentError> {
        document(
            serde_json::from_str::<Value>(json)
                .unwrap()
                .as_object()
                .unwrap(),
        )
    }

    /// A document with one dashboard holding `widget`.
    fn one(widget: &str) -> String {
        format!(
            r#"{{"format": "webmqtt-dashboard", "version": 1,
                "dashboards": [{{"id": "d", "widgets": [{widget}]}}]}}"#
        )
    }

    fn error(json: &str) -> String {
        read(json).unwrap_err().to_string()
    }

    #[test]
    fn widgets_read_with_their_kind() {
        let doc = read(&one(
            r#"{"id": "g", "title": "Voltage", "w": 4, "kind": "gauge",
                "topic": "s/v", "extract": {"json": "voltage"}, "min": 0, "max": 250}"#,
        ))
        .unwrap();
        let d = &doc.dashboards[0];
        assert_eq!((d.id.as_str(), d.title.as_str()), ("d", "d"));
        let w = &d.widgets[0];
        assert_eq!(
            (w.id.as_str(), w.title.as_str(), w.w, w.h),
            ("g", "Voltage", 4, 2)
        );
        assert_eq!(
            w.kind,
            WidgetKind::Gauge(GaugeSettings {
                topic: "s/v".into(),
                extract: Extract::Json("voltage".into()),
                min: 0.0,
                max: 250.0,
                ..GaugeSettings::default()
            })
        );
        let doc = read(&one(r#"{"id": "v", "kind": "value", "topic": "t"}"#)).unwrap();
        assert_eq!(
            doc.dashboards[0].widgets[0].kind,
            WidgetKind::Value(ValueSettings {
                topic: "t".into(),
                ..ValueSettings::default()
            })
        );
    }

    #[test]
    fn structural_errors_name_the_exact_field() {
        assert_eq!(
            error(&one(
                r##"{"id": "v", "kind": "value", "topic": "t", "colr": "#fff"}"##
            )),
            "dashboards[0].widgets[0].colr: unknown field `colr`, expected one of `topic`, \
             `extract`, `unit`, `decimals`, `thresholds`, `staleAfterSeconds`"
        );
        assert_eq!(
            error(&one(r#"{"id": "v", "kind": "value"}"#)),
            "dashboards[0].widgets[0]: missing field `topic`"
        );
        assert_eq!(
            error(&one(
                r#"{"id": "s", "kind": "switch", "commandTopic": "c", "qos": "1"}"#
            )),
            "dashboards[0].widgets[0].qos: invalid type: string \"1\", expected u8"
        );
        assert_eq!(
            error(&one(
                r#"{"id": "s", "kind": "switch", "commandTopic": "c", "qos": 300}"#
            )),
            "dashboards[0].widgets[0].qos: invalid value: integer `300`, expected u8"
        );
        assert_eq!(
            error(&one(r##"{"id": "c", "kind": "chart", "series": [
                    {"topic": "a"}, {"topic": "b", "colour": 5}]}"##)),
            "dashboards[0].widgets[0].series[1].colour: invalid type: integer `5`, \
             expected a string"
        );
        assert_eq!(
            error(&one(
                r##"{"id": "c", "kind": "chart", "series": [{"topic": "a"}, {"label": "b"}]}"##
            )),
            "dashboards[0].widgets[0].series[1]: missing field `topic`"
        );
        assert_eq!(
            error(&one(
                r##"{"id": "g", "kind": "gauge", "topic": "t", "min": 0, "max": 1,
                    "thresholds": [{"from": 0, "colour": "#000000"}, {"from": 1}]}"##
            )),
            "dashboards[0].widgets[0].thresholds[1]: missing field `colour`"
        );
        assert_eq!(
            error(&one(
                r#"{"id": "v", "kind": "value", "topic": "t", "extract": "jsonpath"}"#
            )),
            "dashboards[0].widgets[0].extract: unknown variant `jsonpath`, expected one of \
             `whole`, `number`, `json`, `stencil`"
        );
        assert_eq!(
            error(&one(r##"{"id": "i", "kind": "indicator", "topic": "t",
                    "states": [{"equals": [1], "colour": "#000000"}]}"##)),
            "dashboards[0].widgets[0].states[0].equals: invalid type: sequence, expected \
             text, a number, true or false"
        );
        assert_eq!(
            error(&one(
                r#"{"id": "t", "kind": "text", "text": "a", "x y": 1}"#
            )),
            "dashboards[0].widgets[0][\"x y\"]: unknown field `x y`, expected `text`"
        );
    }

    #[test]
    fn common_fields_and_levels_are_checked_by_hand() {
        assert_eq!(
            error(&one(r#"{"id": "v", "kind": "dial", "topic": "t"}"#)),
            "dashboards[0].widgets[0].kind: unknown kind \"dial\"; one of value, gauge, \
             chart, switch, button, buttonSet, slider, input, indicator, log, text"
        );
        assert_eq!(
            error(&one(r#"{"kind": "text", "text": ""}"#)),
            "dashboards[0].widgets[0].id: missing"
        );
        assert_eq!(
            error(&one(r#"{"id": 7, "kind": "text", "text": ""}"#)),
            "dashboards[0].widgets[0].id: 7: expected a string"
        );
        assert_eq!(
            error(&one(r#"{"id": "t", "w": -1, "kind": "text", "text": ""}"#)),
            "dashboards[0].widgets[0].w: -1: expected a whole number of grid cells"
        );
        assert_eq!(
            error(&one(r#""just text""#)),
            "dashboards[0].widgets[0]: \"just text\": expected an object"
        );
        assert_eq!(
            error(
                r#"{"format": "webmqtt-dashboard", "version": 1,
                    "dashboards": [{"id": "d", "widgets": [], "colour": 1}]}"#
            ),
            "dashboards[0].colour: unknown field; expected one of id, title, widgets"
        );
        assert_eq!(
            error(r#"{"format": "webmqtt-dashboard", "version": 1}"#),
            "dashboards: missing"
        );
        assert_eq!(
            error(r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": {}}"#),
            "dashboards: {}: expected an array"
        );
        assert_eq!(
            error(r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": [], "extra": 1}"#),
            "extra: unknown field; expected one of format, version, dashboards, broker"
        );
    }

    #[test]
    fn a_broker_never_holds_a_password() {
        let doc = read(
            r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": [],
                "broker": {"url": "wss://b/mqtt", "username": "viewer"}}"#,
        )
        .unwrap();
        let broker = doc.broker.unwrap();
        assert_eq!(broker.username.as_deref(), Some("viewer"));
        let e = read(
            r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": [],
                "broker": {"url": "wss://b/mqtt", "password": "secret"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path(), Some("broker.password"));
        assert!(!e.to_string().contains("secret"));
        assert_eq!(
            error(
                r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": [],
                    "broker": {"uri": "wss://b/mqtt"}}"#
            ),
            "broker.uri: unknown field `uri`, expected `url` or `username`"
        );
    }

    #[test]
    fn positions_map_back_to_paths() {
        let text = "{\n  \"a\": [\n    1,\n    {\"b\": 2}\n  ],\n  \"c d\": 3\n}";
        assert_eq!(path_at(text, 3, 5), ".a[0]");
        assert_eq!(path_at(text, 4, 10), ".a[1].b");
        assert_eq!(path_at(text, 4, 12), ".a[1]");
        assert_eq!(path_at(text, 6, 7), "[\"c d\"]");
        assert_eq!(path_at(text, 7, 1), "");
        assert_eq!(path_at(text, 0, 0), "");
        assert_eq!(path_at(text, 99, 99), "");
        assert_eq!(path_at("{\"k\\\"q\": 1}", 1, 7), "[\"k\\\"q\"]");
        assert_eq!(path_at("", 1, 1), "");
        assert_eq!(
            path_at(text, 2, 9),
            ".a",
            "just inside the array is the array"
        );
    }
}
