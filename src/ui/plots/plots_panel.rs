//! Live line charts of every numeric field of JSON payloads, found
//! automatically; a chart can be pinned to the dashboard at the top.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::dashboard::model::value::format_number;
use crate::ui::model::plot::{NEW_CHARTS_PER_FRAME, SeriesKey};

use super::SeriesPlot;

/// The plots panel.
#[component]
pub fn PlotsPanel() -> impl IntoView {
    let c = Connection::get();
    let pinned = RwSignal::new(Vec::<SeriesKey>::new());
    // The series with a chart. New series join a few a frame, so that a
    // burst on many new topics does not build every chart in one task.
    let drawn = RwSignal::new(Vec::<SeriesKey>::new());
    // Bumped on the next frame while series wait for their chart.
    let next_frame = RwSignal::new(0u32);
    let frame_asked = StoredValue::new(false);
    Effect::new(move |_| {
        next_frame.track();
        let (next, waiting) = c
            .plots
            .with(|p| drawn.with_untracked(|d| p.admit(d, NEW_CHARTS_PER_FRAME)));
        if let Some(next) = next {
            drawn.set(next);
        }
        if waiting && !frame_asked.get_value() {
            frame_asked.set_value(true);
            // The panel may be gone by then: nothing to do.
            request_animation_frame(move || {
                let _ = frame_asked.try_set_value(false);
                let _ = next_frame.try_update(|n| *n = n.wrapping_add(1));
            });
        }
    });
    // The series drawn, pinned ones first (the dashboard), with their pin
    // state.
    let charts = move || {
        let pins = pinned.get();
        drawn.with(|d| {
            let (mut first, rest): (Vec<_>, Vec<_>) = d
                .iter()
                .map(|k| (k.clone(), pins.contains(k)))
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
