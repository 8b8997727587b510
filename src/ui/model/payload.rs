//! Payloads shown and edited as text, pretty JSON, hex or base64.

use crate::std_prelude::*;

/// How a payload is shown or entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// UTF-8 text (invalid sequences shown as U+FFFD).
    #[default]
    Text,
    /// JSON, pretty-printed when valid.
    Json,
    /// Hexadecimal bytes.
    Hex,
    /// Base64.
    Base64,
}

impl Format {
    /// Every format, for a selector.
    pub const ALL: [Format; 4] = [Format::Text, Format::Json, Format::Hex, Format::Base64];

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Hex => "hex",
            Format::Base64 => "base64",
        }
    }

    /// The format for a name from [`Format::name`].
    pub fn from_name(name: &str) -> Format {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .unwrap_or_default()
    }
}

/// The payload as text in `format`. Always text: the view puts it in a
/// text node, never in markup.
pub fn render(payload: &[u8], format: Format) -> String {
    match format {
        Format::Text => String::from_utf8_lossy(payload).into_owned(),
        Format::Json => match serde_json::from_slice::<serde_json::Value>(payload) {
            Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
            Err(_) => String::from_utf8_lossy(payload).into_owned(),
        },
        Format::Hex => payload
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" "),
        Format::Base64 => base64_encode(payload),
    }
}

/// The bytes an editor's text stands for in `format`, or why it does not
/// parse.
pub fn parse(text: &str, format: Format) -> Result<Vec<u8>, String> {
    match format {
        Format::Text => Ok(text.as_bytes().to_vec()),
        // from_slice like every JSON read in the app, so that it holds one
        // copy of serde_json's parser (same errors for UTF-8 text).
        Format::Json => serde_json::from_slice::<serde_json::Value>(text.as_bytes())
            .map(|_| text.as_bytes().to_vec())
            .map_err(|e| format!("not valid JSON: {e}")),
        Format::Hex => {
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(c) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
                return Err(format!("{c:?} is not a hex digit"));
            }
            if !digits.len().is_multiple_of(2) {
                return Err("hex needs an even number of digits".into());
            }
            (0..digits.len())
                .step_by(2)
                .map(|i| {
                    u8::from_str_radix(&digits[i..i + 2], 16)
                        .map_err(|_| format!("{:?} is not a hex byte", &digits[i..i + 2]))
                })
                .collect()
        }
        Format::Base64 => base64_decode(text.trim()),
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Standard base64 with its padding (RFC 4648 §4); line breaks and spaces
/// from a pasted block are ignored.
fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    use base64::{DecodeError, Engine as _};
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(&clean)
        .map_err(|e| match e {
            DecodeError::InvalidByte(_, b'=') => "base64 padding in the middle".into(),
            DecodeError::InvalidByte(_, c) => {
                format!("{:?} is not a base64 character", char::from(c))
            }
            DecodeError::InvalidLastSymbol(_, c) => {
                format!("base64 ends in {:?}, which leaves bits over", char::from(c))
            }
            DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => {
                "base64 length must be a multiple of 4 (padded with =)".into()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_round_trips() {
        let bytes = b"\x00\xffhello {}".to_vec();
        for f in [Format::Hex, Format::Base64] {
            assert_eq!(parse(&render(&bytes, f), f), Ok(bytes.clone()), "{f:?}");
        }
        assert_eq!(render(b"hi", Format::Base64), "aGk=");
        assert_eq!(render(b"hi!", Format::Base64), "aGkh");
        assert_eq!(parse("aGk=", Format::Base64), Ok(b"hi".to_vec()));
        assert_eq!(render(&[1, 171], Format::Hex), "01 ab");
    }

    #[test]
    fn json_is_validated_and_pretty_printed() {
        assert_eq!(
            render(br#"{"voltage":120}"#, Format::Json),
            "{\n  \"voltage\": 120\n}"
        );
        assert!(
            parse("{\"voltage\": }", Format::Json)
                .unwrap_err()
                .starts_with("not valid JSON")
        );
        assert_eq!(parse("[1]", Format::Json), Ok(b"[1]".to_vec()));
    }

    #[test]
    fn markup_stays_text() {
        let xss = "<img src=x onerror=alert(1)>";
        assert_eq!(render(xss.as_bytes(), Format::Text), xss);
    }

    #[test]
    fn bad_input_names_the_problem() {
        assert_eq!(
            parse("abc", Format::Hex),
            Err("hex needs an even number of digits".into())
        );
        assert_eq!(
            parse("zz", Format::Hex),
            Err("'z' is not a hex digit".into())
        );
        // Not ASCII: an error, not a panic on a character boundary.
        assert_eq!(
            parse("aéb", Format::Hex),
            Err("'é' is not a hex digit".into())
        );
        assert!(
            parse("a!==", Format::Base64)
                .unwrap_err()
                .contains("not a base64 character")
        );
    }
}
