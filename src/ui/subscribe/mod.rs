//! The subscribe panel.

mod subscribe_panel;

pub use subscribe_panel::SubscribePanel;
