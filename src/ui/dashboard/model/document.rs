//! The dashboard document: the one JSON format dashboards are kept in
//! (localStorage), exported and imported as files, shared in links, hosted
//! as static files (`?dashboard=plant.json`) and stored as retained
//! messages.
//!
//! ```json
//! {
//!   "format": "webmqtt-dashboard",
//!   "version": 1,
//!   "dashboards": [
//!     {
//!       "id": "room1",
//!       "title": "Room 1",
//!       "widgets": [
//!         {
//!           "id": "voltage",
//!           "title": "Voltage",
//!           "w": 3,
//!           "h": 2,
//!           "kind": "value",
//!           "topic": "sensors/room1/voltage",
//!           "extract": { "json": "voltage" },
//!           "unit": "V",
//!           "decimals": 0,
//!           "staleAfterSeconds": 60
//!         }
//!       ]
//!     }
//!   ],
//!   "broker": { "url": "wss://broker.example/mqtt", "username": "viewer" }
//! }
//! ```
//!
//! Fields are camelCase; a field the schema does not name is an error, as
//! is any value out of range, so a file either loads whole or not at all.
//!
//! **Document**
//! - `format` (required): `"webmqtt-dashboard"`.
//! - `version` (required): the schema version, [`SCHEMA_VERSION`]. An older
//!   version is migrated when loaded; a newer one is refused.
//! - `dashboards` (required): the dashboards in menu order, at most
//!   [`MAX_DASHBOARDS`].
//! - `broker` (optional): where the data comes from: `url` (`ws://` or
//!   `wss://`) and optional `username`. There is never a password: a
//!   document with `broker.password` is refused.
//!
//! **Dashboard**: `id` (required; 1 to 64 of `A-Z a-z 0-9 - _ .`, unique
//! in the document), `title` (optional, defaults to the id), `widgets`
//! (required, at most [`MAX_WIDGETS`], in reading order).
//!
//! **Widget**: `id` (required; as a dashboard's, unique in its dashboard),
//! `title` (optional), `w` and `h` (optional, default 3 and 2), `kind`
//! (required), and the kind's own fields beside these. Placement is the
//! list order: widgets flow through a grid [`GRID_COLUMNS`] wide, each `w`
//! columns (1 to 12) by `h` rows (1 to [`MAX_ROWS`]), so they never
//! overlap and reordering is moving a widget in the list.
//!
//! Fields that mean the same in every kind that has them:
//! - `topic`: the topic filter the widget reads; `+` and `#` allowed (the
//!   latest message of any matching topic wins), `$share/…` not.
//! - `extract`: how the value is read from the payload: `"whole"`
//!   (default), `"number"`, `{"json": "path"}`, `{"stencil": "t={value}"}`
//!   (see [`super::extract`]).
//! - `unit` (text after numbers), `decimals` (0 to 10; default: the
//!   shortest exact form).
//! - `thresholds`: zones `[{"from": 0, "colour": "#2e7d32", "label":
//!   "ok"}]`, `from` strictly ascending (see [`super::thresholds`]).
//! - `staleAfterSeconds`: after this many seconds without a message the
//!   value is shown as stale.
//! - `commandTopic`: the topic name a control publishes to (no wildcards;
//!   never subscribed to). `qos` (0 to 2, default 0), `retain` (default
//!   false), `confirm` (optional question asked before publishing).
//! - Colours are `#rrggbb`.
//!
//! | `kind` | its fields |
//! |---|---|
//! | `value` | `topic`, `extract`, `unit`, `decimals`, `thresholds` (colour the value), `staleAfterSeconds` |
//! | `gauge` | `topic`, `extract`, `min` and `max` (required, min < max), `unit`, `decimals`, `thresholds` (bands on the arc), `staleAfterSeconds` |
//! | `chart` | `series` (1 to 8 of `{topic, extract, label?, colour?}`), `windowSeconds` (default 600), `maxPoints` (default 600, 2 to 10000), `min`/`max` (optional fixed axis), `unit`, `decimals` |
//! | `switch` | `commandTopic`, `payloadOn`/`payloadOff` (default `"ON"`/`"OFF"`), `topic` (optional state topic; without it the switch shows what it last sent), `extract`, `stateOn`/`stateOff` (text, number or boolean; default the payloads), `qos`, `retain`, `confirm`, `staleAfterSeconds` |
//! | `button` | `commandTopic`, `label`, `payload` (published as is), `qos`, `retain`, `confirm` |
//! | `buttonSet` | `commandTopic`, `buttons` (1 to 16 of `{label, payload}`, labels unique), `qos`, `retain`, `confirm` |
//! | `slider` | `commandTopic`, `min`, `max`, `step` (default 1), `template` (default `"{value}"`), `topic` and `extract` (optional current value), `unit`, `decimals`, `qos`, `retain`, `confirm` |
//! | `input` | `commandTopic`, `input` (`"text"` or `"number"`), `template` (default `"{value}"`), `min`/`max` (number only), `qos`, `retain`, `confirm` |
//! | `indicator` | `topic`, `extract`, `states` (first match wins: `{equals, colour, label?}` or `{from?, to?, colour, label?}`), `otherwise` (`{colour, label?}`), `staleAfterSeconds` |
//! | `log` | `topic`, `extract` (default `"whole"`), `lines` (default 50, 1 to 1000) |
//! | `text` | `text` (a static label) |
//!
//! Templates (`template`): `{value}` is the value, `{json}` the value as a
//! JSON literal, `{{` and `}}` literal braces (see [`super::template`]).
//!
//! This module holds the types and writes them ([`to_json`], by way of
//! [`super::write`]);
//! [`super::parse`] reads them and [`super::validate`] checks them.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::std_prelude::*;

