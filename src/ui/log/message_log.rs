//! The message log: newest first, filtered, paused or cleared, shown as
//! text in any payload format, exported as JSON lines. Only the newest
//! rows that fit the view are rendered; the log itself is a capped ring
//! buffer.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::model::payload::{Format, render};

/// Rows rendered at once; the rest stay in the ring buffer.
const SHOWN: usize = 200;

/// The message log panel.
#[component]
pub fn MessageLogPanel() -> impl IntoView {
    let c = Connection::get();
    let filter = RwSignal::new(String::new());
    let format = RwSignal::new(Format::Text);
    let rows = move || {
        let f = filter.get();
        let fmt = format.get();
        c.log.with(|log| {
            log.newest_first(&f)
                .take(SHOWN)
                .map(|e| {
                    (
                        e.id,
                        e.topic.clone(),
                        render(&e.payload, fmt),
                        e.qos,
                        e.retain,
                        e.dup,
                        e.payload.len(),
                        e.properties.clone(),
                        e.time_ms,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let export_jsonl = move |_| {
        download(
            "messages.jsonl",
            &c.log.with_untracked(|l| l.to_json_lines()),
        )
    };
    let export_csv = move |_| download("messages.csv", &c.log.with_untracked(|l| l.to_csv()));
    view! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">"Messages"
                <span class="muted">{move || format!(" {} kept of {} received", c.log.with(|l| l.len()), c.log.with(|l| l.total))}</span>
            </h2>
            <div class="row">
                <label>"Filter" <input type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) /></label>
                <label>"Show as"
                    <select on:change=move |ev| format.set(Format::from_name(&event_target_value(&ev)))>
                        {Format::ALL.into_iter().map(|f| view! { <option value=f.name()>{f.name()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" on:click=move |_| c.paused.update(|p| *p = !*p)>
                    {move || if c.paused.get() { "Resume" } else { "Pause" }}
                </button>
                <button type="button" on:click=move |_| c.log.update(|l| l.clear())>"Clear"</button>
                <button type="button" on:click=export_jsonl>"Export JSON lines"</button>
                <button type="button" on:click=export_csv>"Export CSV"</button>
            </div>
            <table>
                <thead><tr><th>"Time"</th><th>"Topic"</th><th>"QoS"</th><th>"Flags"</th><th>"Size"</th><th>"Payload"</th></tr></thead>
                <tbody data-testid="log-rows">
                    <For each=rows key=|r| r.0 let:r>
                        <tr>
                            <td>{time_of_day(r.8)}</td>
                            <td><code>{r.1}</code></td>
                            <td>{r.3}</td>
                            <td>{format!("{}{}", if r.4 { "retain " } else { "" }, if r.5 { "dup" } else { "" })}</td>
                            <td>{r.6}</td>
                            <td><pre class="payload">{r.2}</pre>{(!r.7.is_empty()).then(|| view! { <div class="muted">{r.7.clone()}</div> })}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

fn time_of_day(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence(&parts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(a) = document
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
