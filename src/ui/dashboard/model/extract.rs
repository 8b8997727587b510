//! Value extraction: which part of a message's payload a widget shows.
//!
//! A document names an [`Extract`]; loading checks it and
//! [`Extract::compile`] turns it into an [`Extractor`] once, so nothing is
//! parsed again per message. An extraction gives a [`Value`] or an
//! [`ExtractError`] that says why not.
//!
//! | `extract` in JSON | payload | value |
//! |---|---|---|
//! | `"whole"` (default) | `120` / `on` | 120 / `"on"`: the payload as text, a number when all of it is one |
//! | `"number"` | `12.5 V` | 12.5: the leading number; a unit after it is allowed |
//! | `{"json": "telemetry.temp"}` | `{"telemetry": {"temp": 21.5}}` | 21.5 |
//! | `{"stencil": "temp={value}"}` | `hum=40 temp=21.5` | 21.5 |
//!
//! JSON paths: `a.b`, `readings[0].v`, `a.b[2][1]`, `readings[-1]` (the
//! last), `["key name"]` or `['key.with.dots']` for any key, and an
//! optional leading `$` (`$` alone is the whole JSON payload).
//!
//! Stencils: the text around one `{value}` (with `{{`/`}}` for literal
//! braces). The text before it is found anywhere in the payload (its first
//! occurrence), and the value runs to the first occurrence of the text
//! after it, or to the end when nothing follows `{value}`; the capture is
//! trimmed.
//!
//! A widget that wants a number takes [`Value::number`] of the value, so a
//! JSON string such as `{"v": "12.5"}` gives 12.5 there.

use core::cell::OnceCell;
use core::fmt;

use serde::{Deserialize, Serialize};

use crate::std_prelude::*;

use super::template::{Piece, Placeholder, TemplateError, parse_pieces};
use super::value::{Value, leading_number};

/// How a widget reads a value from a payload, as written in a document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Extract {
    /// The payload as text; a number when all of it (trimmed) is one.
    #[default]
    Whole,
    /// The payload's leading number, with an optional unit after it.
    Number,
    /// The JSON value at a path.
    Json(String),
    /// The part of a text payload at `{value}` in a stencil.
    Stencil(String),
}

/// Why an [`Extract`] in a document is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// The JSON path does not parse.
    Path(PathError),
    /// The stencil does not parse.
    Stencil(TemplateError),
    /// The stencil has no `{value}` or more than one.
    StencilValueCount(usize),
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Path(e) => write!(f, "JSON path: {e}"),
            SpecError::Stencil(e) => write!(f, "stencil: {e}"),
            SpecError::StencilValueCount(n) => {
                write!(f, "stencil: needs exactly one {{value}}, has {n}")
            }
        }
    }
}

impl core::error::Error for SpecError {}

impl Extract {
    /// Checks the extraction and prepares it for use on every message.
    pub fn compile(&self) -> Result<Extractor, SpecError> {
        Ok(Extractor(match self {
            Extract::Whole => Compiled::Whole,
            Extract::Number => Compiled::Number,
            Extract::Json(path) => Compiled::Json(JsonPath::parse(path).map_err(SpecError::Path)?),
            Extract::Stencil(s) => Compiled::Stencil(Stencil::parse(s)?),
        }))
    }
}

/// Why a payload gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The payload is not JSON (for a JSON path).
    NotJson,
    /// Nothing is at the path: the path up to the step that found nothing.
    Missing {
        /// The path up to and including the missing step (`readings[3]`).
        at: String,
    },
    /// A number was wanted; this text (cut to 40 characters) is not one.
    NotANumber {
        /// What was there.
        text: String,
    },
    /// The payload does not match the stencil.
    NoMatch,
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::NotJson => f.write_str("the payload is not JSON"),
            ExtractError::Missing { at } => write!(f, "nothing at {at}"),
            ExtractError::NotANumber { text } => write!(f, "{text:?} is not a number"),
            ExtractError::NoMatch => f.write_str("the payload does not match the stencil"),
        }
    }
}

