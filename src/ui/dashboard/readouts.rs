//! Widgets that show what arrives: a value, a gauge with coloured zones, an
//! indicator, a log of the last messages, a text label. Payloads are only
//! ever text nodes here, never markup.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::model::document::{GaugeSettings, IndicatorSettings, ValueSettings};
use super::model::state::{Latest, Live};
use super::model::thresholds::{fraction, gauge_bands, indicator, zone};
use super::model::value::Value;
use super::model::{WidgetId, thresholds::format_value};
use super::store::Dashboards;

/// The latest reading of widget `id`.
fn latest(d: Dashboards, id: &WidgetId) -> Option<Latest> {
    d.state.with(|s| s.latest(id.as_str()).cloned())
}

/// "12 s ago", or "stale" past `stale_after`, under a reading.
#[component]
pub fn Age(id: WidgetId, stale_after: Option<u32>) -> impl IntoView {
    let d = Dashboards::get();
    let text = move || {
        let now = d.now.get();
        let l = latest(d, &id)?;
        let age = (l.age_ms(now)? / 1000.0).floor();
        let stale = l.is_stale(now, stale_after);
        let sent = if l.sent { " (sent)" } else { "" };
        Some(if stale {
            format!("stale · {age} s ago{sent}")
        } else {
            format!("{age} s ago{sent}")
        })
    };
    view! { <span class="age">{move || text().unwrap_or_else(|| "no data yet".into())}</span> }
}

/// A reading, big.
#[component]
pub fn ValueBody(id: WidgetId, settings: ValueSettings) -> impl IntoView {
    let d = Dashboards::get();
    let s = settings.clone();
    let shown = {
        let id = id.clone();
        move || {
            let l = latest(d, &id);
            let value = l.as_ref().and_then(|l| l.value.clone());
            let colour = value
                .as_ref()
                .and_then(Value::number)
                .and_then(|n| zone(&s.thresholds, n))
                .map(|t| t.colour.clone());
            let text = value
                .map(|v| format_value(&v, s.decimals, &s.unit))
                .unwrap_or_else(|| "—".into());
            let problem = l.and_then(|l| l.error).map(|e| e.to_string());
            (text, colour, problem)
        }
    };
    let shown = Memo::new(move |_| shown());
    view! {
        <p class="big" style=move || shown.with(|s| s.1.as_ref().map(|c| format!("color:{c}")).unwrap_or_default())>
            {move || shown.with(|s| s.0.clone())}
        </p>
        {move || shown.with(|s| s.2.clone()).map(|p| view! { <p class="error small">{p}</p> })}
        <Age id=id stale_after=settings.stale_after_seconds />
    }
}

/// A half-circle gauge with its zones.
#[component]
pub fn GaugeBody(id: WidgetId, settings: GaugeSettings) -> impl IntoView {
    let d = Dashboards::get();
    let s = settings.clone();
    let value = {
        let id = id.clone();
        Memo::new(move |_| latest(d, &id).and_then(|l| l.value))
    };
    let bands: Vec<(String, String)> = gauge_bands(&s.thresholds, s.min, s.max)
        .into_iter()
        .map(|b| (arc(b.start, b.end), b.colour.to_string()))
        .collect();
    let label = {
        let s = s.clone();
        move || {
            value
                .get()
                .map(|v| format_value(&v, s.decimals, &s.unit))
                .unwrap_or_else(|| "—".into())
        }
    };
    let needle = move || {
        let f = value
            .get()
            .and_then(|v| v.number())
            .map_or(0.0, |n| fraction(n, s.min, s.max));
        arc(0.0, f)
    };
    let aria = {
        let label = label.clone();
        let (min, max) = (settings.min, settings.max);
        move || format!("{} (from {min} to {max})", label())
    };
    view! {
        <svg class="gauge" viewBox="0 0 120 70" role="img" aria-label=aria>
            <path d=arc(0.0, 1.0) class="track" />
            {bands.into_iter().map(|(d, c)| view! { <path d=d stroke=c class="band" /> }).collect_view()}
            <path d=needle class="fill" />
            <text x="60" y="62" text-anchor="middle" class="reading">{label}</text>
        </svg>
        <Age id=id stale_after=settings.stale_after_seconds />
    }
}

/// An SVG arc along the gauge's half circle from fraction `a` to `b`.
fn arc(a: f64, b: f64) -> String {
    let point = |f: f64| {
        let angle = core::f64::consts::PI * (1.0 - f);
        (
            60.0 + 50.0 * js_sys::Math::cos(angle),
            60.0 - 50.0 * js_sys::Math::sin(angle),
        )
    };
    let (x0, y0) = point(a);
    let (x1, y1) = point(b);
    format!("M {x0:.2} {y0:.2} A 50 50 0 0 1 {x1:.2} {y1:.2}")
}

/// A coloured light with a label.
#[component]
pub fn IndicatorBody(id: WidgetId, settings: IndicatorSettings) -> impl IntoView {
    let d = Dashboards::get();
    let s = settings.clone();
    let look = {
        let id = id.clone();
        Memo::new(move |_| {
            let value = latest(d, &id).and_then(|l| l.value);
            let look = value
                .as_ref()
                .and_then(|v| indicator(&s.states, s.otherwise.as_ref(), v));
            (look, value.map(|v| v.to_string()))
        })
    };
    view! {
        <p class="indicator">
            <span class="led" aria-hidden="true"
                style=move || look.with(|(l, _)| l.as_ref().map(|l| format!("background:{}", l.colour)).unwrap_or_default())></span>
            <span>{move || look.with(|(l, v)| match (l, v) {
                (Some(l), _) if !l.label.is_empty() => l.label.clone(),
                (_, Some(v)) => v.clone(),
                _ => "—".into(),
            })}</span>
        </p>
        <Age id=id stale_after=settings.stale_after_seconds />
    }
}

/// The last messages of a filter, newest first.
#[component]
pub fn LogBody(id: WidgetId) -> impl IntoView {
    let d = Dashboards::get();
    let lines = move || {
        d.state.with(|s| match s.widget(id.as_str()) {
            Some(Live::Log(lines)) => lines
                .lines()
                .iter()
                .rev()
                .map(|l| {
                    (
                        crate::ui::clock::clock(l.time_ms),
                        l.topic.clone(),
                        l.text.clone(),
                    )
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    view! {
        <ol class="widget-log">
            {move || lines().into_iter().map(|(t, topic, text)| view! {
                <li><span class="muted">{t}</span>" "<code>{topic}</code>" "<span>{text}</span></li>
            }).collect_view()}
        </ol>
    }
}
