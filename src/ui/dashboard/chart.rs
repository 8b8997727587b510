//! A line chart of several series over a sliding time window, with axes,
//! the time range, a min/max/last readout per series and pause.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::model::WidgetId;
use super::model::colour::series_colour;
use super::model::document::ChartSettings;
use super::model::series::Series;
use super::model::state::Live;
use super::model::value::format_number;
use super::store::Dashboards;
use crate::ui::clock::clock;

const W: f64 = 300.0;
const H: f64 = 120.0;
/// Room for the value axis labels.
const LEFT: f64 = 36.0;
/// Room for the time axis labels.
const BOTTOM: f64 = 14.0;

/// One series as drawn: its polyline, its colour, and its last point.
type Line = (String, String, Option<(f64, f64)>);

/// What one frame of the chart draws.
#[derive(Clone, PartialEq)]
struct Frame {
    lines: Vec<Line>,
    low: f64,
    high: f64,
    from: f64,
    to: f64,
}

/// The chart of widget `id`.
#[component]
pub fn ChartBody(id: WidgetId, settings: ChartSettings) -> impl IntoView {
    let d = Dashboards::get();
    let paused = RwSignal::new(None::<Frame>);
    let s = settings.clone();
    let live = {
        let id = id.clone();
        Memo::new(move |_| {
            d.state.with(|state| match state.widget(id.as_str()) {
                Some(Live::Chart(series)) => frame(series, &s, d.now.get()),
                _ => None,
            })
        })
    };
    // Min, max and last of each series, as text.
    let readouts = Memo::new(move |_| {
        d.state.with(|state| match state.widget(id.as_str()) {
            Some(Live::Chart(series)) => series
                .iter()
                .map(|x| {
                    x.readout().map(|r| {
                        format!(
                            "min {} · max {} · last {}",
                            format_number(round(r.min)),
                            format_number(round(r.max)),
                            format_number(round(r.last))
                        )
                    })
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let shown = move || paused.get().or_else(|| live.get());
    let labels: Vec<String> = settings
        .series
        .iter()
        .map(|s| {
            if s.label.is_empty() {
                s.topic.clone()
            } else {
                s.label.clone()
            }
        })
        .collect();
    let unit = settings.unit.clone();
    let title = labels.join(", ");
    view! {
        <svg class="line-chart" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=format!("{title} over time")
            inner_html=move || shown().map(|f| markup(&f)).unwrap_or_default()>
        </svg>
        <ul class="readout">
            {settings.series.iter().enumerate().map(|(i, series)| {
                let colour = series_colour(i, series.colour.as_deref()).to_string();
                let label = labels[i].clone();
                let unit = unit.clone();
                let readout = move || readouts.with(|r| r.get(i).cloned().flatten())
                    .map(|r| if unit.is_empty() { r } else { format!("{r} {unit}") })
                    .unwrap_or_else(|| "no data yet".into());
                view! {
                    <li><span class="swatch" aria-hidden="true" style=format!("background:{colour}")></span>
                    <strong>{label}</strong>" "<span class="muted">{readout}</span></li>
                }
            }).collect_view()}
        </ul>
        <button type="button" aria-pressed=move || paused.with(Option::is_some).to_string()
            on:click=move |_| paused.update(|p| *p = if p.is_some() { None } else { live.get_untracked() })>
            {move || if paused.with(Option::is_some) { "Resume" } else { "Pause" }}
        </button>
    }
}

fn round(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

/// What the chart draws for `f`, as SVG markup: the axes, their labels,
/// and each line with a dot on its last point (so a series with one value
/// shows). Set as the svg's inner HTML, one string per frame, rather than
/// as a tree of reactive SVG elements, whose code cost the app several KB
/// of wasm. It holds only numbers, times and colours; those are escaped
/// all the same.
fn markup(f: &Frame) -> String {
    let bottom = H - BOTTOM;
    let label_x = LEFT - 2.0;
    let label_y = H - 2.0;
    let mut out = format!(
        "<line x1=\"{LEFT}\" y1=\"0\" x2=\"{LEFT}\" y2=\"{bottom}\" class=\"axis\"></line>\
         <line x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{W}\" y2=\"{bottom}\" class=\"axis\"></line>\
         <text x=\"{label_x}\" y=\"9\" text-anchor=\"end\" class=\"tick\">{}</text>\
         <text x=\"{label_x}\" y=\"{bottom}\" text-anchor=\"end\" class=\"tick\">{}</text>\
         <text x=\"{LEFT}\" y=\"{label_y}\" class=\"tick\">{}</text>\
         <text x=\"{W}\" y=\"{label_y}\" text-anchor=\"end\" class=\"tick\">{}</text>",
        escape(&format_number(round(f.high))),
        escape(&format_number(round(f.low))),
        escape(&clock(f.from)),
        escape(&clock(f.to)),
    );
    for (points, colour, last) in &f.lines {
        let colour = escape(colour);
        out.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"></polyline>",
            escape(points),
        ));
        // A series with no point in the window draws no dot.
        if let Some((x, y)) = last {
            out.push_str(&format!(
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" fill=\"{colour}\"></circle>"
            ));
        }
    }
    out
}

/// `text` safe inside markup and its quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The lines of every series within the window ending at `now`, scaled to
/// the chart; `None` before the first point.
fn frame(series: &[Series], s: &ChartSettings, now: f64) -> Option<Frame> {
    let points = || series.iter().flat_map(|x| x.points().iter());
    points().next()?;
    let low = s
        .min
        .unwrap_or_else(|| points().map(|p| p.1).fold(f64::INFINITY, f64::min));
    let high = s
        .max
        .unwrap_or_else(|| points().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max));
    let (low, high) = if high > low {
        (low, high)
    } else {
        (low - 1.0, high + 1.0)
    };
    let to = now;
    let from = now - f64::from(s.window_seconds) * 1000.0;
    let x = |t: f64| LEFT + (t - from) / (to - from) * (W - LEFT);
    let y = |v: f64| (H - BOTTOM) - (v - low) / (high - low) * (H - BOTTOM);
    let lines = series
        .iter()
        .enumerate()
        .map(|(i, x_series)| {
            let colour = series_colour(i, s.series.get(i).and_then(|c| c.colour.as_deref()));
            let pts: Vec<String> = x_series
                .points()
                .iter()
                .map(|&(t, v)| format!("{:.1},{:.1}", x(t), y(v)))
                .collect();
            // A dot on the last point, so a series of one value shows; none
            // for a series with no point yet.
            let last = x_series.points().back().map(|&(t, v)| (x(t), y(v)));
            (pts.join(" "), colour.to_string(), last)
        })
        .collect();
    Some(Frame {
        lines,
        low,
        high,
        from,
        to,
    })
}
