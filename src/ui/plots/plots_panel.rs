//! Live line charts of every numeric field of JSON payloads, found
//! automatically; a chart can be pinned to the dashboard at the top.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::model::plot::{SeriesKey, polyline};

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 60.0;

/// The plots panel.
#[component]
pub fn PlotsPanel() -> impl IntoView {
    let c = Connection::get();
    let pinned = RwSignal::new(Vec::<SeriesKey>::new());
    let charts = move || {
        let pins = pinned.get();
        c.plots.with(|p| {
            let mut all: Vec<_> = p
                .series()
                .map(|(k, points)| {
                    let last = points.back().map(|p| p.1).unwrap_or_default();
                    (
                        k.clone(),
                        polyline(points, WIDTH, HEIGHT),
                        last,
                        pins.contains(k),
                    )
                })
                .collect();
            // Pinned charts first: the dashboard.
            all.sort_by_key(|c| !c.3);
            all
        })
    };
    view! {
        <section class="panel" aria-labelledby="plots-title">
            <h2 id="plots-title">"Plots"</h2>
            <Show when=move || c.plots.with(|p| p.series().next().is_none())>
                <p class="muted">"Numeric fields of JSON messages, like {\"voltage\": 120}, are plotted here."</p>
            </Show>
            <div class="charts">
                <For each=charts key=|c| (c.0.clone(), c.1.clone(), c.3) let:chart>
                    <figure class="chart" class:pinned=chart.3>
                        <figcaption>
                            <code>{chart.0.topic.clone()}</code>" "<strong>{chart.0.field.clone()}</strong>
                            {format!(" = {}", chart.2)}
                            <button type="button" aria-pressed=chart.3.to_string() on:click={
                                let key = chart.0.clone();
                                move |_| pinned.update(|p| if let Some(i) = p.iter().position(|k| *k == key) { p.remove(i); } else { p.push(key.clone()); })
                            }>{if chart.3 { "Unpin" } else { "Pin" }}</button>
                        </figcaption>
                        <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") width=WIDTH height=HEIGHT role="img"
                            aria-label=format!("{} {} over time", chart.0.topic, chart.0.field)>
                            <polyline points=chart.1 fill="none" stroke="currentColor" stroke-width="2" />
                        </svg>
                    </figure>
                </For>
            </div>
        </section>
    }
}
