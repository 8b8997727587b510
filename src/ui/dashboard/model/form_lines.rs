//! The widget editor's list fields as lines of text: thresholds
//! (`110 orange high`), indicator states (`ON green running`,
//! `10..20 #f9a825`) and button sets (`Open = OPEN`). Each reads back what
//! it writes, and a bad line is named by its number.

use crate::std_prelude::*;

use super::colour::is_colour;
use super::document::ButtonSpec;
use super::thresholds::{IndicatorState, Threshold};
use super::value::Scalar;

/// Colour names the editor takes besides `#rrggbb`, as the palette writes
/// them (readable on light and dark backgrounds).
const NAMED: [(&str, &str); 7] = [
    ("green", "#2e7d32"),
    ("orange", "#ef6c00"),
    ("red", "#c62828"),
    ("yellow", "#f9a825"),
    ("blue", "#1565c0"),
    ("grey", "#757575"),
    ("purple", "#6a1b9a"),
];

/// `word` as a document colour: `#rrggbb`, or one of the [`NAMED`] ones.
pub fn colour_of(word: &str) -> Result<String, String> {
    if is_colour(word) {
        return Ok(word.to_ascii_lowercase());
    }
    NAMED
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|(_, hex)| (*hex).to_string())
        .ok_or_else(|| {
            format!(
                "\"{word}\" is not a colour (use #rrggbb or {})",
                NAMED.map(|n| n.0).join(", ")
            )
        })
}

/// A colour as the editor shows it: its name when it has one.
fn colour_name(hex: &str) -> &str {
    NAMED
        .iter()
        .find(|(_, h)| h.eq_ignore_ascii_case(hex))
        .map_or(hex, |(name, _)| name)
}

/// The non-empty lines of `text`, with their numbers from 1.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

fn number(word: &str, line: usize) -> Result<f64, String> {
    word.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| format!("line {line}: \"{word}\" is not a number"))
}

