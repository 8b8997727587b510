//! Reads a current-version JSON tree into a [`Document`], naming the path
//! of the first thing that does not fit the schema: a missing or unknown
//! field, a value of the wrong type, an unknown widget kind.
//!
//! Written by hand over [`serde_json::Value`] rather than with serde's
//! derived `Deserialize`, which cost the web app about 50 KB of wasm. The
//! types' `Deserialize` derives stay the statement of the format: this
//! reader accepts what they accept, in the same way (keys in order, then
//! missing fields in declaration order; a struct also as an array of its
//! fields), and gives the same messages at the same paths, which the tests
//! check against them ([`serde_oracle`]). Ranges and cross-field rules are
//! [`super::validate`]'s.

use serde_json::{Map, Value};

use crate::std_prelude::*;

use super::document::{
    Broker, ButtonSetSettings, ButtonSettings, ButtonSpec, ChartSeries, ChartSettings, DEFAULT_H,
    DEFAULT_W, Dashboard, Document, GaugeSettings, IndicatorSettings, InputSettings, InputType,
    Kind, LogSettings, SliderSettings, SwitchSettings, TextSettings, ValueSettings, Widget,
    WidgetId, WidgetKind,
};
use super::error::DocumentError;
use super::extract::Extract;
use super::thresholds::{IndicatorState, Look, Threshold};
use super::value::Scalar;

#[cfg(test)]
mod serde_oracle;

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
            Some(broker(b, "broker")?)
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
    let id = string_at(map.get("id"), &join(path, "id"))?;
    let title = match map.get("title") {
        None => id.clone(),
        title => string_at(title, &join(path, "title"))?,
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
    let id = string_at(map.get("id"), &join(path, "id"))?;
    let title = match map.get("title") {
        None => String::new(),
        title => string_at(title, &join(path, "title"))?,
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
    let kind_name = string_at(map.get("kind"), &join(path, "kind"))?;
    let Some(kind) = Kind::from_name(&kind_name) else {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        return Err(DocumentError::invalid(
            join(path, "kind"),
            format!("unknown kind {kind_name:?}; one of {}", names.join(", ")),
        ));
    };
    Ok(Widget {
        id: WidgetId(id),
        title,
        w,
        h,
        kind: settings(kind, value, path)?,
    })
}

/// One struct as serde's derived code reads it: its name, its fields
/// (camelCase, in declaration order) and which of them have no default.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
    /// Bit `i` is set when `fields[i]` is required.
    required: u32,
    /// Whether the first field reads any value, so that a wrong array or
    /// object there is reported inside the struct (see [`fields`]).
    first_any: bool,
}

