//! Topic filter validated as you type, QoS, and the list of subscriptions
//! with their message counts.

use leptos::prelude::*;

use crate::codec::{QoS, RetainHandling, SubscriptionOptions};
use crate::std_prelude::*;
use crate::topic::validate_filter;
use crate::ui::connection::Connection;

/// The QoS a select's value names (its options are 0, 1 and 2).
fn qos_from(v: &str) -> QoS {
    v.parse::<u8>()
        .ok()
        .and_then(|n| QoS::try_from(n).ok())
        .unwrap_or_default()
}

/// The subscribe panel.
#[component]
pub fn SubscribePanel() -> impl IntoView {
    let c = Connection::get();
    let filter = RwSignal::new(String::from("#"));
    let qos = RwSignal::new(String::from("1"));
    let no_local = RwSignal::new(false);
    let retain_as_published = RwSignal::new(false);
    let retain_handling = RwSignal::new(0u8);
    let problem = move || {
        let f = filter.get();
        validate_filter(&f).err().map(|e| e.to_string())
    };
    let submit = move || {
        if problem().is_none() {
            let options = SubscriptionOptions {
                qos: qos_from(&qos.get_untracked()),
                no_local: no_local.get_untracked(),
                retain_as_published: retain_as_published.get_untracked(),
                retain_handling: RetainHandling::try_from(retain_handling.get_untracked())
                    .unwrap_or_default(),
            };
            c.subscribe(filter.get_untracked(), options);
        }
    };
    view! {
        <section class="panel" aria-labelledby="subscribe-title">
            <h2 id="subscribe-title">"Subscribe"</h2>
            <form on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label>"Topic filter"
                    <input type="text" prop:value=move || filter.get()
                        aria-invalid=move || problem().is_some().to_string()
                        on:input=move |ev| filter.set(event_target_value(&ev)) />
                </label>
                <Show when=move || problem().is_some()>
                    <p class="error">{move || problem().unwrap_or_default()}</p>
                </Show>
                <label>"Subscription QoS"
                    <select on:change=move |ev| qos.set(event_target_value(&ev))>
                        <option value="0">"0"</option>
                        <option value="1" selected=true>"1"</option>
                        <option value="2">"2"</option>
                    </select>
                </label>
                <details>
                    <summary>"MQTT 5.0 options"</summary>
                    <label class="check">
                        <input type="checkbox" on:change=move |ev| no_local.set(event_target_checked(&ev)) />
                        "No local (not my own messages)"
                    </label>
                    <label class="check">
                        <input type="checkbox" on:change=move |ev| retain_as_published.set(event_target_checked(&ev)) />
                        "Retain as published"
                    </label>
                    <label>"Retained messages"
                        <select on:change=move |ev| retain_handling.set(event_target_value(&ev).parse().unwrap_or(0))>
                            <option value="0">"send at subscribe"</option>
                            <option value="1">"send if the subscription is new"</option>
                            <option value="2">"do not send"</option>
                        </select>
                    </label>
                </details>
                <button type="submit" disabled=move || problem().is_some()>"Subscribe"</button>
            </form>
            <ul class="subscriptions" aria-label="Subscriptions">
                // Keyed by filter, with the count read live, so a row (and
                // the focus on its button) survives new messages.
                <For each=move || c.subscriptions.get() key=|r| (r.filter.clone(), r.granted.clone()) let:row>
                    <li>
                        <span class="swatch" aria-hidden="true" style=format!("background:{}", row.colour)></span>
                        <code>{row.filter.clone()}</code>
                        " " <span class="muted">{row.granted.clone()}</span>
                        " " <span class="count">{
                            let f = row.filter.clone();
                            move || {
                                let n = c.subscriptions.with(|s| s.iter().find(|r| r.filter == f).map_or(0, |r| r.count));
                                format!("{n} msgs")
                            }
                        }</span>
                        <button type="button" aria-label=format!("Unsubscribe from {}", row.filter)
                            on:click={ let f = row.filter.clone(); move |_| c.unsubscribe(f.clone()) }>"✕"</button>
                    </li>
                </For>
            </ul>
        </section>
    }
}
