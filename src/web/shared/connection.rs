//! The worker's side of one shared connection: the client, the tabs on it,
//! which filters each holds, and where its messages go.
//!
//! - Reference-counted subscriptions: the broker holds one subscription
//!   per filter and gets one UNSUBSCRIBE when the last tab drops it. A tab
//!   that joins a filter another tab holds sends the same SUBSCRIBE again,
//!   at the highest QoS any tab holds: it replaces the subscription
//!   (nothing arrives twice) and makes the broker send the filter's
//!   retained messages again [MQTT-3.8.4-3], which the late tab needs.
//! - Routing: a tab gets a message when one of the filters it matched
//!   ([`Message::matched_filters`](crate::session::Message)) is the tab's;
//!   a retained message answers a SUBSCRIBE [MQTT-3.3.1-8], so it goes
//!   only to the tab whose SUBSCRIBE for that filter was the last.
//! - The last tab leaving ends the connection.

use crate::std_prelude::*;

use alloc::collections::BTreeMap;
use alloc::rc::{Rc, Weak};
use core::cell::RefCell;

use js_sys::Uint8Array;
use web_sys::MessagePort;

use super::protocol::{Reply, ToTab};
use crate::codec::{QoS, SubAckReasonCode, UnsubAckReasonCode};
use crate::session::{
    CommandError, ConfigError, EndOptions, Event, Options, SubscribeRequest, UnsubscribeRequest,
};
use crate::web::{ConnectOptions, MqttClient, next_event, spawn};

/// A tab as the worker reaches it.
pub(super) struct TabLink {
    pub(super) id: u64,
    pub(super) port: MessagePort,
}

impl TabLink {
    pub(super) fn post(&self, bytes: &[u8]) {
        // A closed tab's port drops what it is sent; nothing to report.
        let _ = self.port.post_message(&Uint8Array::from(bytes));
    }

    pub(super) fn reply(&self, id: u32, reply: Reply) {
        self.post(&ToTab::Reply { id, reply }.encode());
    }
}

/// A tab on a connection, and the filters it holds at the QoS it asked.
struct Holder {
    link: Rc<TabLink>,
    filters: BTreeMap<String, QoS>,
}

/// One shared connection.
pub(super) struct Connection {
    key: Vec<u8>,
    client: MqttClient,
    v5: bool,
    tabs: Vec<Holder>,
    /// Filter → the tab whose SUBSCRIBE was the last: the retained messages
    /// the broker sends for it are that tab's alone.
    replay_to: BTreeMap<String, u64>,
    /// The last `Connected` while connected, for tabs that join later.
    connected: Option<Event>,
}

pub(super) type SharedConnection = Rc<RefCell<Connection>>;

std::thread_local! {
    /// The connections by their key (URLs and options).
    static CONNECTIONS: RefCell<BTreeMap<Vec<u8>, SharedConnection>> =
        const { RefCell::new(BTreeMap::new()) };
}

/// The connection for `key`, made with `urls` and `options` if there is
/// none.
pub(super) fn join(
    key: Vec<u8>,
    urls: Vec<String>,
    options: Options,
) -> Result<SharedConnection, ConfigError> {
    if let Some(c) = CONNECTIONS.with(|m| m.borrow().get(&key).cloned()) {
        return Ok(c);
    }
    let v5 = options.version.is_v5();
    let (client, mut events) = MqttClient::connect(ConnectOptions {
        urls,
        session: options,
        credentials: None,
        outbox: None,
    })?;
    let c = Rc::new(RefCell::new(Connection {
        key: key.clone(),
        client,
        v5,
        tabs: Vec::new(),
        replay_to: BTreeMap::new(),
        connected: None,
    }));
    CONNECTIONS.with(|m| m.borrow_mut().insert(key, c.clone()));
    let weak: Weak<RefCell<Connection>> = Rc::downgrade(&c);
    spawn(Box::pin(async move {
        while let Some(e) = next_event(&mut events).await {
            let ended = e == Event::Ended;
            if let Some(c) = weak.upgrade() {
                c.borrow_mut().dispatch(e);
            }
            if ended {
                return;
            }
        }
    }));
    Ok(c)
}