use super::extract::Extract;
use super::thresholds::{IndicatorState, Look, Threshold};
use super::value::{Scalar, number_json, opt_number_json};

/// The `format` every dashboard document has.
pub const FORMAT: &str = "webmqtt-dashboard";
/// The schema version this code writes and reads; older ones are migrated.
pub const SCHEMA_VERSION: u32 = 1;
/// The grid's width in columns.
pub const GRID_COLUMNS: u8 = 12;
/// The most rows a widget spans.
pub const MAX_ROWS: u8 = 8;
/// A widget's width when a document does not give one.
pub const DEFAULT_W: u8 = 3;
/// A widget's height when a document does not give one.
pub const DEFAULT_H: u8 = 2;
/// The most dashboards in a document.
pub const MAX_DASHBOARDS: usize = 100;
/// The most widgets on a dashboard.
pub const MAX_WIDGETS: usize = 200;

/// Dashboards and, optionally, the broker they read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The dashboards, in menu order.
    pub dashboards: Vec<Dashboard>,
    /// Where the data comes from, if the document says.
    pub broker: Option<Broker>,
}

/// The broker a document's dashboards read. Never a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Broker {
    /// The WebSocket URL, `ws://` or `wss://`.
    pub url: String,
    /// The user name to offer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// One dashboard: a titled list of widgets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// Unique in the document (used in links: `#dashboard=<id>`).
    pub id: String,
    /// Shown in the menu and the heading.
    pub title: String,
    /// The widgets in reading order (their placement in the grid).
    pub widgets: Vec<Widget>,
}

/// A widget's id, unique in its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WidgetId(pub String);

impl WidgetId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for WidgetId {
    fn from(s: &str) -> Self {
        WidgetId(s.to_string())
    }
}

impl fmt::Display for WidgetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One widget: what it is ([`WidgetKind`]) and where it sits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Widget {
    /// Unique in its dashboard.
    pub id: WidgetId,
    /// The heading, or empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Width in grid columns, 1 to [`GRID_COLUMNS`].
    pub w: u8,
    /// Height in grid rows, 1 to [`MAX_ROWS`].
    pub h: u8,
    /// The kind and its settings (written as `"kind"` and the settings'
    /// fields beside the common ones).
    #[serde(flatten)]
    pub kind: WidgetKind,
}

impl Widget {
    /// A widget of the default size.
    pub fn new(id: &str, title: &str, kind: WidgetKind) -> Widget {
        Widget {
            id: WidgetId::from(id),
            title: title.to_string(),
            w: DEFAULT_W,
            h: DEFAULT_H,
            kind,
        }
    }
}

