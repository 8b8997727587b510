//! Sharing a dashboard in a link, and finding a hosted one.
//!
//! A link carries the whole document in its fragment, as base64url of the
//! compact JSON ([`link_fragment`]), so it never reaches a server; opening
//! it goes through [`parse_link_fragment`], which loads it like a file
//! (all or nothing). A dashboard from a link or a hosted file is someone
//! else's: the view should show it before keeping it, since its controls
//! publish to your broker.
//!
//! A hosted dashboard is a static file under `dashboards/` next to the
//! app, named by the query (`?dashboard=plant.json` →
//! `dashboards/plant.json`). [`hosted_path`] accepts only plain relative
//! names, so a link cannot make the app fetch from another origin or from
//! outside that folder.

use core::fmt;

use crate::std_prelude::*;

use super::document::{Document, to_compact_json};
use super::error::{DocumentError, MAX_DOCUMENT_BYTES};
use super::parse::parse_document;

/// The folder hosted dashboards are fetched from, relative to the app.
pub const HOSTED_DIR: &str = "dashboards/";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` as base64url without padding (RFC 4648 §5).
fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let sextet = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    out
}

/// The bytes of base64url text (padding and whitespace ignored), or the
/// position of the first character that is not base64url.
fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return Err(i),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// The document as a link fragment (without the `#` or any key).
pub fn link_fragment(doc: &Document) -> String {
    encode(to_compact_json(doc).as_bytes())
}

/// The document a link fragment carries, loaded as [`parse_document`]
/// loads a file.
pub fn parse_link_fragment(fragment: &str) -> Result<Document, DocumentError> {
    if fragment.len() > MAX_DOCUMENT_BYTES / 3 * 4 + 4 {
        return Err(DocumentError::TooLarge {
            bytes: fragment.len() / 4 * 3,
        });
    }
    let bytes = decode(fragment).map_err(|at| {
        DocumentError::invalid(
            "link",
            format!("character {} is not base64url; is the link cut?", at + 1),
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| DocumentError::invalid("link", "not UTF-8; is the link cut?"))?;
    parse_document(&text)
}

/// Why a `?dashboard=` name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostedError {
    /// Empty or over 200 characters.
    Length,
    /// Not ending in `.json`.
    NotJson,
    /// A character other than `A-Z a-z 0-9 - _ . /`.
    Character(char),
    /// Absolute, or with an empty, `.` or `..` level (`/x.json`,
    /// `a//b.json`, `../x.json`, `.hidden/x.json`).
    NotPlain,
}

impl fmt::Display for HostedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostedError::Length => f.write_str("a dashboard name is 1 to 200 characters"),
            HostedError::NotJson => f.write_str("a dashboard name ends in .json"),
            HostedError::Character(c) => write!(f, "{c:?} is not allowed in a dashboard name"),
            HostedError::NotPlain => {
                f.write_str("a dashboard name is a plain path inside dashboards/")
            }
        }
    }
}

impl core::error::Error for HostedError {}

/// The relative URL to fetch for `?dashboard=<name>`: [`HOSTED_DIR`] and
/// the name, if it is a plain relative `.json` path.
pub fn hosted_path(name: &str) -> Result<String, HostedError> {
    if name.is_empty() || name.chars().count() > 200 {
        return Err(HostedError::Length);
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
    {
        return Err(HostedError::Character(c));
    }
    if name
        .split('/')
        .any(|level| level.is_empty() || level.starts_with('.'))
    {
        return Err(HostedError::NotPlain);
    }
    if !name.ends_with(".json") || name.len() == ".json".len() {
        return Err(HostedError::NotJson);
    }
    Ok(format!("{HOSTED_DIR}{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::dashboard::model::sample::sample_voltage;

    #[test]
    fn base64url_round_trips() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"\xfb\xff", "-_8"),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text), Ok(bytes.to_vec()));
        }
        assert_eq!(decode("Zm9v\nYg=="), Ok(b"foob".to_vec()));
        assert_eq!(decode("+/8"), Ok(b"\xfb\xff".to_vec()));
        assert_eq!(decode("Zm9v!"), Err(4));
    }

    #[test]
    fn links_carry_a_whole_document() {
        let doc = sample_voltage();
        let fragment = link_fragment(&doc);
        assert!(fragment.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(parse_link_fragment(&fragment), Ok(doc));
    }

    #[test]
    fn damaged_links_are_refused() {
        let fragment = link_fragment(&sample_voltage());
        let cut = &fragment[..fragment.len() / 2];
        assert!(parse_link_fragment(cut).is_err());
        assert_eq!(
            parse_link_fragment("abc%20").unwrap_err().to_string(),
            "link: character 4 is not base64url; is the link cut?"
        );
        assert!(matches!(
            parse_link_fragment(&"A".repeat(MAX_DOCUMENT_BYTES * 2)),
            Err(DocumentError::TooLarge { .. })
        ));
        assert!(matches!(
            parse_link_fragment(&encode(b"\xff\xfe")),
            Err(DocumentError::Invalid { .. })
        ));
    }

    #[test]
    fn hosted_names_stay_inside_the_folder() {
        assert_eq!(
            hosted_path("plant.json").as_deref(),
            Ok("dashboards/plant.json")
        );
        assert_eq!(
            hosted_path("site-a/line_2.json").as_deref(),
            Ok("dashboards/site-a/line_2.json")
        );
        assert_eq!(hosted_path(""), Err(HostedError::Length));
        assert_eq!(hosted_path("plant"), Err(HostedError::NotJson));
        assert_eq!(hosted_path(".json"), Err(HostedError::NotPlain));
        assert_eq!(hosted_path("../secret.json"), Err(HostedError::NotPlain));
        assert_eq!(hosted_path("/etc/x.json"), Err(HostedError::NotPlain));
        assert_eq!(hosted_path("a//b.json"), Err(HostedError::NotPlain));
        assert_eq!(
            hosted_path("https://evil.example/x.json"),
            Err(HostedError::Character(':'))
        );
        assert_eq!(hosted_path("a%2f.json"), Err(HostedError::Character('%')));
        assert_eq!(hosted_path("a?b.json"), Err(HostedError::Character('?')));
        assert_eq!(
            hosted_path(&format!("{}.json", "a".repeat(200))),
            Err(HostedError::Length)
        );
    }
}
