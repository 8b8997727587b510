//! Keeping and sharing dashboards: export the document as a file, import
//! one (checked whole before anything changes), and a link that carries
//! the dashboards and the broker URL, never a password.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::log::message_log::download;
use crate::ui::storage::page_address;

use super::model::share::link_fragment;
use super::model::{parse_document, to_json};
use super::store::Dashboards;

/// The export, import and share controls.
#[component]
pub fn KeepShare() -> impl IntoView {
    let d = Dashboards::get();
    let pasted = RwSignal::new(String::new());
    let replace = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<String, String>>);
    let link = RwSignal::new(None::<String>);
    let import = move || match parse_document(&pasted.get_untracked()) {
        Ok(imported) => {
            let mut ids = Vec::new();
            d.doc
                .update(|doc| ids = doc.import(imported, replace.get_untracked()));
            if let Some(first) = ids.first() {
                d.current.set(first.clone());
            }
            pasted.set(String::new());
            result.set(Some(Ok(format!("imported {} dashboard(s)", ids.len()))));
        }
        // The document as it was stays: nothing is half imported.
        Err(e) => result.set(Some(Err(format!("not imported: {e}")))),
    };
    view! {
        <details class="panel keep-share">
            <summary>"Keep and share"</summary>
            <div class="row">
                <button type="button" on:click=move |_| download("dashboards.json", &d.doc.with_untracked(to_json))>"Export"</button>
                <button type="button" on:click=move |_| {
                    let fragment = d.doc.with_untracked(link_fragment);
                    link.set(Some(format!("{}#dashboard={fragment}", page_address())));
                }>"Share link"</button>
            </div>
            {move || link.get().map(|l| view! {
                <label>"Link to these dashboards (no password in it)"
                    <input type="text" readonly=true prop:value=l />
                </label>
            })}
            <form on:submit=move |ev| { ev.prevent_default(); import(); }>
                <label>"Dashboard file to import (paste its JSON)"
                    <textarea rows="3" prop:value=move || pasted.get()
                        on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                </label>
                <label class="check">
                    <input type="checkbox" on:change=move |ev| replace.set(event_target_checked(&ev)) />
                    "Replace dashboards with the same id"
                </label>
                <button type="submit">"Import"</button>
            </form>
            {move || match result.get() {
                Some(Ok(m)) => view! { <p class="ok" role="status">{m}</p> }.into_any(),
                Some(Err(m)) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
                None => ().into_any(),
            }}
        </details>
    }
}
