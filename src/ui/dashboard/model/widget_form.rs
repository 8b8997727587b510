//! The widget editor's form: the fields a person fills in to add or change
//! a widget, turned into a [`Widget`] and checked by the same rules as a
//! loaded document, so an edit cannot make the dashboard invalid.

use crate::std_prelude::*;

use super::document::{ChartSeries, Dashboard, Document, Kind, TextSettings, Widget, WidgetKind};
use super::extract::Extract;
use super::form_lines::{
    buttons_text, parse_buttons, parse_states, parse_thresholds, states_text, thresholds_text,
};
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
    /// Digits after the point; empty for as they come.
    pub decimals: String,
    /// Seconds without a message after which the value shows as stale;
    /// empty for never.
    pub stale_after: String,
    /// Zones of a value or gauge, one per line (see [`parse_thresholds`]).
    pub thresholds: String,
    /// An indicator's states, one per line (see [`parse_states`]).
    pub states: String,
    /// A button set's buttons, one per line (see [`parse_buttons`]).
    pub buttons: String,
    /// A control's QoS.
    pub qos: u8,
    /// Whether a control's messages are retained.
    pub retain: bool,
    /// A control's question before it publishes; empty for none.
    pub confirm: String,
    /// A slider's step.
    pub step: String,
    /// What a slider or input publishes, with `{value}` in it.
    pub template: String,
    /// How many messages a log widget shows.
    pub lines: String,
    /// A chart's time window in seconds.
    pub window: String,
}

impl WidgetForm {
    /// A new widget's form, for `kind`, with that kind's defaults.
    pub fn new(kind: Kind) -> WidgetForm {
        let mut form = WidgetForm {
            payload: "ON".into(),
            payload_off: "OFF".into(),
            ..WidgetForm::default()
        };
        form.change_kind(kind);
        form
    }

