//! The message log.

pub(crate) mod message_log;

pub use message_log::MessageLogPanel;