impl Shape {
    const fn new(name: &'static str, fields: &'static [&'static str], required: u32) -> Shape {
        Shape {
            name,
            fields,
            required,
            first_any: false,
        }
    }
}

const VALUE: Shape = Shape::new(
    "ValueSettings",
    &[
        "topic",
        "extract",
        "unit",
        "decimals",
        "thresholds",
        "staleAfterSeconds",
    ],
    0b1,
);
const GAUGE: Shape = Shape::new(
    "GaugeSettings",
    &[
        "topic",
        "extract",
        "min",
        "max",
        "unit",
        "decimals",
        "thresholds",
        "staleAfterSeconds",
    ],
    0b1101,
);
const CHART: Shape = Shape::new(
    "ChartSettings",
    &[
        "series",
        "windowSeconds",
        "maxPoints",
        "min",
        "max",
        "unit",
        "decimals",
    ],
    0b1,
);
const SERIES: Shape = Shape::new("ChartSeries", &["topic", "extract", "label", "colour"], 0b1);
const SWITCH: Shape = Shape::new(
    "SwitchSettings",
    &[
        "commandTopic",
        "payloadOn",
        "payloadOff",
        "topic",
        "extract",
        "stateOn",
        "stateOff",
        "qos",
        "retain",
        "confirm",
        "staleAfterSeconds",
    ],
    0b1,
);
const BUTTON: Shape = Shape::new(
    "ButtonSettings",
    &[
        "commandTopic",
        "label",
        "payload",
        "qos",
        "retain",
        "confirm",
    ],
    0b11,
);
const BUTTON_SET: Shape = Shape::new(
    "ButtonSetSettings",
    &["commandTopic", "buttons", "qos", "retain", "confirm"],
    0b11,
);
const BUTTON_SPEC: Shape = Shape::new("ButtonSpec", &["label", "payload"], 0b1);
const SLIDER: Shape = Shape::new(
    "SliderSettings",
    &[
        "commandTopic",
        "min",
        "max",
        "step",
        "template",
        "topic",
        "extract",
        "unit",
        "decimals",
        "qos",
        "retain",
        "confirm",
    ],
    0b111,
);
const INPUT: Shape = Shape::new(
    "InputSettings",
    &[
        "commandTopic",
        "input",
        "template",
        "min",
        "max",
        "qos",
        "retain",
        "confirm",
    ],
    0b1,
);
const INDICATOR: Shape = Shape::new(
    "IndicatorSettings",
    &[
        "topic",
        "extract",
        "states",
        "otherwise",
        "staleAfterSeconds",
    ],
    0b1,
);
const STATE: Shape = Shape {
    first_any: true,
    ..Shape::new(
        "IndicatorState",
        &["equals", "from", "to", "colour", "label"],
        0b1000,
    )
};
const LOOK: Shape = Shape::new("Look", &["colour", "label"], 0b1);
const THRESHOLD: Shape = Shape::new("Threshold", &["from", "colour", "label"], 0b11);
const LOG: Shape = Shape::new("LogSettings", &["topic", "extract", "lines"], 0b1);
const TEXT: Shape = Shape::new("TextSettings", &["text"], 0b1);
const BROKER: Shape = Shape::new("Broker", &["url", "username"], 0b1);

/// A widget's settings: the fields of its object other than [`COMMON`].
/// Every field is read by name into [`All`] (one reader per field name,
/// not per kind and name: a third of the code), then moved into the
/// kind's settings.
fn settings(kind: Kind, value: &Value, path: &str) -> Result<WidgetKind, DocumentError> {
    let shape = match kind {
        Kind::Value => &VALUE,
        Kind::Gauge => &GAUGE,
        Kind::Chart => &CHART,
        Kind::Switch => &SWITCH,
        Kind::Button => &BUTTON,
        Kind::ButtonSet => &BUTTON_SET,
        Kind::Slider => &SLIDER,
        Kind::Input => &INPUT,
        Kind::Indicator => &INDICATOR,
        Kind::Log => &LOG,
        Kind::Text => &TEXT,
    };
    // `topic`, `min` and `max` are optional in some kinds (null is none)
    // and required in others.
    let required_topic = !matches!(kind, Kind::Switch | Kind::Slider);
    let required_range = matches!(kind, Kind::Gauge | Kind::Slider);
    let mut a = All::new();
    fields(value, path, shape, &COMMON, &mut |i, v, p| {
        match shape.fields.get(i).copied().unwrap_or_default() {
            "topic" if required_topic => a.topic = string(v, p)?,
            "topic" => a.opt_topic = opt(v, |v| string(v, p))?,
            "extract" => a.extract = extract(v, p)?,
            "unit" => a.unit = string(v, p)?,
            "decimals" => a.decimals = opt(v, |v| uint(v, p, "u8"))?,
            "thresholds" => a.thresholds = list(v, p, threshold)?,
            "staleAfterSeconds" => a.stale = opt(v, |v| uint(v, p, "u32"))?,
            "min" if required_range => a.min = number(v, p)?,
            "max" if required_range => a.max = number(v, p)?,
            "min" => a.opt_min = opt(v, |v| number(v, p))?,
            "max" => a.opt_max = opt(v, |v| number(v, p))?,
            "series" => a.series = list(v, p, series)?,
            "windowSeconds" => a.window_seconds = uint(v, p, "u32")?,
            "maxPoints" => a.max_points = uint(v, p, "u32")?,
            "commandTopic" => a.command_topic = string(v, p)?,
            "payloadOn" => a.payload_on = string(v, p)?,
            "payloadOff" => a.payload_off = string(v, p)?,
            "stateOn" => a.state_on = opt(v, |v| scalar(v, p))?,
            "stateOff" => a.state_off = opt(v, |v| scalar(v, p))?,
            "qos" => a.qos = uint(v, p, "u8")?,
            "retain" => a.retain = boolean(v, p)?,
            "confirm" => a.confirm = opt(v, |v| string(v, p))?,
            "label" => a.label = string(v, p)?,
            "payload" => a.payload = string(v, p)?,
            "buttons" => a.buttons = list(v, p, button)?,
            "step" => a.step = number(v, p)?,
            "template" => a.template = string(v, p)?,
            "input" => {
                a.input = variant(v, p, &["text", "number"], 2, |i, _, _| {
                    Ok(if i == 0 {
                        InputType::Text
                    } else {
                        InputType::Number
                    })
                })?;
            }
            "states" => a.states = list(v, p, state)?,
            "otherwise" => a.otherwise = opt(v, |v| look(v, p))?,
            "lines" => a.lines = uint(v, p, "u16")?,
            "text" => a.text = string(v, p)?,
            // Every name in a shape is one of the above.
            _ => {}
        }
        Ok(())
    })?;
    Ok(match kind {
        Kind::Value => WidgetKind::Value(ValueSettings {
            topic: a.topic,
            extract: a.extract,
            unit: a.unit,
            decimals: a.decimals,
            thresholds: a.thresholds,
            stale_after_seconds: a.stale,
        }),
        Kind::Gauge => WidgetKind::Gauge(GaugeSettings {
            topic: a.topic,
            extract: a.extract,
            min: a.min,
            max: a.max,
            unit: a.unit,
            decimals: a.decimals,
            thresholds: a.thresholds,
            stale_after_seconds: a.stale,
        }),
        Kind::Chart => WidgetKind::Chart(ChartSettings {
            series: a.series,
            window_seconds: a.window_seconds,
            max_points: a.max_points,
            min: a.opt_min,
            max: a.opt_max,
            unit: a.unit,
            decimals: a.decimals,
        }),
        Kind::Switch => WidgetKind::Switch(SwitchSettings {
            command_topic: a.command_topic,
            payload_on: a.payload_on,
            payload_off: a.payload_off,
            topic: a.opt_topic,
            extract: a.extract,
            state_on: a.state_on,
            state_off: a.state_off,
            qos: a.qos,
            retain: a.retain,
            confirm: a.confirm,
            stale_after_seconds: a.stale,
        }),
        Kind::Button => WidgetKind::Button(ButtonSettings {
            command_topic: a.command_topic,
            label: a.label,
            payload: a.payload,
            qos: a.qos,
            retain: a.retain,
            confirm: a.confirm,
        }),
        Kind::ButtonSet => WidgetKind::ButtonSet(ButtonSetSettings {
            command_topic: a.command_topic,
            buttons: a.buttons,
            qos: a.qos,
            retain: a.retain,
            confirm: a.confirm,
        }),
        Kind::Slider => WidgetKind::Slider(SliderSettings {
            command_topic: a.command_topic,
            min: a.min,
            max: a.max,
            step: a.step,
            template: a.template,
            topic: a.opt_topic,
            extract: a.extract,
            unit: a.unit,
            decimals: a.decimals,
            qos: a.qos,
            retain: a.retain,
            confirm: a.confirm,
        }),
        Kind::Input => WidgetKind::Input(InputSettings {
            command_topic: a.command_topic,
            input: a.input,
            template: a.template,
            min: a.opt_min,
            max: a.opt_max,
            qos: a.qos,
            retain: a.retain,
            confirm: a.confirm,
        }),
        Kind::Indicator => WidgetKind::Indicator(IndicatorSettings {
            topic: a.topic,
            extract: a.extract,
            states: a.states,
            otherwise: a.otherwise,
            stale_after_seconds: a.stale,
        }),
        Kind::Log => WidgetKind::Log(LogSettings {
            topic: a.topic,
            extract: a.extract,
            lines: a.lines,
        }),
        Kind::Text => WidgetKind::Text(TextSettings { text: a.text }),
    })
}

/// Every settings field of every kind, at the defaults the kinds that
/// have it give it (the same in each).
struct All {
    topic: String,
    opt_topic: Option<String>,
    extract: Extract,
    unit: String,
    decimals: Option<u8>,
    thresholds: Vec<Threshold>,
    stale: Option<u32>,
    min: f64,
    max: f64,
    opt_min: Option<f64>,
    opt_max: Option<f64>,
    series: Vec<ChartSeries>,
    window_seconds: u32,
    max_points: u32,
    command_topic: String,
    payload_on: String,
    payload_off: String,
    state_on: Option<Scalar>,
    state_off: Option<Scalar>,
    qos: u8,
    retain: bool,
    confirm: Option<String>,
    label: String,
    payload: String,
    buttons: Vec<ButtonSpec>,
    step: f64,
    template: String,
    input: InputType,
    states: Vec<IndicatorState>,
    otherwise: Option<Look>,
    lines: u16,
    text: String,
}

impl All {
    fn new() -> All {
        let (chart, switch, slider, log) = (
            ChartSettings::default(),
            SwitchSettings::default(),
            SliderSettings::default(),
            LogSettings::default(),
        );
        All {
            topic: String::new(),
            opt_topic: None,
            extract: Extract::Whole,
            unit: String::new(),
            decimals: None,
            thresholds: Vec::new(),
            stale: None,
            min: 0.0,
            max: 0.0,
            opt_min: None,
            opt_max: None,
            series: Vec::new(),
            window_seconds: chart.window_seconds,
            max_points: chart.max_points,
            command_topic: String::new(),
            payload_on: switch.payload_on,
            payload_off: switch.payload_off,
            state_on: None,
            state_off: None,
            qos: 0,
            retain: false,
            confirm: None,
            label: String::new(),
            payload: String::new(),
            buttons: Vec::new(),
            step: slider.step,
            template: slider.template,
            input: InputType::Text,
            states: Vec::new(),
            otherwise: None,
            lines: log.lines,
            text: String::new(),
        }
    }
}

fn series(v: &Value, p: &str) -> Result<ChartSeries, DocumentError> {
    let mut s = ChartSeries::default();
    fields(v, p, &SERIES, &[], &mut |i, v, p| {
        match i {
            0 => s.topic = string(v, p)?,
            1 => s.extract = extract(v, p)?,
            2 => s.label = string(v, p)?,
            _ => s.colour = opt(v, |v| string(v, p))?,
        }
        Ok(())
    })?;
    Ok(s)
}

fn threshold(v: &Value, p: &str) -> Result<Threshold, DocumentError> {
    let mut t = Threshold {
        from: 0.0,
        colour: String::new(),
        label: String::new(),
    };
    fields(v, p, &THRESHOLD, &[], &mut |i, v, p| {
        match i {
            0 => t.from = number(v, p)?,
            1 => t.colour = string(v, p)?,
            _ => t.label = string(v, p)?,
        }
        Ok(())
    })?;
    Ok(t)
}

fn state(v: &Value, p: &str) -> Result<IndicatorState, DocumentError> {
    let mut s = IndicatorState {
        equals: None,
        from: None,
        to: None,
        colour: String::new(),
        label: String::new(),
    };
    fields(v, p, &STATE, &[], &mut |i, v, p| {
        match i {
            0 => s.equals = opt(v, |v| scalar(v, p))?,
            1 => s.from = opt(v, |v| number(v, p))?,
            2 => s.to = opt(v, |v| number(v, p))?,
            3 => s.colour = string(v, p)?,
            _ => s.label = string(v, p)?,
        }
        Ok(())
    })?;
    Ok(s)
}

fn look(v: &Value, p: &str) -> Result<Look, DocumentError> {
    let mut l = Look {
        colour: String::new(),
        label: String::new(),
    };
    fields(v, p, &LOOK, &[], &mut |i, v, p| {
        match i {
            0 => l.colour = string(v, p)?,
            _ => l.label = string(v, p)?,
        }
        Ok(())
    })?;
    Ok(l)
}

fn button(v: &Value, p: &str) -> Result<ButtonSpec, DocumentError> {
    let mut b = ButtonSpec::default();
    fields(v, p, &BUTTON_SPEC, &[], &mut |i, v, p| {
        match i {
            0 => b.label = string(v, p)?,
            _ => b.payload = string(v, p)?,
        }
        Ok(())
    })?;
    Ok(b)
}

fn broker(v: &Value, p: &str) -> Result<Broker, DocumentError> {
    let mut b = Broker {
        url: String::new(),
        username: None,
    };
    fields(v, p, &BROKER, &[], &mut |i, v, p| {
        match i {
            0 => b.url = string(v, p)?,
            _ => b.username = opt(v, |v| string(v, p))?,
        }
        Ok(())
    })?;
    Ok(b)
}

/// Reads the fields of a struct of `shape` at `path`, calling `read` with
/// each field's index, value and path, as serde's derived code does: from
/// an object, key by key in key order (an unknown key is an error when it
/// is met), then the first required field that was missing; or from an
/// array of the fields in declaration order. Keys in `skip` belong to
/// someone else.
fn fields(
    value: &Value,
    path: &str,
    shape: &Shape,
    skip: &[&str],
    read: &mut dyn FnMut(usize, &Value, &str) -> Result<(), DocumentError>,
) -> Result<(), DocumentError> {
    let mut seen = 0u32;
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if skip.contains(&key.as_str()) {
                    continue;
                }
                let at = join(path, key);
                let Some(i) = shape.fields.iter().position(|f| f == key) else {
                    let message = if shape.fields.is_empty() {
                        format!("unknown field `{key}`, there are no fields")
                    } else {
                        format!("unknown field `{key}`, expected {}", one_of(shape.fields))
                    };
                    return Err(DocumentError::invalid(at, message));
                };
                if let Err(e) = read(i, v, &at) {
                    let next = map.keys().skip_while(|k| *k != key).skip(1);
                    let last = next.filter(|k| !skip.contains(&k.as_str())).count() == 0;
                    return Err(place(e, if last { path } else { &at }));
                }
                seen |= 1 << i;
            }
            match (0..shape.fields.len()).find(|i| shape.required & !seen & (1 << i) != 0) {
                Some(i) => Err(DocumentError::invalid(
                    path,
                    format!("missing field `{}`", shape.fields[i]),
                )),
                None => Ok(()),
            }
        }
        Value::Array(list) => {
            let n = shape.fields.len();
            for (i, v) in list.iter().enumerate() {
                let at = format!("{path}[{i}]");
                if i == n {
                    return Err(DocumentError::invalid(at, "trailing characters"));
                }
                // serde_json reported a wrong array or object just inside
                // the struct's own `[`, which named the struct.
                let first_wrong = i == 0 && !shape.first_any && (v.is_array() || v.is_object());
                if let Err(e) = read(i, v, if first_wrong { path } else { &at }) {
                    let next = format!("{path}[{}]", i + 1);
                    return Err(place(e, if i + 1 == list.len() { path } else { &next }));
                }
                seen |= 1 << i;
            }
            match (0..n).find(|i| shape.required & !seen & (1 << i) != 0) {
                Some(i) => Err(DocumentError::invalid(
                    path,
                    format!(
                        "invalid length {i}, expected struct {} with {n} element{}",
                        shape.name,
                        if n == 1 { "" } else { "s" }
                    ),
                )),
                None => Ok(()),
            }
        }
        other => Err(wrong_type(other, path, &format!("struct {}", shape.name))),
    }
}

