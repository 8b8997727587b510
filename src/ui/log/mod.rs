//! The message log.

mod message_log;

pub use message_log::MessageLogPanel;