impl core::error::Error for ExtractError {}

/// A payload being read by several widgets: its JSON is parsed once, the
/// first time a widget asks for it.
#[derive(Debug)]
pub struct Payload<'a> {
    bytes: &'a [u8],
    json: OnceCell<Option<serde_json::Value>>,
}

impl<'a> Payload<'a> {
    /// A payload to read.
    pub fn new(bytes: &'a [u8]) -> Self {
        Payload {
            bytes,
            json: OnceCell::new(),
        }
    }

    /// The raw bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The payload as text (invalid UTF-8 as U+FFFD).
    pub fn text(&self) -> alloc::borrow::Cow<'a, str> {
        String::from_utf8_lossy(self.bytes)
    }

    /// The payload as JSON, if it is JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json
            .get_or_init(|| serde_json::from_slice(self.bytes).ok())
            .as_ref()
    }
}

/// A checked, ready-to-use extraction (see [`Extract::compile`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Extractor(Compiled);

#[derive(Debug, Clone, PartialEq)]
enum Compiled {
    Whole,
    Number,
    Json(JsonPath),
    Stencil(Stencil),
}

impl Extractor {
    /// The value in `payload`.
    pub fn extract(&self, payload: &Payload<'_>) -> Result<Value, ExtractError> {
        match &self.0 {
            Compiled::Whole => Ok(Value::from_text(&payload.text())),
            Compiled::Number => {
                let text = payload.text();
                leading_number(&text)
                    .map(Value::Number)
                    .ok_or_else(|| not_a_number(&text))
            }
            Compiled::Json(path) => {
                let json = payload.json().ok_or(ExtractError::NotJson)?;
                path.get(json).map(from_json)
            }
            Compiled::Stencil(stencil) => stencil
                .capture(&payload.text())
                .map(Value::from_text)
                .ok_or(ExtractError::NoMatch),
        }
    }

    /// The value in `payload` as a number ([`Value::number`]).
    pub fn number(&self, payload: &Payload<'_>) -> Result<f64, ExtractError> {
        let value = self.extract(payload)?;
        value
            .number()
            .ok_or_else(|| not_a_number(&value.to_string()))
    }

    /// [`Extractor::extract`] for a payload read by this widget alone.
    pub fn extract_bytes(&self, payload: &[u8]) -> Result<Value, ExtractError> {
        self.extract(&Payload::new(payload))
    }
}

fn not_a_number(text: &str) -> ExtractError {
    ExtractError::NotANumber {
        text: text.trim().chars().take(40).collect(),
    }
}

/// A JSON value as a [`Value`]: numbers, strings and booleans as such;
/// `null`, arrays and objects as their compact JSON text.
fn from_json(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Number(n) => n
            .as_f64()
            .filter(|n| n.is_finite())
            .map_or_else(|| Value::Text(n.to_string()), Value::Number),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Bool(b) => Value::Bool(*b),
        other => Value::Text(other.to_string()),
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object's member.
    Key(String),
    /// An array's element, counted from 0.
    Index(usize),
    /// An array's element counted from the end: 1 is the last.
    FromEnd(usize),
}

/// Why a JSON path does not parse. Positions count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// Where the problem is.
    pub at: usize,
    /// What is wrong there.
    pub problem: &'static str,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.problem, self.at)
    }
}

impl core::error::Error for PathError {}

/// A parsed JSON path (see the module docs for its syntax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    steps: Vec<Step>,
}

/// Whether `c` may appear in a key written without brackets.
fn bare_key_char(c: char) -> bool {
    !matches!(c, '.' | '[' | ']' | '"' | '\'' | '$') && !c.is_whitespace()
}

