//! The browser layer: the session engine over a `web_sys::WebSocket`, with
//! `setTimeout` for its deadlines, and an async Rust API.
//!
//! Only `globalThis` APIs are used (WebSocket, setTimeout, performance,
//! `online` events), so the client works in a window, a dedicated Worker
//! and a SharedWorker. Binary frames only; one frame may carry part of a
//! packet or several packets (MQTT 5.0 §6.0 [MQTT-6.0.0-2]), and the engine
//! sends everything it has ready as one frame. A text frame closes the
//! connection [MQTT-6.0.0-1].

mod channel;
mod client;
mod clock;
mod credentials;
mod driver;
mod glue;
mod listeners;
mod outbox;
#[cfg(feature = "shared")]
pub mod shared;
mod socket;
mod timer;

pub use client::{ConnectOptions, Events, MqttClient, next_event};
// For the npm package's promises and handlers (src/js/).
#[cfg(feature = "js")]
pub(crate) use credentials::{Provide, from_js};
#[cfg(feature = "js")]
pub(crate) use driver::{Completer, Completion};
pub use driver::{ConnectTarget, CredentialsProvider};
pub use outbox::{OpenOutboxError, PublicationStore};
pub use socket::subprotocol;

/// A future as the browser layer runs it for the Rust API (its credentials
/// provider, the shared worker's tasks): boxed, so that
/// `wasm_bindgen_futures::spawn_local`, which is generic, exists once in
/// the wasm for all of them. The npm package spawns none (see
/// `credentials::from_js`), so it links no task queue.
pub(crate) type LocalFuture<T> = core::pin::Pin<alloc::boxed::Box<dyn Future<Output = T>>>;

/// Runs `f` on the browser's event loop.
pub(crate) fn spawn(f: LocalFuture<()>) {
    wasm_bindgen_futures::spawn_local(f);
}

/// For the web app's client identifiers, from the same source as the client's.
#[cfg(feature = "ui")]
pub(crate) use clock::random_u64;
