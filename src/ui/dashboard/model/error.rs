//! Why a dashboard document was refused. Every error names where the
//! problem is, as a path into the document (`dashboards[0].widgets[3].topic`),
//! and what is wrong there. A document migrated from an older version is
//! reported in the current version's shape.

use core::fmt;

use crate::std_prelude::*;

use super::document::{FORMAT, SCHEMA_VERSION};

/// The most bytes a document may have (localStorage holds about 5 MB per
/// origin, shared with everything else the app keeps).
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

/// Why a document was refused; the caller keeps what it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// The text is longer than [`MAX_DOCUMENT_BYTES`].
    TooLarge {
        /// Its length in bytes.
        bytes: usize,
    },
    /// The text is not JSON (serde_json's message, with line and column).
    NotJson(String),
    /// `format` is missing or not [`FORMAT`]: not a dashboard document.
    UnknownFormat {
        /// What `format` is, as JSON, or `None` when it is missing.
        found: Option<String>,
    },
    /// `version` is newer than [`SCHEMA_VERSION`]: written by a newer app.
    NewerVersion {
        /// The document's version.
        found: u64,
    },
    /// Something in the document is missing, unknown or out of range.
    Invalid {
        /// Where, e.g. `dashboards[0].widgets[3].topic`, or `document`.
        path: String,
        /// What is wrong there.
        message: String,
    },
}

impl DocumentError {
    /// An [`DocumentError::Invalid`] at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> DocumentError {
        let path = path.into();
        DocumentError::Invalid {
            path: if path.is_empty() {
                "document".to_string()
            } else {
                path
            },
            message: message.into(),
        }
    }

    /// Where in the document the problem is, when it is in one place.
    pub fn path(&self) -> Option<&str> {
        match self {
            DocumentError::Invalid { path, .. } => Some(path),
            DocumentError::UnknownFormat { .. } => Some("format"),
            DocumentError::NewerVersion { .. } => Some("version"),
            DocumentError::TooLarge { .. } | DocumentError::NotJson(_) => None,
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::TooLarge { bytes } => write!(
                f,
                "the document is {bytes} bytes; at most {MAX_DOCUMENT_BYTES} are read"
            ),
            DocumentError::NotJson(e) => write!(f, "not JSON: {e}"),
            DocumentError::UnknownFormat { found: None } => write!(
                f,
                "format: missing; a dashboard document has \"format\": \"{FORMAT}\""
            ),
            DocumentError::UnknownFormat { found: Some(found) } => {
                write!(f, "format: {found} is not \"{FORMAT}\"")
            }
            DocumentError::NewerVersion { found } => write!(
                f,
                "version: {found} is newer than this app reads ({SCHEMA_VERSION}); \
                 update webmqtt to open it"
            ),
            DocumentError::Invalid { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl core::error::Error for DocumentError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_their_place() {
        let e = DocumentError::invalid("dashboards[0].widgets[3].topic", "bad");
        assert_eq!(e.to_string(), "dashboards[0].widgets[3].topic: bad");
        assert_eq!(e.path(), Some("dashboards[0].widgets[3].topic"));
        assert_eq!(
            DocumentError::invalid("", "expected a JSON object").to_string(),
            "document: expected a JSON object"
        );
        assert_eq!(
            DocumentError::UnknownFormat { found: None }.to_string(),
            "format: missing; a dashboard document has \"format\": \"webmqtt-dashboard\""
        );
        assert_eq!(
            DocumentError::NewerVersion { found: 2 }.to_string(),
            "version: 2 is newer than this app reads (1); update webmqtt to open it"
        );
        assert_eq!(DocumentError::NotJson("x".into()).path(), None);
    }
}
