//! The web app (feature `ui`): Leptos components over the async Rust API,
//! one component per file, grouped by panel. Components are thin; the state
//! and logic live in [`model`], as plain structs tested natively.

//!
//! With only the `ui-model` feature, just the models build: plain Rust,
//! tested natively without Leptos or a browser.

#[cfg(feature = "ui")]
pub mod app;
#[cfg(feature = "ui")]
pub mod client_link;
#[cfg(feature = "ui")]
pub mod clock;
#[cfg(feature = "ui")]
pub mod connect;
#[cfg(feature = "ui")]
pub mod connection;
#[cfg(feature = "ui")]
pub mod connection_tabs;
#[cfg(feature = "ui")]
pub mod connections;
pub mod dashboard;
#[cfg(feature = "ui")]
pub mod log;
pub mod model;
#[cfg(feature = "ui")]
pub mod plots;
#[cfg(feature = "ui")]
pub mod publish;
#[cfg(feature = "ui")]
pub mod status_bar;
#[cfg(feature = "ui")]
pub mod storage;
#[cfg(feature = "ui")]
pub mod subscribe;
#[cfg(feature = "ui")]
pub mod tree;

#[cfg(feature = "ui")]
pub use app::App;
