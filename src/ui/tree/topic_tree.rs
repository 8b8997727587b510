//! Every topic seen, with its last value, retained flag and count.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;

/// The topic tree panel.
#[component]
pub fn TopicTreePanel() -> impl IntoView {
    let c = Connection::get();
    let rows = move || {
        c.topics.with(|t| {
            t.rows()
                .map(|(topic, depth, info)| {
                    (
                        topic.clone(),
                        depth,
                        info.last_value.clone(),
                        info.retained,
                        info.count,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel" aria-labelledby="tree-title">
            <h2 id="tree-title">"Topics"</h2>
            <ul class="tree">
                <For each=rows key=|r| (r.0.clone(), r.4) let:r>
                    <li style=format!("padding-left:{}em", r.1)>
                        <code>{r.0}</code>
                        {r.3.then(|| view! { <span class="badge">"retained"</span> })}
                        <span class="count">{format!(" ×{}", r.4)}</span>
                        <div class="muted value">{r.2}</div>
                    </li>
                </For>
            </ul>
        </section>
    }
}
