//! Saved connection profiles: named connect forms kept in the browser's
//! localStorage as JSON. The password is saved only when the person asks
//! for it ("remember password").

use std::collections::BTreeMap;

use crate::std_prelude::*;

use super::connect_form::ConnectForm;

/// The localStorage key the profiles live under.
pub const STORAGE_KEY: &str = "webmqtt.profiles";

/// Named profiles, which was used last, and the last connection made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profiles {
    /// Profiles by name.
    pub by_name: BTreeMap<String, ConnectForm>,
    /// The profile to fill the form with at start.
    pub last: Option<String>,
    /// The settings of the last connection made, kept without asking (and
    /// so without its password), so that a reload starts where the person
    /// left off.
    pub recent: Option<ConnectForm>,
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

    /// Keeps `form` as the last connection made, never with its password.
    pub fn remember_recent(&mut self, form: &ConnectForm) {
        let mut kept = form.clone();
        kept.password.clear();
        self.recent = Some(kept);
    }

    /// The form to start with: the last connection made, or else the last
    /// saved profile. A link that names a broker (`?broker=`) wins over a
    /// form for another broker, whose user name and client id belong
    /// elsewhere.
    pub fn starting_form(&self, link_broker: Option<&str>) -> Option<ConnectForm> {
        let last_profile = || self.last.as_ref().and_then(|n| self.by_name.get(n));
        self.recent
            .as_ref()
            .or_else(last_profile)
            .filter(|f| link_broker.is_none_or(|b| b == f.url))
            .cloned()
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
        // Inserted one by one: collecting a map sorts, and each sort is its
        // own generic code in the app.
        let mut profiles = serde_json::Map::new();
        for (name, f) in &self.by_name {
            profiles.insert(name.clone(), form_to_json(f, !f.password.is_empty()));
        }
        let recent = self.recent.as_ref().map(|f| form_to_json(f, false));
        serde_json::json!({ "profiles": profiles, "last": self.last, "recent": recent }).to_string()
    }

    /// Profiles from localStorage's JSON; anything unreadable gives none.
    pub fn from_json(text: &str) -> Profiles {
        // from_slice, as every JSON read in the app (one parser in the wasm).
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(text.as_bytes()) else {
            return Profiles::default();
        };
        let mut by_name = BTreeMap::new();
        if let Some(m) = v.get("profiles").and_then(|p| p.as_object()) {
            for (k, f) in m {
                by_name.insert(k.clone(), form_from_json(f));
            }
        }
        Profiles {
            by_name,
            last: v.get("last").and_then(|l| l.as_str()).map(String::from),
            recent: v
                .get("recent")
                .filter(|r| r.is_object())
                .map(form_from_json),
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
    fn the_last_connection_is_kept_without_its_password_and_starts_the_next_visit() {
        let mut f = ConnectForm::new("ws://plant:9001/mqtt", 1);
        f.username = "sensor".into();
        f.password = "secret".into();
        let mut p = Profiles::default();
        assert_eq!(p.starting_form(None), None);
        p.save("lab", &ConnectForm::new("ws://lab/mqtt", 2), false);
        assert_eq!(p.starting_form(None).unwrap().url, "ws://lab/mqtt");
        p.remember_recent(&f);
        let json = p.to_json();
        assert!(!json.contains("secret"));
        let back = Profiles::from_json(&json);
        let start = back.starting_form(None).unwrap();
        assert_eq!(
            (start.url.as_str(), start.username.as_str()),
            ("ws://plant:9001/mqtt", "sensor")
        );
        assert_eq!(start.password, "");
        assert_eq!(start.client_id, f.client_id);
        // A link to the same broker keeps it; a link to another does not.
        assert!(back.starting_form(Some("ws://plant:9001/mqtt")).is_some());
        assert_eq!(back.starting_form(Some("ws://other/mqtt")), None);
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
