//! Links mqtt5-wasm's client into a cdylib, so its wasm-bindgen exports
//! (`MqttClient`, `PublishOptions`, `SubscribeOptions`, …) are built as
//! its README describes, for the end-to-end benchmark.
pub use mqtt5_wasm::*;
