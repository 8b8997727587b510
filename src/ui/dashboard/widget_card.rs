//! One widget on the grid: its title, its body by kind, and in edit mode
//! the controls to move, resize, edit and remove it.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::chart::ChartBody;
use super::controls::ControlBody;
use super::model::document::{GRID_COLUMNS, MAX_ROWS, Widget, WidgetKind};
use super::readouts::{GaugeBody, IndicatorBody, LogBody, ValueBody};
use super::store::Dashboards;

/// A widget card. `editing` is the id of the widget whose editor is open.
#[component]
pub fn WidgetCard(widget: Widget, editing: RwSignal<Option<String>>) -> impl IntoView {
    let d = Dashboards::get();
    let id = widget.id.clone();
    let title = if widget.title.is_empty() {
        widget.id.to_string()
    } else {
        widget.title.clone()
    };
    let style = format!(
        "grid-column: span {}; grid-row: span {}",
        widget.w, widget.h
    );
    let body = match widget.kind.clone() {
        WidgetKind::Value(s) => view! { <ValueBody id=id.clone() settings=s /> }.into_any(),
        WidgetKind::Gauge(s) => view! { <GaugeBody id=id.clone() settings=s /> }.into_any(),
        WidgetKind::Chart(s) => view! { <ChartBody id=id.clone() settings=s /> }.into_any(),
        WidgetKind::Indicator(s) => view! { <IndicatorBody id=id.clone() settings=s /> }.into_any(),
        WidgetKind::Log(_) => view! { <LogBody id=id.clone() /> }.into_any(),
        WidgetKind::Text(t) => view! { <p class="widget-text">{t.text}</p> }.into_any(),
        _ => view! { <ControlBody widget=widget.clone() /> }.into_any(),
    };
    let (w, h) = (widget.w, widget.h);
    let key = id.to_string();
    let tool_name = title.clone();
    let tools = move || {
        (d.editing.get() && !d.read_only).then(|| {
            let (k1, k2, k3, k4, k5, k6) = (
                key.clone(),
                key.clone(),
                key.clone(),
                key.clone(),
                key.clone(),
                key.clone(),
            );
            let name = tool_name.clone();
            view! {
                <div class="widget-tools" role="group" aria-label=format!("Arrange {name}")>
                    <button type="button" aria-label=format!("Move {name} earlier")
                        on:click=move |_| d.edit(|db| { db.nudge_widget(&k1, -1); })>"←"</button>
                    <button type="button" aria-label=format!("Move {name} later")
                        on:click=move |_| d.edit(|db| { db.nudge_widget(&k2, 1); })>"→"</button>
                    <label>"Width"
                        <select on:change=move |ev| {
                            let w: u8 = event_target_value(&ev).parse().unwrap_or(w);
                            d.edit(|db| { db.resize(&k3, w, h); });
                        }>
                            {(1..=GRID_COLUMNS).map(|n| view! { <option value=n.to_string() selected=n == w>{n.to_string()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Height"
                        <select on:change=move |ev| {
                            let h: u8 = event_target_value(&ev).parse().unwrap_or(h);
                            d.edit(|db| { db.resize(&k4, w, h); });
                        }>
                            {(1..=MAX_ROWS).map(|n| view! { <option value=n.to_string() selected=n == h>{n.to_string()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" on:click=move |_| editing.set(Some(k5.clone()))>"Edit"</button>
                    <button type="button" on:click=move |_| {
                        let mut removed = None;
                        d.edit(|db| removed = db.remove_widget(&k6));
                        d.removed.set(removed);
                    }>"Remove"</button>
                </div>
            }
        })
    };
    // Pointer reordering in edit mode: drag a card onto another to put it
    // there (the arrow buttons do the same from the keyboard).
    let drag_key = id.to_string();
    let drop_key = id.to_string();
    let editable = move || d.editing.get() && !d.read_only;
    view! {
        <article class="widget" style=style aria-label=title.clone()
            draggable=move || editable().then_some("true")
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(t) = ev.data_transfer() {
                    // Firefox starts a drag only with data set.
                    let _ = t.set_data("text/plain", &drag_key);
                    t.set_effect_allowed("move");
                }
            }
            on:dragover=move |ev: leptos::ev::DragEvent| if editable() { ev.prevent_default() }
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                let Some(dragged) = ev.data_transfer().and_then(|t| t.get_data("text/plain").ok()) else {
                    return;
                };
                if dragged != drop_key {
                    d.edit(|db| {
                        if let Some(to) = db.position(&drop_key) {
                            db.move_widget(&dragged, to);
                        }
                    });
                }
            }>
            <h3>{title.clone()}</h3>
            {body}
            {tools}
        </article>
    }
}
