//! The selected topic: its full name, its last messages, the plots of its
//! numeric fields, and the deletion of its retained message (an empty
//! retained message, which the broker takes as "forget it"), confirmed
//! inline first.

use leptos::prelude::*;

use super::topic_chart::TopicChart;
use super::topic_tree::display;
use crate::codec::QoS;
use crate::session::OutgoingMessage;
use crate::std_prelude::*;
use crate::ui::clock::clock;
use crate::ui::connection::Connection;
use crate::ui::model::plot::SeriesKey;
use crate::ui::model::topics::HistoryEntry;

/// The details of `topic`, below the tree.
#[component]
pub fn SelectedTopic(topic: String) -> impl IntoView {
    let c = Connection::get();
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let notice = RwSignal::new(None::<Result<String, String>>);
    let delete_button = NodeRef::<leptos::html::Button>::new();
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    let heading = NodeRef::<leptos::html::H3>::new();

    let summary = {
        let topic = topic.clone();
        Memo::new(move |_| c.topics.with(|t| t.summary(&topic)))
    };
    let retained = Memo::new(move |_| summary.with(|s| s.as_ref().is_some_and(|s| s.retained)));
    let history = {
        let topic = topic.clone();
        Memo::new(move |_| {
            c.topics.with(|t| {
                t.history(&topic)
                    .map(|h| h.iter().rev().cloned().collect::<Vec<HistoryEntry>>())
                    .unwrap_or_default()
            })
        })
    };
    let series = {
        let topic = topic.clone();
        Memo::new(move |_| {
            c.plots.with(|p| {
                p.series()
                    .filter(|(k, _)| k.topic == topic)
                    .map(|(k, _)| k.clone())
                    .collect::<Vec<SeriesKey>>()
            })
        })
    };

    let ask = move |_| {
        notice.set(None);
        confirming.set(true);
        focus_soon(move || cancel_button.get_untracked().map(Into::into));
    };
    let cancel = move |_| {
        confirming.set(false);
        focus_soon(move || delete_button.get_untracked().map(Into::into));
    };
    let confirm = {
        let topic = topic.clone();
        move |_| {
            confirming.set(false);
            deleting.set(true);
            // The buttons go (the delete button is disabled, then gone with
            // the retained message): the region holds the focus and says
            // how it went.
            focus_soon(move || heading.get_untracked().map(Into::into));
            let mut message = OutgoingMessage::new(topic.clone(), Vec::new(), QoS::AtLeastOnce);
            message.retain = true;
            let topic = topic.clone();
            // QoS 1, so that success means the broker has it.
            c.publish(message, move |result| {
                deleting.set(false);
                match result {
                    Ok(()) => {
                        c.topics.update(|t| {
                            t.forget(&topic);
                        });
                        notice.set(Some(Ok(format!(
                            "Deleted the retained message on {}.",
                            display(&topic)
                        ))));
                    }
                    Err(e) => notice.set(Some(Err(format!(
                        "Could not delete the retained message: {e}"
                    )))),
                }
            });
        }
    };

    let name = display(&topic);
    view! {
        <section class="tt-selected" aria-label="Selected topic">
            <h3 tabindex="-1" node_ref=heading><code>{name.clone()}</code>
                {move || retained.get().then(|| view! { <span class="badge">"retained"</span> })}
            </h3>
            <Show when=move || summary.with(Option::is_none)>
                <p class="muted">"No message kept on exactly this topic."</p>
            </Show>
            // Offered for every topic with a message, not only those seen
            // retained: a retained message published while subscribed
            // arrives without the flag.
            <Show when=move || summary.with(Option::is_some) || confirming.get() || deleting.get()>
                <button type="button" node_ref=delete_button aria-expanded=move || confirming.get().to_string()
                    disabled=move || deleting.get() on:click=ask>
                    {move || if deleting.get() { "Deleting…" } else { "Delete retained message" }}
                </button>
            </Show>
            <Show when=move || confirming.get()>
                <div class="tt-confirm">
                    <p>"Delete the retained message on "<code>{name.clone()}</code>"?"</p>
                    <div class="row">
                        <button type="button" class="primary" on:click=confirm.clone()>"Confirm"</button>
                        <button type="button" node_ref=cancel_button on:click=cancel>"Cancel"</button>
                    </div>
                </div>
            </Show>
            // Always there, so that screen readers hear what comes into it.
            <div role="status">
                {move || notice.get().map(|n| match n {
                    Ok(text) => view! { <p class="ok">{text}</p> },
                    Err(text) => view! { <p class="error">{text}</p> },
                })}
            </div>
            <div class="charts">
                <For each=move || series.get() key=|k| k.clone() let:key>
                    <TopicChart key=key />
                </For>
            </div>
            <Show when=move || history.with(|h| !h.is_empty())>
                <h4>"History"</h4>
                <ol class="tt-history" aria-label="History, newest first">
                    {move || history.get().into_iter().map(|e| view! {
                        <li>
                            <time>{clock(e.time_ms)}</time>
                            <span class="tt-value">{e.value}</span>
                            {e.retained.then(|| view! { <span class="badge">"retained"</span> })}
                        </li>
                    }).collect_view()}
                </ol>
            </Show>
        </section>
    }
}

/// Focuses what `get` finds once the page is redrawn: the element may be
/// one the current change is about to show.
fn focus_soon(get: impl Fn() -> Option<web_sys::HtmlElement> + 'static) {
    request_animation_frame(move || {
        if let Some(el) = get() {
            let _ = el.focus();
        }
    });
}
