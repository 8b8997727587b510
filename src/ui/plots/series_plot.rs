//! One series drawn as a line over time, with value and time axes and the
//! value under the pointer: the plots panel and the selected topic share it.

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

/// The plot of `key`, drawn live from the explorer's plots, named `label`
/// for assistive technology.
#[component]
pub fn SeriesPlot(
    key: SeriesKey,
    label: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let c = Connection::get();
    // Where the pointer is over the plot, in plot units.
    let hover = RwSignal::new(None::<f64>);
    let shown = {
        let key = key.clone();
        move || {
            c.plots
                .with(|p| p.points(&key).and_then(|pts| frame(pts, WIDTH, HEIGHT)))
        }
    };
    let under_pointer = move || {
        let x = hover.get()?;
        let ((px, py), (time, value)) = c.plots.with(|p| {
            p.points(&key)
                .and_then(|pts| nearest(pts, WIDTH, HEIGHT, x))
        })?;
        let right_half = px > WIDTH / 2.0;
        let anchor = if right_half { "end" } else { "start" };
        let label_x = if right_half { px - 4.0 } else { px + 4.0 };
        Some(view! {
            <g transform=format!("translate({LEFT} 0)") class="under-pointer">
                <line x1=px y1="0" x2=px y2=HEIGHT class="guide" />
                <circle cx=px cy=py r="4" fill="currentColor" />
                <text x=label_x y="9" text-anchor=anchor class="hover-value">
                    {format!("{} at {}", format_number(value), clock(time))}
                </text>
            </g>
        })
    };
    view! {
        <svg viewBox=format!("0 0 {} {}", WIDTH + LEFT, HEIGHT + BOTTOM) width=WIDTH + LEFT height=HEIGHT + BOTTOM
            class=class role="img" aria-label=label
            on:pointermove=move |ev: leptos::ev::PointerEvent| hover.set(pointer_x(&ev))
            on:pointerleave=move |_| hover.set(None)>
            {move || shown().map(|f| view! {
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
            })}
            {under_pointer}
        </svg>
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