impl Connection {
    pub(super) fn client(&self) -> MqttClient {
        self.client.clone()
    }

    /// Adds a tab; it hears `Connected` at once if the connection is up.
    pub(super) fn attach(&mut self, link: Rc<TabLink>) {
        if let Some(e) = &self.connected {
            link.post(&ToTab::Event(e.clone()).encode());
        }
        self.tabs.push(Holder {
            link,
            filters: BTreeMap::new(),
        });
    }

    fn holder(&mut self, tab: u64) -> Option<&mut Holder> {
        self.tabs.iter_mut().find(|h| h.link.id == tab)
    }

    /// How many tabs hold `filter`.
    fn holders(&self, filter: &str) -> usize {
        self.tabs
            .iter()
            .filter(|h| h.filters.contains_key(filter))
            .count()
    }

    /// The highest QoS any tab holds `filter` at.
    fn held_qos(&self, filter: &str) -> Option<QoS> {
        self.tabs
            .iter()
            .filter_map(|h| h.filters.get(filter).copied())
            .max()
    }

    fn broadcast(&self, e: Event) {
        let bytes = ToTab::Event(e).encode();
        for h in &self.tabs {
            h.link.post(&bytes);
        }
    }

    /// Hands one of the client's events to the tabs it concerns.
    fn dispatch(&mut self, e: Event) {
        match e {
            Event::Message(ref m) => {
                let mut bytes = None;
                for h in &self.tabs {
                    let id = h.link.id;
                    // A message flagged retained answers a SUBSCRIBE
                    // [MQTT-3.3.1-8]: a filter a tab re-sent goes to that
                    // tab alone (the others had it already); one with no
                    // such tab (a subscription restored after a reconnect)
                    // to every tab holding it.
                    let mine = |f: &String| {
                        h.filters.contains_key(f)
                            && (!m.retain || self.replay_to.get(f).is_none_or(|t| *t == id))
                    };
                    if m.matched_filters.iter().any(mine) {
                        let b = bytes.get_or_insert_with(|| ToTab::Event(e.clone()).encode());
                        h.link.post(b);
                    }
                }
            }
            Event::SubscriptionLost { ref filter, .. } => {
                // The broker no longer holds it: nobody does.
                let bytes = ToTab::Event(e.clone()).encode();
                for h in &mut self.tabs {
                    if h.filters.remove(filter).is_some() {
                        h.link.post(&bytes);
                    }
                }
                self.replay_to.remove(filter);
            }
            // Their futures have them; the tabs' futures get theirs from
            // the replies.
            Event::Published { .. } | Event::Subscribed { .. } | Event::Unsubscribed { .. } => {}
            Event::Connected { .. } => {
                // The retained messages of subscriptions restored on this
                // connection are every holder's.
                self.replay_to.clear();
                self.connected = Some(e.clone());
                self.broadcast(e);
            }
            Event::ConnectionLost { .. } | Event::Reconnecting { .. } => {
                self.connected = None;
                self.broadcast(e);
            }
            Event::Ended => {
                // An ended client serves nobody: the next tab makes a new one.
                self.forget();
                self.connected = None;
                self.broadcast(e);
            }
        }
    }

    /// Takes this connection out of the worker's map (if still there).
    fn forget(&self) {
        CONNECTIONS.with(|m| {
            let mut m = m.borrow_mut();
            let mine = m
                .get(&self.key)
                .is_some_and(|c| core::ptr::eq(c.as_ptr(), self));
            if mine {
                m.remove(&self.key);
            }
        });
    }
}

