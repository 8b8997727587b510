//! The values widgets show: what an extraction gives ([`Value`]), the
//! constants a document compares them with ([`Scalar`]), and how numbers
//! are read from text and written back as text.
//!
//! This module decides what counts as a number; it does not read payloads
//! (that is [`super::extract`]) or pick colours (that is
//! [`super::thresholds`]).

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::std_prelude::*;

/// A value read from a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A finite number.
    Number(f64),
    /// Text.
    Text(String),
    /// A JSON `true` or `false`.
    Bool(bool),
}

impl Value {
    /// `text` as a [`Value::Number`] when all of it (trimmed) is a number,
    /// else as [`Value::Text`]: `" 120 "` → 120, `"12.5 V"` → text.
    pub fn from_text(text: &str) -> Value {
        match plain_number(text) {
            Some(n) => Value::Number(n),
            None => Value::Text(text.to_string()),
        }
    }

    /// The value as a number, for widgets that want one: a number as is;
    /// text by its leading number (`"12.5"`, `"12.5 V"`, see
    /// [`leading_number`]); `true` as 1 and `false` as 0.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Text(t) => leading_number(t),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        }
    }

    /// Whether the value equals a document's constant: numbers by value
    /// (text by its leading number), `true`/`false` also as text
    /// (`"TRUE"`) or as 1/0, and text by its trimmed text (a number by its
    /// [`format_number`] text).
    pub fn matches(&self, scalar: &Scalar) -> bool {
        match scalar {
            Scalar::Number(x) => self.number() == Some(*x),
            Scalar::Bool(b) => match self {
                Value::Bool(v) => v == b,
                Value::Number(n) => *n == if *b { 1.0 } else { 0.0 },
                Value::Text(t) => t
                    .trim()
                    .eq_ignore_ascii_case(if *b { "true" } else { "false" }),
            },
            Scalar::Text(s) => match self {
                Value::Text(t) => t.trim() == s.trim(),
                other => other.to_string() == s.trim(),
            },
        }
    }
}

impl fmt::Display for Value {
    /// Numbers as [`format_number`], text as is, booleans as
    /// `true`/`false`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => f.write_str(&format_number(*n)),
            Value::Text(t) => f.write_str(t),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A constant in a document that values are compared with (an indicator's
/// `equals`, a switch's `stateOn`): a JSON boolean, number or string.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
}

impl Serialize for Scalar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Bool(b) => s.serialize_bool(*b),
            Scalar::Number(n) => number_json(n, s),
            Scalar::Text(t) => s.serialize_str(t),
        }
    }
}

/// Reads a [`Scalar`] from a JSON boolean, number or string; anything else
/// is an error that says what was found.
struct ScalarVisitor;

impl serde::de::Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text, a number, true or false")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v as f64))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v as f64))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Number(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Number(n) => f.write_str(&format_number(*n)),
            Scalar::Text(t) => f.write_str(t),
        }
    }
}

/// Splits the number at the start of `text` (after leading whitespace) from
/// what follows it: `"12.5 V"` → (12.5, `" V"`). The number is a decimal
/// with optional sign, fraction and exponent (`-3`, `.5`, `1e3`); `nan`,
/// `inf` and numbers too large to be finite are not numbers.
fn split_number(text: &str) -> Option<(f64, &str)> {
    let s = text.trim_start();
    let b = s.as_bytes();
    let digits_from = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_end = digits_from(i);
    let int_digits = int_end - i;
    i = int_end;
    if b.get(i) == Some(&b'.') {
        let frac_end = digits_from(i + 1);
        if int_digits > 0 || frac_end > i + 1 {
            i = frac_end;
        }
    }
    if int_digits == 0 && i == int_end {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_end = digits_from(j);
        if exp_end > j {
            i = exp_end;
        }
    }
    let n: f64 = s.get(..i)?.parse().ok()?;
    Some((n, s.get(i..)?)).filter(|_| n.is_finite())
}

/// The number at the start of `text`, with an optional unit after it:
/// `"120"`, `" 12.5 V"`, `"45%"`, `"21.5°C"`, `"-3 dBm"` are numbers;
/// `"1.2.3"`, `"2024-01-01"`, `"12:30"`, `"1,5"`, `"0x1F"`, `"12 13"` and
/// `"V 12"` are not: what follows the number may not start with a digit or
/// one of `. , : + - / _`, nor be `x` right after a `0`.
pub fn leading_number(text: &str) -> Option<f64> {
    let (n, rest) = split_number(text)?;
    let trimmed = rest.trim_start();
    match trimmed.chars().next() {
        None => Some(n),
        Some(c) if c.is_ascii_digit() || ".,:+-/_".contains(c) => None,
        Some('x' | 'X') if rest.len() == trimmed.len() => None,
        Some(_) => Some(n),
    }
}

/// The number `text` is when all of it, trimmed, is one: `" 120 "`, `"-0.5"`,
/// `"1e3"`; not `"12 V"`.
pub fn plain_number(text: &str) -> Option<f64> {
    let (n, rest) = split_number(text)?;
    rest.trim().is_empty().then_some(n)
}

