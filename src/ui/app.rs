//! The root component: the panels, the theme toggle, and the connect form
//! restored from the link or from localStorage.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::connection::Connection;
use super::connection_tabs::{ConnectionExplorer, ConnectionTabs};
use super::connections::{ConnectionTab, Connections};
use super::dashboard::lazy_view::{DashboardsLoader, LazyDashboardView, LazyHostedDashboard};
use super::model::connect_form::{ConnectForm, query_value};
use super::status_bar::StatusBar;

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

/// The app's two views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Explorer,
    Dashboards,
}

/// The app: a hosted dashboard for `?dashboard=name.json`, otherwise the
/// explorer and the dashboards.
#[component]
pub fn App() -> impl IntoView {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    match query_value(&query, "dashboard").filter(|n| !n.is_empty()) {
        Some(name) => {
            let broker = query_value(&query, "broker").filter(|u| !u.is_empty());
            view! { <LazyHostedDashboard name=name broker=broker /> }.into_any()
        }
        None => view! { <Explorer /> }.into_any(),
    }
}

/// The explorer and the dashboards.
#[component]
fn Explorer() -> impl IntoView {
    let connection = Connection::provide();
    let local = local_broker();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let link_broker = query_value(&query, "broker").filter(|u| !u.is_empty());
    // The last connection (or saved profile), then a shared link's fields
    // over it.
    let restored = super::storage::load_profiles().starting_form(link_broker.as_deref());
    let offer_reconnect = restored.is_some();
    let mut initial =
        restored.unwrap_or_else(|| ConnectForm::new(&local, crate::web::random_u64()));
    let (url, user) = (initial.url.clone(), initial.username.clone());
    initial.apply_query(&query);
    // A link must not aim a remembered password at another broker or
    // another user.
    if initial.url != url || initial.username != user {
        initial.password.clear();
    }
    let form = RwSignal::new(initial);
    let dark = RwSignal::new(None::<bool>);
    let connections = Connections::provide(ConnectionTab {
        id: 0,
        connection,
        form,
        offer_reconnect,
    });
    // The dashboards start when first needed (src/ui/dashboard/lazy_view.rs).
    DashboardsLoader::provide();
    let view_name = RwSignal::new(View::Explorer);
    let tab = move |v: View, label: &'static str| {
        view! {
            <button type="button" role="tab" aria-selected=move || (view_name.get() == v).to_string()
                on:click=move |_| view_name.set(v)>{label}</button>
        }
    };
    view! {
        <div class="app" class:dark=move || dark.get() == Some(true) class:light=move || dark.get() == Some(false)>
            // Sticky: the views and the state of the connection stay in view
            // however far the page scrolls.
            <div class="top">
            <header>
                <h1>"webmqtt"</h1>
                <nav role="tablist" aria-label="Views">
                    {tab(View::Explorer, "Explorer")}
                    {tab(View::Dashboards, "Dashboards")}
                </nav>
                <button type="button" aria-label="Dark theme" aria-pressed=move || (dark.get() == Some(true)).to_string()
                    on:click=move |_| dark.update(|d| *d = Some(!d.unwrap_or(false)))>"◐"</button>
            </header>
            <StatusBar dashboards=Signal::derive(move || view_name.get() == View::Dashboards) />
            </div>
            <main class:dashboard-main=move || view_name.get() == View::Dashboards>
                <Show when=move || view_name.get() == View::Dashboards>
                    <LazyDashboardView />
                </Show>
                // Hidden, not unmounted: the log keeps its filter and
                // selection while the dashboards are shown.
                <div class="explorer" hidden=move || view_name.get() != View::Explorer>
                <ConnectionTabs local=local.clone() />
                <For each=move || connections.tabs.get() key=|t| t.id let:tab>
                    <ConnectionExplorer tab=tab local=local.clone() />
                </For>
                </div>
            </main>
        </div>
    }
}
