//! Topic validated as you type, payload editor with formats, QoS, retain,
//! MQTT 5.0 properties; Enter in a field or Ctrl/Cmd+Enter in the payload
//! sends; recent publishes to send again. The form itself is a
//! [`PublishForm`], tested natively.

use leptos::prelude::*;

use crate::codec::QoS;
use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::model::payload::Format;
use crate::ui::model::publish_form::{PublishForm, remember};

/// The publish panel.
#[component]
pub fn PublishPanel() -> impl IntoView {
    let c = Connection::get();
    let form = RwSignal::new(PublishForm::default());
    let result = RwSignal::new(None::<Result<(), String>>);
    let recent = RwSignal::new(Vec::<(String, String)>::new());
    // One field of the form, without cloning the rest.
    let text = move |get: fn(&PublishForm) -> &String| move || form.with(|f| get(f).clone());
    let set = move |apply: fn(&mut PublishForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| apply(f, v));
        }
    };
    let topic_problem = Memo::new(move |_| form.with(PublishForm::topic_problem));
    let payload_problem = Memo::new(move |_| form.with(PublishForm::payload_problem));
    let send = move || {
        let message = form.with_untracked(PublishForm::to_message);
        match message {
            Ok(message) => {
                recent.update(|r| form.with_untracked(|f| remember(r, f)));
                result.set(None);
                c.publish(message, move |r| result.set(Some(r)));
            }
            Err(e) => result.set(Some(Err(e))),
        }
    };

    view! {
        <section class="panel" aria-labelledby="publish-title">
            <h2 id="publish-title">"Publish"</h2>
            <form on:submit=move |ev| { ev.prevent_default(); send(); }>
            <label>"Topic"
                <input type="text" prop:value=text(|f| &f.topic)
                    aria-invalid=move || topic_problem.get().is_some().to_string()
                    on:input=set(|f, v| f.topic = v) />
            </label>
            <Show when=move || topic_problem.get().is_some()>
                <p class="error">{move || topic_problem.get().unwrap_or_default()}</p>
            </Show>
            <label>"Payload format"
                <select on:change=set(|f, v| f.format = Format::from_name(&v))>
                    {Format::ALL.into_iter().map(|fmt| view! {
                        <option value=fmt.name() selected=move || form.with(|f| f.format == fmt)>{fmt.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Payload"
                <textarea rows="4" prop:value=text(|f| &f.payload)
                    on:input=set(|f, v| f.payload = v)
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            send();
                        }
                    }></textarea>
            </label>
            <Show when=move || payload_problem.get().is_some()>
                <p class="error">{move || payload_problem.get().unwrap_or_default()}</p>
            </Show>
            <div class="row">
                <label>"Publish QoS"
                    <select on:change=set(|f, v| f.qos = v.parse::<u8>().ok().and_then(|q| QoS::try_from(q).ok()).unwrap_or_default())>
                        {[QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce].into_iter().map(|q| view! {
                            <option value=q.as_u8().to_string() selected=move || form.with(|f| f.qos == q)>{q.as_u8().to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || form.with(|f| f.retain)
                        on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| f.retain = on) } />
                    "Retain"
                </label>
            </div>
            <details>
                <summary>"MQTT 5.0 properties"</summary>
                <label>"Content type"
                    <input type="text" prop:value=text(|f| &f.content_type) on:input=set(|f, v| f.content_type = v) />
                </label>
                <label>"Message expiry (s)"
                    <input type="number" min="0" prop:value=text(|f| &f.expiry) on:input=set(|f, v| f.expiry = v) />
                </label>
                <label>"Response topic"
                    <input type="text" prop:value=text(|f| &f.response_topic) on:input=set(|f, v| f.response_topic = v) />
                </label>
                <label>"Correlation data"
                    <input type="text" prop:value=text(|f| &f.correlation) on:input=set(|f, v| f.correlation = v) />
                </label>
                <label>"User properties (one name=value per line)"
                    <textarea rows="2" prop:value=text(|f| &f.user_properties) on:input=set(|f, v| f.user_properties = v)></textarea>
                </label>
            </details>
            <button type="submit" class="primary"
                disabled=move || topic_problem.get().is_some() || payload_problem.get().is_some()>"Publish"</button>
            <span class="hint">"Ctrl/Cmd+Enter sends"</span>
            </form>
            {move || match result.get() {
                Some(Ok(())) => view! { <p class="ok" role="status">"published"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                None => ().into_any(),
            }}
            <Show when=move || recent.with(|r| !r.is_empty())>
                <h3>"Recent"</h3>
                <ul class="recent">
                    <For each=move || recent.get() key=|r| r.clone() let:item>
                        <li><button type="button" on:click={
                            let item = item.clone();
                            move |_| form.update(|f| { f.topic = item.0.clone(); f.payload = item.1.clone(); })
                        }>{format!("{} · {}", item.0, item.1.chars().take(40).collect::<String>())}</button></li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
