//! A hosted dashboard: `?dashboard=plant.json` next to the app's files
//! opens `dashboards/plant.json` read-only and full screen, connects to the
//! broker the file names (or `?broker=`), and asks for a password only if
//! the broker refuses without one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::std_prelude::*;
use crate::ui::connection::{Connection, Status};
use crate::ui::model::connect_form::ConnectForm;

use super::dashboard_view::DashboardView;
use super::model::share::hosted_path;
use super::model::{Document, parse_document};
use super::store::Dashboards;

/// Fetches `path` relative to the page, as text.
async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| format!("{path} could not be fetched"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "no body")?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{path} is not text"))
}

/// The hosted view of dashboard file `name`; `broker` from the link
/// overrides the file's.
#[component]
pub fn HostedDashboard(name: String, broker: Option<String>) -> impl IntoView {
    let c = Connection::provide();
    let d = Dashboards::provide_hosted(Document::default());
    let problem = RwSignal::new(None::<String>);
    let form = RwSignal::new(ConnectForm::new("", crate::web::random_u64()));
    let loaded = RwSignal::new(false);
    let path = hosted_path(&name);
    spawn_local(async move {
        let path = match path {
            Ok(p) => p,
            Err(e) => return problem.set(Some(format!("?dashboard={name}: {e}"))),
        };
        let text = match fetch_text(&path).await {
            Ok(t) => t,
            Err(e) => return problem.set(Some(e)),
        };
        match parse_document(&text) {
            Ok(doc) => {
                let url = broker
                    .or_else(|| doc.broker.as_ref().map(|b| b.url.clone()))
                    .unwrap_or_else(|| "ws://127.0.0.1:9001/mqtt".into());
                let username = doc.broker.as_ref().and_then(|b| b.username.clone());
                if let Some(first) = doc.dashboards.first() {
                    d.current.set(first.id.clone());
                }
                d.doc.set(doc);
                form.update(|f| {
                    f.url = url;
                    f.username = username.unwrap_or_default();
                });
                loaded.set(true);
                c.connect(&form.get_untracked());
            }
            Err(e) => problem.set(Some(format!("{path}: {e}"))),
        }
    });
    // A password is asked for only once the broker has refused without one.
    let refused =
        move || matches!(c.status.get(), Status::Failed { .. }) && c.error.get().is_some();
    let title = move || {
        d.with_current(|db| db.map(|db| db.title.clone()))
            .unwrap_or_else(|| "Dashboard".into())
    };
    view! {
        <div class="app hosted">
            <header>
                <h1>{title}</h1>
                <span class="status" role="status" data-testid="status">
                    {move || c.status.with(|s| s.text(c.clock.get()))}
                </span>
            </header>
            <main class="dashboard-main">
                {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
                <Show when=move || loaded.get() && refused()>
                    <form class="panel editor" aria-label="Sign in to the broker"
                        on:submit=move |ev| { ev.prevent_default(); c.connect(&form.get_untracked()); }>
                        <p>{move || c.error.get().unwrap_or_default()}</p>
                        <label>"User name"
                            <input type="text" autocomplete="username" prop:value=move || form.with(|f| f.username.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.username = v) } />
                        </label>
                        <label>"Password"
                            <input type="password" autocomplete="current-password"
                                on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| f.password = v) } />
                        </label>
                        <button type="submit" class="primary">"Connect"</button>
                    </form>
                </Show>
                <Show when=move || loaded.get()>
                    <DashboardView />
                </Show>
            </main>
        </div>
    }
}
