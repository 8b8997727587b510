//! Publish templates: the text a control publishes, with the value it was
//! set to put in (`{"set": {value}}` written as `{{"set": {value}}}`).
//!
//! Syntax, as Rust's `format!`: `{value}` is the value as text (numbers
//! without a trailing `.0`), `{json}` the value as a JSON literal (numbers
//! bare, text quoted and escaped), `{{` and `}}` stand for `{` and `}`. Any
//! other `{…}`, a `{` left open or a lone `}` is an error found when the
//! document is loaded, never when a message is sent.
//!
//! The same parser reads extraction stencils ([`super::extract`]), which
//! allow only `{value}`.

use core::fmt;

use crate::std_prelude::*;

use super::value::Value;

/// One part of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text (escapes already resolved).
    Text(String),
    /// `{value}`: the value as text.
    Value,
    /// `{json}`: the value as a JSON literal.
    Json,
}

/// A placeholder a parser accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// `{value}`.
    Value,
    /// `{json}`.
    Json,
}

impl Placeholder {
    /// The placeholder's name, without braces.
    pub const fn name(self) -> &'static str {
        match self {
            Placeholder::Value => "value",
            Placeholder::Json => "json",
        }
    }
}

/// Why a template does not parse. Positions count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` names no placeholder the template allows.
    UnknownPlaceholder {
        /// What was between the braces (cut to 40 characters).
        name: String,
        /// Where its `{` is.
        at: usize,
        /// The placeholders allowed here.
        allowed: &'static [Placeholder],
    },
    /// A `{` that starts no placeholder and is not closed.
    Unclosed {
        /// Where the `{` is.
        at: usize,
    },
    /// A `}` that closes nothing and is not doubled.
    StrayClose {
        /// Where the `}` is.
        at: usize,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::UnknownPlaceholder { name, at, allowed } => {
                write!(f, "unknown placeholder {{{name}}} at character {at}; use ")?;
                for (i, p) in allowed.iter().enumerate() {
                    let sep = if i == 0 { "" } else { " or " };
                    write!(f, "{sep}{{{}}}", p.name())?;
                }
                f.write_str(", and {{ or }} for a literal brace")
            }
            TemplateError::Unclosed { at } => write!(
                f,
                "'{{' at character {at} is not closed; write {{{{ for a literal '{{'"
            ),
            TemplateError::StrayClose { at } => write!(
                f,
                "'}}' at character {at} closes nothing; write }}}} for a literal '}}'"
            ),
        }
    }
}

impl core::error::Error for TemplateError {}

/// The placeholders a publish template may use.
pub const TEMPLATE_PLACEHOLDERS: &[Placeholder] = &[Placeholder::Value, Placeholder::Json];

/// Splits `source` into pieces, accepting the placeholders in `allowed`.
pub fn parse_pieces(
    source: &str,
    allowed: &'static [Placeholder],
) -> Result<Vec<Piece>, TemplateError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = source.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let at = i + 1;
        match c {
            '{' if chars.next_if(|&(_, c)| c == '{').is_some() => text.push('{'),
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some((_, '}')) => break,
                        Some((_, '{')) | None => return Err(TemplateError::Unclosed { at }),
                        Some((_, c)) => name.push(c),
                    }
                }
                let Some(p) = allowed.iter().find(|p| p.name() == name) else {
                    return Err(TemplateError::UnknownPlaceholder {
                        name: name.chars().take(40).collect(),
                        at,
                        allowed,
                    });
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(core::mem::take(&mut text)));
                }
                pieces.push(match p {
                    Placeholder::Value => Piece::Value,
                    Placeholder::Json => Piece::Json,
                });
            }
            '}' if chars.next_if(|&(_, c)| c == '}').is_some() => text.push('}'),
            '}' => return Err(TemplateError::StrayClose { at }),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// A parsed publish template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses a publish template (`{value}`, `{json}`, `{{`, `}}`).
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        parse_pieces(source, TEMPLATE_PLACEHOLDERS).map(|pieces| Template { pieces })
    }

    /// The parsed pieces.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Whether the template puts the value in anywhere (a control whose
    /// template does not would always publish the same text).
    pub fn uses_value(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Value | Piece::Json))
    }

    /// The text to publish for `value`.
    pub fn render(&self, value: &Value) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Value => out.push_str(&value.to_string()),
                Piece::Json => out.push_str(&json_literal(value)),
            }
        }
        out
    }
}

