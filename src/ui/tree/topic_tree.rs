//! The topic tree, as MQTT Explorer shows it: one row per level, folded
//! branches with the message and topic counts of everything under them,
//! and the selected topic's history below. A WAI-ARIA tree with a roving
//! tabindex: one Tab stop, arrow keys to move, fold and unfold, Enter to
//! select.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::selected_topic::SelectedTopic;
use crate::std_prelude::*;
use crate::ui::connection::Connection;
use crate::ui::model::topics::{EMPTY_LEVEL, MAX_TOPICS, TreeRow, TreeRows};

/// A row as the keyed list knows it: path, depth and label never change
/// for a node, so only these key it; the counts and values are read live.
type RowKey = (String, usize, String);

/// The topic tree panel.
#[component]
pub fn TopicTreePanel() -> impl IntoView {
    let c = Connection::get();
    let expanded = RwSignal::new(BTreeSet::<String>::new());
    let selected = RwSignal::new(None::<String>);
    // The row the person last moved to, which holds the Tab stop.
    let active = RwSignal::new(None::<String>);
    let list = NodeRef::<leptos::html::Ul>::new();

    let listing = Memo::new(move |_| c.topics.with(|t| expanded.with(|e| t.rows(e))));
    // Changes only when rows appear, go or fold, not on every message, so
    // that rows (and the focus in them) are not rebuilt as values change.
    let order = Memo::new(move |_| {
        listing.with(|l| {
            l.rows
                .iter()
                .map(|r| (r.path.clone(), r.depth, r.label.clone()))
                .collect::<Vec<RowKey>>()
        })
    });
    // Where each row is in the listing, for rows to find their live data.
    let index = Memo::new(move |_| {
        order.with(|o| {
            o.iter()
                .enumerate()
                .map(|(i, r)| (r.0.clone(), i))
                .collect::<HashMap<String, usize>>()
        })
    });
    let left_out = Memo::new(move |_| listing.with(|l| l.left_out));
    // The active row, or the first if it is gone, so the tree always has
    // its one Tab stop.
    let current = Memo::new(move |_| {
        let a = active.get();
        order.with(|o| match a {
            Some(a) if o.iter().any(|r| r.0 == a) => Some(a),
            _ => o.first().map(|r| r.0.clone()),
        })
    });

    let toggle = move |path: &str| {
        expanded.update(|e| {
            if !e.remove(path) {
                e.insert(path.to_owned());
            }
        })
    };
    // Selecting the selected row again keeps its details (and any notice
    // in them) rather than redrawing them.
    let select = move |path: String| {
        if selected.with_untracked(|s| s.as_deref() != Some(path.as_str())) {
            selected.set(Some(path));
        }
    };
    // Moves the Tab stop and the focus to row `index`. Every move is within
    // rows already drawn, so the element is there to focus.
    let move_to = move |index: usize| {
        let Some(path) = order.with_untracked(|o| o.get(index).map(|r| r.0.clone())) else {
            return;
        };
        active.set(Some(path));
        if let Some(el) = list
            .get_untracked()
            .and_then(|ul| ul.children().item(index as u32))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    };
    // One handler for the whole list, rather than closures per row.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some((path, on_row)) = row_of(&ev) else {
            return;
        };
        let Some(index) = order.with_untracked(|o| o.iter().position(|r| r.0 == path)) else {
            return;
        };
        let last = order.with_untracked(Vec::len).saturating_sub(1);
        let (branch, open) = listing.with_untracked(|l| {
            l.rows
                .get(index)
                .map_or((false, false), |r| (r.has_children, r.expanded))
        });
        match ev.key().as_str() {
            "ArrowDown" => move_to((index + 1).min(last)),
            "ArrowUp" => move_to(index.saturating_sub(1)),
            "Home" => move_to(0),
            "End" => move_to(last),
            "ArrowRight" if branch && !open => toggle(&path),
            "ArrowRight" if open => move_to(index + 1),
            "ArrowLeft" if open => toggle(&path),
            "ArrowLeft" => {
                // To the parent: the nearest row above one level up.
                let parent = order.with_untracked(|o| {
                    let depth = o[index].1;
                    o[..index].iter().rposition(|r| r.1 + 1 == depth)
                });
                if let Some(p) = parent {
                    move_to(p);
                }
            }
            // On the fold button, Enter and Space are its click.
            "Enter" | " " if on_row => select(path),
            "ArrowRight" => {}
            _ => return,
        }
        ev.prevent_default();
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((path, on_row)) = row_of(&ev) else {
            return;
        };
        if on_row {
            select(path.clone());
        } else {
            toggle(&path);
        }
        active.set(Some(path));
    };
    let on_focus = move |ev: leptos::ev::FocusEvent| {
        if let Some((path, _)) = row_of(&ev) {
            active.set(Some(path));
        }
    };

    view! {
        <section class="panel topic-tree" aria-labelledby="tree-title">
            <h2 id="tree-title">"Topics"
                <span class="muted">{move || c.topics.with(|t| format!(" {}, {}", plural(t.len() as u64, "topic"), plural(t.messages(), "message")))}</span>
            </h2>
            <div class="row">
                <button type="button" on:click=move |_| expanded.set(c.topics.with_untracked(|t| t.branches()))>"Expand all"</button>
                <button type="button" on:click=move |_| expanded.set(BTreeSet::new())>"Collapse all"</button>
            </div>
            <Show when=move || c.topics.with(|t| t.is_empty())>
                <p class="muted">"Topics appear here as messages arrive."</p>
            </Show>
            <ul role="tree" aria-label="Topics" class="tt-tree" node_ref=list
                on:keydown=on_key on:click=on_click on:focusin=on_focus>
                <For each=move || order.get() key=|r| r.0.clone() let:r>
                    <TreeItem path=r.0 depth=r.1 label=r.2 listing=listing index=index selected=selected current=current />
                </For>
            </ul>
            <Show when=move || { left_out.get() > 0 }>
                <p class="muted" role="status">
                    {move || format!("{} more rows are not shown: collapse a branch to see them.", left_out.get())}
                </p>
            </Show>
            <Show when=move || c.topics.with(|t| t.dropped > 0)>
                <p class="muted">
                    {move || format!("{} messages on new topics were not kept: the tree holds at most {MAX_TOPICS} topics.", c.topics.with(|t| t.dropped))}
                </p>
            </Show>
            {move || selected.get().map(|topic| view! { <SelectedTopic topic=topic /> })}
        </section>
    }
}

