//! Loading a dashboard document: text in, a checked [`Document`] or the
//! [`DocumentError`] that names the first problem out. Nothing is partly
//! loaded: a foreign `format`, a newer `version` or any bad field refuses
//! the whole file, and the caller keeps what it had.

use crate::std_prelude::*;

use super::document::Document;
use super::error::{DocumentError, MAX_DOCUMENT_BYTES};
use super::{migrate, read, validate};

/// Reads a document written at this or an older schema version: checks
/// its size, JSON, `format` and `version`, migrates it, reads it into
/// types and checks every rule ([`super::validate`]).
pub fn parse_document(text: &str) -> Result<Document, DocumentError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge { bytes: text.len() });
    }
    // from_slice, not from_str: every JSON read in the app goes through the
    // one parser (the messages are the same for UTF-8 text).
    let root: serde_json::Value = serde_json::from_slice(text.as_bytes())
        .map_err(|e| DocumentError::NotJson(e.to_string()))?;
    let root = migrate::to_current(root)?;
    let doc = read::document(&root)?;
    validate::check(&doc)?;
    Ok(doc)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ui::dashboard::model::document::{
        Broker, ButtonSetSettings, ButtonSpec, ChartSeries, ChartSettings, Dashboard,
        GaugeSettings, IndicatorSettings, InputSettings, InputType, Kind, LogSettings,
        SliderSettings, SwitchSettings, TextSettings, ValueSettings, Widget, WidgetKind, to_json,
    };
    use crate::ui::dashboard::model::extract::Extract;
    use crate::ui::dashboard::model::thresholds::{IndicatorState, Look, Threshold};
    use crate::ui::dashboard::model::value::Scalar;

    /// A document using every kind and every optional field.
    pub(crate) fn everything() -> Document {
        let zones = vec![
            Threshold {
                from: -10.5,
                colour: "#0000ff".into(),
                label: "cold".into(),
            },
            Threshold {
                from: 20.0,
                colour: "#ff0000".into(),
                label: String::new(),
            },
        ];
        let kinds = vec![
            WidgetKind::Value(ValueSettings {
                topic: "a/+/t".into(),
                extract: Extract::Stencil("t={value};".into()),
                unit: "°C".into(),
                decimals: Some(1),
                thresholds: zones.clone(),
                stale_after_seconds: Some(90),
            }),
            WidgetKind::Gauge(GaugeSettings {
                topic: "a/#".into(),
                extract: Extract::Number,
                min: -40.0,
                max: 60.5,
                unit: "°C".into(),
                decimals: Some(0),
                thresholds: zones,
                stale_after_seconds: Some(1),
            }),
            WidgetKind::Chart(ChartSettings {
                series: vec![
                    ChartSeries {
                        topic: "a/1".into(),
                        extract: Extract::Json(r#"readings[-1]["v a"]"#.into()),
                        label: "one".into(),
                        colour: Some("#ABCDEF".into()),
                    },
                    ChartSeries {
                        topic: "a/2".into(),
                        ..ChartSeries::default()
                    },
                ],
                window_seconds: 3600,
                max_points: 2,
                min: Some(0.25),
                max: Some(1e6),
                unit: "W".into(),
                decimals: Some(2),
            }),
            WidgetKind::Switch(SwitchSettings {
                command_topic: "p/set".into(),
                payload_on: "1".into(),
                payload_off: "0".into(),
                topic: Some("p/state".into()),
                extract: Extract::Json("on".into()),
                state_on: Some(Scalar::Bool(true)),
                state_off: Some(Scalar::Bool(false)),
                qos: 2,
                retain: true,
                confirm: Some("Sure?".into()),
                stale_after_seconds: Some(5),
            }),
            WidgetKind::new(Kind::Button, "b/press"),
            WidgetKind::ButtonSet(ButtonSetSettings {
                command_topic: "fan/set".into(),
                buttons: vec![
                    ButtonSpec {
                        label: "Low".into(),
                        payload: r#"{"speed": 1}"#.into(),
                    },
                    ButtonSpec {
                        label: "High".into(),
                        payload: String::new(),
                    },
                ],
                qos: 1,
                retain: false,
                confirm: None,
            }),
            WidgetKind::Slider(SliderSettings {
                command_topic: "lamp/set".into(),
                min: 0.0,
                max: 1.0,
                step: 0.05,
                template: r#"{{"brightness": {value}}}"#.into(),
                topic: Some("lamp/state".into()),
                extract: Extract::Json("brightness".into()),
                unit: "%".into(),
                decimals: Some(2),
                qos: 1,
                retain: true,
                confirm: Some("Change it?".into()),
            }),
            WidgetKind::Input(InputSettings {
                command_topic: "t/set".into(),
                input: InputType::Number,
                template: "{json}".into(),
                min: Some(5.0),
                max: Some(30.0),
                qos: 0,
                retain: false,
                confirm: None,
            }),
            WidgetKind::Indicator(IndicatorSettings {
                topic: "pump/state".into(),
                extract: Extract::Whole,
                states: vec![
                    IndicatorState {
                        equals: Some(Scalar::Text("running".into())),
                        from: None,
                        to: None,
                        colour: "#00ff00".into(),
                        label: "running".into(),
                    },
                    IndicatorState {
                        equals: None,
                        from: Some(1.5),
                        to: None,
                        colour: "#ffff00".into(),
                        label: String::new(),
                    },
                ],
                otherwise: Some(Look {
                    colour: "#808080".into(),
                    label: "unknown".into(),
                }),
                stale_after_seconds: None,
            }),
            WidgetKind::Log(LogSettings {
                topic: "#".into(),
                extract: Extract::Whole,
                lines: 1000,
            }),
            WidgetKind::Text(TextSettings {
                text: "Line 1\nLine \"2\" <b>not markup</b>".into(),
            }),
        ];
        let widgets = kinds
            .into_iter()
            .enumerate()
            .map(|(i, kind)| {
                let mut w = Widget::new(&format!("w{i}"), &format!("Widget {i}"), kind);
                w.w = u8::try_from(i % 12 + 1).unwrap();
                w.h = u8::try_from(i % 8 + 1).unwrap();
                w
            })
            .collect();
        Document {
            dashboards: vec![
                Dashboard {
                    id: "all".into(),
                    title: "Every kind".into(),
                    widgets,
                },
                Dashboard {
                    id: "empty".into(),
                    title: String::new(),
                    widgets: vec![],
                },
            ],
            broker: Some(Broker {
                url: "wss://broker.example/mqtt".into(),
                username: Some("viewer".into()),
            }),
        }
    }

    #[test]
    fn every_kind_and_field_round_trips() {
        let doc = everything();
        let json = to_json(&doc);
        assert_eq!(parse_document(&json), Ok(doc.clone()));
        assert_eq!(to_json(&parse_document(&json).unwrap()), json);
        assert!(
            json.contains("\"min\": -40,"),
            "integral numbers are written bare"
        );
        assert!(json.contains("\"step\": 0.05,"));
        assert!(!json.contains("password"));
    }

    /// Every prefix of a valid document, and every one-character change
    /// of it at many places, is refused or read: never a panic, and every
    /// error says something.
    #[test]
    fn no_damaged_document_panics() {
        let json = to_json(&everything());
        for (i, _) in json.char_indices() {
            assert!(parse_document(&json[..i]).is_err());
        }
        let replacements = ['{', '}', '[', ']', '"', ',', '1', '-', 'x', '#', '\\', ' '];
        for (n, (i, c)) in json.char_indices().enumerate() {
            if n % 5 != 0 {
                continue;
            }
            for r in replacements {
                let mut s = String::with_capacity(json.len());
                s.push_str(&json[..i]);
                s.push(r);
                s.push_str(&json[i + c.len_utf8()..]);
                if let Err(e) = parse_document(&s) {
                    assert!(!e.to_string().is_empty());
                    assert_ne!(e.path(), Some(""));
                }
            }
        }
    }

    #[test]
    fn the_brief_example_error_is_named() {
        let text = r#"{"format": "webmqtt-dashboard", "version": 1, "dashboards": [
            {"id": "d", "widgets": [
                {"id": "a", "kind": "text", "text": "hello"},
                {"id": "b", "kind": "text", "text": ""},
                {"id": "c", "kind": "log", "topic": "x/#"},
                {"id": "e", "kind": "value", "topic": "a/#/b"}]}]}"#;
        assert_eq!(
            parse_document(text).unwrap_err().to_string(),
            "dashboards[0].widgets[3].topic: \"a/#/b\": # must be alone in the last level \
             of a topic filter"
        );
    }

    #[test]
    fn bad_files_are_refused_whole() {
        assert!(matches!(
            parse_document("{\"format\": "),
            Err(DocumentError::NotJson(_))
        ));
        assert!(
            parse_document("")
                .unwrap_err()
                .to_string()
                .starts_with("not JSON: EOF while parsing a value at line 1 column 0")
        );
        assert!(matches!(
            parse_document(&" ".repeat(MAX_DOCUMENT_BYTES + 1)),
            Err(DocumentError::TooLarge { .. })
        ));
        assert_eq!(
            parse_document(r#"{"format": "webmqtt-dashboard", "version": 9, "dashboards": "x"}"#),
            Err(DocumentError::NewerVersion { found: 9 })
        );
        assert_eq!(
            parse_document(r#"{"format": "other", "version": 1, "dashboards": []}"#),
            Err(DocumentError::UnknownFormat {
                found: Some("\"other\"".into())
            })
        );
    }

    #[test]
    fn version_0_documents_load_as_version_1() {
        let doc = parse_document(
            r#"{"format": "webmqtt-dashboard", "version": 0, "title": "Plant",
                "widgets": [{"id": "t", "type": "value", "topic": "plant/t",
                             "extract": "number"}]}"#,
        )
        .unwrap();
        assert_eq!(doc.dashboards.len(), 1);
        assert_eq!(doc.dashboards[0].id, "main");
        assert_eq!(doc.dashboards[0].title, "Plant");
        let WidgetKind::Value(v) = &doc.dashboards[0].widgets[0].kind else {
            panic!("{:?}", doc.dashboards[0].widgets[0].kind);
        };
        assert_eq!(
            (v.topic.as_str(), &v.extract),
            ("plant/t", &Extract::Number)
        );
        let saved = to_json(&doc);
        assert!(saved.contains("\"version\": 1"));
        assert_eq!(parse_document(&saved), Ok(doc));
        // A bad version 0 document is reported in the current shape.
        assert_eq!(
            parse_document(
                r#"{"format": "webmqtt-dashboard", "version": 0,
                    "widgets": [{"id": "t", "type": "value", "topic": "a/#/b"}]}"#
            )
            .unwrap_err()
            .path(),
            Some("dashboards[0].widgets[0].topic")
        );
    }
}
