//! The reader the app had before [`super::document`] was written by hand,
//! kept for the tests as the reference it must agree with: the document,
//! dashboard and widget levels walked by hand, and each piece below that
//! (a widget's settings, the broker) deserialized with serde's derived
//! code from its own pretty-printed text, the line and column of a serde
//! error turned back into a path inside that piece ([`path_at`]).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::std_prelude::*;

use super::super::document::{
    Broker, DEFAULT_H, DEFAULT_W, Dashboard, Document, Kind, Widget, WidgetId, WidgetKind,
};
use super::super::error::DocumentError;

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
