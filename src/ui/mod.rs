//! The web app (feature `ui`): Leptos components over the async Rust API.
//! Components are thin; the state and logic live in [`model`], as plain
//! structs tested natively.

pub mod model;
