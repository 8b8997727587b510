//! The publish panel.

mod publish_panel;

pub use publish_panel::PublishPanel;
