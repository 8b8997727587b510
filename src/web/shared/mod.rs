//! One MQTT connection for every tab of an origin.
//!
//! A web app open in five tabs opens five connections with
//! [`MqttClient`](crate::web::MqttClient): five client identifiers, five
//! copies of every message, and tabs with a fixed client identifier
//! taking the session from each other. [`SharedClient`] has the same
//! shape (connect → client and [`Events`](crate::web::Events); publish,
//! subscribe and unsubscribe futures that settle as a direct client's do;
//! `end`; `client_id`; `events`), but every tab that connects with the
//! same URLs and options talks to one connection, held by a
//! `SharedWorker`:
//!
//! - each tab gets only the messages of its own subscriptions; the broker
//!   sees one subscription per filter, and an UNSUBSCRIBE when the last tab
//!   holding it drops it or goes away;
//! - a tab that closes or crashes leaves nothing behind (each tab holds a
//!   Web Lock for its life, which the worker waits on); the last tab
//!   leaving ends the connection;
//! - a worker that stops is noticed through a Web Lock it holds for its
//!   life: each tab's client ends with
//!   [`crate::session::Event::ConnectionLost`] saying so, and the futures
//!   that waited fail with [`crate::session::CommandError::Ended`].
//!   Browsers run a SharedWorker in the process of the tab that started
//!   it, so a crash of that tab takes the worker along. Connecting again
//!   starts a new worker: each gets a name of its own, as Firefox can go
//!   on handing out ports to a worker whose process was killed;
//! - where `SharedWorker` is missing (some mobile browsers), the client
//!   connects directly and [`SharedClient::is_shared`] says so.
//!
//! # The one line of setup
//!
//! The worker is started by this crate, from a script that wasm-bindgen
//! copies next to the app's JS glue (no worker file to write or
//! configure); it loads the app's own wasm through that glue, so the app's
//! `main` runs in the worker too. Make this the first line of `main`:
//!
//! ```ignore
//! fn main() {
//!     if webmqtt::web::shared::serve_tabs_if_worker() {
//!         return; // this is the shared worker: it now serves the tabs
//!     }
//!     let (client, events) = webmqtt::web::shared::SharedClient::connect(
//!         webmqtt::web::ConnectOptions::new("wss://broker.example/mqtt"),
//!     )
//!     .expect("valid options");
//!     // client.subscribe(…), client.publish(…), events: as with MqttClient
//! }
//! ```
//!
//! The app must be an ES module build (wasm-bindgen `--target web`, as
//! Trunk builds): the worker finds the glue through `import.meta.url`.
//!
//! # Limits
//!
//! Options cross to the worker as data: a
//! [`CredentialsProvider`](crate::web::CredentialsProvider) cannot, and
//! neither can the persistent outbox; both are refused with a
//! [`SharedConnectError`]. Tabs of different builds of the app (an old
//! tab next to a reloaded one) share a worker only if the glue's URL is
//! the same; a worker that cannot read a tab's requests ends that tab's
//! client with a [`ConnectionError::Transport`](crate::session::ConnectionError)
//! that says so, as does a worker whose script or wasm did not load.
//!
//! Web Locks exist only in secure contexts (https, or localhost): on a
//! plain-http origin a tab that closes without ending or dropping its
//! client keeps its filters on the connection until the worker ends. A
//! dropped client (its last handle) leaves the connection like `end`.

mod bindings;
mod client;
mod codec_errors;
mod connection;
mod error;
mod protocol;
mod session_errors;
mod tab;
#[cfg(test)]
mod tests;
mod values;
mod wire;
mod worker;

pub use client::SharedClient;
pub use error::SharedConnectError;
pub use worker::serve_tabs_if_worker;