/// The path of an error serde_json gave no position of its own (a
/// newtype variant named as a unit variant, `"extract": "json"`): it took
/// the position where the struct around it next looked, just before the
/// next field, or past the struct's end when there was none.
const UNPLACED: &str = "\u{0}";

/// `e` at `path` if it is [`UNPLACED`].
fn place(e: DocumentError, path: &str) -> DocumentError {
    match e {
        DocumentError::Invalid { path: p, message } if p == UNPLACED => {
            DocumentError::invalid(path, message)
        }
        e => e,
    }
}

/// serde's list of names in a message: `` `a` ``, `` `a` or `b` ``,
/// `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [a] => format!("`{a}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// An "invalid type" error for `value` where `expected` was wanted.
fn wrong_type(value: &Value, path: &str, expected: &str) -> DocumentError {
    let found = match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    };
    DocumentError::invalid(path, format!("invalid type: {found}, expected {expected}"))
}

/// `None` for `null`, else what `read` makes of the value.
fn opt<T>(
    value: &Value,
    read: impl FnOnce(&Value) -> Result<T, DocumentError>,
) -> Result<Option<T>, DocumentError> {
    if value.is_null() {
        Ok(None)
    } else {
        read(value).map(Some)
    }
}

fn string(value: &Value, path: &str) -> Result<String, DocumentError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        other => Err(wrong_type(other, path, "a string")),
    }
}