/// Every widget kind, without settings: for menus and for
/// [`WidgetKind::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A big number or text.
    Value,
    /// A number on an arc with coloured zones.
    Gauge,
    /// Numbers over time, one line per series.
    Chart,
    /// On/off: publishes and shows a state.
    Switch,
    /// Publishes a fixed payload.
    Button,
    /// A row of buttons, each with its payload.
    ButtonSet,
    /// Publishes a number picked on a range.
    Slider,
    /// Publishes typed text or a number.
    Input,
    /// A coloured light with a label for each state.
    Indicator,
    /// The last messages of a filter.
    Log,
    /// A static label.
    Text,
}

impl Kind {
    /// Every kind, in menu order.
    pub const ALL: [Kind; 11] = [
        Kind::Value,
        Kind::Gauge,
        Kind::Chart,
        Kind::Switch,
        Kind::Button,
        Kind::ButtonSet,
        Kind::Slider,
        Kind::Input,
        Kind::Indicator,
        Kind::Log,
        Kind::Text,
    ];

    /// The kind's name in documents.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Value => "value",
            Kind::Gauge => "gauge",
            Kind::Chart => "chart",
            Kind::Switch => "switch",
            Kind::Button => "button",
            Kind::ButtonSet => "buttonSet",
            Kind::Slider => "slider",
            Kind::Input => "input",
            Kind::Indicator => "indicator",
            Kind::Log => "log",
            Kind::Text => "text",
        }
    }

    /// The kind a document names.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What a widget is, with its own settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum WidgetKind {
    /// A big number or text.
    Value(ValueSettings),
    /// A number on an arc.
    Gauge(GaugeSettings),
    /// Numbers over time.
    Chart(ChartSettings),
    /// On/off.
    Switch(SwitchSettings),
    /// One button.
    Button(ButtonSettings),
    /// Several buttons.
    ButtonSet(ButtonSetSettings),
    /// A range.
    Slider(SliderSettings),
    /// A text or number field.
    Input(InputSettings),
    /// A light.
    Indicator(IndicatorSettings),
    /// Recent messages.
    Log(LogSettings),
    /// A static label.
    Text(TextSettings),
}

impl WidgetKind {
    /// The kind without its settings.
    pub fn kind(&self) -> Kind {
        match self {
            WidgetKind::Value(_) => Kind::Value,
            WidgetKind::Gauge(_) => Kind::Gauge,
            WidgetKind::Chart(_) => Kind::Chart,
            WidgetKind::Switch(_) => Kind::Switch,
            WidgetKind::Button(_) => Kind::Button,
            WidgetKind::ButtonSet(_) => Kind::ButtonSet,
            WidgetKind::Slider(_) => Kind::Slider,
            WidgetKind::Input(_) => Kind::Input,
            WidgetKind::Indicator(_) => Kind::Indicator,
            WidgetKind::Log(_) => Kind::Log,
            WidgetKind::Text(_) => Kind::Text,
        }
    }

    /// Points the widget at `topic`: the filter it reads, or the topic a
    /// control publishes to (a chart's first series; a text, nothing).
    pub fn set_topic(&mut self, topic: &str) {
        let slot = match self {
            WidgetKind::Value(s) => &mut s.topic,
            WidgetKind::Gauge(s) => &mut s.topic,
            WidgetKind::Chart(s) => match s.series.first_mut() {
                Some(first) => &mut first.topic,
                None => return,
            },
            WidgetKind::Switch(s) => &mut s.command_topic,
            WidgetKind::Button(s) => &mut s.command_topic,
            WidgetKind::ButtonSet(s) => &mut s.command_topic,
            WidgetKind::Slider(s) => &mut s.command_topic,
            WidgetKind::Input(s) => &mut s.command_topic,
            WidgetKind::Indicator(s) => &mut s.topic,
            WidgetKind::Log(s) => &mut s.topic,
            WidgetKind::Text(_) => return,
        };
        topic.clone_into(slot);
    }

