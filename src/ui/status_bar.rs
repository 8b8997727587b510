//! The status bar: connection state, broker, and message rates.

use leptos::prelude::*;

use super::connection::Connection;
use super::model::status::{Status, Tone};
use crate::std_prelude::*;

/// The status bar.
#[component]
pub fn StatusBar() -> impl IntoView {
    let c = Connection::get();
    let text = move || c.status.with(|s| s.text(c.clock.get()));
    let class = move || match c.status.with(Status::tone) {
        Tone::Ok => "status ok",
        Tone::Busy => "status busy",
        Tone::Off => "status off",
    };
    view! {
        <div class="status-bar">
            // Only the state is announced; rates change every second.
            <span class=class data-testid="status" role="status" aria-live="polite">{text}</span>
            <span>{move || c.broker.get()}</span>
            <span>{move || { let (i, o) = c.rates.get(); format!("{i} msg/s in · {o} msg/s out") }}</span>
        </div>
    }
}