/// `value` as a JSON literal: a number (`null` if not finite), `true` or
/// `false`, or a quoted, escaped string.
pub fn json_literal(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_finite() => value.to_string(),
        Value::Number(_) => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => serde_json::to_string(t).unwrap_or_else(|_| "\"\"".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, value: Value) -> String {
        Template::parse(template).unwrap().render(&value)
    }

    #[test]
    fn values_are_put_in() {
        assert_eq!(render("{value}", Value::Number(42.0)), "42");
        assert_eq!(render("{value}", Value::Number(0.5)), "0.5");
        assert_eq!(
            render("set {value} now", Value::Text("on".into())),
            "set on now"
        );
        assert_eq!(render("{value}{value}", Value::Bool(true)), "truetrue");
        assert_eq!(render("reboot", Value::Number(1.0)), "reboot");
    }

    #[test]
    fn braces_are_escaped_by_doubling() {
        assert_eq!(
            render(r#"{{"set": {value}}}"#, Value::Number(21.0)),
            r#"{"set": 21}"#
        );
        assert_eq!(
            render(r#"{{"a": {{"b": {value}}}}}"#, Value::Number(-1.5)),
            r#"{"a": {"b": -1.5}}"#
        );
        assert_eq!(render("{{value}}", Value::Number(1.0)), "{value}");
    }

    #[test]
    fn json_placeholders_quote_text() {
        assert_eq!(
            render(r#"{{"text": {json}}}"#, Value::Text("say \"hi\"".into())),
            r#"{"text": "say \"hi\""}"#
        );
        assert_eq!(render("{json}", Value::Number(120.0)), "120");
        assert_eq!(render("{json}", Value::Bool(false)), "false");
        assert_eq!(json_literal(&Value::Number(f64::NAN)), "null");
    }

    #[test]
    fn bad_templates_are_named() {
        // The usual slip: JSON braces left single.
        assert_eq!(
            Template::parse(r#"{"set": {value}}"#).unwrap_err(),
            TemplateError::Unclosed { at: 1 }
        );
        assert_eq!(
            Template::parse(r#"{"set": 1}"#).unwrap_err(),
            TemplateError::UnknownPlaceholder {
                name: r#""set": 1"#.into(),
                at: 1,
                allowed: TEMPLATE_PLACEHOLDERS,
            }
        );
        assert!(matches!(
            Template::parse("{val}"),
            Err(TemplateError::UnknownPlaceholder { at: 1, .. })
        ));
        assert_eq!(
            Template::parse("{val}").unwrap_err().to_string(),
            "unknown placeholder {val} at character 1; use {value} or {json}, \
             and {{ or }} for a literal brace"
        );
        assert_eq!(
            Template::parse("ab{value").unwrap_err(),
            TemplateError::Unclosed { at: 3 }
        );
        assert_eq!(
            Template::parse("é}").unwrap_err(),
            TemplateError::StrayClose { at: 2 }
        );
        assert_eq!(
            Template::parse("}").unwrap_err().to_string(),
            "'}' at character 1 closes nothing; write }} for a literal '}'"
        );
    }

    #[test]
    fn templates_know_whether_they_use_the_value() {
        assert!(Template::parse("x={value}").unwrap().uses_value());
        assert!(Template::parse("{json}").unwrap().uses_value());
        assert!(!Template::parse("{{value}}").unwrap().uses_value());
        assert!(!Template::parse("").unwrap().uses_value());
    }
}
