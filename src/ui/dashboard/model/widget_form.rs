//! The widget editor's form: the fields a person fills in to add or change
//! a widget, turned into a [`Widget`] and checked by the same rules as a
//! loaded document, so an edit cannot make the dashboard invalid.

use crate::std_prelude::*;

use super::document::{
    ButtonSettings, ChartSeries, Dashboard, Document, Kind, TextSettings, Widget, WidgetKind,
};
use super::extract::Extract;
use super::validate::check;

/// How a widget reads its value, as the form offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExtractChoice {
    /// The whole payload.
    #[default]
    Whole,
    /// The payload's leading number.
    Number,
    /// A JSON path.
    Json,
    /// A text stencil.
    Stencil,
}

impl ExtractChoice {
    /// Every choice, for a select.
    pub const ALL: [ExtractChoice; 4] = [
        ExtractChoice::Whole,
        ExtractChoice::Number,
        ExtractChoice::Json,
        ExtractChoice::Stencil,
    ];

    /// Its name in the form.
    pub fn name(self) -> &'static str {
        match self {
            ExtractChoice::Whole => "whole payload",
            ExtractChoice::Number => "number in the payload",
            ExtractChoice::Json => "JSON path",
            ExtractChoice::Stencil => "text stencil",
        }
    }

    /// The choice named `name`.
    pub fn from_name(name: &str) -> ExtractChoice {
        ExtractChoice::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .unwrap_or_default()
    }
}

/// The editor's fields, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WidgetForm {
    /// The kind of widget.
    pub kind: Option<Kind>,
    /// Its title.
    pub title: String,
    /// The topic filter it reads (the command topic for controls).
    pub topic: String,
    /// How it reads values.
    pub extract: ExtractChoice,
    /// The JSON path or stencil, for those choices.
    pub extract_arg: String,
    /// The unit shown after numbers.
    pub unit: String,
    /// The lowest value (gauge, slider).
    pub min: String,
    /// The highest value (gauge, slider).
    pub max: String,
    /// More chart series, one per line: `topic` or `topic path`.
    pub more_series: String,
    /// A switch's or slider's state topic; empty for none.
    pub state_topic: String,
    /// A switch's on payload, or a button's payload.
    pub payload: String,
    /// A switch's off payload.
    pub payload_off: String,
    /// A text widget's text.
    pub text: String,
}

impl WidgetForm {
    /// A new widget's form, for `kind`.
    pub fn new(kind: Kind) -> WidgetForm {
        WidgetForm {
            kind: Some(kind),
            payload: "ON".into(),
            payload_off: "OFF".into(),
            ..WidgetForm::default()
        }
    }

    fn extract(&self, arg: &str) -> Extract {
        match self.extract {
            ExtractChoice::Whole => Extract::Whole,
            ExtractChoice::Number => Extract::Number,
            ExtractChoice::Json => Extract::Json(arg.trim().into()),
            ExtractChoice::Stencil => Extract::Stencil(arg.into()),
        }
    }