/// Thresholds, one per line: the value a zone starts at, its colour, and
/// an optional name.
pub fn thresholds_text(thresholds: &[Threshold]) -> String {
    thresholds
        .iter()
        .map(|t| join_line(&format_value(t.from), &t.colour, &t.label))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads [`thresholds_text`]'s lines.
pub fn parse_thresholds(text: &str) -> Result<Vec<Threshold>, String> {
    lines(text)
        .map(|(n, line)| {
            let (from, colour, label) = split_line(line, n)?;
            Ok(Threshold {
                from: number(from, n)?,
                colour: colour_of(colour).map_err(|e| format!("line {n}: {e}"))?,
                label: label.to_string(),
            })
        })
        .collect()
}

/// Indicator states, one per line: a value (`ON`, `1`, `true`) or a range
/// (`10..20`, `..0`, `30..`), its colour, and an optional label.
pub fn states_text(states: &[IndicatorState]) -> String {
    states
        .iter()
        .map(|s| {
            let value = match (&s.equals, s.from, s.to) {
                (Some(Scalar::Text(t)), _, _) => t.clone(),
                (Some(Scalar::Number(n)), _, _) => format_value(*n),
                (Some(Scalar::Bool(b)), _, _) => b.to_string(),
                (None, from, to) => format!(
                    "{}..{}",
                    from.map(format_value).unwrap_or_default(),
                    to.map(format_value).unwrap_or_default()
                ),
            };
            join_line(&value, &s.colour, &s.label)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads [`states_text`]'s lines.
pub fn parse_states(text: &str) -> Result<Vec<IndicatorState>, String> {
    lines(text)
        .map(|(n, line)| {
            let (value, colour, label) = split_line(line, n)?;
            let colour = colour_of(colour).map_err(|e| format!("line {n}: {e}"))?;
            let mut state = IndicatorState {
                equals: None,
                from: None,
                to: None,
                colour,
                label: label.to_string(),
            };
            match value.split_once("..") {
                Some((from, to)) => {
                    state.from = (!from.is_empty()).then(|| number(from, n)).transpose()?;
                    state.to = (!to.is_empty()).then(|| number(to, n)).transpose()?;
                    if state.from.is_none() && state.to.is_none() {
                        return Err(format!("line {n}: a range needs a start or an end"));
                    }
                }
                None => {
                    state.equals = Some(match value {
                        "true" => Scalar::Bool(true),
                        "false" => Scalar::Bool(false),
                        v => v
                            .parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite())
                            .map_or_else(|| Scalar::Text(v.to_string()), Scalar::Number),
                    })
                }
            }
            Ok(state)
        })
        .collect()
}

/// A button set's buttons, one per line: `label = payload`.
pub fn buttons_text(buttons: &[ButtonSpec]) -> String {
    buttons
        .iter()
        .map(|b| format!("{} = {}", b.label, b.payload))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads [`buttons_text`]'s lines (split at the first `=`, so a payload
/// may hold more); a line without `=` sends its label.
pub fn parse_buttons(text: &str) -> Result<Vec<ButtonSpec>, String> {
    let buttons: Vec<ButtonSpec> = lines(text)
        .map(|(_, line)| {
            let (label, payload) = line.split_once('=').unwrap_or((line, line));
            ButtonSpec {
                label: label.trim().to_string(),
                payload: payload.trim().to_string(),
            }
        })
        .collect();
    if buttons.is_empty() {
        return Err("a button set needs at least one button".into());
    }
    Ok(buttons)
}

/// `value colour [label]` from one line.
fn split_line(line: &str, n: usize) -> Result<(&str, &str, &str), String> {
    let mut words = line.splitn(3, char::is_whitespace);
    match (words.next(), words.next()) {
        (Some(value), Some(colour)) => {
            Ok((value, colour.trim(), words.next().unwrap_or("").trim()))
        }
        _ => Err(format!(
            "line {n}: write a value, then a colour, then a name if you like"
        )),
    }
}

fn join_line(value: &str, colour: &str, label: &str) -> String {
    let line = format!("{value} {}", colour_name(colour));
    if label.is_empty() {
        line
    } else {
        format!("{line} {label}")
    }
}

/// A number as people write it: no `.0` on whole numbers.
fn format_value(n: f64) -> String {
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_read_back_what_they_write_and_name_a_bad_line() {
        let t = parse_thresholds("0 green ok\n\n110 Orange high\n130 #C62828").unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(
            (t[1].from, t[1].colour.as_str(), t[1].label.as_str()),
            (110.0, "#ef6c00", "high")
        );
        assert_eq!(t[2].colour, "#c62828");
        assert_eq!(thresholds_text(&t), "0 green ok\n110 orange high\n130 red");
        assert_eq!(parse_thresholds(&thresholds_text(&t)).unwrap(), t);
        assert_eq!(
            parse_thresholds("0 green\nlots red").unwrap_err(),
            "line 2: \"lots\" is not a number"
        );
        assert!(
            parse_thresholds("5 pink")
                .unwrap_err()
                .starts_with("line 1: \"pink\" is not a colour")
        );
        assert_eq!(
            parse_thresholds("5").unwrap_err(),
            "line 1: write a value, then a colour, then a name if you like"
        );
        assert_eq!(parse_thresholds("").unwrap(), vec![]);
    }

    #[test]
    fn states_take_values_and_ranges() {
        let s = parse_states(
            "ON green running\nfalse grey\n1.5 blue\n10..20 yellow warm\n..0 blue cold\n30.. red",
        )
        .unwrap();
        assert_eq!(s[0].equals, Some(Scalar::Text("ON".into())));
        assert_eq!(s[1].equals, Some(Scalar::Bool(false)));
        assert_eq!(s[2].equals, Some(Scalar::Number(1.5)));
        assert_eq!(
            (s[3].from, s[3].to, s[3].label.as_str()),
            (Some(10.0), Some(20.0), "warm")
        );
        assert_eq!((s[4].from, s[4].to), (None, Some(0.0)));
        assert_eq!((s[5].from, s[5].to), (Some(30.0), None));
        assert_eq!(parse_states(&states_text(&s)).unwrap(), s);
        assert_eq!(
            parse_states(".. red").unwrap_err(),
            "line 1: a range needs a start or an end"
        );
    }

    #[test]
    fn buttons_are_label_equals_payload() {
        let b =
            parse_buttons("Open = OPEN\nStop\n Half = {\"pos\": 50} \nNone =\nSet=a=b").unwrap();
        assert_eq!(b.len(), 5);
        assert_eq!((b[3].label.as_str(), b[3].payload.as_str()), ("None", ""));
        assert_eq!((b[4].label.as_str(), b[4].payload.as_str()), ("Set", "a=b"));
        assert_eq!(
            (b[1].label.as_str(), b[1].payload.as_str()),
            ("Stop", "Stop")
        );
        assert_eq!(b[2].payload, "{\"pos\": 50}");
        assert_eq!(parse_buttons(&buttons_text(&b)).unwrap(), b);
        assert_eq!(
            parse_buttons("\n").unwrap_err(),
            "a button set needs at least one button"
        );
    }
}