    /// A new widget's settings for `kind`, reading or publishing to
    /// `topic` (a text widget has none and starts empty), with defaults
    /// that pass validation when `topic` does (a control's topic must have
    /// no wildcards).
    pub fn new(kind: Kind, topic: &str) -> WidgetKind {
        let topic = topic.to_string();
        match kind {
            Kind::Value => WidgetKind::Value(ValueSettings {
                topic,
                ..ValueSettings::default()
            }),
            Kind::Gauge => WidgetKind::Gauge(GaugeSettings {
                topic,
                ..GaugeSettings::default()
            }),
            Kind::Chart => WidgetKind::Chart(ChartSettings {
                series: vec![ChartSeries {
                    topic,
                    ..ChartSeries::default()
                }],
                ..ChartSettings::default()
            }),
            Kind::Switch => WidgetKind::Switch(SwitchSettings {
                command_topic: topic,
                ..SwitchSettings::default()
            }),
            Kind::Button => WidgetKind::Button(ButtonSettings {
                command_topic: topic,
                label: "Send".to_string(),
                ..ButtonSettings::default()
            }),
            Kind::ButtonSet => WidgetKind::ButtonSet(ButtonSetSettings {
                command_topic: topic,
                buttons: vec![
                    ButtonSpec {
                        label: "On".to_string(),
                        payload: "ON".to_string(),
                    },
                    ButtonSpec {
                        label: "Off".to_string(),
                        payload: "OFF".to_string(),
                    },
                ],
                ..ButtonSetSettings::default()
            }),
            Kind::Slider => WidgetKind::Slider(SliderSettings {
                command_topic: topic,
                ..SliderSettings::default()
            }),
            Kind::Input => WidgetKind::Input(InputSettings {
                command_topic: topic,
                ..InputSettings::default()
            }),
            Kind::Indicator => WidgetKind::Indicator(IndicatorSettings {
                topic,
                ..IndicatorSettings::default()
            }),
            Kind::Log => WidgetKind::Log(LogSettings {
                topic,
                ..LogSettings::default()
            }),
            Kind::Text => WidgetKind::Text(TextSettings::default()),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
fn default_on() -> String {
    "ON".to_string()
}
fn default_off() -> String {
    "OFF".to_string()
}
fn default_template() -> String {
    "{value}".to_string()
}
fn default_step() -> f64 {
    1.0
}
fn default_window() -> u32 {
    600
}
fn default_points() -> u32 {
    600
}
fn default_lines() -> u16 {
    50
}

/// A `value` widget: the latest value, big.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValueSettings {
    /// The filter read.
    pub topic: String,
    /// How the value is read.
    #[serde(default)]
    pub extract: Extract,
    /// Text after numbers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Digits after the point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Zones that colour the value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// Seconds without a message after which the value is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_seconds: Option<u32>,
}

/// A `gauge` widget: the latest number on an arc from `min` to `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GaugeSettings {
    /// The filter read.
    pub topic: String,
    /// How the value is read.
    #[serde(default)]
    pub extract: Extract,
    /// The arc's start.
    #[serde(serialize_with = "number_json")]
    pub min: f64,
    /// The arc's end.
    #[serde(serialize_with = "number_json")]
    pub max: f64,
    /// Text after numbers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Digits after the point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Coloured bands on the arc.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// Seconds without a message after which the value is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_seconds: Option<u32>,
}

impl Default for GaugeSettings {
    fn default() -> Self {
        GaugeSettings {
            topic: String::new(),
            extract: Extract::Whole,
            min: 0.0,
            max: 100.0,
            unit: String::new(),
            decimals: None,
            thresholds: Vec::new(),
            stale_after_seconds: None,
        }
    }
}

/// One line of a chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChartSeries {
    /// The filter read.
    pub topic: String,
    /// How the number is read.
    #[serde(default)]
    pub extract: Extract,
    /// The legend's text; empty shows the topic.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The line's colour; none takes the palette's (see
    /// [`super::colour::series_colour`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

/// A `chart` widget: numbers over a sliding time window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChartSettings {
    /// The lines.
    pub series: Vec<ChartSeries>,
    /// How many seconds back the chart shows.
    #[serde(default = "default_window")]
    pub window_seconds: u32,
    /// The most points kept per series.
    #[serde(default = "default_points")]
    pub max_points: u32,
    /// A fixed bottom of the axis (else it follows the data).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_number_json"
    )]
    pub min: Option<f64>,
    /// A fixed top of the axis (else it follows the data).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_number_json"
    )]
    pub max: Option<f64>,
    /// Text after numbers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Digits after the point in the readout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
}

impl Default for ChartSettings {
    fn default() -> Self {
        ChartSettings {
            series: Vec::new(),
            window_seconds: default_window(),
            max_points: default_points(),
            min: None,
            max: None,
            unit: String::new(),
            decimals: None,
        }
    }
}

