//! Topic validated as you type, payload editor with formats, QoS, retain,
//! MQTT 5.0 properties; Ctrl/Cmd+Enter sends; recent publishes to send
//! again.

use leptos::prelude::*;

use crate::codec::QoS;
use crate::session::{MessageProperties, OutgoingMessage, OwnedUserProperty};
use crate::std_prelude::*;
use crate::topic::validate_name;
use crate::ui::connection::Connection;
use crate::ui::model::payload::{Format, parse};

/// The publish panel.
#[component]
pub fn PublishPanel() -> impl IntoView {
    let c = Connection::get();
    let topic = RwSignal::new(String::from("sensors/room1/voltage"));
    let payload = RwSignal::new(String::from(r#"{"voltage": 120}"#));
    let format = RwSignal::new(Format::Json);
    let qos = RwSignal::new(1u8);
    let retain = RwSignal::new(false);
    let content_type = RwSignal::new(String::new());
    let user_properties = RwSignal::new(String::new());
    let expiry = RwSignal::new(String::new());
    let response_topic = RwSignal::new(String::new());
    let correlation = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<(), String>>);
    let recent = RwSignal::new(Vec::<(String, String)>::new());

    let topic_problem = move || validate_name(&topic.get()).err().map(|e| e.to_string());
    let payload_problem = move || parse(&payload.get(), format.get()).err();
    let send = move || {
        if topic_problem().is_some() || payload_problem().is_some() {
            return;
        }
        let Ok(bytes) = parse(&payload.get_untracked(), format.get_untracked()) else {
            return;
        };
        let mut properties = MessageProperties::default();
        let ct = content_type.get_untracked();
        if !ct.is_empty() {
            properties.content_type = Some(ct);
        }
        for line in user_properties.get_untracked().lines() {
            if let Some((k, v)) = line.split_once('=') {
                properties
                    .user_properties
                    .push(OwnedUserProperty::new(k.trim(), v.trim()));
            }
        }
        properties.message_expiry_interval = expiry.get_untracked().trim().parse().ok();
        let rt = response_topic.get_untracked();
        if !rt.is_empty() {
            properties.response_topic = Some(rt);
        }
        let cd = correlation.get_untracked();
        if !cd.is_empty() {
            properties.correlation_data = Some(cd.into_bytes());
        }
        let message = OutgoingMessage {
            topic: topic.get_untracked(),
            payload: bytes,
            qos: QoS::try_from(qos.get_untracked()).unwrap_or_default(),
            retain: retain.get_untracked(),
            properties,
        };
        recent.update(|r| {
            let item = (topic.get_untracked(), payload.get_untracked());
            r.retain(|x| *x != item);
            r.insert(0, item);
            r.truncate(8);
        });
        result.set(None);
        c.publish(message, move |r| result.set(Some(r)));
    };

    view! {
        <section class="panel" aria-labelledby="publish-title">
            <h2 id="publish-title">"Publish"</h2>
            <label>"Topic"
                <input type="text" prop:value=move || topic.get()
                    aria-invalid=move || topic_problem().is_some().to_string()
                    on:input=move |ev| topic.set(event_target_value(&ev)) />
            </label>
            <Show when=move || topic_problem().is_some()>
                <p class="error">{move || topic_problem().unwrap_or_default()}</p>
            </Show>
            <label>"Payload format"
                <select on:change=move |ev| format.set(Format::from_name(&event_target_value(&ev)))>
                    {Format::ALL.into_iter().map(|f| view! {
                        <option value=f.name() selected=move || format.get() == f>{f.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Payload"
                <textarea rows="4" prop:value=move || payload.get()
                    on:input=move |ev| payload.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            send();
                        }
                    }></textarea>
            </label>
            <Show when=move || payload_problem().is_some()>
                <p class="error">{move || payload_problem().unwrap_or_default()}</p>
            </Show>
            <div class="row">
                <label>"QoS"
                    <select on:change=move |ev| qos.set(event_target_value(&ev).parse().unwrap_or(0))>
                        <option value="0">"0"</option>
                        <option value="1" selected=true>"1"</option>
                        <option value="2">"2"</option>
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" on:change=move |ev| retain.set(event_target_checked(&ev)) />
                    "Retain"
                </label>
            </div>
            <details>
                <summary>"MQTT 5.0 properties"</summary>
                <label>"Content type"
                    <input type="text" prop:value=move || content_type.get() on:input=move |ev| content_type.set(event_target_value(&ev)) />
                </label>
                <label>"Message expiry (s)"
                    <input type="number" min="0" prop:value=move || expiry.get() on:input=move |ev| expiry.set(event_target_value(&ev)) />
                </label>
                <label>"Response topic"
                    <input type="text" prop:value=move || response_topic.get() on:input=move |ev| response_topic.set(event_target_value(&ev)) />
                </label>
                <label>"Correlation data"
                    <input type="text" prop:value=move || correlation.get() on:input=move |ev| correlation.set(event_target_value(&ev)) />
                </label>
                <label>"User properties (one name=value per line)"
                    <textarea rows="2" prop:value=move || user_properties.get() on:input=move |ev| user_properties.set(event_target_value(&ev))></textarea>
                </label>
            </details>
            <button type="button" class="primary" on:click=move |_| send()
                disabled=move || topic_problem().is_some() || payload_problem().is_some()>"Publish"</button>
            <span class="hint">"Ctrl/Cmd+Enter sends"</span>
            {move || match result.get() {
                Some(Ok(())) => view! { <p class="ok" role="status">"published"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                None => ().into_any(),
            }}
            <Show when=move || !recent.get().is_empty()>
                <h3>"Recent"</h3>
                <ul class="recent">
                    <For each=move || recent.get() key=|r| r.clone() let:item>
                        <li><button type="button" on:click={
                            let item = item.clone();
                            move |_| { topic.set(item.0.clone()); payload.set(item.1.clone()); }
                        }>{format!("{} · {}", item.0, item.1.chars().take(40).collect::<String>())}</button></li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
