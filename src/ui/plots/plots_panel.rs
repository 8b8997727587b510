//! Live line charts of every numeric field of JSON payloads, found
//! automatically; a chart can be pinned to the dashboard at the top.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::clock::clock;
use crate::ui::connection::Connection;
use crate::ui::dashboard::model::value::format_number;
use crate::ui::model::plot::{SeriesKey, frame, nearest};

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 60.0;
/// Room for the value labels left of the plot.
const LEFT: f64 = 34.0;
/// Room for the time labels under it.
const BOTTOM: f64 = 11.0;

/// The plots panel.
#[component]
pub fn PlotsPanel() -> impl IntoView {
    let c = Connection::get();
    let pinned = RwSignal::new(Vec::<SeriesKey>::new());
    // The series, pinned ones first (the dashboard), with their pin state.
    let charts = move || {
        let pins = pinned.get();
        c.plots.with(|p| {
            let mut all: Vec<(SeriesKey, bool)> = p
                .series()
                .map(|(k, _)| (k.clone(), pins.contains(k)))
                .collect();
            all.sort_by_key(|c| !c.1);
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
                // Keyed by series and pin state only; the line and the last value are
                // read live, so buttons keep their focus as points arrive.
                <For each=charts key=|c| c.clone() let:chart>
                    {
                    // Where the pointer is over the plot, in plot units.
                    let hover = RwSignal::new(None::<f64>);
                    let hover_key = chart.0.clone();
                    view! {
                    <figure class="chart" class:pinned=chart.1>
                        <figcaption>
                            <code>{chart.0.topic.clone()}</code>" "<strong>{chart.0.field.clone()}</strong>
                            {
                                let key = chart.0.clone();
                                move || {
                                    let last = c.plots.with(|p| p.points(&key).and_then(|pts| pts.back().map(|p| p.1)));
                                    format!(" = {}", last.unwrap_or_default())
                                }
                            }
                            <button type="button" aria-pressed=chart.1.to_string()
                                aria-label=format!("{} {} {}", if chart.1 { "Unpin" } else { "Pin" }, chart.0.topic, chart.0.field)
                                on:click={
                                    let key = chart.0.clone();
                                    move |_| pinned.update(|p| if let Some(i) = p.iter().position(|k| *k == key) { p.remove(i); } else { p.push(key.clone()); })
                                }>{if chart.1 { "Unpin" } else { "Pin" }}</button>
                        </figcaption>
                        <svg viewBox=format!("0 0 {} {}", WIDTH + LEFT, HEIGHT + BOTTOM) width=WIDTH + LEFT height=HEIGHT + BOTTOM role="img"
                            aria-label=format!("{} {} over time", chart.0.topic, chart.0.field)
                            on:pointermove=move |ev: leptos::ev::PointerEvent| hover.set(pointer_x(&ev))
                            on:pointerleave=move |_| hover.set(None)>
                            {
                                let key = chart.0.clone();
                                move || c.plots.with(|p| p.points(&key).and_then(|pts| frame(pts, WIDTH, HEIGHT))).map(|f| view! {
                                    <line x1=LEFT y1="0" x2=LEFT y2=HEIGHT class="axis" />
                                    <line x1=LEFT y1=HEIGHT x2=LEFT + WIDTH y2=HEIGHT class="axis" />
                                    <text x=LEFT - 2.0 y="8" text-anchor="end" class="tick">{format_number(f.high)}</text>
                                    <text x=LEFT - 2.0 y=HEIGHT text-anchor="end" class="tick">{format_number(f.low)}</text>
                                    <text x=LEFT y=HEIGHT + BOTTOM - 1.0 class="tick">{clock(f.from_ms)}</text>
                                    <text x=LEFT + WIDTH y=HEIGHT + BOTTOM - 1.0 text-anchor="end" class="tick">{clock(f.to_ms)}</text>
                                    <g transform=format!("translate({LEFT} 0)")>
                                        <polyline fill="none" stroke="currentColor" stroke-width="2" points=f.line />
                                        <circle cx=f.last.0 cy=f.last.1 r="3" fill="currentColor" />
                                    </g>
                                })
                            }
                            // The value under the pointer: a guide, the point, and its
                            // value and time.
                            {move || {
                                let x = hover.get()?;
                                let ((px, py), (time, value)) = c.plots.with(|p| p.points(&hover_key).and_then(|pts| nearest(pts, WIDTH, HEIGHT, x)))?;
                                let anchor = if px > WIDTH / 2.0 { "end" } else { "start" };
                                let label_x = if px > WIDTH / 2.0 { px - 4.0 } else { px + 4.0 };
                                Some(view! {
                                    <g transform=format!("translate({LEFT} 0)") class="under-pointer">
                                        <line x1=px y1="0" x2=px y2=HEIGHT class="guide" />
                                        <circle cx=px cy=py r="4" fill="currentColor" />
                                        <text x=label_x y="9" text-anchor=anchor class="hover-value">
                                            {format!("{} at {}", format_number(value), clock(time))}
                                        </text>
                                    </g>
                                })
                            }}
                        </svg>
                    </figure>
                    }
                    }
                </For>
            </div>
        </section>
    }
}

/// The pointer's distance from the plot's left edge, in plot units (the
/// drawing scales with the page, so screen pixels are converted).
fn pointer_x(ev: &leptos::ev::PointerEvent) -> Option<f64> {
    use wasm_bindgen::JsCast;
    let svg = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let scale = (WIDTH + LEFT) / rect.width();
    Some((f64::from(ev.client_x()) - rect.left()) * scale - LEFT)
}