/// A `switch` widget: publishes on/off, shows the state it reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SwitchSettings {
    /// The topic name the switch publishes to.
    pub command_topic: String,
    /// Published to turn on.
    #[serde(default = "default_on")]
    pub payload_on: String,
    /// Published to turn off.
    #[serde(default = "default_off")]
    pub payload_off: String,
    /// The filter the state is read from; none shows what was last sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// How the state is read.
    #[serde(default)]
    pub extract: Extract,
    /// The state value meaning on (default `payloadOn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_on: Option<Scalar>,
    /// The state value meaning off (default `payloadOff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_off: Option<Scalar>,
    /// The QoS to publish with, 0 to 2.
    #[serde(default)]
    pub qos: u8,
    /// Whether the broker retains what is published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retain: bool,
    /// A question to confirm before publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
    /// Seconds without a state message after which the state is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_seconds: Option<u32>,
}

impl Default for SwitchSettings {
    fn default() -> Self {
        SwitchSettings {
            command_topic: String::new(),
            payload_on: default_on(),
            payload_off: default_off(),
            topic: None,
            extract: Extract::Whole,
            state_on: None,
            state_off: None,
            qos: 0,
            retain: false,
            confirm: None,
            stale_after_seconds: None,
        }
    }
}

/// A `button` widget: publishes a fixed payload.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ButtonSettings {
    /// The topic name published to.
    pub command_topic: String,
    /// The button's text.
    pub label: String,
    /// Published as is (no placeholders).
    #[serde(default)]
    pub payload: String,
    /// The QoS to publish with, 0 to 2.
    #[serde(default)]
    pub qos: u8,
    /// Whether the broker retains what is published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retain: bool,
    /// A question to confirm before publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
}

/// One button of a `buttonSet`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ButtonSpec {
    /// The button's text, unique in its set.
    pub label: String,
    /// Published as is.
    #[serde(default)]
    pub payload: String,
}

/// A `buttonSet` widget: buttons publishing to one topic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ButtonSetSettings {
    /// The topic name published to.
    pub command_topic: String,
    /// The buttons, in order.
    pub buttons: Vec<ButtonSpec>,
    /// The QoS to publish with, 0 to 2.
    #[serde(default)]
    pub qos: u8,
    /// Whether the broker retains what is published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retain: bool,
    /// A question to confirm before publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
}

/// A `slider` widget: publishes a number from a range through a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SliderSettings {
    /// The topic name published to.
    pub command_topic: String,
    /// The lowest value.
    #[serde(serialize_with = "number_json")]
    pub min: f64,
    /// The highest value.
    #[serde(serialize_with = "number_json")]
    pub max: f64,
    /// The step between values.
    #[serde(default = "default_step", serialize_with = "number_json")]
    pub step: f64,
    /// What is published (`{value}`, `{json}`).
    #[serde(default = "default_template")]
    pub template: String,
    /// The filter the current value is read from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// How the current value is read.
    #[serde(default)]
    pub extract: Extract,
    /// Text after numbers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Digits after the point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// The QoS to publish with, 0 to 2.
    #[serde(default)]
    pub qos: u8,
    /// Whether the broker retains what is published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retain: bool,
    /// A question to confirm before publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
}

impl Default for SliderSettings {
    fn default() -> Self {
        SliderSettings {
            command_topic: String::new(),
            min: 0.0,
            max: 100.0,
            step: default_step(),
            template: default_template(),
            topic: None,
            extract: Extract::Whole,
            unit: String::new(),
            decimals: None,
            qos: 0,
            retain: false,
            confirm: None,
        }
    }
}

/// What an `input` widget takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InputType {
    /// Any text.
    #[default]
    Text,
    /// A number.
    Number,
}

/// An `input` widget: publishes typed text or a number through a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InputSettings {
    /// The topic name published to.
    pub command_topic: String,
    /// Text or number.
    #[serde(default)]
    pub input: InputType,
    /// What is published (`{value}`, `{json}`).
    #[serde(default = "default_template")]
    pub template: String,
    /// The lowest number accepted (number inputs).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_number_json"
    )]
    pub min: Option<f64>,
    /// The highest number accepted (number inputs).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_number_json"
    )]
    pub max: Option<f64>,
    /// The QoS to publish with, 0 to 2.
    #[serde(default)]
    pub qos: u8,
    /// Whether the broker retains what is published.
    #[serde(default, skip_serializing_if = "is_false")]
    pub retain: bool,
    /// A question to confirm before publishing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
}