/// Subscribes for `tab`; resolves with the broker's answer per filter.
///
/// The tab holds the filters from the call, not from the SUBACK: an
/// UNSUBSCRIBE that another tab's leaving issues meanwhile must not remove
/// the subscription this one is about to have. What the broker refuses
/// is given back.
pub(super) async fn subscribe(
    c: &SharedConnection,
    tab: u64,
    request: SubscribeRequest,
) -> Result<Vec<SubAckReasonCode>, CommandError> {
    let (client, sent, before) = {
        let mut c = c.borrow_mut();
        let c = &mut *c;
        let mut sent = request.clone();
        for f in &mut sent.filters {
            if let Some(q) = c.held_qos(&f.filter) {
                f.options.qos = f.options.qos.max(q);
            }
        }
        let mut before = Vec::with_capacity(request.filters.len());
        if let Some(h) = c.holder(tab) {
            for f in &request.filters {
                let prev = h.filters.get(&f.filter).copied();
                before.push(prev);
                let q = prev.map_or(f.options.qos, |p| p.max(f.options.qos));
                h.filters.insert(f.filter.clone(), q);
            }
        }
        for f in &request.filters {
            c.replay_to.insert(f.filter.clone(), tab);
        }
        (c.client(), sent, before)
    };
    let result = client.subscribe(sent).await;
    let mut c = c.borrow_mut();
    let c = &mut *c;
    for (i, (f, prev)) in request.filters.iter().zip(&before).enumerate() {
        let refused = match &result {
            Ok(codes) => codes.get(i).is_none_or(|code| code.is_error()),
            Err(_) => true,
        };
        if !refused {
            continue;
        }
        if let Some(h) = c.holder(tab) {
            match prev {
                Some(q) => h.filters.insert(f.filter.clone(), *q),
                None => h.filters.remove(&f.filter),
            };
        }
        if c.replay_to.get(&f.filter) == Some(&tab) {
            c.replay_to.remove(&f.filter);
        }
    }
    result
}

/// Drops `tab`'s hold on the filters; the broker is told only of those no
/// tab holds any more. For the tab each filter is gone either way.
pub(super) async fn unsubscribe(
    c: &SharedConnection,
    tab: u64,
    request: UnsubscribeRequest,
) -> Result<Vec<UnsubAckReasonCode>, CommandError> {
    let (client, last, codes) = {
        let mut c = c.borrow_mut();
        let v5 = c.v5;
        let mut codes = Vec::with_capacity(request.filters.len());
        let mut dropped = Vec::new();
        if let Some(h) = c.holder(tab) {
            for f in &request.filters {
                if h.filters.remove(f).is_some() {
                    codes.push(UnsubAckReasonCode::Success);
                    dropped.push(f.clone());
                } else if v5 {
                    // As the broker answers for a filter it does not hold.
                    codes.push(UnsubAckReasonCode::NoSubscriptionExisted);
                } else {
                    codes.push(UnsubAckReasonCode::Success);
                }
            }
        }
        let last = c.unheld(dropped);
        (c.client(), last, codes)
    };
    if !last.is_empty() {
        client
            .unsubscribe(UnsubscribeRequest {
                filters: last,
                user_properties: request.user_properties,
            })
            .await?;
    }
    Ok(codes)
}

impl Connection {
    /// Those of `filters` no tab holds any more, forgotten here.
    fn unheld(&mut self, filters: Vec<String>) -> Vec<String> {
        let last: Vec<String> = filters
            .into_iter()
            .filter(|f| self.holders(f) == 0)
            .collect();
        for f in &last {
            self.replay_to.remove(f);
        }
        last
    }
}

/// `tab` leaves: its filters are released, and the last tab ends the
/// connection with `end`. Resolves once that is done.
pub(super) async fn detach(c: &SharedConnection, tab: u64, end: EndOptions) {
    let (client, last, release) = {
        let mut c = c.borrow_mut();
        let Some(i) = c.tabs.iter().position(|h| h.link.id == tab) else {
            return;
        };
        let h = c.tabs.remove(i);
        c.replay_to.retain(|_, t| *t != tab);
        if c.tabs.is_empty() {
            c.forget();
            (c.client(), true, Vec::new())
        } else {
            let release = c.unheld(h.filters.into_keys().collect());
            (c.client(), false, release)
        }
    };
    if last {
        // Not refused: connections are keyed by their options, and the tab
        // checked `end` against those (a tab that dies ends with the
        // default options, which nothing refuses).
        let _ = client.end(end).await;
    } else if !release.is_empty() {
        // Nobody is left to tell if the broker refuses.
        let _ = client
            .unsubscribe(UnsubscribeRequest {
                filters: release,
                ..UnsubscribeRequest::default()
            })
            .await;
    }
}