fn number(value: &Value, path: &str) -> Result<f64, DocumentError> {
    match value.as_f64() {
        Some(n) => Ok(n),
        None => Err(wrong_type(value, path, "f64")),
    }
}

/// An unsigned integer of type `ty` (`u8`, `u16`, `u32`).
fn uint<T: TryFrom<u64>>(value: &Value, path: &str, ty: &str) -> Result<T, DocumentError> {
    match value {
        Value::Number(n) if !n.is_f64() => {
            if let Some(t) = n.as_u64().and_then(|u| T::try_from(u).ok()) {
                return Ok(t);
            }
            Err(DocumentError::invalid(
                path,
                format!("invalid value: integer `{n}`, expected {ty}"),
            ))
        }
        other => Err(wrong_type(other, path, ty)),
    }
}

fn boolean(value: &Value, path: &str) -> Result<bool, DocumentError> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(wrong_type(other, path, "a boolean")),
    }
}

fn scalar(value: &Value, path: &str) -> Result<Scalar, DocumentError> {
    Ok(match value {
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => Scalar::Number(n.as_f64().unwrap_or_default()),
        Value::String(s) => Scalar::Text(s.clone()),
        other => return Err(wrong_type(other, path, "text, a number, true or false")),
    })
}

/// A list of what `read` reads.
fn list<T>(
    value: &Value,
    path: &str,
    read: fn(&Value, &str) -> Result<T, DocumentError>,
) -> Result<Vec<T>, DocumentError> {
    let Value::Array(items) = value else {
        return Err(wrong_type(value, path, "a sequence"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(read(item, &format!("{path}[{i}]"))?);
    }
    Ok(out)
}

fn extract(value: &Value, path: &str) -> Result<Extract, DocumentError> {
    variant(
        value,
        path,
        &["whole", "number", "json", "stencil"],
        2,
        |i, v, p| {
            Ok(match i {
                0 => Extract::Whole,
                1 => Extract::Number,
                2 => Extract::Json(string(v, p)?),
                _ => Extract::Stencil(string(v, p)?),
            })
        },
    )
}

/// An externally tagged enum of the variants `names`, of which the first
/// `units` have no value: `"name"` for those, `{"name": value}` for any.
/// `make` gets the variant's index and its value and path.
fn variant<T>(
    value: &Value,
    path: &str,
    names: &[&str],
    units: usize,
    make: impl FnOnce(usize, &Value, &str) -> Result<T, DocumentError>,
) -> Result<T, DocumentError> {
    let unknown = |name: &str| format!("unknown variant `{name}`, expected {}", one_of(names));
    match value {
        Value::String(name) => match names.iter().position(|n| n == name) {
            Some(i) if i < units => make(i, value, path),
            Some(_) => Err(DocumentError::invalid(
                UNPLACED,
                "invalid type: unit variant, expected newtype variant",
            )),
            None => Err(DocumentError::invalid(path, unknown(name))),
        },
        Value::Object(map) => {
            let Some((name, inner)) = map.iter().next() else {
                return Err(DocumentError::invalid(path, "expected value"));
            };
            let at = join(path, name);
            let Some(i) = names.iter().position(|n| n == name) else {
                return Err(DocumentError::invalid(at, unknown(name)));
            };
            if i < units && !inner.is_null() {
                return Err(wrong_type(inner, &at, "unit"));
            }
            let made = make(i, inner, &at)?;
            if map.len() > 1 {
                return Err(DocumentError::invalid(at, "expected value"));
            }
            Ok(made)
        }
        _ => Err(DocumentError::invalid(path, "expected value")),
    }
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

fn string_at(value: Option<&Value>, path: &str) -> Result<String, DocumentError> {
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
        (_, false) => format!("{path}[{}]", Value::from(key)),
    }
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

    /// A document with every kind and every field, and some structs as
    /// arrays of their fields (which serde's derived code also reads).
    const EVERYTHING: &str = r##"{"format": "webmqtt-dashboard", "version": 1,
        "broker": {"url": "wss://b/mqtt", "username": "viewer"},
        "dashboards": [{"id": "d", "title": "D", "widgets": [
            {"id": "v", "title": "V", "w": 4, "h": 3, "kind": "value", "topic": "a/+",
             "extract": {"json": "a.b"}, "unit": "V", "decimals": 1,
             "thresholds": [{"from": 0, "colour": "#000000", "label": "low"},
                            [10.5, "#ffffff"]],
             "staleAfterSeconds": 60},
            {"id": "g", "kind": "gauge", "topic": "g", "extract": "number", "min": -1,
             "max": 1e3, "unit": "", "decimals": null, "thresholds": [], "staleAfterSeconds": null},
            {"id": "c", "kind": "chart", "series": [
                {"topic": "s/1", "extract": {"stencil": "t={value}"}, "label": "one",
                 "colour": "#123456"},
                ["s/2", "whole", "two", null]],
             "windowSeconds": 60, "maxPoints": 100, "min": 0, "max": 5.5, "unit": "W",
             "decimals": 2},
            {"id": "s", "kind": "switch", "commandTopic": "s/set", "payloadOn": "1",
             "payloadOff": "0", "topic": "s/state", "extract": {"whole": null},
             "stateOn": true, "stateOff": 0, "qos": 1, "retain": true, "confirm": "Sure?",
             "staleAfterSeconds": 5},
            {"id": "b", "kind": "button", "commandTopic": "b", "label": "Go", "payload": "x",
             "qos": 2, "retain": false, "confirm": null},
            {"id": "bs", "kind": "buttonSet", "commandTopic": "bs", "buttons": [
                {"label": "A", "payload": "a"}, ["B"]], "qos": 0, "retain": true,
             "confirm": "ok?"},
            {"id": "sl", "kind": "slider", "commandTopic": "sl", "min": 0, "max": 1,
             "step": 0.1, "template": "{value}", "topic": "sl/s", "extract": "whole",
             "unit": "%", "decimals": 0, "qos": 1, "retain": false, "confirm": "Move?"},
            {"id": "i", "kind": "input", "commandTopic": "i", "input": "number",
             "template": "{json}", "min": 1, "max": 9, "qos": 0, "retain": false,
             "confirm": null},
            {"id": "in", "kind": "indicator", "topic": "in", "extract": "whole", "states": [
                {"equals": "on", "colour": "#00ff00", "label": "On"},
                {"from": 1, "to": 2, "colour": "#ff0000"},
                [null, 3, null, "#0000ff", "three"]],
             "otherwise": {"colour": "#808080", "label": "?"}, "staleAfterSeconds": 9},
            {"id": "l", "kind": "log", "topic": "#", "extract": "number", "lines": 20},
            {"id": "t", "kind": "text", "text": "hello"}]}]}"##;

    /// Values to put in place of others: every JSON type, numbers of every
    /// kind and range, variant names, wrong and odd structs.
    const REPLACEMENTS: &[&str] = &[
        "null",
        "true",
        "0",
        "1",
        "-1",
        "300",
        "70000",
        "5000000000",
        "1.5",
        "-0",
        "1e3",
        "\"x\"",
        "\"1\"",
        "\"whole\"",
        "\"number\"",
        "\"json\"",
        "\"text\"",
        "\"a \\\"b\\\"\"",
        "[]",
        "[1]",
        "[\"a\"]",
        "[[1]]",
        "[{}]",
        "[{\"a\": 1}]",
        "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", \"k\", \"l\", \"m\"]",
        "[1, \"#000000\", \"x\", 4]",
        "{}",
        "{\"a\": 1}",
        "{\"x y\": 1}",
        "{\"json\": \"a\"}",
        "{\"json\": 5}",
        "{\"json\": [1]}",
        "{\"json\": \"a\", \"stencil\": \"b\"}",
        "{\"whole\": null}",
        "{\"whole\": 1}",
        "{\"whole\": {}}",
        "{\"number\": null, \"z\": 2}",
        "{\"text\": null}",
        "{\"number\": [1]}",
        "{\"colour\": \"#000000\"}",
        "{\"from\": 1, \"colour\": 5}",
        "{\"topic\": \"a\", \"extract\": 7}",
        "{\"label\": \"a\", \"payload\": null}",
        "{\"url\": \"u\"}",
        "{\"extract\": \"json\"}",
        "{\"colour\": \"#000000\", \"extract\": \"stencil\"}",
        "[\"t\", \"json\"]",
        "[\"t\", \"stencil\", \"l\"]",
    ];

    /// Every node of `value` by its route (keys and indexes).
    fn routes(value: &Value, route: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(route.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    route.push(Step::Key(k.clone()));
                    routes(v, route, out);
                    route.pop();
                }
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    route.push(Step::Index(i));
                    routes(v, route, out);
                    route.pop();
                }
            }
            _ => {}
        }
    }

    #[derive(Clone)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn at<'v>(value: &'v mut Value, route: &[Step]) -> &'v mut Value {
        route.iter().fold(value, |v, step| match step {
            Step::Key(k) => &mut v[k.as_str()],
            Step::Index(i) => &mut v[*i],
        })
    }

    /// The new reader and serde's give the same document or the same
    /// error for `root`.
    fn agree(root: &Value) {
        let Some(map) = root.as_object() else { return };
        assert_eq!(
            document(map),
            serde_oracle::document(map),
            "for {}",
            serde_json::to_string(root).unwrap()
        );
    }

    #[test]
    fn the_reference_document_reads() {
        let root: Value = serde_json::from_str(EVERYTHING).unwrap();
        let doc = document(root.as_object().unwrap()).unwrap();
        assert_eq!(doc.dashboards[0].widgets.len(), 11);
        agree(&root);
    }

    /// Every node replaced by every one of [`REPLACEMENTS`], removed, and
    /// (objects) given an unknown key or turned into the array of their
    /// values: the reader agrees with serde's derived code, value for
    /// value and message for message.
    #[test]
    fn agrees_with_serde_on_every_change() {
        let root: Value = serde_json::from_str(EVERYTHING).unwrap();
        let mut all = Vec::new();
        routes(&root, &mut Vec::new(), &mut all);
        let replacements: Vec<Value> = REPLACEMENTS
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect();
        let mut checked = 0;
        for route in &all {
            for r in &replacements {
                let mut changed = root.clone();
                *at(&mut changed, route) = r.clone();
                agree(&changed);
                checked += 1;
            }
            let Some((last, parent)) = route.split_last() else {
                continue;
            };
            let mut removed = root.clone();
            match (at(&mut removed, parent), last) {
                (Value::Object(m), Step::Key(k)) => {
                    m.remove(k);
                }
                (Value::Array(a), Step::Index(i)) => {
                    a.remove(*i);
                }
                _ => unreachable!(),
            }
            agree(&removed);
            let mut reshaped = root.clone();
            let node = at(&mut reshaped, route);
            if let Value::Object(m) = node {
                let values: Vec<Value> = m.values().cloned().collect();
                let mut extra = m.clone();
                extra.insert("zzz".into(), Value::Null);
                extra.insert("a b".into(), Value::Null);
                *node = Value::Object(extra);
                agree(&reshaped);
                for n in 0..=values.len() {
                    *at(&mut reshaped, route) = Value::Array(values[..n].to_vec());
                    agree(&reshaped);
                }
            }
            checked += 1;
        }
        assert!(checked > 5000, "{checked} changes");
    }

    /// One character of the text changed, at every place: wherever the
    /// text is still JSON, the reader agrees with serde's derived code.
    #[test]
    fn agrees_with_serde_on_damaged_text() {
        let replacements = ['{', '}', '[', ']', '"', ',', '1', 'x', ' '];
        for (i, c) in EVERYTHING.char_indices() {
            for r in replacements {
                let mut s = String::with_capacity(EVERYTHING.len());
                s.push_str(&EVERYTHING[..i]);
                s.push(r);
                s.push_str(&EVERYTHING[i + c.len_utf8()..]);
                if let Ok(root) = serde_json::from_str::<Value>(&s) {
                    agree(&root);
                }
            }
        }
    }
}
