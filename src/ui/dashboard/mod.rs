//! Dashboards: live panels of widgets bound to MQTT topics, that people
//! build, keep, share and host as static pages. The document and its
//! logic are plain Rust in [`model`], tested natively; the components
//! render it and decide nothing about the protocol.

#[cfg(feature = "ui")]
mod chart;
#[cfg(feature = "ui")]
mod controls;
#[cfg(feature = "ui")]
pub mod dashboard_view;
#[cfg(feature = "ui")]
mod editor;
#[cfg(feature = "ui")]
pub(crate) mod hosted;
#[cfg(feature = "ui")]
mod keep_share;
#[cfg(feature = "ui")]
pub mod lazy_view;
pub mod model;
#[cfg(feature = "ui")]
mod readouts;
#[cfg(feature = "ui")]
pub mod store;
#[cfg(feature = "ui")]
mod widget_card;
