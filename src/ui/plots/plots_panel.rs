//! Live line charts of every numeric field of JSON payloads, found
//! automatically; a chart can be pinned to the dashboard at the top.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::dashboard::model::value::format_number;
use crate::ui::model::plot::SeriesKey;

use super::SeriesPlot;

/// The plots panel.
#[component]
pub fn PlotsPanel() -> impl IntoView {
    let c = Connection::get();
    let pinned = RwSignal::new(Vec::<SeriesKey>::new());
    // The series, pinned ones first (the dashboard), with their pin state.
    let charts = move || {
        let pins = pinned.get();
        c.plots.with(|p| {
            let (mut first, rest): (Vec<_>, Vec<_>) = p
                .series()
                .map(|(k, _)| (k.clone(), pins.contains(k)))
                .partition(|c: &(SeriesKey, bool)| c.1);
            first.extend(rest);
            first
        })
    };
    view! {
        <section class="panel" aria-labelledby="plots-title">
            <h2 id="plots-title">"Plots"</h2>
            <Show when=move || c.plots.with(|p| p.series().next().is_none())>
                <p class="muted">"Numeric fields of JSON messages, like {\"voltage\": 120}, are plotted here."</p>
            </Show>
            <div class="charts">
                // Keyed by series and pin state only; the line and the last value are
                // read live, so buttons keep their focus as points arrive.
                <For each=charts key=|c| c.clone() let:chart>
                    <figure class="chart" class:pinned=chart.1>
                        <figcaption>
                            <code>{chart.0.topic.clone()}</code>" "<strong>{chart.0.field.clone()}</strong>
                            {
                                let key = chart.0.clone();
                                move || {
                                    let last = c.plots.with(|p| p.points(&key).and_then(|pts| pts.back().map(|p| p.1)));
                                    format!(" = {}", last.map(format_number).unwrap_or_default())
                                }
                            }
                            <button type="button" aria-pressed=chart.1.to_string()
                                aria-label=format!("{} {} {}", if chart.1 { "Unpin" } else { "Pin" }, chart.0.topic, chart.0.field)
                                on:click={
                                    let key = chart.0.clone();
                                    move |_| pinned.update(|p| if let Some(i) = p.iter().position(|k| *k == key) { p.remove(i); } else { p.push(key.clone()); })
                                }>{if chart.1 { "Unpin" } else { "Pin" }}</button>
                        </figcaption>
                        <SeriesPlot key=chart.0.clone() label=format!("{} {} over time", chart.0.topic, chart.0.field) />
                    </figure>
                </For>
            </div>
        </section>
    }
}
