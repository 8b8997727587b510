//! The npm package's JavaScript API (feature `js`): a thin translation of
//! the async Rust API into an MQTT.js-like surface. It decides no protocol
//! behaviour: options become [`crate::session::Options`], calls become
//! engine commands, events become handler calls.

mod client;
mod convert;
mod error;
mod options;
mod outbox;
mod payload_pool;
mod strings;
mod typescript;

pub use client::{JsMqttClient, connect};