    /// The form for an existing widget, every field filled.
    pub fn of(w: &Widget) -> WidgetForm {
        let mut f = WidgetForm::new(w.kind.kind());
        f.title.clone_from(&w.title);
        let (topic, extract) = match &w.kind {
            WidgetKind::Value(s) => (s.topic.clone(), Some(&s.extract)),
            WidgetKind::Gauge(s) => {
                f.min = s.min.to_string();
                f.max = s.max.to_string();
                f.unit.clone_from(&s.unit);
                (s.topic.clone(), Some(&s.extract))
            }
            WidgetKind::Chart(s) => {
                f.more_series = s
                    .series
                    .iter()
                    .skip(1)
                    .map(|x| match &x.extract {
                        Extract::Json(p) => format!("{} {p}", x.topic),
                        _ => x.topic.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                let first = s.series.first();
                (
                    first.map(|x| x.topic.clone()).unwrap_or_default(),
                    first.map(|x| &x.extract),
                )
            }
            WidgetKind::Switch(s) => {
                f.state_topic = s.topic.clone().unwrap_or_default();
                f.payload.clone_from(&s.payload_on);
                f.payload_off.clone_from(&s.payload_off);
                (s.command_topic.clone(), Some(&s.extract))
            }
            WidgetKind::Button(s) => {
                f.payload.clone_from(&s.payload);
                (s.command_topic.clone(), None)
            }
            WidgetKind::ButtonSet(s) => (s.command_topic.clone(), None),
            WidgetKind::Slider(s) => {
                f.min = s.min.to_string();
                f.max = s.max.to_string();
                f.state_topic = s.topic.clone().unwrap_or_default();
                (s.command_topic.clone(), Some(&s.extract))
            }
            WidgetKind::Input(s) => (s.command_topic.clone(), None),
            WidgetKind::Indicator(s) => (s.topic.clone(), Some(&s.extract)),
            WidgetKind::Log(s) => (s.topic.clone(), Some(&s.extract)),
            WidgetKind::Text(t) => {
                f.text.clone_from(&t.text);
                (String::new(), None)
            }
        };
        f.topic = topic;
        match extract {
            Some(Extract::Number) => f.extract = ExtractChoice::Number,
            Some(Extract::Json(p)) => (f.extract, f.extract_arg) = (ExtractChoice::Json, p.clone()),
            Some(Extract::Stencil(s)) => {
                (f.extract, f.extract_arg) = (ExtractChoice::Stencil, s.clone())
            }
            _ => {}
        }
        f.settings_of(&w.kind);
        f
    }

    /// Another kind for a widget being added: the fields that kind has
    /// start at its defaults; title and topic stay.
    pub fn change_kind(&mut self, kind: Kind) {
        self.kind = Some(kind);
        self.settings_of(&WidgetKind::new(kind, ""));
    }

    fn extract(&self, arg: &str) -> Extract {
        match self.extract {
            ExtractChoice::Whole => Extract::Whole,
            ExtractChoice::Number => Extract::Number,
            ExtractChoice::Json => Extract::Json(arg.trim().into()),
            ExtractChoice::Stencil => Extract::Stencil(arg.into()),
        }
    }

    /// The form for an existing widget's settings: every field the editor
    /// shows, so that saving unchanged gives the same widget.
    pub fn settings_of(&mut self, kind: &WidgetKind) {
        let opt = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let dec = |n: Option<u8>| n.map(|n| n.to_string()).unwrap_or_default();
        match kind {
            WidgetKind::Value(s) => {
                self.unit.clone_from(&s.unit);
                self.decimals = dec(s.decimals);
                self.stale_after = opt(s.stale_after_seconds);
                self.thresholds = thresholds_text(&s.thresholds);
            }
            WidgetKind::Gauge(s) => {
                self.decimals = dec(s.decimals);
                self.stale_after = opt(s.stale_after_seconds);
                self.thresholds = thresholds_text(&s.thresholds);
            }
            WidgetKind::Chart(s) => {
                self.unit.clone_from(&s.unit);
                self.decimals = dec(s.decimals);
                self.window = s.window_seconds.to_string();
            }
            WidgetKind::Switch(s) => {
                self.stale_after = opt(s.stale_after_seconds);
                self.control(s.qos, s.retain, &s.confirm);
            }
            WidgetKind::Button(s) => self.control(s.qos, s.retain, &s.confirm),
            WidgetKind::ButtonSet(s) => {
                self.buttons = buttons_text(&s.buttons);
                self.control(s.qos, s.retain, &s.confirm);
            }
            WidgetKind::Slider(s) => {
                self.unit.clone_from(&s.unit);
                self.decimals = dec(s.decimals);
                self.step = s.step.to_string();
                self.template.clone_from(&s.template);
                self.control(s.qos, s.retain, &s.confirm);
            }
            WidgetKind::Input(s) => {
                self.template.clone_from(&s.template);
                self.control(s.qos, s.retain, &s.confirm);
            }
            WidgetKind::Indicator(s) => {
                self.stale_after = opt(s.stale_after_seconds);
                self.states = states_text(&s.states);
            }
            WidgetKind::Log(s) => self.lines = s.lines.to_string(),
            WidgetKind::Text(_) => {}
        }
    }

    fn control(&mut self, qos: u8, retain: bool, confirm: &Option<String>) {
        self.qos = qos;
        self.retain = retain;
        self.confirm = confirm.clone().unwrap_or_default();
    }

    fn confirm(&self) -> Option<String> {
        Some(self.confirm.trim().to_string()).filter(|c| !c.is_empty())
    }

    /// An optional whole number: empty is `None`.
    fn count<T: core::str::FromStr>(field: &str, text: &str) -> Result<Option<T>, String> {
        match text.trim() {
            "" => Ok(None),
            t => t
                .parse::<T>()
                .map(Some)
                .map_err(|_| format!("{field}: \"{t}\" is not a whole number in range")),
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
    /// document rules: the first problem is named. Settings the editor
    /// does not show (a series' colour, say) are kept from `base`, the
    /// widget being edited.
    pub fn to_widget(&self, id: &str, base: Option<&WidgetKind>) -> Result<Widget, String> {
        let kind = self.kind.ok_or("choose a kind of widget")?;
        let topic = self.topic.trim().to_string();
        let mut settings = WidgetKind::new(kind, &topic);
        if let Some(base) = base.filter(|b| b.kind() == kind) {
            settings = base.clone();
            settings.set_topic(&topic);
        }
        let decimals = Self::count::<u8>("decimals", &self.decimals)?;
        let stale = Self::count::<u32>("stale after", &self.stale_after)?;
        let confirm = self.confirm();
        let extract = self.extract(&self.extract_arg);
        let state_topic = Some(self.state_topic.trim().to_string()).filter(|t| !t.is_empty());
        match &mut settings {
            WidgetKind::Value(s) => {
                s.extract = extract;
                s.unit = self.unit.trim().into();
                (s.decimals, s.stale_after_seconds) = (decimals, stale);
                s.thresholds =
                    parse_thresholds(&self.thresholds).map_err(|e| format!("thresholds: {e}"))?;
            }
            WidgetKind::Gauge(s) => {
                s.extract = extract;
                s.unit = self.unit.trim().into();
                s.min = Self::number("min", &self.min, 0.0)?;
                s.max = Self::number("max", &self.max, 100.0)?;
                (s.decimals, s.stale_after_seconds) = (decimals, stale);
                s.thresholds =
                    parse_thresholds(&self.thresholds).map_err(|e| format!("thresholds: {e}"))?;
            }
            WidgetKind::Chart(s) => {
                s.unit = self.unit.trim().into();
                s.decimals = decimals;
                if let Some(window) = Self::count::<u32>("time window", &self.window)? {
                    s.window_seconds = window;
                }
                // The first series is the widget's topic; the others are
                // the form's lines (their colours kept where they stay).
                let kept = core::mem::take(&mut s.series);
                s.series.push(ChartSeries {
                    label: kept.first().map(|x| x.label.clone()).unwrap_or_default(),
                    colour: kept.first().and_then(|x| x.colour.clone()),
                    topic: topic.clone(),
                    extract,
                });
                for line in self.more_series.lines().filter(|l| !l.trim().is_empty()) {
                    let mut parts = line.split_whitespace();
                    let topic = parts.next().unwrap_or_default().to_string();
                    let extract = match parts.next() {
                        Some(path) => Extract::Json(path.into()),
                        None => Extract::Whole,
                    };
                    let before = kept
                        .iter()
                        .skip(1)
                        .find(|x| x.topic == topic && x.extract == extract);
                    s.series.push(ChartSeries {
                        label: before.map_or_else(|| topic.clone(), |x| x.label.clone()),
                        colour: before.and_then(|x| x.colour.clone()),
                        topic,
                        extract,
                    });
                }
            }
            WidgetKind::Switch(s) => {
                s.topic = state_topic;
                s.extract = extract;
                s.payload_on = self.payload.clone();
                s.payload_off = self.payload_off.clone();
                s.stale_after_seconds = stale;
                (s.qos, s.retain, s.confirm) = (self.qos, self.retain, confirm);
            }
            WidgetKind::Slider(s) => {
                s.topic = state_topic;
                s.extract = extract;
                s.unit = self.unit.trim().into();
                s.min = Self::number("min", &self.min, 0.0)?;
                s.max = Self::number("max", &self.max, 100.0)?;
                s.step = Self::number("step", &self.step, 1.0)?;
                s.decimals = decimals;
                if !self.template.trim().is_empty() {
                    s.template = self.template.trim().to_string();
                }
                (s.qos, s.retain, s.confirm) = (self.qos, self.retain, confirm);
            }
            WidgetKind::Button(s) => {
                s.payload.clone_from(&self.payload);
                (s.qos, s.retain, s.confirm) = (self.qos, self.retain, confirm);
            }
            WidgetKind::ButtonSet(s) => {
                s.buttons = parse_buttons(&self.buttons).map_err(|e| format!("buttons: {e}"))?;
                (s.qos, s.retain, s.confirm) = (self.qos, self.retain, confirm);
            }
            WidgetKind::Input(s) => {
                if !self.template.trim().is_empty() {
                    s.template = self.template.trim().to_string();
                }
                (s.qos, s.retain, s.confirm) = (self.qos, self.retain, confirm);
            }
            WidgetKind::Indicator(s) => {
                s.extract = extract;
                s.stale_after_seconds = stale;
                s.states = parse_states(&self.states).map_err(|e| format!("states: {e}"))?;
            }
            WidgetKind::Log(s) => {
                s.extract = extract;
                if let Some(lines) = Self::count::<u16>("lines", &self.lines)? {
                    s.lines = lines;
                }
            }
            WidgetKind::Text(TextSettings { text }) => text.clone_from(&self.text),
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
        let w = form.to_widget("g", None).unwrap();
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
        .to_widget("c", None)
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
        .to_widget("s", None)
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

    /// Opening any widget in the editor and saving it unchanged gives the
    /// same widget: nothing the editor does not show is lost.
    #[test]
    fn every_widget_survives_the_editor_unchanged() {
        let doc = crate::ui::dashboard::model::parse::tests::everything();
        let widgets: Vec<&Widget> = doc.dashboards.iter().flat_map(|d| &d.widgets).collect();
        assert!(widgets.len() >= 11, "every kind");
        for w in widgets {
            let saved = WidgetForm::of(w)
                .to_widget(&w.id.to_string(), Some(&w.kind))
                .unwrap_or_else(|e| panic!("{}: {e}", w.id));
            assert_eq!(saved.kind, w.kind, "{}", w.id);
            assert_eq!(saved.title, w.title);
        }
    }

    #[test]
    fn thresholds_states_buttons_and_control_settings_from_the_form() {
        let gauge = WidgetForm {
            topic: "sensors/room1/voltage".into(),
            thresholds: "0 green\n110 orange high\n130 red".into(),
            decimals: "1".into(),
            stale_after: "60".into(),
            ..WidgetForm::new(Kind::Gauge)
        }
        .to_widget("g", None)
        .unwrap();
        let WidgetKind::Gauge(g) = &gauge.kind else {
            panic!()
        };
        assert_eq!(g.thresholds.len(), 3);
        assert_eq!((g.decimals, g.stale_after_seconds), (Some(1), Some(60)));
        let set = WidgetForm {
            topic: "blinds/set".into(),
            buttons: "Open = OPEN\nClose = CLOSE".into(),
            qos: 1,
            retain: true,
            confirm: "Move the blinds?".into(),
            ..WidgetForm::new(Kind::ButtonSet)
        }
        .to_widget("b", None)
        .unwrap();
        let WidgetKind::ButtonSet(b) = &set.kind else {
            panic!()
        };
        assert_eq!(b.buttons.len(), 2);
        assert_eq!(
            (b.qos, b.retain, b.confirm.as_deref()),
            (1, true, Some("Move the blinds?"))
        );
        let bad = WidgetForm {
            topic: "pump".into(),
            states: "ON green\nOFF pink".into(),
            ..WidgetForm::new(Kind::Indicator)
        };
        assert!(
            bad.to_widget("i", None)
                .unwrap_err()
                .starts_with("states: line 2: \"pink\"")
        );
        assert_eq!(
            WidgetForm {
                topic: "t".into(),
                decimals: "-1".into(),
                ..WidgetForm::new(Kind::Value)
            }
            .to_widget("v", None)
            .unwrap_err(),
            "decimals: \"-1\" is not a whole number in range"
        );
    }

    #[test]
    fn what_is_wrong_is_named() {
        let bad_topic = WidgetForm {
            topic: "a/#/b".into(),
            ..WidgetForm::new(Kind::Value)
        };
        let e = bad_topic.to_widget("v", None).unwrap_err();
        assert!(e.contains("a/#/b"), "{e}");
        let bad_max = WidgetForm {
            topic: "a".into(),
            max: "lots".into(),
            ..WidgetForm::new(Kind::Gauge)
        };
        assert_eq!(
            bad_max.to_widget("g", None).unwrap_err(),
            "max: \"lots\" is not a number"
        );
        assert_eq!(
            WidgetForm::default().to_widget("x", None).unwrap_err(),
            "choose a kind of widget"
        );
    }
}
