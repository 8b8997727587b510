//! The message log: newest first, filtered, paused or cleared, exported as
//! JSON lines or CSV. A virtualized list over the capped ring buffer: only
//! the rows in view (and a margin) are rendered, whatever the log holds;
//! the selected message shows in full, in any payload format. The table is
//! one Tab stop: arrow keys, Home, End, Page Up and Page Down move the
//! selection (WAI-ARIA grid pattern with `aria-activedescendant`, so focus
//! stays on the table while its rows are redrawn every frame).

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::model::connect_form::broker_name;
use crate::ui::model::payload::{Format, render};

/// Every row's height in pixels on a wide screen (one line per row; the
/// selected message shows in full below the list).
const ROW: f64 = 26.0;
/// A row's height on a phone: topic and time on one line, payload on the
/// next, so neither is cut to a dozen characters.
const ROW_NARROW: f64 = 40.0;
/// The list's height in pixels.
const VIEW: f64 = 420.0;
/// Rows rendered above and below the visible ones.
const MARGIN: usize = 10;
/// The width in CSS pixels (50rem, as in style.css's media queries) up to
/// which the app takes its phone layout.
const NARROW_MAX: f64 = 800.0;

fn is_narrow() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w <= NARROW_MAX)
}

/// The message log panel.
#[component]
pub fn MessageLogPanel() -> impl IntoView {
    let c = Connection::get();
    let filter = RwSignal::new(String::new());
    let format = RwSignal::new(Format::Text);
    let scroll = RwSignal::new(0.0f64);
    let selected = RwSignal::new(None::<u64>);
    let narrow = RwSignal::new(is_narrow());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let now = is_narrow();
        if narrow.get_untracked() != now {
            narrow.set(now);
        }
    });
    on_cleanup(move || resize.remove());
    let row_height = move || if narrow.get() { ROW_NARROW } else { ROW };
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The window of rows in view: (rows before it, rows, rows after it).
    let window = Memo::new(move |_| {
        let f = filter.get();
        let row = row_height();
        let first = ((scroll.get() / row) as usize).saturating_sub(MARGIN);
        let count = (VIEW / row) as usize + 2 * MARGIN;
        c.log.with(|log| {
            let (total, rows) = log.window(&f, first, count);
            let rows: Vec<_> = rows.into_iter().map(LogRow::of).collect();
            let after = total.saturating_sub(first + rows.len());
            (first, rows, after)
        })
    });
    // Arrow keys and friends: the selection moves, and the list scrolls so
    // that the selected row is in view.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let page = (VIEW / row_height()) as isize - 2;
        let delta = match ev.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            "PageDown" => page,
            "PageUp" => -page,
            "Home" => isize::MIN / 2,
            "End" => isize::MAX / 2,
            _ => return,
        };
        ev.prevent_default();
        let f = filter.get_untracked();
        let from = selected.get_untracked();
        let Some((id, at)) = c.log.with_untracked(|log| log.step(&f, from, delta)) else {
            return;
        };
        selected.set(Some(id));
        if let Some(el) = scroller.get_untracked() {
            let row = row_height();
            let top = at as f64 * row;
            // The sticky header covers the first row's height.
            let view_top = f64::from(el.scroll_top());
            if top < view_top {
                el.set_scroll_top(top as i32);
            } else if top + 2.0 * row > view_top + VIEW {
                el.set_scroll_top((top + 2.0 * row - VIEW) as i32);
            }
        }
    };
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
                <span class="muted">{move || {
                    // With several connections, which broker they came from.
                    let from = c.broker.with(|b| if b.is_empty() { String::new() } else { format!(" from {}", broker_name(b)) });
                    format!(" {} kept of {} received{from}", c.log.with(|l| l.len()), c.log.with(|l| l.total))
                }}</span>
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
            <div class="log-scroll" node_ref=scroller style=format!("height:{VIEW}px")
                on:scroll=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        scroll.set(f64::from(el.scroll_top()));
                    }
                }>
                // One Tab stop: the grid keeps the focus, and the selected
                // row is its active descendant.
                <table role="grid" aria-label="Message log" tabindex="0" aria-readonly="true"
                    aria-rowcount=move || window.with(|(first, rows, after)| (first + rows.len() + after + 1).to_string())
                    aria-activedescendant=move || {
                        let sel = selected.get()?;
                        window.with(|w| w.1.iter().any(|r| r.id == sel)).then(|| format!("log-row-{sel}"))
                    }
                    on:keydown=on_key>
                    <thead><tr role="row"><th role="columnheader">"Time"</th><th role="columnheader">"Topic"</th><th role="columnheader">"QoS"</th><th role="columnheader">"Flags"</th><th role="columnheader">"Size"</th><th role="columnheader">"Payload"</th></tr></thead>
                    // One handler for every row, found by its data-id:
                    // rows come and go every frame under a flood, and a
                    // closure per row would outlive its row until the JS
                    // garbage collector happened to finalize it.
                    <tbody data-testid="log-rows"
                        on:click=move |ev| if let Some(id) = row_id(&ev) { selected.set(Some(id)) }>
                        <tr aria-hidden="true" class="spacer" style=move || format!("height:{}px", window.get().0 as f64 * row_height())></tr>
                        // Re-rendered whole each frame rather than a keyed
                        // <For>: under a flood every row changes every frame,
                        // and the keyed list kept memory for rows long gone.
                        {move || {
                            let sel = selected.get();
                            let (first, rows, _) = window.get();
                            let height = row_height();
                            rows.into_iter().enumerate().map(|(i, r)| {
                                let is_selected = sel == Some(r.id);
                                view! {
                                    <tr class="log-row" class:selected=is_selected style=format!("height:{height}px") role="row"
                                        id=format!("log-row-{}", r.id) data-id=r.id.to_string()
                                        aria-rowindex=(first + i + 2).to_string() aria-selected=is_selected.to_string()>
                                        <td role="gridcell" class="time">{time_of_day(r.time_ms)}</td>
                                        <td role="gridcell" class="one-line topic"><code>{r.topic}</code></td>
                                        <td role="gridcell">{r.qos}</td>
                                        <td role="gridcell">{r.flags}</td>
                                        <td role="gridcell">{r.size}</td>
                                        <td role="gridcell" class="one-line payload">{r.line}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                        <tr aria-hidden="true" class="spacer" style=move || format!("height:{}px", window.get().2 as f64 * row_height())></tr>
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

/// What one row of the log shows.
#[derive(Clone, PartialEq)]
struct LogRow {
    id: u64,
    time_ms: f64,
    topic: String,
    /// The payload's first 200 characters, as text.
    line: String,
    qos: u8,
    flags: &'static str,
    size: usize,
}

impl LogRow {
    fn of(e: &crate::ui::model::log::LogEntry) -> LogRow {
        LogRow {
            id: e.id,
            time_ms: e.time_ms,
            topic: e.topic.clone(),
            line: String::from_utf8_lossy(&e.payload)
                .chars()
                .take(200)
                .collect(),
            qos: e.qos,
            flags: match (e.retain, e.dup) {
                (true, true) => "retain dup",
                (true, false) => "retain",
                (false, true) => "dup",
                (false, false) => "",
            },
            size: e.payload.len(),
        }
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
