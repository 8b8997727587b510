//! What a value looks like: the zone it falls in (colour and label),
//! where a gauge's needle points, the colour and label an indicator shows,
//! and the value as text with its decimals and unit.
//!
//! Zones: `[{"from": 0, "colour": "#c62828", "label": "low"}, {"from": 108,
//! …}]`, `from` strictly ascending; a value is in the last zone whose
//! `from` it reaches, and in none below the first.

use serde::{Deserialize, Serialize};

use crate::std_prelude::*;

use super::value::{Scalar, Value, format_decimals, format_number, number_json, opt_number_json};

/// The start of a zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Threshold {
    /// The zone's lowest value (included).
    #[serde(serialize_with = "number_json")]
    pub from: f64,
    /// The zone's colour, `#rrggbb`.
    pub colour: String,
    /// The zone's name (`ok`, `high`), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// The zone `value` is in: the last threshold whose `from` it reaches.
pub fn zone(thresholds: &[Threshold], value: f64) -> Option<&Threshold> {
    thresholds
        .iter()
        .filter(|t| value >= t.from)
        .max_by(|a, b| a.from.total_cmp(&b.from))
}

/// Where `value` lies between `min` and `max`, from 0 to 1, clamped (a
/// gauge's needle); 0 for a value that is not a number or an empty range.
pub fn fraction(value: f64, min: f64, max: f64) -> f64 {
    let f = (value - min) / (max - min);
    if f.is_nan() || max <= min {
        0.0
    } else {
        f.clamp(0.0, 1.0)
    }
}

/// A coloured band of a gauge's arc, as fractions of the arc.
#[derive(Debug, Clone, PartialEq)]
pub struct Band<'a> {
    /// Where the band starts, 0 to 1.
    pub start: f64,
    /// Where it ends, 0 to 1.
    pub end: f64,
    /// Its colour.
    pub colour: &'a str,
    /// Its label.
    pub label: &'a str,
}

/// The zones as bands of a gauge from `min` to `max`, leaving out those
/// wholly outside it.
pub fn gauge_bands(thresholds: &[Threshold], min: f64, max: f64) -> Vec<Band<'_>> {
    let mut sorted: Vec<&Threshold> = thresholds.iter().collect();
    crate::small_sort::sort_by_key(&mut sorted, |t| t.from);
    let mut bands = Vec::new();
    for (i, t) in sorted.iter().enumerate() {
        let end = sorted.get(i + 1).map_or(max, |next| next.from);
        let (start, end) = (fraction(t.from, min, max), fraction(end, min, max));
        if end > start {
            bands.push(Band {
                start,
                end,
                colour: &t.colour,
                label: &t.label,
            });
        }
    }
    bands
}

/// A colour and a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Look {
    /// `#rrggbb`.
    pub colour: String,
    /// The text shown next to it, or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

/// One state of an indicator: the values it stands for — one value
/// (`equals`) or a range (`from` included, `to` excluded, either open) —
/// and how it looks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IndicatorState {
    /// The value this state is for: text, a number or a boolean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Scalar>,
    /// The lowest number this state is for.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_number_json"
    )]
    pub from: Option<f64>,
    /// The number this state is for values below.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_number_json"
    )]
    pub to: Option<f64>,
    /// `#rrggbb`.
    pub colour: String,
    /// The state's name (`running`), or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

impl IndicatorState {
    /// Whether `value` is in this state (see [`Value::matches`] for
    /// `equals`; a range needs a number).
    pub fn matches(&self, value: &Value) -> bool {
        if let Some(equals) = &self.equals {
            return value.matches(equals);
        }
        if self.from.is_none() && self.to.is_none() {
            return false;
        }
        value.number().is_some_and(|n| {
            self.from.is_none_or(|from| n >= from) && self.to.is_none_or(|to| n < to)
        })
    }

    /// The state's colour and label.
    pub fn look(&self) -> Look {
        Look {
            colour: self.colour.clone(),
            label: self.label.clone(),
        }
    }
}

/// The first state `value` is in, else `otherwise`.
pub fn indicator(
    states: &[IndicatorState],
    otherwise: Option<&Look>,
    value: &Value,
) -> Option<Look> {
    states
        .iter()
        .find(|s| s.matches(value))
        .map(IndicatorState::look)
        .or_else(|| otherwise.cloned())
}

