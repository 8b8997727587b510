//! The web app (feature `ui`): Leptos components over the async Rust API,
//! one component per file, grouped by panel. Components are thin; the state
//! and logic live in [`model`], as plain structs tested natively.

pub mod app;
pub mod connect;
pub mod connection;
pub mod log;
pub mod model;
pub mod plots;
pub mod publish;
pub mod status_bar;
pub mod storage;
pub mod subscribe;
pub mod tree;

pub use app::App;
