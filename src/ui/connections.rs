//! Several brokers at once: each connection has its own client, form,
//! subscriptions, log, topics and status, and the explorer shows one of
//! them at a time. The first connection is the one the dashboards use.

use leptos::prelude::*;

use crate::std_prelude::*;

use super::connection::Connection;
use super::model::connect_form::{ConnectForm, broker_name};

/// One connection, as the connection tabs list it.
#[derive(Clone, Copy)]
pub struct ConnectionTab {
    /// Stable identifier, the key of its tab and panels.
    pub id: u32,
    /// Its state.
    pub connection: Connection,
    /// Its connect form.
    pub form: RwSignal<ConnectForm>,
    /// Whether its form holds the last connection made, to be offered again.
    pub offer_reconnect: bool,
}

impl ConnectionTab {
    /// The tab's name: the broker's host, port and path, as typed.
    pub fn name(self) -> String {
        self.form.with(|f| broker_name(&f.url))
    }
}

/// Every connection, and which one the explorer shows.
#[derive(Clone, Copy)]
pub struct Connections {
    /// The connections, the dashboards' first.
    pub tabs: RwSignal<Vec<ConnectionTab>>,
    /// The shown connection's id.
    pub current: RwSignal<u32>,
    next_id: StoredValue<u32>,
}

impl Connections {
    /// The list with its first connection, put in context.
    pub fn provide(first: ConnectionTab) -> Connections {
        let all = Connections {
            current: RwSignal::new(first.id),
            next_id: StoredValue::new(first.id + 1),
            tabs: RwSignal::new(vec![first]),
        };
        provide_context(all);
        all
    }

    /// The list from context.
    pub fn get() -> Connections {
        expect_context::<Connections>()
    }

    /// The shown connection.
    pub fn shown(self) -> Option<ConnectionTab> {
        let id = self.current.get();
        self.tabs.with(|t| t.iter().find(|t| t.id == id).copied())
    }

    /// Opens one more connection with `form` (not yet connected) and shows it.
    pub fn open(self, form: ConnectForm) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let tab = ConnectionTab {
            id,
            connection: Connection::create(),
            form: RwSignal::new(form),
            offer_reconnect: false,
        };
        self.tabs.update(|t| t.push(tab));
        self.current.set(id);
    }

    /// Ends connection `id` and removes its tab; the first one stays (the
    /// dashboards use it).
    pub fn close(self, id: u32) {
        let first = self.tabs.with_untracked(|t| t.first().map(|t| t.id));
        if first == Some(id) {
            return;
        }
        let Some(tab) = self
            .tabs
            .with_untracked(|t| t.iter().find(|t| t.id == id).copied())
        else {
            return;
        };
        tab.connection.close();
        self.tabs.update(|t| t.retain(|t| t.id != id));
        if self.current.get_untracked() == id {
            self.current.set(first.unwrap_or_default());
        }
    }
}
