//! The widget editor: kind, title, topic, how to read the value and the
//! settings that kind has. It fills a [`WidgetForm`], which checks the
//! widget by the document's rules before anything changes.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::model::document::Kind;
use super::model::widget_form::{ExtractChoice, WidgetForm};
use super::store::Dashboards;

/// Adds a widget (`editing` is `Some("")`) or changes widget `editing`.
#[component]
pub fn WidgetEditor(editing: RwSignal<Option<String>>) -> impl IntoView {
    let d = Dashboards::get();
    let id = editing.get_untracked().unwrap_or_default();
    let existing = d.with_current(|db| db.and_then(|db| db.widget(&id)).cloned());
    let adding = existing.is_none();
    let form = RwSignal::new(
        existing
            .as_ref()
            .map(WidgetForm::of)
            .unwrap_or_else(|| WidgetForm::new(Kind::Value)),
    );
    let problem = RwSignal::new(None::<String>);
    let text = move |get: fn(&WidgetForm) -> &String| move || form.with(|f| get(f).clone());
    let set = move |apply: fn(&mut WidgetForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| apply(f, v));
        }
    };
    let kind = move || form.with(|f| f.kind.unwrap_or(Kind::Value));
    let is_control = move || {
        matches!(
            kind(),
            Kind::Switch | Kind::Button | Kind::ButtonSet | Kind::Slider | Kind::Input
        )
    };
    let save = move || {
        let target = existing.as_ref().map(|w| (w.id.to_string(), w.w, w.h));
        let stem = form.with_untracked(|f| {
            if f.title.trim().is_empty() {
                f.kind.map_or("widget", Kind::name).to_string()
            } else {
                f.title.trim().to_lowercase()
            }
        });
        let id = match &target {
            Some((id, _, _)) => id.clone(),
            None => d
                .with_current(|db| db.map(|db| db.fresh_widget_id(&stem)))
                .map(|i| i.to_string())
                .unwrap_or(stem),
        };
        let base = existing.as_ref().map(|w| w.kind.clone());
        match form.with_untracked(|f| f.to_widget(&id, base.as_ref())) {
            Ok(mut widget) => {
                d.edit(|db| match &target {
                    Some((id, w, h)) => {
                        (widget.w, widget.h) = (*w, *h);
                        if let Some(slot) = db.widget_mut(id) {
                            *slot = widget;
                        }
                    }
                    None => {
                        db.add_widget(widget);
                    }
                });
                editing.set(None);
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <form class="panel editor" aria-label=if adding { "Add a widget" } else { "Edit widget" }
            on:submit=move |ev| { ev.prevent_default(); save(); }>
            <h3>{if adding { "Add a widget" } else { "Edit widget" }}</h3>
            <label>"Kind"
                <select disabled=!adding on:change=set(|f, v| if let Some(k) = Kind::from_name(&v) { f.change_kind(k) })>
                    {Kind::ALL.into_iter().map(|k| view! {
                        <option value=k.name() selected=move || kind() == k>{k.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Title" <input type="text" prop:value=text(|f| &f.title) on:input=set(|f, v| f.title = v) /></label>
            <Show when=move || kind() != Kind::Text>
                <label>{move || if is_control() { "Command topic" } else { "Topic" }}
                    <input type="text" prop:value=text(|f| &f.topic) on:input=set(|f, v| f.topic = v) />
                </label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Value | Kind::Gauge | Kind::Chart | Kind::Indicator | Kind::Log | Kind::Switch | Kind::Slider)>
                <label>"Read the value as"
                    <select on:change=set(|f, v| f.extract = ExtractChoice::from_name(&v))>
                        {ExtractChoice::ALL.into_iter().map(|c| view! {
                            <option value=c.name() selected=move || form.with(|f| f.extract == c)>{c.name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || form.with(|f| matches!(f.extract, ExtractChoice::Json | ExtractChoice::Stencil))>
                    <label>"JSON path or stencil"
                        <input type="text" placeholder="telemetry.temp or temp={value}"
                            prop:value=text(|f| &f.extract_arg) on:input=set(|f, v| f.extract_arg = v) />
                    </label>
                </Show>
            </Show>
            <Show when=move || matches!(kind(), Kind::Value | Kind::Gauge | Kind::Chart | Kind::Slider)>
                <label>"Unit" <input type="text" prop:value=text(|f| &f.unit) on:input=set(|f, v| f.unit = v) /></label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Gauge | Kind::Slider)>
                <div class="row">
                    <label>"Minimum" <input type="number" prop:value=text(|f| &f.min) on:input=set(|f, v| f.min = v) /></label>
                    <label>"Maximum" <input type="number" prop:value=text(|f| &f.max) on:input=set(|f, v| f.max = v) /></label>
                </div>
            </Show>
            <Show when=move || kind() == Kind::Chart>
                <label>"More series (one per line: topic, then a JSON path)"
                    <textarea rows="2" prop:value=text(|f| &f.more_series) on:input=set(|f, v| f.more_series = v)></textarea>
                </label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Switch | Kind::Slider)>
                <label>"State topic (optional)"
                    <input type="text" prop:value=text(|f| &f.state_topic) on:input=set(|f, v| f.state_topic = v) />
                </label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Switch | Kind::Button)>
                <label>{move || if kind() == Kind::Switch { "On payload" } else { "Payload" }}
                    <input type="text" prop:value=text(|f| &f.payload) on:input=set(|f, v| f.payload = v) />
                </label>
            </Show>
            <Show when=move || kind() == Kind::Switch>
                <label>"Off payload" <input type="text" prop:value=text(|f| &f.payload_off) on:input=set(|f, v| f.payload_off = v) /></label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Value | Kind::Gauge | Kind::Chart | Kind::Slider)>
                <label>"Decimals" <input type="number" min="0" max="10" prop:value=text(|f| &f.decimals) on:input=set(|f, v| f.decimals = v) /></label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Value | Kind::Gauge | Kind::Switch | Kind::Indicator)>
                <label>"Stale after (s, empty for never)" <input type="number" min="1" prop:value=text(|f| &f.stale_after) on:input=set(|f, v| f.stale_after = v) /></label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Value | Kind::Gauge)>
                <label>"Thresholds (one per line: from value, colour, name)"
                    <textarea rows="3" placeholder="0 green ok\n110 orange high\n130 red"
                        prop:value=text(|f| &f.thresholds) on:input=set(|f, v| f.thresholds = v)></textarea>
                </label>
            </Show>
            <Show when=move || kind() == Kind::Indicator>
                <label>"States (one per line: value or from..to, colour, label)"
                    <textarea rows="3" placeholder="ON green running\nOFF grey stopped"
                        prop:value=text(|f| &f.states) on:input=set(|f, v| f.states = v)></textarea>
                </label>
            </Show>
            <Show when=move || kind() == Kind::ButtonSet>
                <label>"Buttons (one per line: label = payload)"
                    <textarea rows="3" prop:value=text(|f| &f.buttons) on:input=set(|f, v| f.buttons = v)></textarea>
                </label>
            </Show>
            <Show when=move || kind() == Kind::Chart>
                <label>"Time window (s)" <input type="number" min="1" prop:value=text(|f| &f.window) on:input=set(|f, v| f.window = v) /></label>
            </Show>
            <Show when=move || kind() == Kind::Slider>
                <label>"Step" <input type="number" min="0" step="any" prop:value=text(|f| &f.step) on:input=set(|f, v| f.step = v) /></label>
            </Show>
            <Show when=move || matches!(kind(), Kind::Slider | Kind::Input)>
                <label>"Payload template ({value} is replaced)" <input type="text" prop:value=text(|f| &f.template) on:input=set(|f, v| f.template = v) /></label>
            </Show>
            <Show when=move || kind() == Kind::Log>
                <label>"Lines shown" <input type="number" min="1" prop:value=text(|f| &f.lines) on:input=set(|f, v| f.lines = v) /></label>
            </Show>
            <Show when=is_control>
                <div class="row">
                    <label>"Publish QoS"
                        <select on:change=move |ev| { let q = event_target_value(&ev).parse().unwrap_or(0); form.update(|f| f.qos = q) }>
                            {[0u8, 1, 2].into_iter().map(|q| view! {
                                <option value=q.to_string() prop:selected=move || form.with(|f| f.qos == q)>{q.to_string()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || form.with(|f| f.retain)
                            on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| f.retain = on) } />
                        "Retain"
                    </label>
                </div>
                <label>"Ask first (a question; empty to publish at once)"
                    <input type="text" prop:value=text(|f| &f.confirm) on:input=set(|f, v| f.confirm = v) />
                </label>
            </Show>
            <Show when=move || kind() == Kind::Text>
                <label>"Text" <textarea rows="2" prop:value=text(|f| &f.text) on:input=set(|f, v| f.text = v)></textarea></label>
            </Show>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <div class="row">
                <button type="submit" class="primary">{if adding { "Add widget" } else { "Save widget" }}</button>
                <button type="button" on:click=move |_| editing.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