/// One row of the tree. Its counts and value are read live from the
/// listing, by path, so the row itself (and the focus in it) stays as
/// messages arrive.
#[component]
fn TreeItem(
    path: String,
    depth: usize,
    label: String,
    listing: Memo<TreeRows>,
    index: Memo<HashMap<String, usize>>,
    selected: RwSignal<Option<String>>,
    current: Memo<Option<String>>,
) -> impl IntoView {
    // Only rows whose data changed pass the comparison and update the page.
    let live = {
        let path = path.clone();
        Memo::new(move |_| {
            let i = index.with(|ix| ix.get(&path).copied())?;
            listing.with(|l| l.rows.get(i).cloned())
        })
    };
    let field =
        move |f: fn(&TreeRow) -> bool| Memo::new(move |_| live.with(|r| r.as_ref().is_some_and(f)));
    let branch = field(|r| r.has_children);
    let open = field(|r| r.expanded);
    let is_topic = field(|r| r.own.is_some());
    let retained = field(|r| r.own.as_ref().is_some_and(|o| o.retained));
    let is_current = {
        let path = path.clone();
        Memo::new(move |_| current.with(|c| c.as_deref() == Some(path.as_str())))
    };
    let is_selected = {
        let path = path.clone();
        Memo::new(move |_| selected.with(|s| s.as_deref() == Some(path.as_str())))
    };
    let name = display(&path);
    let description = format!("tt-desc-{}", next_id());
    let described_by = description.clone();
    let fold = {
        let name = name.clone();
        move || {
            if branch.get() {
                let name = name.clone();
                view! {
                    // Not a Tab stop of its own: the row's arrow keys do the same.
                    <button type="button" class="tt-fold" data-fold="" tabindex="-1"
                        aria-label=move || format!("{} {name}", if open.get() { "Collapse" } else { "Expand" })>
                        {move || if open.get() { "▾" } else { "▸" }}
                    </button>
                }
                .into_any()
            } else {
                view! { <span class="tt-fold" aria-hidden="true"></span> }.into_any()
            }
        }
    };
    let counts = move || {
        live.with(|r| {
            r.as_ref().filter(|r| r.has_children).map(|r| {
                format!(
                    "{} · {}",
                    plural(r.topics as u64, "topic"),
                    plural(r.messages, "message")
                )
            })
        })
    };
    let value = move || {
        live.with(|r| {
            r.as_ref()
                .and_then(|r| r.own.as_ref())
                .map(|o| o.last_value.clone())
        })
    };
    view! {
        <li role="treeitem" class="tt-row" data-path=path.clone() aria-label=name
            aria-describedby=described_by
            aria-posinset=move || live.with(|r| r.as_ref().map(|r| r.position.to_string()))
            aria-setsize=move || live.with(|r| r.as_ref().map(|r| r.siblings.to_string()))
            aria-expanded=move || branch.get().then(|| open.get().to_string())
            aria-selected=move || is_selected.get().to_string()
            tabindex=move || if is_current.get() { "0" } else { "-1" }
            class:topic=move || is_topic.get()
            style=format!("--depth:{depth}")>
            {fold}
            <span class="tt-label">{label}</span>
            <span class="tt-details" id=description>
                <span class="tt-counts muted">{counts}</span>
                <span class="tt-value">{value}</span>
                <Show when=move || retained.get()>
                    <span class="badge">"retained"</span>
                </Show>
            </span>
        </li>
    }
    // Not among the view macro's ARIA attributes.
    .attr("aria-level", (depth + 1).to_string())
}

/// A path as rows and buttons name it: the empty top level has a name too.
pub(super) fn display(path: &str) -> String {
    if path.is_empty() {
        EMPTY_LEVEL.to_owned()
    } else {
        path.to_owned()
    }
}

/// `n` things, as in "1 topic" and "2 topics".
fn plural(n: u64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// The element an event happened on.
fn target(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
}

/// The path of the row an event happened in, and whether it happened on
/// the row itself rather than on its fold button.
fn row_of(ev: &web_sys::Event) -> Option<(String, bool)> {
    let el = target(ev)?;
    let row = el.closest("[role=treeitem]").ok()??;
    let on_row = row == el || el.closest("button").ok().flatten().is_none();
    Some((row.get_attribute("data-path")?, on_row))
}

/// A number unique in the page, for element ids.
fn next_id() -> u64 {
    use core::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
