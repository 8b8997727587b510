//! Dashboards: live panels of widgets bound to MQTT topics, that people
//! build, keep, share and host as static pages. The document and its
//! logic are plain Rust in [`model`], tested natively; components render
//! it and decide nothing about the protocol.

pub mod model;
