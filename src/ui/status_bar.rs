//! The status bar: connection state, broker, and message rates.

use leptos::prelude::*;

use super::connections::Connections;
use super::model::status::Status;
use crate::std_prelude::*;

/// The status bar of the dashboards' connection (the first) while
/// `dashboards` is true, otherwise of the explorer's shown one.
#[component]
pub fn StatusBar(
    /// Whether the dashboards are shown.
    dashboards: Signal<bool>,
) -> impl IntoView {
    let all = Connections::get();
    let shown = move || {
        let first = all.tabs.with(|t| t.first().map(|t| t.connection));
        let tab = if dashboards.get() {
            first
        } else {
            all.shown().map(|t| t.connection).or(first)
        };
        tab.expect("the first connection is never closed")
    };
    let text = move || {
        let c = shown();
        c.status.with(|s| s.text(c.clock.get()))
    };
    let class = move || format!("status {}", shown().status.with(Status::tone).class());
    view! {
        <div class="status-bar">
            // Only the state is announced; rates change every second.
            <span class=class data-testid="status" role="status" aria-live="polite">{text}</span>
            <span>{move || shown().broker.get()}</span>
            <span>{move || { let (i, o) = shown().rates.get(); format!("{i} msg/s in · {o} msg/s out") }}</span>
        </div>
    }
}