/// A value as a widget shows it: a number with `decimals` digits after the
/// point (else its short form, [`format_number`]) and a space and the unit
/// after it; text and booleans as they are, without the unit.
pub fn format_value(value: &Value, decimals: Option<u8>, unit: &str) -> String {
    match value {
        Value::Number(n) => {
            let number = match decimals {
                Some(d) => format_decimals(*n, d),
                None => format_number(*n),
            };
            if unit.is_empty() {
                number
            } else {
                format!("{number} {unit}")
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(from: f64, label: &str) -> Threshold {
        Threshold {
            from,
            colour: "#000000".into(),
            label: label.into(),
        }
    }

    #[test]
    fn values_fall_in_the_last_zone_they_reach() {
        let zones = [t(0.0, "low"), t(108.0, "ok"), t(132.0, "high")];
        let label = |v| zone(&zones, v).map(|z| z.label.as_str());
        assert_eq!(label(-1.0), None);
        assert_eq!(label(0.0), Some("low"));
        assert_eq!(label(107.9), Some("low"));
        assert_eq!(label(108.0), Some("ok"));
        assert_eq!(label(120.0), Some("ok"));
        assert_eq!(label(1e9), Some("high"));
        assert_eq!(label(f64::NAN), None);
        assert_eq!(zone(&[], 1.0), None);
    }

    #[test]
    fn gauge_fractions_are_clamped() {
        assert_eq!(fraction(125.0, 0.0, 250.0), 0.5);
        assert_eq!(fraction(-5.0, 0.0, 250.0), 0.0);
        assert_eq!(fraction(300.0, 0.0, 250.0), 1.0);
        assert_eq!(fraction(f64::NAN, 0.0, 1.0), 0.0);
        assert_eq!(fraction(1.0, 1.0, 1.0), 0.0);
        assert_eq!(fraction(-10.0, -20.0, 0.0), 0.5);
    }

    #[test]
    fn zones_become_gauge_bands() {
        let zones = [
            t(-50.0, "under"),
            t(0.0, "low"),
            t(100.0, "ok"),
            t(300.0, "off scale"),
        ];
        let bands = gauge_bands(&zones, 0.0, 200.0);
        let got: Vec<_> = bands.iter().map(|b| (b.start, b.end, b.label)).collect();
        assert_eq!(got, vec![(0.0, 0.5, "low"), (0.5, 1.0, "ok")]);
    }

    fn state(
        equals: Option<Scalar>,
        from: Option<f64>,
        to: Option<f64>,
        label: &str,
    ) -> IndicatorState {
        IndicatorState {
            equals,
            from,
            to,
            colour: "#2e7d32".into(),
            label: label.into(),
        }
    }

    #[test]
    fn indicators_map_values_and_ranges_to_looks() {
        let states = [
            state(Some(Scalar::Text("running".into())), None, None, "on"),
            state(Some(Scalar::Bool(false)), None, None, "stopped"),
            state(None, None, Some(10.0), "cold"),
            state(None, Some(10.0), Some(30.0), "fine"),
            state(None, Some(30.0), None, "hot"),
        ];
        let otherwise = Look {
            colour: "#9e9e9e".into(),
            label: "unknown".into(),
        };
        let label = |v: Value| indicator(&states, Some(&otherwise), &v).map(|l| l.label);
        assert_eq!(label(Value::Text("running".into())).as_deref(), Some("on"));
        assert_eq!(label(Value::Bool(false)).as_deref(), Some("stopped"));
        assert_eq!(label(Value::Number(-4.0)).as_deref(), Some("cold"));
        assert_eq!(label(Value::Number(10.0)).as_deref(), Some("fine"));
        assert_eq!(
            label(Value::Text("29.9 °C".into())).as_deref(),
            Some("fine")
        );
        assert_eq!(label(Value::Number(30.0)).as_deref(), Some("hot"));
        assert_eq!(
            label(Value::Text("paused".into())).as_deref(),
            Some("unknown")
        );
        assert_eq!(
            indicator(&states, None, &Value::Text("paused".into())),
            None
        );
        assert!(!state(None, None, None, "never").matches(&Value::Number(1.0)));
    }

    #[test]
    fn values_format_with_decimals_and_unit() {
        assert_eq!(format_value(&Value::Number(120.0), None, "V"), "120 V");
        assert_eq!(format_value(&Value::Number(120.0), Some(1), "V"), "120.0 V");
        assert_eq!(format_value(&Value::Number(21.456), Some(2), ""), "21.46");
        assert_eq!(format_value(&Value::Number(0.1), None, "%"), "0.1 %");
        assert_eq!(format_value(&Value::Text("ON".into()), Some(2), "V"), "ON");
        assert_eq!(format_value(&Value::Bool(true), None, "V"), "true");
    }

    #[test]
    fn zones_and_states_read_and_write_json() {
        let z: Vec<Threshold> =
            serde_json::from_str(r##"[{"from": 0, "colour": "#2e7d32", "label": "ok"}]"##).unwrap();
        assert_eq!(z[0].from, 0.0);
        assert_eq!(
            serde_json::to_string(&z).unwrap(),
            r##"[{"from":0,"colour":"#2e7d32","label":"ok"}]"##
        );
        assert!(serde_json::from_str::<Threshold>(r##"{"from": 0, "color": "#2e7d32"}"##).is_err());
        let s: IndicatorState =
            serde_json::from_str(r##"{"equals": 1, "colour": "#2e7d32"}"##).unwrap();
        assert_eq!(s.equals, Some(Scalar::Number(1.0)));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r##"{"equals":1,"colour":"#2e7d32"}"##
        );
    }
}
