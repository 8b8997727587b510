//! Keeping and sharing dashboards: export the document as a file, import
//! one (checked whole before anything changes), a link that carries the
//! dashboards and the broker URL, never a password, and the document kept
//! as a retained message on a topic of the broker, so that everyone on
//! that broker loads the same dashboards.

use leptos::prelude::*;

use crate::codec::QoS;
use crate::session::OutgoingMessage;
use crate::std_prelude::*;
use crate::ui::connection::Connection;
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
    let topic = RwSignal::new(DEFAULT_TOPIC.to_string());
    // Imports `text`, replacing dashboards with the same id when `replace`.
    let import_text = move |text: &str, replace: bool, source: &str| match parse_document(text) {
        Ok(imported) => {
            let mut ids = Vec::new();
            d.doc.update(|doc| ids = doc.import(imported, replace));
            if let Some(first) = ids.first() {
                d.current.set(first.clone());
            }
            result.set(Some(Ok(format!(
                "imported {} dashboard(s){source}",
                ids.len()
            ))));
            true
        }
        // The document as it was stays: nothing is half imported.
        Err(e) => {
            result.set(Some(Err(format!("not imported: {e}"))));
            false
        }
    };
    let import = move || {
        if import_text(&pasted.get_untracked(), replace.get_untracked(), "") {
            pasted.set(String::new());
        }
    };
    let c = Connection::get();
    let save_to_broker = move |_| {
        let t = topic.get_untracked();
        if let Err(e) = crate::topic::validate_name(&t) {
            result.set(Some(Err(format!("not saved: topic: {e}"))));
            return;
        }
        let mut message = OutgoingMessage::new(
            t.clone(),
            d.doc.with_untracked(to_json).into_bytes(),
            QoS::AtLeastOnce,
        );
        message.retain = true;
        // QoS 1: "saved" only once the broker has it.
        c.publish(message, move |r| {
            result.set(Some(match r {
                Ok(()) => Ok(format!(
                    "saved on the broker as the retained message of {t}"
                )),
                Err(e) => Err(format!("not saved on the broker: {e}")),
            }))
        });
    };
    let load_from_broker = move |_| {
        let t = topic.get_untracked();
        result.set(None);
        c.fetch_retained(t.clone(), move |r| match r {
            Ok(payload) if payload.is_empty() => result.set(Some(Err(format!(
                "not imported: no dashboards are kept on {t}"
            )))),
            Ok(payload) => {
                let text = String::from_utf8_lossy(&payload);
                // The broker's copy is the shared one: it replaces ours.
                import_text(&text, true, &format!(" from {t}"));
            }
            Err(e) => result.set(Some(Err(format!("not imported from {t}: {e}")))),
        });
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
            <fieldset class="on-broker">
                <legend>"On the broker"</legend>
                <label>"Broker topic"
                    <input type="text" prop:value=move || topic.get() on:input=move |ev| topic.set(event_target_value(&ev)) />
                </label>
                <p class="hint">"Kept as a retained message: everyone who may read this topic loads the same dashboards. No password is in them."</p>
                <div class="row">
                    <button type="button" on:click=save_to_broker>"Save to broker"</button>
                    <button type="button" on:click=load_from_broker>"Load from broker"</button>
                </div>
            </fieldset>
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

/// The topic offered for keeping dashboards on the broker.
const DEFAULT_TOPIC: &str = "webmqtt/dashboards";
