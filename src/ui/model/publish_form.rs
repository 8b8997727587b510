//! The publish panel's form: topic, payload in a format, QoS, retain and
//! MQTT 5.0 properties, checked field by field and turned into one
//! [`OutgoingMessage`]. A field that does not parse is an error that names
//! it; nothing is dropped silently.

use crate::std_prelude::*;

use super::payload::{Format, parse};
use crate::codec::QoS;
use crate::session::{MessageProperties, OutgoingMessage, OwnedUserProperty};
use crate::topic::validate_name;

/// What the publish panel holds, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishForm {
    /// The topic name.
    pub topic: String,
    /// The payload as typed, in `format`.
    pub payload: String,
    /// How the payload is written.
    pub format: Format,
    /// The QoS.
    pub qos: QoS,
    /// The retain flag.
    pub retain: bool,
    /// MQTT 5.0 Content Type; empty for none.
    pub content_type: String,
    /// MQTT 5.0 user properties, one `name=value` per line.
    pub user_properties: String,
    /// MQTT 5.0 Message Expiry Interval in seconds; empty for none.
    pub expiry: String,
    /// MQTT 5.0 Response Topic; empty for none.
    pub response_topic: String,
    /// MQTT 5.0 Correlation Data as text; empty for none.
    pub correlation: String,
}

impl Default for PublishForm {
    /// The seed sensor's reading, ready to send.
    fn default() -> Self {
        PublishForm {
            topic: "sensors/room1/voltage".into(),
            payload: r#"{"voltage": 120}"#.into(),
            format: Format::Json,
            qos: QoS::AtLeastOnce,
            retain: false,
            content_type: String::new(),
            user_properties: String::new(),
            expiry: String::new(),
            response_topic: String::new(),
            correlation: String::new(),
        }
    }
}

impl PublishForm {
    /// What is wrong with the topic, if anything.
    pub fn topic_problem(&self) -> Option<String> {
        validate_name(&self.topic).err().map(|e| e.to_string())
    }

    /// What is wrong with the payload in its format, if anything.
    pub fn payload_problem(&self) -> Option<String> {
        parse(&self.payload, self.format).err()
    }

    /// The message the form describes, or the first field that is wrong,
    /// named.
    pub fn to_message(&self) -> Result<OutgoingMessage, String> {
        if let Some(p) = self.topic_problem() {
            return Err(format!("topic: {p}"));
        }
        let payload = parse(&self.payload, self.format).map_err(|e| format!("payload: {e}"))?;
        Ok(OutgoingMessage {
            topic: self.topic.clone(),
            payload,
            qos: self.qos,
            retain: self.retain,
            properties: self.properties()?,
        })
    }

    fn properties(&self) -> Result<MessageProperties, String> {
        let text = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(String::from);
        let expiry = match self.expiry.trim() {
            "" => None,
            e => Some(e.parse::<u32>().map_err(|_| {
                format!(
                    "message expiry: \"{e}\" is not a whole number of seconds from 0 to 4294967295"
                )
            })?),
        };
        let mut user_properties = Vec::new();
        for (n, line) in self.user_properties.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let (name, value) = line
                .split_once('=')
                .ok_or_else(|| format!("user properties, line {}: write name=value", n + 1))?;
            user_properties.push(OwnedUserProperty::new(name.trim(), value.trim()));
        }
        Ok(MessageProperties {
            content_type: text(&self.content_type),
            message_expiry_interval: expiry,
            response_topic: text(&self.response_topic),
            correlation_data: text(&self.correlation).map(String::into_bytes),
            user_properties,
            ..MessageProperties::default()
        })
    }
}

/// Recently published topic and payload pairs, newest first, at most
/// eight, without repeats.
pub fn remember(recent: &mut Vec<(String, String)>, form: &PublishForm) {
    let item = (form.topic.clone(), form.payload.clone());
    recent.retain(|x| *x != item);
    recent.insert(0, item);
    recent.truncate(8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_is_the_seed_reading() {
        let m = PublishForm::default().to_message().unwrap();
        assert_eq!(m.topic, "sensors/room1/voltage");
        assert_eq!(m.payload, br#"{"voltage": 120}"#);
        assert_eq!(m.qos, QoS::AtLeastOnce);
        assert!(m.properties.is_empty());
    }

    #[test]
    fn properties_are_read_from_their_fields() {
        let form = PublishForm {
            content_type: " application/json ".into(),
            user_properties: "site = plant\n\nline=2\n".into(),
            expiry: " 60 ".into(),
            response_topic: "replies/1".into(),
            correlation: "abc".into(),
            ..PublishForm::default()
        };
        let p = form.to_message().unwrap().properties;
        assert_eq!(p.content_type.as_deref(), Some("application/json"));
        assert_eq!(p.message_expiry_interval, Some(60));
        assert_eq!(p.response_topic.as_deref(), Some("replies/1"));
        assert_eq!(p.correlation_data.as_deref(), Some(&b"abc"[..]));
        assert_eq!(
            p.user_properties,
            vec![
                OwnedUserProperty::new("site", "plant"),
                OwnedUserProperty::new("line", "2")
            ]
        );
    }

    #[test]
    fn a_bad_field_is_named_not_dropped() {
        let bad_expiry = PublishForm {
            expiry: "ten".into(),
            ..PublishForm::default()
        };
        assert_eq!(
            bad_expiry.to_message().unwrap_err(),
            "message expiry: \"ten\" is not a whole number of seconds from 0 to 4294967295"
        );
        let bad_property = PublishForm {
            user_properties: "a=1\nno equals sign".into(),
            ..PublishForm::default()
        };
        assert_eq!(
            bad_property.to_message().unwrap_err(),
            "user properties, line 2: write name=value"
        );
        let bad_topic = PublishForm {
            topic: "a/+".into(),
            ..PublishForm::default()
        };
        assert!(bad_topic.to_message().unwrap_err().starts_with("topic: "));
        assert!(bad_topic.topic_problem().is_some());
        let bad_json = PublishForm {
            payload: "{".into(),
            ..PublishForm::default()
        };
        assert!(
            bad_json
                .to_message()
                .unwrap_err()
                .starts_with("payload: not valid JSON")
        );
    }

    #[test]
    fn recent_keeps_eight_without_repeats() {
        let mut recent = Vec::new();
        for i in 0..10 {
            let form = PublishForm {
                topic: format!("t/{}", i % 9),
                ..PublishForm::default()
            };
            remember(&mut recent, &form);
        }
        assert_eq!(recent.len(), 8);
        assert_eq!(recent[0].0, "t/0");
        assert_eq!(recent[1].0, "t/8");
    }
}
