//! The plots.

mod plots_panel;

pub use plots_panel::PlotsPanel;
