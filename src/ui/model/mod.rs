//! The web app's state and logic as plain structs, with no Leptos and no
//! browser in them, so that they are tested natively. Components hold
//! these in signals and render them.

pub mod connect_form;
pub mod frame_queue;
pub mod log;
pub mod payload;
pub mod plot;
pub mod profiles;
pub mod publish_form;
pub mod status;
pub mod topics;
