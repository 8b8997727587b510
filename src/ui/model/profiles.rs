//! Saved connection profiles: named connect forms kept in the browser's
//! localStorage as JSON. The password is saved only when the person asks
//! for it ("remember password").

use std::collections::BTreeMap;

use crate::std_prelude::*;

use super::connect_form::ConnectForm;

/// The localStorage key the profiles live under.
pub const STORAGE_KEY: &str = "webmqtt.profiles";

/// Named profiles, and which was used last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profiles {
    /// Profiles by name.
    pub by_name: BTreeMap<String, ConnectForm>,
    /// The profile to fill the form with at start.
    pub last: Option<String>,
}

fn form_to_json(f: &ConnectForm, remember_password: bool) -> serde_json::Value {
    serde_json::json!({
        "url": f.url,
        "clientId": f.client_id,
        "username": f.username,
        "password": if remember_password { f.password.as_str() } else { "" },
        "protocol": f.protocol,
        "keepAlive": f.keep_alive,
        "cleanStart": f.clean_start,
        "sessionExpiry": f.session_expiry,
        "connectTimeout": f.connect_timeout,
        "reconnect": f.reconnect,
        "willTopic": f.will_topic,
        "willPayload": f.will_payload,
    })
}

fn form_from_json(v: &serde_json::Value) -> ConnectForm {
    let s = |k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let n = |k: &str, d: u64| v.get(k).and_then(serde_json::Value::as_u64).unwrap_or(d);
    let b = |k: &str, d: bool| v.get(k).and_then(serde_json::Value::as_bool).unwrap_or(d);
    ConnectForm {
        url: s("url"),
        client_id: s("clientId"),
        username: s("username"),
        password: s("password"),
        protocol: if n("protocol", 5) == 4 { 4 } else { 5 },
        keep_alive: u16::try_from(n("keepAlive", 60)).unwrap_or(60),
        clean_start: b("cleanStart", true),
        session_expiry: u32::try_from(n("sessionExpiry", 0)).unwrap_or(0),
        connect_timeout: u32::try_from(n("connectTimeout", 30)).unwrap_or(30),
        reconnect: b("reconnect", true),
        will_topic: s("willTopic"),
        will_payload: s("willPayload"),
    }
}

impl Profiles {
    /// Saves `form` as `name` and marks it last used; the password only if
    /// `remember_password`.
    pub fn save(&mut self, name: &str, form: &ConnectForm, remember_password: bool) {
        let mut stored = form_from_json(&form_to_json(form, remember_password));
        if !remember_password {
            stored.password.clear();
        }
        self.by_name.insert(name.to_string(), stored);
        self.last = Some(name.to_string());
    }

    /// Removes a profile.
    pub fn remove(&mut self, name: &str) {
        self.by_name.remove(name);
        if self.last.as_deref() == Some(name) {
            self.last = None;
        }
    }

    /// The JSON kept in localStorage.
    pub fn to_json(&self) -> String {
        let profiles: serde_json::Map<String, serde_json::Value> = self
            .by_name
            .iter()
            .map(|(name, f)| (name.clone(), form_to_json(f, !f.password.is_empty())))
            .collect();
        serde_json::json!({ "profiles": profiles, "last": self.last }).to_string()
    }

    /// Profiles from localStorage's JSON; anything unreadable gives none.
    pub fn from_json(text: &str) -> Profiles {
        // from_slice, as every JSON read in the app (one parser in the wasm).
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(text.as_bytes()) else {
            return Profiles::default();
        };
        let by_name = v
            .get("profiles")
            .and_then(|p| p.as_object())
            .map(|m| {
                m.iter()
                    .map(|(k, f)| (k.clone(), form_from_json(f)))
                    .collect()
            })
            .unwrap_or_default();
        Profiles {
            by_name,
            last: v.get("last").and_then(|l| l.as_str()).map(String::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_kept_only_when_asked() {
        let mut f = ConnectForm::new("ws://h/mqtt", 1);
        f.username = "sensor".into();
        f.password = "secret".into();
        let mut p = Profiles::default();
        p.save("home", &f, false);
        p.save("lab", &f, true);
        let json = p.to_json();
        let back = Profiles::from_json(&json);
        assert_eq!(back.by_name["home"].password, "");
        assert_eq!(back.by_name["home"].username, "sensor");
        assert_eq!(back.by_name["lab"].password, "secret");
        assert_eq!(back.last.as_deref(), Some("lab"));
        assert_eq!(json.matches("secret").count(), 1);
    }

    #[test]
    fn round_trip_and_removal() {
        let mut f = ConnectForm::new("wss://broker.example/mqtt", 2);
        f.protocol = 4;
        f.keep_alive = 15;
        f.will_topic = "status".into();
        let mut p = Profiles::default();
        p.save("x", &f, false);
        assert_eq!(Profiles::from_json(&p.to_json()).by_name["x"], f);
        p.remove("x");
        assert!(p.by_name.is_empty() && p.last.is_none());
        assert_eq!(Profiles::from_json("not json"), Profiles::default());
    }
}
