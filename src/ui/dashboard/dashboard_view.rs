//! The Dashboard view: one tab per dashboard, its widgets on a responsive
//! grid, and (unless read-only) edit mode with add, arrange, remove and
//! undo, and keeping and sharing the document.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::editor::WidgetEditor;
use super::keep_share::KeepShare;
use super::model::document::Dashboard;
use super::model::write::widget_json;
use super::store::Dashboards;
use super::widget_card::WidgetCard;

/// The dashboards.
#[component]
pub fn DashboardView() -> impl IntoView {
    let d = Dashboards::get();
    let editing_widget = RwSignal::new(None::<String>);
    let tabs = move || {
        d.doc.with(|doc| {
            doc.dashboards
                .iter()
                .map(|x| (x.id.clone(), title_of(x)))
                .collect::<Vec<_>>()
        })
    };
    // Keyed by the whole widget: an edit re-creates its card.
    let widgets = move || d.with_current(|db| db.map(|db| db.widgets.clone()).unwrap_or_default());
    let new_dashboard = move |_| {
        let id = d
            .doc
            .with_untracked(|doc| doc.fresh_dashboard_id("dashboard"));
        d.doc.update(|doc| {
            doc.dashboards.push(Dashboard {
                id: id.clone(),
                title: format!("Dashboard {}", doc.dashboards.len() + 1),
                widgets: Vec::new(),
            })
        });
        d.current.set(id);
        d.editing.set(true);
    };
    view! {
        <section class="dashboards" aria-label="Dashboards">
            <div class="dashboard-bar">
                <div role="tablist" aria-label="Dashboards">
                    <For each=tabs key=|t| t.clone() let:tab>
                        <button type="button" role="tab"
                            aria-selected={ let id = tab.0.clone(); move || (d.current.get() == id).to_string() }
                            on:click={ let id = tab.0.clone(); move |_| d.current.set(id.clone()) }>{tab.1.clone()}</button>
                    </For>
                </div>
                <Show when=move || !d.read_only>
                    <div class="row">
                        <button type="button" aria-pressed=move || d.editing.get().to_string()
                            on:click=move |_| d.editing.update(|e| *e = !*e)>
                            {move || if d.editing.get() { "Done" } else { "Edit" }}
                        </button>
                        <Show when=move || d.editing.get()>
                            <button type="button" on:click=move |_| editing_widget.set(Some(String::new()))>"Add widget"</button>
                            <button type="button" on:click=new_dashboard>"New dashboard"</button>
                        </Show>
                    </div>
                </Show>
            </div>
            <Show when=move || d.editing.get() && !d.read_only>
                <label class="title-edit">"Dashboard title"
                    <input type="text" prop:value=move || d.with_current(|db| db.map(|db| db.title.clone()).unwrap_or_default())
                        on:change=move |ev| { let t = event_target_value(&ev); d.edit(|db| db.title = t); } />
                </label>
            </Show>
            {move || d.removed.get().map(|r| {
                let name = if r.widget.title.is_empty() { r.widget.id.to_string() } else { r.widget.title.clone() };
                view! {
                    <p class="undo" role="status">{format!("Removed \"{name}\". ")}
                        <button type="button" on:click=move |_| {
                            if let Some(r) = d.removed.get_untracked() {
                                d.edit(|db| { db.restore(r); });
                            }
                            d.removed.set(None);
                        }>"Undo"</button>
                    </p>
                }
            })}
            {move || editing_widget.get().map(|_| view! { <WidgetEditor editing=editing_widget /> })}
            <Show when=move || widgets().is_empty()>
                <p class="muted">"No widgets yet. Press Edit, then Add widget."</p>
            </Show>
            <div class="widget-grid">
                <For each=widgets key=|w| widget_json(w) let:widget>
                    <WidgetCard widget=widget editing=editing_widget />
                </For>
            </div>
            <Show when=move || !d.read_only>
                <KeepShare />
            </Show>
            {move || d.notice.get().map(|n| view! { <p class="error" role="alert">{n}</p> })}
        </section>
    }
}

fn title_of(d: &Dashboard) -> String {
    if d.title.is_empty() {
        d.id.clone()
    } else {
        d.title.clone()
    }
}
