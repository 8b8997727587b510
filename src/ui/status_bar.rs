//! The status bar: connection state, broker, and message rates.

use leptos::prelude::*;

use super::connection::{Connection, Status};
use crate::std_prelude::*;

/// The status bar.
#[component]
pub fn StatusBar() -> impl IntoView {
    let c = Connection::get();
    let text = move || match c.status.get() {
        Status::Offline => "offline".to_string(),
        Status::Connecting => "connecting…".to_string(),
        Status::Connected => "connected".to_string(),
        Status::Reconnecting(why, at) => {
            let left = ((at - c.clock.get()) / 1000.0).ceil().max(0.0);
            format!("reconnecting in {left} s ({why})")
        }
        Status::Failed(why) => format!("failed: {why}"),
    };
    let class = move || match c.status.get() {
        Status::Connected => "status ok",
        Status::Connecting | Status::Reconnecting(..) => "status busy",
        _ => "status off",
    };
    view! {
        <footer class="status-bar">
            // Only the state is announced; rates change every second.
            <span class=class data-testid="status" role="status" aria-live="polite">{text}</span>
            <span>{move || c.broker.get()}</span>
            <span>{move || { let (i, o) = c.rates.get(); format!("{i} msg/s in · {o} msg/s out") }}</span>
        </footer>
    }
}
