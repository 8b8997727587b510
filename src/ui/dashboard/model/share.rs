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

/// base64url that decodes with or without padding: a link may lose its
/// `=` in a chat client, and it never has any from [`encode`].
const BASE64URL: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    base64::engine::GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// `bytes` as base64url without padding (RFC 4648 §5).
fn encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    BASE64URL.encode(bytes)
}

/// Why link text is not base64url.
#[derive(Debug, PartialEq)]
enum NotBase64Url {
    /// The character at this position (from 0) is not base64url.
    Character(usize),
    /// The text ends within a group of characters.
    Cut,
}

/// The bytes of base64url text. Line breaks and spaces (a link wrapped in
/// a mail) are ignored, and `+` and `/` (a link someone turned into plain
/// base64) read as `-` and `_`.
fn decode(text: &str) -> Result<Vec<u8>, NotBase64Url> {
    use base64::{DecodeError, Engine as _};
    let (at, clean): (Vec<usize>, Vec<u8>) = text
        .bytes()
        .enumerate()
        .filter(|(_, c)| !matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
        .map(|(i, c)| match c {
            b'+' => (i, b'-'),
            b'/' => (i, b'_'),
            _ => (i, c),
        })
        .unzip();
    BASE64URL.decode(&clean).map_err(|e| match e {
        DecodeError::InvalidByte(i, _) => NotBase64Url::Character(at[i]),
        _ => NotBase64Url::Cut,
    })
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
    let bytes = decode(fragment).map_err(|e| match e {
        NotBase64Url::Character(at) => DocumentError::invalid(
            "link",
            format!("character {} is not base64url; is the link cut?", at + 1),
        ),
        NotBase64Url::Cut => DocumentError::invalid("link", "it ends early; is the link cut?"),
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
        assert_eq!(decode("Zm9v!"), Err(NotBase64Url::Character(4)));
        assert_eq!(decode("Zm9vY"), Err(NotBase64Url::Cut));
    }

    #[test]
    fn links_carry_a_whole_document() {
        let doc = sample_voltage();
        let fragment = link_fragment(&doc);
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
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