/// A number as short text: integral numbers without a fraction (`120`,
/// not `120.0`), others in the shortest form that reads back the same
/// (`0.1`), very large or small ones with an exponent (`1e21`, `1.5e-8`),
/// and never `-0`.
pub fn format_number(n: f64) -> String {
    if n == 0.0 {
        return "0".to_string();
    }
    let abs = n.abs();
    if abs.is_finite() && !(1e-7..1e21).contains(&abs) {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// A number with exactly `decimals` digits after the point (rounded), and
/// never a negative zero (`-0.001` with 2 decimals is `0.00`).
pub fn format_decimals(n: f64, decimals: u8) -> String {
    let s = format!("{:.*}", usize::from(decimals), n);
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// Serializes a number as a JSON integer when it is one (`250`, not
/// `250.0`), so saved documents read like hand-written ones.
pub(crate) fn number_json<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    // 2^53: every integer up to it is exact in an f64 and an i64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if n.is_finite() && n.abs() <= EXACT && *n == (*n as i64) as f64 {
        s.serialize_i64(*n as i64)
    } else {
        s.serialize_f64(*n)
    }
}

/// [`number_json`] for an optional number (used with
/// `skip_serializing_if = "Option::is_none"`).
pub(crate) fn opt_number_json<S: serde::Serializer>(
    n: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => number_json(n, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_numbers_accept_units_and_reject_lookalikes() {
        for (text, n) in [
            ("120", 120.0),
            (" 12.5 V", 12.5),
            ("12.5V", 12.5),
            ("45%", 45.0),
            ("21.5°C", 21.5),
            ("-3 dBm", -3.0),
            ("+7", 7.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("2E-2 A", 0.02),
            ("12 eggs", 12.0),
            ("12e", 12.0),
            ("0 x", 0.0),
        ] {
            assert_eq!(leading_number(text), Some(n), "{text:?}");
        }
        for text in [
            "",
            " ",
            "V 12",
            "abc",
            "-",
            ".",
            "1.2.3",
            "2024-01-01",
            "12:30",
            "1,5",
            "0x1F",
            "12 13",
            "nan",
            "inf",
            "-inf",
            "1e999",
            "1/2",
            "3_000",
        ] {
            assert_eq!(leading_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn plain_numbers_are_whole_texts() {
        assert_eq!(plain_number(" 120 \n"), Some(120.0));
        assert_eq!(plain_number("-0.5"), Some(-0.5));
        assert_eq!(plain_number("12 V"), None);
        assert_eq!(plain_number(""), None);
    }

    #[test]
    fn numbers_format_without_trailing_zeros() {
        assert_eq!(format_number(120.0), "120");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(0.1), "0.1");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(1e21), "1e21");
        assert_eq!(format_number(1.5e-8), "1.5e-8");
        assert_eq!(format_number(123_456_789.0), "123456789");
        assert_eq!(format_decimals(12.345, 1), "12.3");
        assert_eq!(format_decimals(120.0, 2), "120.00");
        assert_eq!(format_decimals(-0.001, 2), "0.00");
        assert_eq!(format_decimals(-0.4, 0), "0");
        assert_eq!(format_decimals(-1.5, 1), "-1.5");
    }

    #[test]
    fn values_as_numbers_and_text() {
        assert_eq!(Value::from_text(" 120 "), Value::Number(120.0));
        assert_eq!(Value::from_text("12 V"), Value::Text("12 V".into()));
        assert_eq!(Value::Text("12.5 V".into()).number(), Some(12.5));
        assert_eq!(Value::Text("on".into()).number(), None);
        assert_eq!(Value::Bool(true).number(), Some(1.0));
        assert_eq!(Value::Number(120.0).to_string(), "120");
        assert_eq!(Value::Bool(false).to_string(), "false");
    }

    #[test]
    fn values_match_scalars() {
        let on = Scalar::Text("ON".into());
        assert!(Value::Text(" ON\n".into()).matches(&on));
        assert!(!Value::Text("on".into()).matches(&on));
        assert!(Value::Number(1.0).matches(&Scalar::Number(1.0)));
        assert!(Value::Text("1".into()).matches(&Scalar::Number(1.0)));
        assert!(Value::Number(1.0).matches(&Scalar::Text("1".into())));
        assert!(Value::Bool(true).matches(&Scalar::Bool(true)));
        assert!(Value::Text("TRUE".into()).matches(&Scalar::Bool(true)));
        assert!(Value::Number(0.0).matches(&Scalar::Bool(false)));
        assert!(!Value::Bool(true).matches(&Scalar::Bool(false)));
        assert!(Value::Bool(true).matches(&Scalar::Text("true".into())));
    }

    #[test]
    fn scalars_round_trip_as_plain_json() {
        let all = vec![
            Scalar::Bool(true),
            Scalar::Number(1.0),
            Scalar::Number(2.5),
            Scalar::Text("on".into()),
        ];
        let json = serde_json::to_string(&all).unwrap();
        assert_eq!(json, r#"[true,1,2.5,"on"]"#);
        assert_eq!(serde_json::from_str::<Vec<Scalar>>(&json).unwrap(), all);
        assert_eq!(
            serde_json::from_str::<Scalar>("[1]")
                .unwrap_err()
                .to_string(),
            "invalid type: sequence, expected text, a number, true or false at line 1 column 1"
        );
        assert!(serde_json::from_str::<Scalar>("null").is_err());
    }
}
