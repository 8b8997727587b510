//! What controls publish: a switch turned on, a button pressed, a slider
//! moved, a value entered, turned into the [`OutgoingMessage`] to send
//! (and the question to confirm first, if the widget has one); and the
//! state a switch shows.
//!
//! Nothing here sends: the view asks [`Command::confirm`] if set, then
//! hands [`Command::message`] to the connection.

use core::fmt;

use crate::std_prelude::*;

use super::document::{InputType, SwitchSettings, Widget, WidgetKind};
use super::template::Template;
use super::value::{Scalar, Value, format_number, plain_number};
use crate::codec::QoS;
use crate::session::OutgoingMessage;

/// What a person did to a control.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action<'a> {
    /// Turned a switch on (`true`) or off.
    Switch(bool),
    /// Pressed a button.
    Press,
    /// Pressed the button at this index of a button set.
    PressButton(usize),
    /// Moved a slider to this value (snapped to its step and range).
    Slide(f64),
    /// Entered this text in an input.
    Enter(&'a str),
}

/// A message to publish, and what to ask before.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The message.
    pub message: OutgoingMessage,
    /// The question to confirm before sending, if the widget has one.
    pub confirm: Option<String>,
    /// The value the control now shows (see
    /// [`super::state::DashboardState::remember_sent`]).
    pub value: Value,
}

/// Why an action gives nothing to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The action does not fit the widget (a slide on a button).
    WrongAction,
    /// A button set has no button at this index.
    NoSuchButton(usize),
    /// A number input's text is not a number.
    NotANumber(String),
    /// A number input's number is outside its range.
    OutOfRange {
        /// The number entered.
        value: String,
        /// The lowest allowed, if any.
        min: Option<String>,
        /// The highest allowed, if any.
        max: Option<String>,
    },
    /// The widget's settings are not valid (a document that was not
    /// validated): the problem.
    Invalid(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::WrongAction => f.write_str("this control does not do that"),
            CommandError::NoSuchButton(i) => write!(f, "there is no button {i}"),
            CommandError::NotANumber(t) => write!(f, "{t:?} is not a number"),
            CommandError::OutOfRange { value, min, max } => match (min, max) {
                (Some(lo), Some(hi)) => write!(f, "{value} is not between {lo} and {hi}"),
                (Some(lo), None) => write!(f, "{value} is below {lo}"),
                (None, Some(hi)) => write!(f, "{value} is above {hi}"),
                (None, None) => write!(f, "{value} is out of range"),
            },
            CommandError::Invalid(e) => write!(f, "the widget is not valid: {e}"),
        }
    }
}

impl core::error::Error for CommandError {}

/// The command for `action` on `widget`.
pub fn command(widget: &Widget, action: Action<'_>) -> Result<Command, CommandError> {
    let (topic, payload, qos, retain, confirm, value) = match (&widget.kind, action) {
        (WidgetKind::Switch(s), Action::Switch(on)) => {
            let payload = if on { &s.payload_on } else { &s.payload_off };
            (
                &s.command_topic,
                payload.clone(),
                s.qos,
                s.retain,
                &s.confirm,
                Value::from_text(payload),
            )
        }
        (WidgetKind::Button(b), Action::Press) => (
            &b.command_topic,
            b.payload.clone(),
            b.qos,
            b.retain,
            &b.confirm,
            Value::from_text(&b.payload),
        ),
        (WidgetKind::ButtonSet(b), Action::PressButton(i)) => {
            let button = b.buttons.get(i).ok_or(CommandError::NoSuchButton(i))?;
            (
                &b.command_topic,
                button.payload.clone(),
                b.qos,
                b.retain,
                &b.confirm,
                Value::from_text(&button.payload),
            )
        }
        (WidgetKind::Slider(s), Action::Slide(v)) => {
            let value = Value::Number(snap(v, s.min, s.max, s.step));
            (
                &s.command_topic,
                render(&s.template, &value)?,
                s.qos,
                s.retain,
                &s.confirm,
                value,
            )
        }
        (WidgetKind::Input(s), Action::Enter(text)) => {
            let value = match s.input {
                InputType::Text => Value::Text(text.to_string()),
                InputType::Number => Value::Number(number_in(text, s.min, s.max)?),
            };
            (
                &s.command_topic,
                render(&s.template, &value)?,
                s.qos,
                s.retain,
                &s.confirm,
                value,
            )
        }
        _ => return Err(CommandError::WrongAction),
    };
    let qos = QoS::try_from(qos).map_err(|q| CommandError::Invalid(format!("QoS {q}")))?;
    let mut message = OutgoingMessage::new(topic.clone(), payload, qos);
    message.retain = retain;
    Ok(Command {
        message,
        confirm: confirm.clone(),
        value,
    })
}

