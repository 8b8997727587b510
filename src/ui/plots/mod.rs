//! The plots.

mod plots_panel;
mod series_plot;

pub use plots_panel::PlotsPanel;
pub use series_plot::SeriesPlot;