impl JsonPath {
    /// Parses a path such as `readings[0].v` or `["key name"].x`.
    pub fn parse(source: &str) -> Result<JsonPath, PathError> {
        let chars: Vec<char> = source.chars().collect();
        let err = |i: usize, problem| Err(PathError { at: i + 1, problem });
        if chars.is_empty() {
            return err(0, "empty path (use \"whole\" for the whole payload, or $)");
        }
        let mut i = usize::from(chars[0] == '$');
        let mut steps = Vec::new();
        let bare_key = |i: &mut usize| {
            let start = *i;
            while chars.get(*i).is_some_and(|&c| bare_key_char(c)) {
                *i += 1;
            }
            chars.get(start..*i).map(|k| k.iter().collect::<String>())
        };
        if i == 0 && chars[0] != '[' {
            match bare_key(&mut i) {
                Some(k) if !k.is_empty() => steps.push(Step::Key(k)),
                _ => return err(0, "expected a key"),
            }
        }
        while let Some(&c) = chars.get(i) {
            match c {
                '.' => {
                    i += 1;
                    match bare_key(&mut i) {
                        Some(k) if !k.is_empty() => steps.push(Step::Key(k)),
                        _ => return err(i, "expected a key after '.'"),
                    }
                }
                '[' => {
                    let open = i;
                    i += 1;
                    match chars.get(i) {
                        Some(&q @ ('"' | '\'')) => {
                            i += 1;
                            let mut key = String::new();
                            loop {
                                match chars.get(i) {
                                    None => return err(open, "unclosed quote"),
                                    Some('\\') => {
                                        let Some(&e) = chars.get(i + 1) else {
                                            return err(open, "unclosed quote");
                                        };
                                        key.push(e);
                                        i += 2;
                                    }
                                    Some(&c) if c == q => {
                                        i += 1;
                                        break;
                                    }
                                    Some(&c) => {
                                        key.push(c);
                                        i += 1;
                                    }
                                }
                            }
                            steps.push(Step::Key(key));
                        }
                        _ => {
                            let negative = chars.get(i) == Some(&'-');
                            i += usize::from(negative);
                            let start = i;
                            while chars.get(i).is_some_and(char::is_ascii_digit) {
                                i += 1;
                            }
                            let digits: String =
                                chars.get(start..i).unwrap_or_default().iter().collect();
                            let Ok(n) = digits.parse::<usize>() else {
                                return err(
                                    start,
                                    "expected an index (0, 1, … or -1 for the last) or a quoted key",
                                );
                            };
                            steps.push(match (negative, n) {
                                (false, n) => Step::Index(n),
                                (true, 0) => {
                                    return err(start, "-0 is not an index; -1 is the last");
                                }
                                (true, n) => Step::FromEnd(n),
                            });
                        }
                    }
                    if chars.get(i) != Some(&']') {
                        return err(i, "expected ']'");
                    }
                    i += 1;
                }
                _ => return err(i, "expected '.' or '['"),
            }
        }
        Ok(JsonPath { steps })
    }

    /// The steps, in order; none for `$`.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The JSON value at this path in `root`, or where it stops finding one.
    pub fn get<'j>(
        &self,
        root: &'j serde_json::Value,
    ) -> Result<&'j serde_json::Value, ExtractError> {
        let mut here = root;
        for (n, step) in self.steps.iter().enumerate() {
            let next = match (step, here) {
                (Step::Key(k), serde_json::Value::Object(m)) => m.get(k),
                (Step::Index(i), serde_json::Value::Array(a)) => a.get(*i),
                (Step::FromEnd(i), serde_json::Value::Array(a)) => {
                    a.len().checked_sub(*i).and_then(|i| a.get(i))
                }
                _ => None,
            };
            here = next.ok_or_else(|| ExtractError::Missing {
                at: display_steps(self.steps.get(..=n).unwrap_or_default()),
            })?;
        }
        Ok(here)
    }
}

fn display_steps(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) if !k.is_empty() && k.chars().all(bare_key_char) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => {
                out.push('[');
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(']');
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::FromEnd(i) => out.push_str(&format!("[-{i}]")),
        }
    }
    if out.is_empty() {
        out.push('$');
    }
    out
}

impl fmt::Display for JsonPath {
    /// The path in its canonical form (`a.b[0]["key name"]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&display_steps(&self.steps))
    }
}

