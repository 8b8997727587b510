//! Broker URL with presets, client identifier, credentials and session
//! settings; connect and disconnect.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::{Connection, Status};
use crate::ui::dashboard::lazy_view::DashboardsLoader;
use crate::ui::model::connect_form::{ConnectForm, HIVEMQ_PUBLIC};
use crate::ui::storage::{load_profiles, page_address, save_profiles};

/// The connect panel. `local` is the preset for the local Mosquitto;
/// `offer_reconnect` says that the form holds the last connection made, so
/// the panel offers to make it again.
#[component]
pub fn ConnectPanel(
    form: RwSignal<ConnectForm>,
    local: String,
    offer_reconnect: bool,
) -> impl IntoView {
    let c = Connection::get();
    let local_preset = local.clone();
    let preset = Memo::new(move |_| form.with(|f| preset_of(&f.url, &local)));
    let set_field = move |apply: fn(&mut ConnectForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| apply(f, v));
        }
    };
    let connected = move || c.status.with(Status::is_active);
    // One field of the form, without cloning the rest per keystroke.
    let text = move |get: fn(&ConnectForm) -> &String| move || form.with(|f| get(f).clone());
    let profiles = RwSignal::new(load_profiles());
    let profile_name = RwSignal::new(
        profiles
            .with_untracked(|p| p.last.clone())
            .unwrap_or_else(|| "default".into()),
    );
    let remember = RwSignal::new(false);
    let saved_note = RwSignal::new(None::<String>);
    let share = RwSignal::new(None::<String>);
    // On a phone the settings fold away once connected.
    let show_settings = RwSignal::new(false);
    let offer = RwSignal::new(offer_reconnect.then(|| {
        form.with_untracked(|f| {
            let who = if f.username.is_empty() {
                String::new()
            } else {
                format!(" as {}", f.username)
            };
            format!("Last connection: {}{who}.", f.url)
        })
    }));
    let connect = move || {
        offer.set(None);
        let f = form.get_untracked();
        profiles.update(|p| p.remember_recent(&f));
        profiles.with_untracked(save_profiles);
        // The explorer's dashboards subscribe on the connection and hear
        // its messages from the start: they run before it opens.
        match DashboardsLoader::get().filter(|d| !d.started()) {
            Some(dashboards) => leptos::task::spawn_local(async move {
                // Without them (their code did not load) it still connects.
                let _ = dashboards.start().await;
                c.connect(&f);
            }),
            None => c.connect(&f),
        }
    };
    let save = move |_| {
        let name = profile_name.get_untracked();
        profiles.update(|p| p.save(&name, &form.get_untracked(), remember.get_untracked()));
        let ok = profiles.with_untracked(save_profiles);
        saved_note.set(Some(if ok {
            format!("saved as \"{name}\"")
        } else {
            "the browser refused to save".into()
        }));
    };
    view! {
        <section class="panel connect-panel" aria-labelledby="connect-title"
            class:folded=move || connected() && !show_settings.get()>
            <h2 id="connect-title">"Connection"</h2>
            {move || offer.get().map(|text| view! {
                <p class="hint" role="status">{text} " "
                    <button type="button" class="primary" on:click=move |_| connect()>"Connect again"</button>
                </p>
            })}
            // A form, so Enter in any field connects.
            <form on:submit=move |ev| { ev.prevent_default(); connect(); }>
            <div class="settings">
            <label>"Broker preset"
                <select on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let url = match v.as_str() { "hivemq" => HIVEMQ_PUBLIC.to_string(), "local" => local_preset.clone(), _ => return };
                    form.update(|f| f.url = url);
                }>
                    <option value="local" prop:selected=move || preset.get() == "local">"Local Mosquitto"</option>
                    <option value="hivemq" prop:selected=move || preset.get() == "hivemq">"HiveMQ public broker"</option>
                    <option value="custom" prop:selected=move || preset.get() == "custom">"Custom"</option>
                </select>
            </label>
            <label>"Broker URL"
                <input type="url" prop:value=text(|f| &f.url) on:input=set_field(|f, v| f.url = v) />
            </label>
            <label for="client-id">"Client ID"</label>
            <span class="row">
                <input id="client-id" type="text" prop:value=text(|f| &f.client_id) on:input=set_field(|f, v| f.client_id = v) />
                <button type="button" aria-label="New random client ID" on:click=move |_| {
                    let id = crate::session::generate_client_id(crate::web::random_u64());
                    form.update(|f| f.client_id = id);
                }>"New"</button>
            </span>
            <label>"User name"
                <input type="text" autocomplete="username" prop:value=text(|f| &f.username) on:input=set_field(|f, v| f.username = v) />
            </label>
            <label>"Password"
                <input type="password" autocomplete="current-password" prop:value=text(|f| &f.password) on:input=set_field(|f, v| f.password = v) />
            </label>
            <label>"MQTT version"
                <select on:change=set_field(|f, v| f.protocol = if v == "4" { 4 } else { 5 })>
                    <option value="5" selected=move || form.with(|f| f.protocol == 5)>"5.0"</option>
                    <option value="4" selected=move || form.with(|f| f.protocol == 4)>"3.1.1"</option>
                </select>
            </label>
            <label>"Keep alive (s)"
                <input type="number" min="0" max="65535" prop:value=move || form.with(|f| f.keep_alive.to_string())
                    on:input=set_field(|f, v| f.keep_alive = v.parse().unwrap_or(f.keep_alive)) />
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || form.with(|f| f.clean_start)
                    on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| f.clean_start = on) } />
                "Clean start"
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || form.with(|f| f.reconnect)
                    on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| f.reconnect = on) } />
                "Reconnect automatically"
            </label>
            <details>
                <summary>"Session and will"</summary>
                <label>"Session expiry (s, 5.0)"
                    <input type="number" min="0" prop:value=move || form.with(|f| f.session_expiry.to_string())
                        on:input=set_field(|f, v| f.session_expiry = v.parse().unwrap_or(0)) />
                </label>
                <label>"Connect timeout (s)"
                    <input type="number" min="1" prop:value=move || form.with(|f| f.connect_timeout.to_string())
                        on:input=set_field(|f, v| f.connect_timeout = v.parse().unwrap_or(30)) />
                </label>
                <label>"Will topic"
                    <input type="text" prop:value=text(|f| &f.will_topic) on:input=set_field(|f, v| f.will_topic = v) />
                </label>
                <label>"Will payload"
                    <input type="text" prop:value=text(|f| &f.will_payload) on:input=set_field(|f, v| f.will_payload = v) />
                </label>
            </details>
            </div>
            <div class="row">
                <button type="submit" class="primary">
                    {move || if connected() { "Reconnect" } else { "Connect" }}
                </button>
                <button type="button" disabled=move || !connected() on:click=move |_| c.disconnect()>"Disconnect"</button>
                <Show when=connected>
                    <button type="button" class="phone-only" aria-expanded=move || show_settings.get().to_string()
                        on:click=move |_| show_settings.update(|s| *s = !*s)>"Settings"</button>
                </Show>
            </div>
            </form>
            <details class="settings">
                <summary>"Profiles and sharing"</summary>
                <label>"Saved profiles"
                    <select on:change=move |ev| {
                        let name = event_target_value(&ev);
                        if let Some(f) = profiles.with_untracked(|p| p.by_name.get(&name).cloned()) {
                            form.set(f);
                            profile_name.set(name);
                        }
                    }>
                        <option value="">"—"</option>
                        {move || profiles.with(|p| p.by_name.keys().cloned().collect::<Vec<_>>()).into_iter()
                            .map(|n| {
                                let mine = n.clone();
                                view! { <option value=n.clone() prop:selected=move || profile_name.get() == mine>{n.clone()}</option> }
                            }).collect_view()}
                    </select>
                </label>
                <label>"Profile name"
                    <input type="text" prop:value=move || profile_name.get() on:input=move |ev| profile_name.set(event_target_value(&ev)) />
                </label>
                <label class="check">
                    <input type="checkbox" on:change=move |ev| remember.set(event_target_checked(&ev)) />
                    "Remember password"
                </label>
                <div class="row">
                    <button type="button" on:click=save>"Save profile"</button>
                    <button type="button" on:click=move |_| {
                        let name = profile_name.get_untracked();
                        profiles.update(|p| p.remove(&name));
                        profiles.with_untracked(save_profiles);
                    }>"Delete profile"</button>
                    <button type="button" on:click=move |_| {
                        share.set(Some(format!("{}?{}", page_address(), form.get_untracked().share_query())));
                    }>"Shareable link"</button>
                </div>
                {move || saved_note.get().map(|n| view! { <p class="ok" role="status">{n}</p> })}
                {move || share.get().map(|link| view! {
                    <label>"Link (without the password)"
                        <input type="text" readonly=true prop:value=link />
                    </label>
                })}
            </details>
            <Show when=move || c.error.get().is_some()>
                <p class="error" role="alert">{move || c.error.get().unwrap_or_default()}</p>
            </Show>
        </section>
    }
}

/// The preset a URL belongs to, so a restored or typed URL shows under the
/// right name.
fn preset_of(url: &str, local: &str) -> &'static str {
    if url == local {
        "local"
    } else if url == HIVEMQ_PUBLIC {
        "hivemq"
    } else {
        "custom"
    }
}