fn render(template: &str, value: &Value) -> Result<String, CommandError> {
    Template::parse(template)
        .map(|t| t.render(value))
        .map_err(|e| CommandError::Invalid(e.to_string()))
}

/// The number `text` is (all of it), within `min` and `max` when given.
fn number_in(text: &str, min: Option<f64>, max: Option<f64>) -> Result<f64, CommandError> {
    let n = plain_number(text).ok_or_else(|| CommandError::NotANumber(text.trim().to_string()))?;
    if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
        return Err(CommandError::OutOfRange {
            value: format_number(n),
            min: min.map(format_number),
            max: max.map(format_number),
        });
    }
    Ok(n)
}

/// `value` moved to the nearest step from `min` and into `min..=max`,
/// rounded to the step's decimals so that 0.1 steps give `0.3`, not
/// `0.30000000000000004`.
pub fn snap(value: f64, min: f64, max: f64, step: f64) -> f64 {
    if !(min.is_finite() && max.is_finite() && min < max) {
        return if value.is_finite() { value } else { 0.0 };
    }
    let value = if value.is_finite() { value } else { min };
    let value = value.clamp(min, max);
    if !(step.is_finite() && step > 0.0) {
        return value;
    }
    // The last step inside the range (the tolerance keeps 0.3 / 0.1,
    // which is 2.9999999999999996, at 3 steps).
    let last_step = ((max - min) / step + 1e-9).floor();
    let steps = ((value - min) / step).round().min(last_step);
    let snapped = min + steps * step;
    let decimals = decimals_of(step).max(decimals_of(min));
    let scale = 10f64.powi(i32::from(decimals));
    let rounded = (snapped * scale).round() / scale;
    if rounded.is_finite() {
        rounded.clamp(min, max)
    } else {
        snapped.clamp(min, max)
    }
}

/// How many decimals `n` is written with (at most 10).
fn decimals_of(n: f64) -> u8 {
    let text = format_number(n);
    let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
    u8::try_from(decimals.min(10)).unwrap_or(10)
}

/// What a switch shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwitchState {
    /// The state value matches `stateOn` (or `payloadOn`).
    On,
    /// The state value matches `stateOff` (or `payloadOff`).
    Off,
    /// No state yet, or one that matches neither.
    Unknown,
}

