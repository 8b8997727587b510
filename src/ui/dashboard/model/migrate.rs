//! Schema versions: checks a document's `format` and `version`, and
//! brings a document written at an older version up to
//! [`SCHEMA_VERSION`], one step at a time, on its JSON tree before it is
//! read.
//!
//! To change the schema: raise [`SCHEMA_VERSION`], add a step at the end
//! of `STEPS` that rewrites a tree of the previous version into the new
//! shape, and test it with a document of the previous version.
//!
//! Version 0 is the shape before documents held several dashboards (kept
//! as the test of this mechanism): one dashboard's `title` and `widgets`
//! at the top, and each widget's kind under `type`:
//! `{"format": "webmqtt-dashboard", "version": 0, "title": "Plant",
//! "widgets": [{"id": "t", "type": "value", "topic": "plant/t"}]}`.

use serde_json::{Map, Value};

use crate::std_prelude::*;

use super::document::{FORMAT, SCHEMA_VERSION};
use super::error::DocumentError;

/// A step from one version to the next.
type Step = fn(Map<String, Value>) -> Result<Map<String, Value>, DocumentError>;

/// `STEPS[v]` turns a version `v` tree into a version `v + 1` tree.
const STEPS: [Step; SCHEMA_VERSION as usize] = [v0_to_v1];

/// The id version 0's single dashboard gets.
pub const V0_DASHBOARD_ID: &str = "main";

/// Checks `format` and `version` and migrates the tree to
/// [`SCHEMA_VERSION`]. A missing or foreign `format`, a missing or
/// malformed `version` or a newer one is an error.
pub fn to_current(root: Value) -> Result<Map<String, Value>, DocumentError> {
    let Value::Object(mut map) = root else {
        return Err(DocumentError::invalid("", "expected a JSON object"));
    };
    match map.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(DocumentError::UnknownFormat {
                found: Some(other.to_string().chars().take(80).collect()),
            });
        }
        None => return Err(DocumentError::UnknownFormat { found: None }),
    }
    let version = match map.get("version") {
        Some(v) => v.as_u64().ok_or_else(|| {
            DocumentError::invalid("version", format!("{v}: expected a whole number"))
        })?,
        None => return Err(DocumentError::invalid("version", "missing")),
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(DocumentError::NewerVersion { found: version });
    }
    for (from, step) in STEPS.iter().enumerate().skip(version as usize) {
        map = step(map)?;
        map.insert("version".to_string(), Value::from(from + 1));
    }
    Ok(map)
}

/// Version 0 → 1: the top-level `title` and `widgets` become the one
/// dashboard of `dashboards` (id [`V0_DASHBOARD_ID`]), and each widget's
/// `type` becomes `kind`.
fn v0_to_v1(mut map: Map<String, Value>) -> Result<Map<String, Value>, DocumentError> {
    if map.contains_key("dashboards") {
        return Err(DocumentError::invalid(
            "dashboards",
            "a version 0 document has no dashboards; is its version wrong?",
        ));
    }
    let mut widgets = map
        .remove("widgets")
        .unwrap_or_else(|| Value::Array(Vec::new()));
    if let Value::Array(list) = &mut widgets {
        for widget in list {
            if let Value::Object(w) = widget
                && !w.contains_key("kind")
                && let Some(kind) = w.remove("type")
            {
                w.insert("kind".to_string(), kind);
            }
        }
    }
    let title = map
        .remove("title")
        .unwrap_or_else(|| Value::String("Dashboard".to_string()));
    let mut dashboard = Map::new();
    dashboard.insert("id".to_string(), Value::String(V0_DASHBOARD_ID.to_string()));
    dashboard.insert("title".to_string(), title);
    dashboard.insert("widgets".to_string(), widgets);
    map.insert(
        "dashboards".to_string(),
        Value::Array(vec![Value::Object(dashboard)]),
    );
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrate(text: &str) -> Result<Value, DocumentError> {
        to_current(serde_json::from_str(text).unwrap()).map(Value::Object)
    }

    #[test]
    fn version_0_becomes_one_dashboard() {
        let v1 = migrate(
            r#"{"format": "webmqtt-dashboard", "version": 0, "title": "Plant",
                "widgets": [{"id": "t", "type": "value", "topic": "plant/t"}]}"#,
        )
        .unwrap();
        assert_eq!(
            v1,
            serde_json::json!({
                "format": "webmqtt-dashboard",
                "version": 1,
                "dashboards": [{
                    "id": "main",
                    "title": "Plant",
                    "widgets": [{"id": "t", "kind": "value", "topic": "plant/t"}]
                }]
            })
        );
        let empty = migrate(r#"{"format": "webmqtt-dashboard", "version": 0}"#).unwrap();
        assert_eq!(empty["dashboards"][0]["widgets"], serde_json::json!([]));
        assert_eq!(empty["dashboards"][0]["title"], "Dashboard");
    }

    #[test]
    fn current_documents_pass_unchanged() {
        let text = r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": []}"#;
        assert_eq!(
            migrate(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn foreign_or_future_documents_are_refused() {
        assert_eq!(
            migrate(r#"{"format": "grafana", "version": 1}"#),
            Err(DocumentError::UnknownFormat {
                found: Some("\"grafana\"".into())
            })
        );
        assert_eq!(
            migrate(r#"{"version": 1}"#),
            Err(DocumentError::UnknownFormat { found: None })
        );
        assert_eq!(
            migrate(r#"{"format": "webmqtt-dashboard", "version": 2}"#),
            Err(DocumentError::NewerVersion { found: 2 })
        );
        assert_eq!(
            migrate(r#"{"format": "webmqtt-dashboard", "version": "1"}"#)
                .unwrap_err()
                .to_string(),
            "version: \"1\": expected a whole number"
        );
        assert_eq!(
            migrate(r#"{"format": "webmqtt-dashboard", "version": -1}"#)
                .unwrap_err()
                .path(),
            Some("version")
        );
        assert_eq!(
            migrate(r#"{"format": "webmqtt-dashboard"}"#)
                .unwrap_err()
                .to_string(),
            "version: missing"
        );
        assert_eq!(
            migrate("[1]").unwrap_err().to_string(),
            "document: expected a JSON object"
        );
        assert_eq!(
            migrate(r#"{"format": "webmqtt-dashboard", "version": 0, "dashboards": []}"#)
                .unwrap_err()
                .path(),
            Some("dashboards")
        );
    }
}
