//! A line chart of one numeric field of the selected topic. It draws what
//! the plots panel draws, without its pin button.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::dashboard::model::value::format_number;
use crate::ui::model::plot::SeriesKey;
use crate::ui::plots::SeriesPlot;

/// The chart of `key`, drawn live from the explorer's plots.
#[component]
pub fn TopicChart(key: SeriesKey) -> impl IntoView {
    let c = Connection::get();
    let field = key.field.clone();
    let last = {
        let key = key.clone();
        move || {
            c.plots
                .with(|p| p.points(&key).and_then(|pts| pts.back().map(|p| p.1)))
                .map(format_number)
                .unwrap_or_default()
        }
    };
    view! {
        <figure class="chart">
            <figcaption><strong>{field.clone()}</strong>" = "{last}</figcaption>
            <SeriesPlot key=key label=format!("{field} over time") class="tt-chart" />
        </figure>
    }
}