/// The state a switch shows for its latest value.
pub fn switch_state(settings: &SwitchSettings, value: Option<&Value>) -> SwitchState {
    let Some(value) = value else {
        return SwitchState::Unknown;
    };
    let on = settings
        .state_on
        .clone()
        .unwrap_or_else(|| Scalar::Text(settings.payload_on.clone()));
    let off = settings
        .state_off
        .clone()
        .unwrap_or_else(|| Scalar::Text(settings.payload_off.clone()));
    if value.matches(&on) {
        SwitchState::On
    } else if value.matches(&off) {
        SwitchState::Off
    } else {
        SwitchState::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{ButtonSpec, InputSettings, Kind, SliderSettings};

    fn slider(min: f64, max: f64, step: f64, template: &str) -> Widget {
        Widget::new(
            "s",
            "",
            WidgetKind::Slider(SliderSettings {
                command_topic: "lamp/set".into(),
                min,
                max,
                step,
                template: template.into(),
                qos: 1,
                retain: true,
                ..SliderSettings::default()
            }),
        )
    }

    fn payload(c: &Command) -> &str {
        core::str::from_utf8(&c.message.payload).unwrap()
    }

    #[test]
    fn switches_publish_their_payloads() {
        let mut w = Widget::new("p", "", WidgetKind::new(Kind::Switch, "plug/set"));
        if let WidgetKind::Switch(s) = &mut w.kind {
            s.confirm = Some("Turn the plug off?".into());
            s.qos = 1;
        }
        let on = command(&w, Action::Switch(true)).unwrap();
        assert_eq!(
            (
                on.message.topic.as_str(),
                payload(&on),
                on.message.qos,
                on.message.retain
            ),
            ("plug/set", "ON", QoS::AtLeastOnce, false)
        );
        assert_eq!(on.confirm.as_deref(), Some("Turn the plug off?"));
        assert_eq!(payload(&command(&w, Action::Switch(false)).unwrap()), "OFF");
        assert_eq!(command(&w, Action::Press), Err(CommandError::WrongAction));
    }

    #[test]
    fn buttons_publish_fixed_payloads() {
        let mut w = Widget::new("b", "", WidgetKind::new(Kind::ButtonSet, "fan/set"));
        if let WidgetKind::ButtonSet(s) = &mut w.kind {
            s.buttons.push(ButtonSpec {
                label: "Boost".into(),
                payload: r#"{"speed": {value}}"#.into(),
            });
        }
        let c = command(&w, Action::PressButton(2)).unwrap();
        assert_eq!(payload(&c), r#"{"speed": {value}}"#, "published as is");
        assert_eq!(
            command(&w, Action::PressButton(3)),
            Err(CommandError::NoSuchButton(3))
        );
        let mut b = Widget::new("b", "", WidgetKind::new(Kind::Button, "reboot"));
        if let WidgetKind::Button(s) = &mut b.kind {
            s.payload = "now".into();
        }
        assert_eq!(payload(&command(&b, Action::Press).unwrap()), "now");
    }

    #[test]
    fn sliders_snap_and_fill_their_template() {
        let w = slider(0.0, 1.0, 0.1, r#"{{"brightness": {value}}}"#);
        let c = command(&w, Action::Slide(0.3000001)).unwrap();
        assert_eq!(payload(&c), r#"{"brightness": 0.3}"#);
        assert_eq!(c.value, Value::Number(0.3));
        assert_eq!((c.message.qos, c.message.retain), (QoS::AtLeastOnce, true));
        assert_eq!(
            payload(&command(&w, Action::Slide(7.0)).unwrap()),
            r#"{"brightness": 1}"#
        );
        assert_eq!(snap(42.4, 0.0, 100.0, 1.0), 42.0);
        assert_eq!(snap(-5.0, 0.0, 100.0, 5.0), 0.0);
        assert_eq!(snap(0.07, 0.0, 1.0, 0.05), 0.05);
        assert_eq!(
            snap(9.9, 0.0, 10.0, 3.0),
            9.0,
            "10 is not on the 3-step grid"
        );
        assert_eq!(snap(f64::NAN, 2.0, 4.0, 1.0), 2.0);
        assert_eq!(snap(1.25, 0.5, 2.0, 0.5), 1.5);
        assert_eq!(snap(15.0, 10.0, 20.0, 2.5), 15.0);
        assert_eq!(snap(10.0, 0.0, 10.0, 4.0), 8.0, "max is off the grid");
        assert_eq!(snap(0.3, 0.0, 0.3, 0.1), 0.3);
    }

    #[test]
    fn inputs_check_numbers_and_ranges() {
        let number = Widget::new(
            "n",
            "",
            WidgetKind::Input(InputSettings {
                command_topic: "thermostat/set".into(),
                input: InputType::Number,
                template: "{json}".into(),
                min: Some(5.0),
                max: Some(30.0),
                ..InputSettings::default()
            }),
        );
        assert_eq!(
            payload(&command(&number, Action::Enter(" 21.5 ")).unwrap()),
            "21.5"
        );
        assert_eq!(
            command(&number, Action::Enter("warm")),
            Err(CommandError::NotANumber("warm".into()))
        );
        let e = command(&number, Action::Enter("40")).unwrap_err();
        assert_eq!(e.to_string(), "40 is not between 5 and 30");
        let text = Widget::new(
            "t",
            "",
            WidgetKind::Input(InputSettings {
                command_topic: "display/text".into(),
                template: r#"{{"text": {json}}}"#.into(),
                ..InputSettings::default()
            }),
        );
        assert_eq!(
            payload(&command(&text, Action::Enter("say \"hi\"")).unwrap()),
            r#"{"text": "say \"hi\""}"#
        );
    }

    #[test]
    fn invalid_widgets_give_errors_not_panics() {
        let w = slider(0.0, 1.0, 0.1, "{nope}");
        assert!(matches!(
            command(&w, Action::Slide(0.5)),
            Err(CommandError::Invalid(_))
        ));
        let mut s = Widget::new("p", "", WidgetKind::new(Kind::Switch, "x"));
        if let WidgetKind::Switch(st) = &mut s.kind {
            st.qos = 7;
        }
        assert_eq!(
            command(&s, Action::Switch(true)),
            Err(CommandError::Invalid("QoS 7".into()))
        );
        assert_eq!(snap(5.0, 1.0, 1.0, 1.0), 5.0);
        assert_eq!(snap(5.0, 0.0, 10.0, 0.0), 5.0);
    }

    #[test]
    fn switch_states_follow_the_state_values() {
        let mut s = SwitchSettings::default();
        assert_eq!(switch_state(&s, None), SwitchState::Unknown);
        assert_eq!(
            switch_state(&s, Some(&Value::Text("ON".into()))),
            SwitchState::On
        );
        assert_eq!(
            switch_state(&s, Some(&Value::Text("OFF".into()))),
            SwitchState::Off
        );
        assert_eq!(
            switch_state(&s, Some(&Value::Text("?".into()))),
            SwitchState::Unknown
        );
        s.state_on = Some(Scalar::Bool(true));
        s.state_off = Some(Scalar::Number(0.0));
        assert_eq!(switch_state(&s, Some(&Value::Bool(true))), SwitchState::On);
        assert_eq!(
            switch_state(&s, Some(&Value::Number(0.0))),
            SwitchState::Off
        );
        assert_eq!(
            switch_state(&s, Some(&Value::Text("ON".into()))),
            SwitchState::Unknown
        );
    }
}
