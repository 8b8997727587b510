//! The message log: newest first, filtered, paused or cleared, exported as
//! JSON lines or CSV. A virtualized list over the capped ring buffer: only
//! the rows in view (and a margin) are rendered, whatever the log holds;
//! the selected message shows in full, in any payload format.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::model::payload::{Format, render};

/// Every row's height in pixels (rows are one line; the selected message
/// shows in full below the list).
const ROW: f64 = 26.0;
/// The list's height in pixels.
const VIEW: f64 = 420.0;
/// Rows rendered above and below the visible ones.
const MARGIN: usize = 10;

/// The message log panel.
#[component]
pub fn MessageLogPanel() -> impl IntoView {
    let c = Connection::get();
    let filter = RwSignal::new(String::new());
    let format = RwSignal::new(Format::Text);
    let scroll = RwSignal::new(0.0f64);
    let selected = RwSignal::new(None::<u64>);
    // The window of rows in view: (rows before it, rows, rows after it).
    let window = Memo::new(move |_| {
        let f = filter.get();
        let first = ((scroll.get() / ROW) as usize).saturating_sub(MARGIN);
        let count = (VIEW / ROW) as usize + 2 * MARGIN;
        c.log.with(|log| {
            let (total, rows) = log.window(&f, first, count);
            let rows: Vec<_> = rows
                .into_iter()
                .map(|e| {
                    let line: String = String::from_utf8_lossy(&e.payload)
                        .chars()
                        .take(200)
                        .collect();
                    (
                        e.id,
                        e.topic.clone(),
                        line,
                        e.qos,
                        e.retain,
                        e.dup,
                        e.payload.len(),
                        e.time_ms,
                    )
                })
                .collect();
            let after = total.saturating_sub(first + rows.len());
            (first, rows, after)
        })
    });
    let detail = move || {
        let id = selected.get()?;
        let fmt = format.get();
        c.log.with(|log| {
            log.get(id).map(|e| {
                (
                    e.topic.clone(),
                    render(&e.payload, fmt),
                    e.properties.clone(),
                )
            })
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
                <label>"Keep at most"
                    <input type="number" min="1" max="1000000" prop:value=move || c.log.with(|l| l.cap()).to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                                c.log.update(|l| l.set_cap(n));
                            }
                        } />
                </label>
                <button type="button" on:click=export_jsonl>"Export JSON lines"</button>
                <button type="button" on:click=export_csv>"Export CSV"</button>
            </div>
            <div class="log-scroll" style=format!("height:{VIEW}px")
                on:scroll=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        scroll.set(f64::from(el.scroll_top()));
                    }
                }>
                <table>
                    <thead><tr><th>"Time"</th><th>"Topic"</th><th>"QoS"</th><th>"Flags"</th><th>"Size"</th><th>"Payload"</th></tr></thead>
                    // One handler for every row, found by its data-id:
                    // rows come and go every frame under a flood, and a
                    // closure per row would outlive its row until the JS
                    // garbage collector happened to finalize it.
                    <tbody data-testid="log-rows"
                        on:click=move |ev| if let Some(id) = row_id(&ev) { selected.set(Some(id)) }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" && let Some(id) = row_id(&ev) {
                                selected.set(Some(id));
                                refocus_row(id);
                            }
                        }>
                        <tr aria-hidden="true" style=move || format!("height:{}px", window.get().0 as f64 * ROW)></tr>
                        // Re-rendered whole each frame rather than a keyed
                        // <For>: under a flood every row changes every frame,
                        // and the keyed list kept memory for rows long gone.
                        {move || {
                            let sel = selected.get();
                            // The rows are new elements after this: a row
                            // that has the keyboard's focus gets it back
                            // (scrolling a focused row into view re-renders).
                            if let Some(id) = focused_row() {
                                refocus_row(id);
                            }
                            window.get().1.into_iter().map(|r| {
                                let is_selected = sel == Some(r.0);
                                view! {
                                    <tr class="log-row" class:selected=is_selected style=format!("height:{ROW}px") tabindex="0"
                                        data-id=r.0.to_string() aria-selected=is_selected.to_string()>
                                        <td>{time_of_day(r.7)}</td>
                                        <td class="one-line"><code>{r.1}</code></td>
                                        <td>{r.3}</td>
                                        <td>{format!("{}{}", if r.4 { "retain " } else { "" }, if r.5 { "dup" } else { "" })}</td>
                                        <td>{r.6}</td>
                                        <td class="one-line payload">{r.2}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                        <tr aria-hidden="true" style=move || format!("height:{}px", window.get().2 as f64 * ROW)></tr>
                    </tbody>
                </table>
            </div>
            {move || detail().map(|(topic, payload, props)| view! {
                <div class="detail" role="region" aria-label="Selected message">
                    <code>{topic}</code>
                    <pre class="payload">{payload}</pre>
                    {(!props.is_empty()).then(|| view! { <div class="muted">{props.clone()}</div> })}
                </div>
            })}
        </section>
    }
}

/// The id of the log row an event happened in.
fn row_id(ev: &web_sys::Event) -> Option<u64> {
    use wasm_bindgen::JsCast;
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("tr[data-id]")
        .ok()??
        .get_attribute("data-id")?
        .parse()
        .ok()
}

/// The id of the log row that has the keyboard's focus, if one has.
fn focused_row() -> Option<u64> {
    web_sys::window()?
        .document()?
        .active_element()?
        .closest("tbody[data-testid=log-rows] tr[data-id]")
        .ok()??
        .get_attribute("data-id")?
        .parse()
        .ok()
}

/// Focuses the row of message `id` once the rows are drawn again: they are
/// new elements after every change, so the keyboard's place would be lost.
fn refocus_row(id: u64) {
    leptos::prelude::request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let row = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("tr[data-id=\"{id}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(row) = row {
            let _ = row.focus();
        }
    });
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
pub(crate) fn download(name: &str, text: &str) {
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
    // Revoked later: some browsers read the URL after click() returns.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        core::time::Duration::from_secs(10),
    );
}
