//! The dashboards in the app: the document, which dashboard is on screen,
//! its live state, edit mode and undo, shared through context. It keeps
//! the document in localStorage, asks the connection for exactly the
//! filters the dashboard on screen needs, and feeds it every message.

use leptos::prelude::*;

use crate::std_prelude::*;
use crate::ui::connection::Connection;

use super::model::edit::Removed;
use super::model::sample::sample_voltage;
use super::model::{Dashboard, DashboardState, Document, filters, parse_document, to_json};

/// Where the document is kept in localStorage.
pub const STORAGE_KEY: &str = "webmqtt.dashboards";

/// How often charts slide and values age without new messages.
const TICK_MS: u64 = 1000;

/// The dashboards and the state of the one on screen.
#[derive(Clone, Copy)]
pub struct Dashboards {
    /// Every dashboard.
    pub doc: RwSignal<Document>,
    /// The id of the dashboard on screen.
    pub current: RwSignal<String>,
    /// The live state of the dashboard on screen, rebuilt when it changes.
    pub state: RwSignal<DashboardState>,
    /// Whether widgets show their edit controls.
    pub editing: RwSignal<bool>,
    /// The last removed widget, for undo.
    pub removed: RwSignal<Option<Removed>>,
    /// What went wrong last (an import, a command), for the person.
    pub notice: RwSignal<Option<String>>,
    /// A hosted, read-only view: nothing is saved or edited.
    pub read_only: bool,
    /// The time, updated every second, for ages and chart windows.
    pub now: RwSignal<f64>,
}

impl Dashboards {
    /// The dashboards from localStorage (or the sample for the seed
    /// sensor), wired to the connection and put in context.
    pub fn provide() -> Dashboards {
        let doc = load().unwrap_or_else(sample_voltage);
        Dashboards::provide_with(doc, false)
    }

    /// A read-only view of `doc`, for a hosted dashboard file.
    pub fn provide_hosted(doc: Document) -> Dashboards {
        Dashboards::provide_with(doc, true)
    }

    fn provide_with(doc: Document, read_only: bool) -> Dashboards {
        let first = doc
            .dashboards
            .first()
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let state = doc
            .dashboards
            .first()
            .map(DashboardState::new)
            .unwrap_or_else(|| DashboardState::new(&empty_dashboard()));
        let d = Dashboards {
            doc: RwSignal::new(doc),
            current: RwSignal::new(first),
            state: RwSignal::new(state),
            editing: RwSignal::new(false),
            removed: RwSignal::new(None),
            notice: RwSignal::new(None),
            read_only,
            now: RwSignal::new(js_sys::Date::now()),
        };
        provide_context(d);
        let c = Connection::get();
        // The dashboard on screen: its state and its subscriptions follow
        // every edit and every switch of tab.
        Effect::new(move |_| {
            let id = d.current.get();
            d.doc.with(|doc| {
                let dashboard = doc
                    .dashboards
                    .iter()
                    .find(|x| x.id == id)
                    .or(doc.dashboards.first());
                let dashboard = dashboard.cloned().unwrap_or_else(empty_dashboard);
                d.state.set(DashboardState::new(&dashboard));
                c.set_dashboard_filters(filters::subscriptions(&dashboard));
            });
        });
        if !read_only {
            Effect::new(move |_| {
                let json = d.doc.with(to_json);
                if !crate::ui::storage::write(STORAGE_KEY, &json) {
                    d.notice.set(Some(UNSAVED.into()));
                }
            });
        }
        // Messages (which may come in several batches a frame) and the
        // clock's tick are recorded as they come, and the widgets hear of
        // them together in one animation frame callback: a chart is drawn
        // at most once per frame, and not at all in a hidden tab.
        let redraw_pending = StoredValue::new(false);
        let request_redraw = move || {
            if !redraw_pending.get_value() {
                redraw_pending.set_value(true);
                request_animation_frame(move || {
                    redraw_pending.set_value(false);
                    d.now.notify();
                    d.state.notify();
                });
            }
        };
        c.on_messages(move |messages| {
            d.state.update_untracked(|s| {
                for (m, time) in messages {
                    s.record(&m.topic, &m.payload, *time);
                }
            });
            request_redraw();
        });
        let _ = set_interval_with_handle(
            move || {
                let now = js_sys::Date::now();
                d.now.update_untracked(|n| *n = now);
                d.state.update_untracked(|s| s.tick(now));
                request_redraw();
            },
            core::time::Duration::from_millis(TICK_MS),
        );
        d
    }

    /// The dashboards from context.
    pub fn get() -> Dashboards {
        expect_context::<Dashboards>()
    }

    /// Applies `edit` to the dashboard on screen.
    pub fn edit(self, edit: impl FnOnce(&mut Dashboard)) {
        let id = self.current.get_untracked();
        self.doc.update(|doc| {
            if let Some(d) = doc.dashboard_mut(&id) {
                edit(d);
            }
        });
    }

    /// Reads the dashboard on screen.
    pub fn with_current<T>(self, read: impl FnOnce(Option<&Dashboard>) -> T) -> T {
        let id = self.current.get();
        self.doc.with(|doc| read(doc.dashboard(&id)))
    }
}

fn empty_dashboard() -> Dashboard {
    Dashboard {
        id: "main".into(),
        title: "Dashboard".into(),
        widgets: Vec::new(),
    }
}

/// The kept document, if there is one that still reads.
fn load() -> Option<Document> {
    parse_document(&crate::ui::storage::read(STORAGE_KEY)?).ok()
}

/// What a person is told when the browser refuses to keep the dashboards.
const UNSAVED: &str = "This browser did not keep the dashboards (its storage is full or \
                       disabled): export them to a file to keep them.";
