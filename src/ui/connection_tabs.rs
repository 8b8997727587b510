//! The connection tabs: one tab per broker connection, a button for one
//! more, and one to close the shown connection (all but the first, which
//! the dashboards use).

use leptos::prelude::*;

use crate::std_prelude::*;

use super::connect::ConnectPanel;
use super::connections::{ConnectionTab, Connections};
use super::log::MessageLogPanel;
use super::model::connect_form::ConnectForm;
use super::plots::PlotsPanel;
use super::publish::PublishPanel;
use super::subscribe::SubscribePanel;
use super::tree::TopicTreePanel;

/// The tab strip. `local` is the broker a new connection starts with.
#[component]
pub fn ConnectionTabs(
    /// The broker a new connection starts with.
    local: String,
) -> impl IntoView {
    let all = Connections::get();
    let first = move || all.tabs.with(|t| t.first().map(|t| t.id));
    let open = move |_| {
        let form = ConnectForm::new(&local, crate::web::random_u64());
        all.open(form);
    };
    view! {
        <div class="connection-tabs">
            <div role="tablist" aria-label="Connections">
                <For each=move || all.tabs.get() key=|t| t.id let:tab>
                    <button type="button" role="tab" id=format!("connection-tab-{}", tab.id)
                        aria-controls=format!("connection-{}", tab.id)
                        aria-selected=move || (all.current.get() == tab.id).to_string()
                        on:click=move |_| all.current.set(tab.id)>
                        <span class=move || format!("dot {}", tab.connection.status.with(|s| s.tone().class()))></span>
                        {move || tab.name()}
                        <span class="muted">{move || {
                            let c = tab.connection;
                            format!(" {} · {} msgs", c.status.with(|s| s.word()), c.log.with(|l| l.total))
                        }}</span>
                    </button>
                </For>
            </div>
            <button type="button" on:click=open>"New connection"</button>
            <Show when=move || first() != Some(all.current.get())>
                <button type="button" on:click=move |_| all.close(all.current.get_untracked())>
                    "Close this connection"
                </button>
            </Show>
        </div>
    }
}

/// The explorer's panels for one connection, in its own context so that
/// every panel reads and drives that connection. Hidden, not unmounted,
/// while another is shown: each keeps its log, filter and selection.
#[component]
pub fn ConnectionExplorer(
    /// The connection.
    tab: ConnectionTab,
    /// The local broker's URL, for the connect panel's preset.
    local: String,
) -> impl IntoView {
    provide_context(tab.connection);
    let all = Connections::get();
    view! {
        <div class="connection-view" role="tabpanel" id=format!("connection-{}", tab.id)
            aria-labelledby=format!("connection-tab-{}", tab.id)
            hidden=move || all.current.get() != tab.id>
            <div class="column">
                <ConnectPanel form=tab.form local=local offer_reconnect=tab.offer_reconnect />
                <SubscribePanel />
                <PublishPanel />
            </div>
            <div class="column wide">
                <PlotsPanel />
                <MessageLogPanel />
                <TopicTreePanel />
            </div>
        </div>
    }
    // Type-erased: the panels' nested view type inside the tabs' <For>
    // made a symbol that the wasm LTO step rejects ("Invalid Wasm linking
    // symbol").
    .into_any()
}
