//! The root component: the panels, the theme toggle, and the connect form
//! restored from the link or from localStorage.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::connect::ConnectPanel;
use super::connection::Connection;
use super::log::MessageLogPanel;
use super::model::connect_form::{ConnectForm, query_value};
use super::plots::PlotsPanel;
use super::publish::PublishPanel;
use super::status_bar::StatusBar;
use super::subscribe::SubscribePanel;
use super::tree::TopicTreePanel;

/// The broker the app offers first: `?broker=` from the link that the run
/// command prints, or a Mosquitto WebSocket listener on this host.
fn local_broker() -> String {
    let location = web_sys::window().map(|w| w.location());
    let query = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    if let Some(url) = query_value(&query, "broker").filter(|u| !u.is_empty()) {
        return url;
    }
    let host = location
        .and_then(|l| l.hostname().ok())
        .unwrap_or_else(|| "127.0.0.1".into());
    format!("ws://{host}:9001/mqtt")
}

/// The app.
#[component]
pub fn App() -> impl IntoView {
    let connection = Connection::provide();
    let local = local_broker();
    let mut initial = ConnectForm::new(&local, (js_sys::Math::random() * 9.0e15) as u64);
    // The last saved profile, then a shared link's fields over it.
    let profiles = super::storage::load_profiles();
    if let Some(saved) = profiles.last.as_ref().and_then(|n| profiles.by_name.get(n)) {
        initial = saved.clone();
    }
    if let Some(query) = web_sys::window().and_then(|w| w.location().search().ok()) {
        let (url, user) = (initial.url.clone(), initial.username.clone());
        initial.apply_query(&query);
        // A link must not aim a remembered password at another broker or
        // another user.
        if initial.url != url || initial.username != user {
            initial.password.clear();
        }
    }
    let form = RwSignal::new(initial);
    let dark = RwSignal::new(None::<bool>);
    let _ = connection;
    view! {
        <div class="app" class:dark=move || dark.get() == Some(true) class:light=move || dark.get() == Some(false)>
            <header>
                <h1>"webmqtt"</h1>
                <button type="button" aria-label="Dark theme" aria-pressed=move || (dark.get() == Some(true)).to_string()
                    on:click=move |_| dark.update(|d| *d = Some(!d.unwrap_or(false)))>"◐"</button>
            </header>
            <main>
                <div class="column">
                    <ConnectPanel form=form local=local.clone() />
                    <SubscribePanel />
                    <PublishPanel />
                </div>
                <div class="column wide">
                    <PlotsPanel />
                    <MessageLogPanel />
                    <TopicTreePanel />
                </div>
            </main>
            <StatusBar />
        </div>
    }
}
