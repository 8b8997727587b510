//! Widgets that publish: a switch, a button, a set of buttons, a slider and
//! an input. Nothing is published without the person acting, and a widget
//! with a confirmation asks first. What to publish comes from the model
//! ([`command`]); the connection publishes it.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;

use super::model::command::{Action, SwitchState, command, switch_state};
use super::model::document::{InputType, Widget, WidgetKind};
use super::model::thresholds::format_value;
use super::readouts::Age;
use super::store::Dashboards;

/// A control's handles: the dashboards, the connection, and where to say
/// what went wrong.
#[derive(Clone, Copy)]
struct Act {
    d: Dashboards,
    c: Connection,
    notice: RwSignal<Option<String>>,
}

/// Publishes what `action` on `widget` means, after the confirmation the
/// widget asks for; reports failures in the widget's notice.
fn act(a: Act, widget: &Widget, action: Action<'_>) {
    let Act { d, c, notice } = a;
    let command = match command(widget, action) {
        Ok(command) => command,
        Err(e) => {
            notice.set(Some(e.to_string()));
            return;
        }
    };
    if let Some(question) = &command.confirm {
        let yes = web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false);
        if !yes {
            return;
        }
    }
    notice.set(None);
    let id = widget.id.clone();
    let (value, now) = (command.value.clone(), js_sys::Date::now());
    c.publish(command.message, move |result| match result {
        Ok(()) => {
            d.state.update(|s| {
                s.remember_sent(id.as_str(), value, now);
            });
        }
        Err(e) => notice.set(Some(format!("not published: {e}"))),
    });
}

/// The body of a control widget.
#[component]
pub fn ControlBody(widget: Widget) -> impl IntoView {
    let d = Dashboards::get();
    let notice = RwSignal::new(None::<String>);
    let a = Act {
        d,
        c: Connection::get(),
        notice,
    };
    let title = if widget.title.is_empty() {
        widget.id.to_string()
    } else {
        widget.title.clone()
    };
    let body = match widget.kind.clone() {
        WidgetKind::Switch(s) => {
            let id = widget.id.clone();
            let state = Memo::new(move |_| {
                d.state.with(|st| {
                    let value = st.latest(id.as_str()).and_then(|l| l.value.clone());
                    switch_state(&s, value.as_ref())
                })
            });
            let w = widget.clone();
            view! {
                <button type="button" role="switch" class="switch"
                    aria-checked=move || match state.get() { SwitchState::On => "true", SwitchState::Off => "false", SwitchState::Unknown => "mixed" }
                    aria-label=title.clone()
                    on:click=move |_| act(a, &w, Action::Switch(state.get_untracked() != SwitchState::On))>
                    {move || match state.get() { SwitchState::On => "On", SwitchState::Off => "Off", SwitchState::Unknown => "?" }}
                </button>
                <Age id=widget.id.clone() stale_after=None />
            }
            .into_any()
        }
        WidgetKind::Button(b) => {
            let w = widget.clone();
            view! {
                <button type="button" class="primary" on:click=move |_| act(a, &w, Action::Press)>{b.label}</button>
            }
            .into_any()
        }
        WidgetKind::ButtonSet(set) => view! {
            <div class="row" role="group" aria-label=title.clone()>
                {set.buttons.into_iter().enumerate().map(|(i, b)| {
                    let w = widget.clone();
                    view! { <button type="button" on:click=move |_| act(a, &w, Action::PressButton(i))>{b.label}</button> }
                }).collect_view()}
            </div>
        }
        .into_any(),
        WidgetKind::Slider(s) => {
            let position = RwSignal::new(s.min);
            let id = widget.id.clone();
            // The slider follows the state topic (or what was sent).
            let reading = Memo::new(move |_| {
                d.state
                    .with(|st| st.latest(id.as_str()).and_then(|l| l.value.clone()))
            });
            Effect::new(move |_| {
                if let Some(n) = reading.get().and_then(|v| v.number()) {
                    position.set(n);
                }
            });
            let w = widget.clone();
            let (decimals, unit) = (s.decimals, s.unit.clone());
            view! {
                <input type="range" min=s.min max=s.max step=s.step aria-label=title.clone()
                    prop:value=move || position.get().to_string()
                    on:input=move |ev| { if let Ok(v) = event_target_value(&ev).parse() { position.set(v) } }
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse() { act(a, &w, Action::Slide(v)) }
                    } />
                <p class="big">{move || format_value(&super::model::Value::Number(position.get()), decimals, &unit)}</p>
            }
            .into_any()
        }
        WidgetKind::Input(i) => {
            let text = RwSignal::new(String::new());
            let w = widget.clone();
            let kind = if i.input == InputType::Number { "number" } else { "text" };
            view! {
                <form class="row" on:submit=move |ev| { ev.prevent_default(); act(a, &w, Action::Enter(&text.get_untracked())); }>
                    <input type=kind aria-label=title.clone() prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev)) />
                    <button type="submit">"Send"</button>
                </form>
            }
            .into_any()
        }
        _ => ().into_any(),
    };
    view! {
        {body}
        {move || notice.get().map(|n| view! { <p class="error small" role="alert">{n}</p> })}
    }
}
