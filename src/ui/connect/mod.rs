//! The connect panel.

mod connect_panel;

pub use connect_panel::ConnectPanel;