/// A parsed stencil: the text before and after `{value}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stencil {
    before: String,
    after: String,
}

impl Stencil {
    /// Parses a stencil with exactly one `{value}`.
    pub fn parse(source: &str) -> Result<Stencil, SpecError> {
        const ALLOWED: &[Placeholder] = &[Placeholder::Value];
        let pieces = parse_pieces(source, ALLOWED).map_err(SpecError::Stencil)?;
        let values = pieces.iter().filter(|p| **p == Piece::Value).count();
        if values != 1 {
            return Err(SpecError::StencilValueCount(values));
        }
        // The parser joins neighbouring text, so there is at most one text
        // piece on each side of `{value}`.
        let (mut before, mut after, mut seen) = (String::new(), String::new(), false);
        for piece in pieces {
            match piece {
                Piece::Text(t) if seen => after.push_str(&t),
                Piece::Text(t) => before.push_str(&t),
                Piece::Value | Piece::Json => seen = true,
            }
        }
        Ok(Stencil { before, after })
    }

    /// The trimmed text at `{value}` in `text`, if it matches and is not
    /// empty.
    pub fn capture<'t>(&self, text: &'t str) -> Option<&'t str> {
        let start = text.find(&self.before)? + self.before.len();
        let rest = text.get(start..)?;
        let end = if self.after.is_empty() {
            rest.len()
        } else {
            rest.find(&self.after)?
        };
        Some(rest.get(..end)?.trim()).filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::template::Template;

    fn get(extract: Extract, payload: &str) -> Result<Value, ExtractError> {
        extract.compile().unwrap().extract_bytes(payload.as_bytes())
    }

    fn json(path: &str) -> Extract {
        Extract::Json(path.into())
    }

    #[test]
    fn whole_payloads_are_text_or_numbers() {
        assert_eq!(get(Extract::Whole, "120"), Ok(Value::Number(120.0)));
        assert_eq!(get(Extract::Whole, " 21.5\n"), Ok(Value::Number(21.5)));
        assert_eq!(get(Extract::Whole, "ON"), Ok(Value::Text("ON".into())));
        assert_eq!(get(Extract::Whole, "12 V"), Ok(Value::Text("12 V".into())));
        assert_eq!(
            Extract::Whole.compile().unwrap().extract_bytes(b"\xff!"),
            Ok(Value::Text("\u{fffd}!".into()))
        );
    }

    #[test]
    fn numbers_take_a_unit_after_them() {
        assert_eq!(get(Extract::Number, "12.5 V"), Ok(Value::Number(12.5)));
        assert_eq!(get(Extract::Number, "120"), Ok(Value::Number(120.0)));
        assert_eq!(
            get(Extract::Number, "  off  "),
            Err(ExtractError::NotANumber { text: "off".into() })
        );
        assert_eq!(
            get(Extract::Number, "").unwrap_err().to_string(),
            "\"\" is not a number"
        );
    }

    #[test]
    fn json_paths_reach_into_objects_and_arrays() {
        let payload = r#"{"telemetry": {"temp": 21.5, "ok": true},
            "readings": [{"v": 1}, {"v": 2}, {"v": "12.5"}],
            "a": {"b": [0, 1, [10, 11]]},
            "key name": {"x.y": "dotted"},
            "n": null}"#;
        assert_eq!(
            get(json("telemetry.temp"), payload),
            Ok(Value::Number(21.5))
        );
        assert_eq!(get(json("$.telemetry.ok"), payload), Ok(Value::Bool(true)));
        assert_eq!(get(json("readings[0].v"), payload), Ok(Value::Number(1.0)));
        assert_eq!(
            get(json("readings[-1].v"), payload),
            Ok(Value::Text("12.5".into()))
        );
        assert_eq!(get(json("a.b[2][1]"), payload), Ok(Value::Number(11.0)));
        assert_eq!(
            get(json(r#"["key name"]['x.y']"#), payload),
            Ok(Value::Text("dotted".into()))
        );
        assert_eq!(get(json("n"), payload), Ok(Value::Text("null".into())));
        assert_eq!(
            get(json("a.b[2]"), payload),
            Ok(Value::Text("[10,11]".into()))
        );
        assert_eq!(get(json("$"), "120"), Ok(Value::Number(120.0)));
    }

    #[test]
    fn missing_parts_are_named() {
        let payload = r#"{"readings": [{"v": 1}], "t": 5}"#;
        let missing = |path: &str| match get(json(path), payload) {
            Err(ExtractError::Missing { at }) => at,
            other => panic!("{path}: {other:?}"),
        };
        assert_eq!(missing("readings[3].v"), "readings[3]");
        assert_eq!(missing("readings[0].w"), "readings[0].w");
        assert_eq!(missing("readings[-2]"), "readings[-2]");
        assert_eq!(missing("t.x"), "t.x");
        assert_eq!(missing(r#"["a b"]"#), r#"["a b"]"#);
        assert_eq!(get(json("t"), "not json"), Err(ExtractError::NotJson));
        assert_eq!(
            get(json("readings[3].v"), payload).unwrap_err().to_string(),
            "nothing at readings[3]"
        );
    }

    #[test]
    fn numbers_in_json_strings_are_numbers_when_wanted() {
        let e = json("v").compile().unwrap();
        let number = |p: &str| e.number(&Payload::new(p.as_bytes()));
        assert_eq!(number(r#"{"v": "12.5"}"#), Ok(12.5));
        assert_eq!(number(r#"{"v": "230 V"}"#), Ok(230.0));
        assert_eq!(number(r#"{"v": 7}"#), Ok(7.0));
        assert_eq!(number(r#"{"v": true}"#), Ok(1.0));
        assert_eq!(
            number(r#"{"v": "high"}"#),
            Err(ExtractError::NotANumber {
                text: "high".into()
            })
        );
        assert_eq!(
            number(r#"{"v": {"a": 1}}"#),
            Err(ExtractError::NotANumber {
                text: r#"{"a":1}"#.into()
            })
        );
    }

    #[test]
    fn bad_paths_are_refused_with_a_position() {
        let problem = |p: &str| JsonPath::parse(p).unwrap_err();
        assert_eq!(problem("").at, 1);
        assert_eq!(problem("a..b").at, 3);
        assert_eq!(problem("a.").problem, "expected a key after '.'");
        assert_eq!(problem("a[x]").at, 3);
        assert_eq!(problem("a[1").problem, "expected ']'");
        assert_eq!(
            problem("a[-0]").problem,
            "-0 is not an index; -1 is the last"
        );
        assert_eq!(problem(r#"a["b]"#).problem, "unclosed quote");
        assert_eq!(problem("a b").problem, "expected '.' or '['");
        assert_eq!(problem("$a").at, 2);
        assert_eq!(problem("a[99999999999999999999999]").at, 3);
        assert_eq!(
            problem("a.").to_string(),
            "expected a key after '.' at character 3"
        );
        assert!(matches!(
            json("x[").compile(),
            Err(SpecError::Path(PathError { at: 3, .. }))
        ));
    }

    #[test]
    fn paths_print_canonically() {
        for (source, canonical) in [
            ("$.a.b[0]", "a.b[0]"),
            (r#"["a b"].c"#, r#"["a b"].c"#),
            ("['x']", "x"),
            ("$", "$"),
            ("a[-1]", "a[-1]"),
        ] {
            assert_eq!(JsonPath::parse(source).unwrap().to_string(), canonical);
        }
        assert_eq!(JsonPath::parse("$").unwrap().steps(), &[]);
    }

    #[test]
    fn stencils_capture_the_value() {
        let s = |st: &str, p: &str| get(Extract::Stencil(st.into()), p);
        assert_eq!(s("temp={value}", "temp=21.5"), Ok(Value::Number(21.5)));
        assert_eq!(
            s("temp={value}", "hum=40 temp=21.5"),
            Ok(Value::Number(21.5))
        );
        assert_eq!(
            s("Temperature: {value} C", "Temperature: 21.5 C (ok)"),
            Ok(Value::Number(21.5))
        );
        assert_eq!(
            s("temp={value};", "temp=21.5;hum=40"),
            Ok(Value::Number(21.5))
        );
        assert_eq!(
            s("state {value}", "state running"),
            Ok(Value::Text("running".into()))
        );
        assert_eq!(s("{value} V", "230 V"), Ok(Value::Number(230.0)));
        assert_eq!(s("{{{value}}}", "{7}"), Ok(Value::Number(7.0)));
        assert_eq!(s("temp={value}", "hum=40"), Err(ExtractError::NoMatch));
        assert_eq!(s("temp={value};", "temp=21.5"), Err(ExtractError::NoMatch));
        assert_eq!(s("temp={value}", "temp=  "), Err(ExtractError::NoMatch));
        let number = Extract::Stencil("t={value}".into()).compile().unwrap();
        assert_eq!(number.number(&Payload::new(b"t=3 A")), Ok(3.0));
    }

    #[test]
    fn bad_stencils_are_refused() {
        let spec = |st: &str| Extract::Stencil(st.into()).compile().unwrap_err();
        assert_eq!(spec("temp="), SpecError::StencilValueCount(0));
        assert_eq!(spec("{value} {value}"), SpecError::StencilValueCount(2));
        assert!(matches!(spec("{json}"), SpecError::Stencil(_)));
        assert_eq!(
            spec("{value"),
            SpecError::Stencil(TemplateError::Unclosed { at: 1 })
        );
        assert_eq!(
            spec("t=").to_string(),
            "stencil: needs exactly one {value}, has 0"
        );
    }

    #[test]
    fn extracts_are_written_as_short_json() {
        let all = vec![
            Extract::Whole,
            Extract::Number,
            json("a.b"),
            Extract::Stencil("t={value}".into()),
        ];
        let text = serde_json::to_string(&all).unwrap();
        assert_eq!(
            text,
            r#"["whole","number",{"json":"a.b"},{"stencil":"t={value}"}]"#
        );
        assert_eq!(serde_json::from_str::<Vec<Extract>>(&text).unwrap(), all);
    }

    /// Random strings over the characters that matter: no panics, and
    /// every path that parses prints as one that parses to the same steps.
    #[test]
    fn random_paths_stencils_and_numbers_never_panic() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> = "ab.[]\"'\\-0123$ {}valuejsoné".chars().collect();
        let json: serde_json::Value =
            serde_json::from_str(r#"{"a": [1, {"b": "x"}], "a b": {"0": 2}}"#).unwrap();
        let mut parsed = 0;
        for _ in 0..20_000 {
            let len = usize::try_from(next() % 12).unwrap();
            let text: String = (0..len)
                .map(|_| alphabet[usize::try_from(next()).unwrap() % alphabet.len()])
                .collect();
            if let Ok(path) = JsonPath::parse(&text) {
                parsed += 1;
                let again = JsonPath::parse(&path.to_string()).unwrap();
                assert_eq!(again.steps(), path.steps(), "{text:?}");
                let _ = path.get(&json);
            }
            if let Ok(stencil) = Stencil::parse(&text) {
                let _ = stencil.capture(&text);
            }
            let _ = Template::parse(&text).map(|t| t.render(&Value::Text(text.clone())));
            if let Some(n) = leading_number(&text) {
                assert!(n.is_finite());
            }
        }
        assert!(parsed > 100, "only {parsed} paths parsed");
    }

    #[test]
    fn one_payload_is_parsed_once_for_many_readers() {
        let payload = Payload::new(br#"{"a": 1, "b": 2}"#);
        let a = json("a").compile().unwrap();
        let b = json("b").compile().unwrap();
        assert_eq!(a.extract(&payload), Ok(Value::Number(1.0)));
        assert!(payload.json.get().is_some());
        assert_eq!(b.extract(&payload), Ok(Value::Number(2.0)));
        assert_eq!(payload.bytes().len(), 16);
    }
}