    fn number(field: &str, text: &str, default: f64) -> Result<f64, String> {
        match text.trim() {
            "" => Ok(default),
            t => t
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| format!("{field}: \"{t}\" is not a number")),
        }
    }

    /// The widget the form describes, with id `id`, checked against the
    /// document rules: the first problem is named.
    pub fn to_widget(&self, id: &str) -> Result<Widget, String> {
        let kind = self.kind.ok_or("choose a kind of widget")?;
        let topic = self.topic.trim().to_string();
        let mut settings = WidgetKind::new(kind, &topic);
        let extract = self.extract(&self.extract_arg);
        let state_topic = Some(self.state_topic.trim().to_string()).filter(|t| !t.is_empty());
        match &mut settings {
            WidgetKind::Value(s) => {
                s.extract = extract;
                s.unit = self.unit.trim().into();
            }
            WidgetKind::Gauge(s) => {
                s.extract = extract;
                s.unit = self.unit.trim().into();
                s.min = Self::number("min", &self.min, 0.0)?;
                s.max = Self::number("max", &self.max, 100.0)?;
            }
            WidgetKind::Chart(s) => {
                s.unit = self.unit.trim().into();
                if let Some(first) = s.series.first_mut() {
                    first.extract = extract;
                }
                for line in self.more_series.lines().filter(|l| !l.trim().is_empty()) {
                    let mut parts = line.split_whitespace();
                    let topic = parts.next().unwrap_or_default().to_string();
                    let extract = match parts.next() {
                        Some(path) => Extract::Json(path.into()),
                        None => Extract::Whole,
                    };
                    s.series.push(ChartSeries {
                        label: topic.clone(),
                        topic,
                        extract,
                        colour: None,
                    });
                }
            }
            WidgetKind::Switch(s) => {
                s.topic = state_topic;
                s.extract = extract;
                s.payload_on = self.payload.clone();
                s.payload_off = self.payload_off.clone();
            }
            WidgetKind::Slider(s) => {
                s.topic = state_topic;
                s.extract = extract;
                s.unit = self.unit.trim().into();
                s.min = Self::number("min", &self.min, 0.0)?;
                s.max = Self::number("max", &self.max, 100.0)?;
            }
            WidgetKind::Button(ButtonSettings { payload, .. }) => payload.clone_from(&self.payload),
            WidgetKind::Indicator(s) => s.extract = extract,
            WidgetKind::Log(s) => s.extract = extract,
            WidgetKind::Text(TextSettings { text }) => text.clone_from(&self.text),
            WidgetKind::ButtonSet(_) | WidgetKind::Input(_) => {}
        }
        let widget = Widget::new(id, self.title.trim(), settings);
        let probe = Document {
            dashboards: vec![Dashboard {
                id: "probe".into(),
                title: String::new(),
                widgets: vec![widget.clone()],
            }],
            broker: None,
        };
        check(&probe).map_err(|e| {
            // The path inside the probe means nothing to the person.
            let text = e.to_string();
            text.split_once(": ")
                .map_or(text.clone(), |(_, rest)| rest.to_string())
        })?;
        Ok(widget)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::SwitchSettings;

    #[test]
    fn a_gauge_from_the_form() {
        let form = WidgetForm {
            title: "Voltage".into(),
            topic: "sensors/+/voltage".into(),
            extract: ExtractChoice::Json,
            extract_arg: "voltage".into(),
            unit: "V".into(),
            min: "0".into(),
            max: "250".into(),
            ..WidgetForm::new(Kind::Gauge)
        };
        let w = form.to_widget("g").unwrap();
        let WidgetKind::Gauge(g) = &w.kind else {
            panic!("{w:?}")
        };
        assert_eq!((g.min, g.max, g.unit.as_str()), (0.0, 250.0, "V"));
        assert_eq!(g.extract, Extract::Json("voltage".into()));
        assert_eq!(g.topic, "sensors/+/voltage");
    }

    #[test]
    fn a_two_series_chart_and_a_switch() {
        let chart = WidgetForm {
            topic: "sensors/room1/voltage".into(),
            extract: ExtractChoice::Json,
            extract_arg: "voltage".into(),
            more_series: "sensors/room2/voltage voltage\n".into(),
            ..WidgetForm::new(Kind::Chart)
        }
        .to_widget("c")
        .unwrap();
        let WidgetKind::Chart(c) = &chart.kind else {
            panic!()
        };
        assert_eq!(c.series.len(), 2);
        assert_eq!(c.series[1].topic, "sensors/room2/voltage");
        let switch = WidgetForm {
            topic: "lights/hall/set".into(),
            state_topic: "lights/hall".into(),
            ..WidgetForm::new(Kind::Switch)
        }
        .to_widget("s")
        .unwrap();
        let WidgetKind::Switch(SwitchSettings {
            command_topic,
            topic,
            payload_on,
            ..
        }) = &switch.kind
        else {
            panic!()
        };
        assert_eq!(command_topic, "lights/hall/set");
        assert_eq!(topic.as_deref(), Some("lights/hall"));
        assert_eq!(payload_on, "ON");
    }

    #[test]
    fn what_is_wrong_is_named() {
        let bad_topic = WidgetForm {
            topic: "a/#/b".into(),
            ..WidgetForm::new(Kind::Value)
        };
        let e = bad_topic.to_widget("v").unwrap_err();
        assert!(e.contains("a/#/b"), "{e}");
        let bad_max = WidgetForm {
            topic: "a".into(),
            max: "lots".into(),
            ..WidgetForm::new(Kind::Gauge)
        };
        assert_eq!(
            bad_max.to_widget("g").unwrap_err(),
            "max: \"lots\" is not a number"
        );
        assert_eq!(
            WidgetForm::default().to_widget("x").unwrap_err(),
            "choose a kind of widget"
        );
    }
}
