//! webmqtt: an MQTT 3.1, 3.1.1 and 5.0 client for the browser.
//!
//! The crate is built in layers; each depends only on the ones below it.
//!
//! - [`codec`]: MQTT control packets to and from bytes, for every protocol
//!   version, keyed by [`codec::ProtocolVersion`].
//! - [`topic`]: topic name and filter validation, and filter matching.
//! - [`session`]: the sans-IO protocol engine: bytes, time and commands in;
//!   bytes, events and the next deadline out.
//!
//! These layers are pure Rust on `core` and `alloc`: no I/O, no clock, no
//! randomness, no browser. They build and test natively with `cargo test`.
//! The browser transport (`web`), the npm bindings (`js`) and the web app
//! (`ui`) sit above them behind Cargo features of the same names.
#![no_std]
// Denied, not forbidden: the npm package's split points (src/js/split.rs,
// src/codec/split.rs, src/session/split.rs) allow it, for their imports
// and exports alone, its allocator (src/js/heap.rs), and the codec's UTF-8
// check (src/codec/utf8.rs), for the one `from_utf8_unchecked` it makes.
#![deny(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
// `std` is linked for the cdylib's allocator and panic handler, and for the
// browser layers. The pure layers keep to `core` and `alloc`: the prelude is
// `core`'s, and clippy's `std_instead_of_*` lints, denied on those modules,
// reject any `std::` path in them.
extern crate std;

#[deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
pub mod codec;
#[cfg(feature = "js")]
pub mod js;
#[deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
pub mod session;
#[deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
mod small_sort;
#[deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
mod text;
#[deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]
pub mod topic;
#[cfg(feature = "ui-model")]
pub mod ui;
#[cfg(feature = "web")]
pub mod web;

/// The std items the browser layers use; the crate root is `no_std`, so
/// they import these instead of std's whole prelude (whose `panic!` would
/// clash with core's).
#[cfg(any(feature = "web", feature = "ui-model"))]
#[allow(unused_imports)]
mod std_prelude {
    pub(crate) use std::borrow::ToOwned;
    pub(crate) use std::boxed::Box;
    pub(crate) use std::format;
    pub(crate) use std::string::{String, ToString};
    pub(crate) use std::vec;
    pub(crate) use std::vec::Vec;
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