impl Default for InputSettings {
    fn default() -> Self {
        InputSettings {
            command_topic: String::new(),
            input: InputType::Text,
            template: default_template(),
            min: None,
            max: None,
            qos: 0,
            retain: false,
            confirm: None,
        }
    }
}

/// An `indicator` widget: a light whose colour and label follow the value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndicatorSettings {
    /// The filter read.
    pub topic: String,
    /// How the value is read.
    #[serde(default)]
    pub extract: Extract,
    /// The states, the first that matches wins.
    #[serde(default)]
    pub states: Vec<IndicatorState>,
    /// How a value in no state looks (else the light is off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<Look>,
    /// Seconds without a message after which the value is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_seconds: Option<u32>,
}

/// A `log` widget: the latest messages of a filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogSettings {
    /// The filter read.
    pub topic: String,
    /// How each message is shown (falls back to the payload as text).
    #[serde(default)]
    pub extract: Extract,
    /// How many messages are kept.
    #[serde(default = "default_lines")]
    pub lines: u16,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            topic: String::new(),
            extract: Extract::Whole,
            lines: default_lines(),
        }
    }
}

/// A `text` widget: a static label.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TextSettings {
    /// The text, shown as text (never as markup).
    pub text: String,
}

/// The document as pretty JSON at [`SCHEMA_VERSION`], fields always in the
/// same order (as declared), for files and localStorage.
/// [`super::parse::parse_document`] reads it back to an equal document.
pub fn to_json(doc: &Document) -> String {
    super::write::document(doc, true)
}

/// The document as compact JSON (for links and retained messages).
pub fn to_compact_json(doc: &Document) -> String {
    super::write::document(doc, false)
}

/// What the derived `Serialize` writes for a document: what
/// [`super::write`] must write, byte for byte.
#[cfg(test)]
#[derive(Serialize)]
pub(crate) struct Envelope<'a> {
    format: &'static str,
    version: u32,
    dashboards: &'a [Dashboard],
    #[serde(skip_serializing_if = "Option::is_none")]
    broker: Option<&'a Broker>,
}

#[cfg(test)]
impl<'a> Envelope<'a> {
    pub(crate) fn of(doc: &'a Document) -> Self {
        Envelope {
            format: FORMAT,
            version: SCHEMA_VERSION,
            dashboards: &doc.dashboards,
            broker: doc.broker.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_stable_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            assert_eq!(WidgetKind::new(kind, "a/b").kind(), kind);
        }
        assert_eq!(Kind::from_name("Gauge"), None);
        assert_eq!(Kind::ButtonSet.name(), "buttonSet");
    }

    #[test]
    fn widgets_are_written_flat_with_their_kind() {
        let w = Widget::new(
            "v",
            "Voltage",
            WidgetKind::Value(ValueSettings {
                topic: "s/v".into(),
                extract: Extract::Json("voltage".into()),
                unit: "V".into(),
                ..ValueSettings::default()
            }),
        );
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"id":"v","title":"Voltage","w":3,"h":2,"kind":"value","topic":"s/v","extract":{"json":"voltage"},"unit":"V"}"#
        );
        let b = Widget::new("b", "", WidgetKind::new(Kind::ButtonSet, "cmd"));
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"id":"b","w":3,"h":2,"kind":"buttonSet","commandTopic":"cmd","buttons":[{"label":"On","payload":"ON"},{"label":"Off","payload":"OFF"}],"qos":0}"#
        );
    }

    #[test]
    fn documents_carry_format_and_version() {
        let doc = Document {
            dashboards: vec![],
            broker: Some(Broker {
                url: "wss://b/mqtt".into(),
                username: None,
            }),
        };
        assert_eq!(
            to_compact_json(&doc),
            r#"{"format":"webmqtt-dashboard","version":1,"dashboards":[],"broker":{"url":"wss://b/mqtt"}}"#
        );
        assert!(
            to_json(&Document::default())
                .starts_with("{\n  \"format\": \"webmqtt-dashboard\",\n  \"version\": 1,")
        );
    }
}
