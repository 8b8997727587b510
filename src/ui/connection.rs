//! The app's one connection, shared through context: the client, and the
//! state the panels show, kept in signals. Messages are gathered as they
//! arrive and written to the signals once per animation frame, so that a
//! flood of messages does not re-render the page per message; and no more
//! of them per frame than fit in the frame's time budget, so that a burst
//! does not make one long task that input waits behind.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::codec::{QoS, SubscriptionOptions};
use crate::session::{Event, FilterRequest, Message, Options, OutgoingMessage, SubscribeRequest};
use crate::std_prelude::*;
use crate::topic::validate_filter;
use crate::web::{ConnectOptions, MqttClient, next_event};

use super::client_link::{self, Link};

use super::model::connect_form::ConnectForm;
use super::model::frame_queue::{CHUNK, FRAME_BUDGET_MS, FrameQueue};
use super::model::log::{LogEntry, MessageLog};
use super::model::plot::Plots;
pub use super::model::status::Status;
use super::model::status::describe;
use super::model::topics::TopicTree;

/// A subscription as the subscribe panel lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionRow {
    /// The topic filter.
    pub filter: String,
    /// The granted QoS, or the refusal.
    pub granted: String,
    /// A colour for its messages.
    pub colour: &'static str,
    /// Messages that matched it.
    pub count: u64,
}

const COLOURS: [&str; 8] = [
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
];

/// The shared connection state.
#[derive(Clone, Copy)]
pub struct Connection {
    /// The client, once its code is loaded (src/ui/client_link.rs).
    client: StoredValue<Option<Rc<dyn Link>>, LocalStorage>,
    /// Counts connects and disconnects, so that a connect whose code
    /// arrives after a newer one (or a disconnect) makes no client.
    attempt: StoredValue<u64, LocalStorage>,
    /// Connection status.
    pub status: RwSignal<Status>,
    /// The broker URL in use.
    pub broker: RwSignal<String>,
    /// The message log.
    pub log: RwSignal<MessageLog>,
    /// Every topic seen.
    pub topics: RwSignal<TopicTree>,
    /// Numeric fields over time.
    pub plots: RwSignal<Plots>,
    /// Subscriptions.
    pub subscriptions: RwSignal<Vec<SubscriptionRow>>,
    /// Whether the log is paused (messages still counted, not shown).
    pub paused: RwSignal<bool>,
    /// Messages per second in and out, over the last second.
    pub rates: RwSignal<(u32, u32)>,
    /// The time, updated every second, for countdowns.
    pub clock: RwSignal<f64>,
    /// The last error, for the connect panel.
    pub error: RwSignal<Option<String>>,
    /// Messages received and sent since the last rate update.
    counters: StoredValue<(u32, u32), LocalStorage>,
    /// Who else gets the messages (the dashboard).
    sinks: StoredValue<Vec<Sink>, LocalStorage>,
    /// The filters the dashboard on screen needs.
    dashboard_wanted: StoredValue<Vec<String>, LocalStorage>,
    /// The filters subscribed for the dashboard on this client.
    dashboard_applied: StoredValue<Vec<String>, LocalStorage>,
    /// The once-a-second timer of the rates and the clock.
    ticker: StoredValue<Option<IntervalHandle>, LocalStorage>,
    /// Who waits for the retained message of a topic.
    waiters: StoredValue<Vec<Waiter>, LocalStorage>,
    /// The identifier of the next waiter.
    next_waiter: StoredValue<u64, LocalStorage>,
}

/// Someone waiting for the message on one topic (see
/// [`Connection::fetch_retained`]).
struct Waiter {
    id: u64,
    topic: String,
    done: Box<dyn FnOnce(Result<Vec<u8>, String>)>,
}

/// How long [`Connection::fetch_retained`] waits for the broker.
const RETAINED_WAIT: core::time::Duration = core::time::Duration::from_secs(5);

/// Receives the messages in batches (a frame's share in one or more), in
/// order, with their arrival times.
type Sink = Rc<dyn Fn(&[(Message, f64)])>;

/// Messages waiting for the next animation frame.
#[derive(Default)]
struct Pending {
    messages: FrameQueue<(Message, f64)>,
    scheduled: bool,
}

impl Connection {
    /// Creates the state and puts it in context.
    pub fn provide() -> Connection {
        let c = Connection::create();
        provide_context(c);
        c
    }

    /// Creates the state of one more connection (offline).
    pub fn create() -> Connection {
        let c = Connection {
            client: StoredValue::new_local(None),
            attempt: StoredValue::new_local(0),
            status: RwSignal::new(Status::Offline),
            broker: RwSignal::new(String::new()),
            log: RwSignal::new(MessageLog::default()),
            topics: RwSignal::new(TopicTree::default()),
            plots: RwSignal::new(Plots::default()),
            subscriptions: RwSignal::new(Vec::new()),
            paused: RwSignal::new(false),
            rates: RwSignal::new((0, 0)),
            clock: RwSignal::new(js_sys::Date::now()),
            error: RwSignal::new(None),
            counters: StoredValue::new_local((0, 0)),
            sinks: StoredValue::new_local(Vec::new()),
            dashboard_wanted: StoredValue::new_local(Vec::new()),
            dashboard_applied: StoredValue::new_local(Vec::new()),
            ticker: StoredValue::new_local(None),
            waiters: StoredValue::new_local(Vec::new()),
            next_waiter: StoredValue::new_local(0),
        };
        let ticker = set_interval_with_handle(
            move || {
                let counts = c.counters.get_value();
                c.counters.set_value((0, 0));
                c.rates.set(counts);
                c.clock.set(js_sys::Date::now());
            },
            core::time::Duration::from_secs(1),
        );
        c.ticker.set_value(ticker.ok());
        c
    }

    /// Ends the connection for good: disconnects and stops its timer.
    pub fn close(self) {
        self.disconnect();
        if let Some(ticker) = self.ticker.get_value() {
            ticker.clear();
        }
        self.ticker.set_value(None);
    }

    /// The connection from context.
    pub fn get() -> Connection {
        expect_context::<Connection>()
    }

    /// Connects with the form's settings, ending any earlier connection.
    pub fn connect(self, form: &ConnectForm) {
        let page_protocol = web_sys_protocol();
        if let Some(problem) = form.url_problem(&page_protocol) {
            self.error.set(Some(problem));
            return;
        }
        self.disconnect();
        self.error.set(None);
        let attempt = self.attempt.get_value();
        let url = form.url.trim().to_string();
        let session = form.options();
        // The client's code comes with the dashboards' chunk, most often
        // there already.
        spawn_local(async move {
            let loaded = match client_link::load().await {
                Ok(()) if self.attempt.get_value() != attempt => return,
                Ok(()) => client_link::open_client(self, url, session).await,
                Err(e) => Err(e),
            };
            if let Err(e) = loaded
                && self.attempt.get_value() == attempt
            {
                self.error.set(Some(format!(
                    "the MQTT client did not load ({e}); connect again to retry"
                )));
            }
        });
    }

    /// Makes the client for `url` and starts reading its events; called
    /// from the client's chunk by [`Connection::connect`].
    pub(super) fn open(self, url: String, session: Options) {
        let mut options = ConnectOptions::new(url.clone());
        options.session = session;
        match MqttClient::connect(options) {
            Ok((client, events)) => {
                let client: Rc<dyn Link> = Rc::new(client);
                self.client.set_value(Some(client.clone()));
                // A new client holds none of the dashboard's subscriptions.
                self.dashboard_applied.set_value(Vec::new());
                self.broker.set(url);
                self.status.set(Status::Connecting);
                spawn_local(self.pump(client, events));
            }
            Err(e) => self.error.set(Some(e.to_string())),
        }
    }

    /// Ends the connection.
    pub fn disconnect(self) {
        self.attempt.update_value(|a| *a += 1);
        if let Some(client) = self.client.get_value() {
            self.client.set_value(None);
            // The person asked to disconnect: stop now, do not wait for
            // acknowledgments a dead link may never bring.
            client.end();
        }
        self.status.set(Status::Offline);
        self.subscriptions.set(Vec::new());
    }

    async fn pump(self, mine: Rc<dyn Link>, mut events: crate::web::Events) {
        let pending = Rc::new(RefCell::new(Pending::default()));
        while let Some(event) = next_event(&mut events).await {
            // A connection replaced by a newer one writes nothing more.
            let current = self
                .client
                .with_value(|c| c.as_ref().is_some_and(|c| Rc::ptr_eq(c, &mine)));
            if !current {
                continue;
            }
            match event {
                Event::Connected { .. } => {
                    self.status.set(Status::Connected);
                    self.apply_dashboard_filters();
                }
                Event::ConnectionLost {
                    error,
                    reconnect_in,
                } => {
                    let retry_in = reconnect_in.map(|d| d.as_secs_f64() * 1000.0);
                    self.status
                        .set(Status::lost(&error, js_sys::Date::now(), retry_in));
                    self.error.set(Some(describe(&error)));
                }
                Event::Reconnecting { .. } => self.status.set(Status::Connecting),
                Event::Message(m) => {
                    self.counters.update_value(|c| c.0 += 1);
                    let mut p = pending.borrow_mut();
                    // Hidden tabs run no animation frames: keep no more than
                    // the log could show.
                    let cap = self.log.with_untracked(MessageLog::cap);
                    p.messages.push((m, js_sys::Date::now()), cap);
                    if !p.scheduled {
                        p.scheduled = true;
                        self.schedule_flush(&pending);
                    }
                }
                Event::SubscriptionLost { filter, .. } => {
                    self.subscriptions
                        .update(|s| s.retain(|r| r.filter != filter));
                }
                Event::Ended => break,
                _ => {}
            }
        }
    }

    fn schedule_flush(self, pending: &Rc<RefCell<Pending>>) {
        let pending = pending.clone();
        request_animation_frame(move || self.flush(&pending));
    }

    /// Writes the gathered messages into the signals, once per frame, as
    /// many as the frame's budget allows; the rest wait for the next frame,
    /// in order.
    fn flush(self, pending: &Rc<RefCell<Pending>>) {
        // The queue is taken out while its messages are written, so that
        // nothing the writing sets off can find it borrowed.
        let mut queue = core::mem::take(&mut pending.borrow_mut().messages);
        let cap = self.log.with_untracked(MessageLog::cap);
        // Past half the cap a frame takes what it must, budget or not:
        // messages wait, but are not lost.
        queue.drain_within(CHUNK, FRAME_BUDGET_MS, cap / 2, performance_now, |chunk| {
            self.deliver(chunk)
        });
        let mut p = pending.borrow_mut();
        // Nothing arrives while a frame runs (one thread, one task); were
        // it otherwise, what arrived would still queue behind these.
        let arrived = core::mem::replace(&mut p.messages, queue);
        p.messages.append(arrived, cap);
        if p.messages.is_empty() {
            p.scheduled = false;
        } else {
            self.schedule_flush(pending);
        }
    }

    /// Writes one chunk of messages into every sink and signal, in order.
    fn deliver(self, messages: Vec<(Message, f64)>) {
        self.answer_waiters(&messages);
        self.sinks.with_value(|sinks| {
            for sink in sinks {
                sink(&messages);
            }
        });
        self.topics.update(|t| {
            for (m, time) in &messages {
                t.record(&m.topic, &m.payload, m.retain, *time);
            }
        });
        self.plots.update(|p| {
            for (m, time) in &messages {
                p.add(&m.topic, &m.payload, *time);
            }
        });
        self.subscriptions.update(|subs| {
            for (m, _) in &messages {
                for row in subs.iter_mut() {
                    if m.matched_filters.contains(&row.filter) {
                        row.count += 1;
                    }
                }
            }
        });
        if !self.paused.get_untracked() {
            self.log.update(|log| {
                for (m, time) in messages {
                    log.push(LogEntry::received(&m, time));
                }
            });
        }
    }

    /// Reads the message the broker keeps on `topic` (a retained message,
    /// MQTT 3.3.1.3): subscribes to it, hands its payload to `done`, and
    /// unsubscribes again unless the explorer or the dashboard holds that
    /// filter. `done` gets an error when not connected, when the broker
    /// refuses, or when nothing comes within five seconds.
    pub fn fetch_retained(
        self,
        topic: String,
        done: impl FnOnce(Result<Vec<u8>, String>) + 'static,
    ) {
        if let Err(e) = crate::topic::validate_name(&topic) {
            done(Err(format!("topic: {e}")));
            return;
        }
        let Some(client) = self.client.get_value() else {
            done(Err("connect first".into()));
            return;
        };
        let id = self.next_waiter.get_value();
        self.next_waiter.set_value(id + 1);
        self.waiters.update_value(|w| {
            w.push(Waiter {
                id,
                topic: topic.clone(),
                done: Box::new(done),
            })
        });
        let future = client.subscribe(SubscribeRequest::new(topic.clone(), QoS::AtLeastOnce));
        spawn_local(async move {
            let refusal = match future.await {
                Ok(codes) if codes.iter().all(Result::is_ok) => None,
                Ok(codes) => Some(format!(
                    "the broker refused \"{topic}\": {}",
                    refusal(&codes)
                )),
                Err(e) => Some(format!("could not subscribe to \"{topic}\": {e}")),
            };
            if let Some(refusal) = refusal {
                self.finish_waiter(id, Err(refusal));
            }
        });
        set_timeout(
            move || {
                self.finish_waiter(id, Err("no message is kept on that topic".into()));
            },
            RETAINED_WAIT,
        );
    }

    /// Ends waiter `id` (if it still waits) with `result`.
    fn finish_waiter(self, id: u64, result: Result<Vec<u8>, String>) {
        let mut found = None;
        self.waiters.update_value(|w| {
            if let Some(i) = w.iter().position(|x| x.id == id) {
                found = Some(w.remove(i));
            }
        });
        if let Some(waiter) = found {
            self.release_filter(&waiter.topic);
            (waiter.done)(result);
        }
    }

    /// Hands each waiter the first message on its topic.
    fn answer_waiters(self, messages: &[(Message, f64)]) {
        if self.waiters.with_value(Vec::is_empty) {
            return;
        }
        for (m, _) in messages {
            let id = self
                .waiters
                .with_value(|w| w.iter().find(|x| x.topic == m.topic).map(|x| x.id));
            if let Some(id) = id {
                self.finish_waiter(id, Ok(m.payload.clone()));
            }
        }
    }

    /// Unsubscribes from `filter` unless the explorer, the dashboard or
    /// another waiter still needs it.
    fn release_filter(self, filter: &str) {
        let needed = self
            .subscriptions
            .with_untracked(|rows| rows.iter().any(|r| r.filter == filter))
            || self
                .dashboard_applied
                .with_value(|f| f.iter().any(|f| f == filter))
            || self
                .waiters
                .with_value(|w| w.iter().any(|x| x.topic == filter));
        if needed {
            return;
        }
        if let Some(client) = self.client.get_value() {
            client.unsubscribe(vec![filter.to_string()]);
        }
    }

    /// Hands every message to `sink` too, in batches, in order.
    pub fn on_messages(self, sink: impl Fn(&[(Message, f64)]) + 'static) {
        self.sinks.update_value(|s| s.push(Rc::new(sink)));
    }

    /// Subscribes to exactly `filters` for the dashboard: new ones are
    /// subscribed (now, or once connected) and ones no longer needed are
    /// unsubscribed, unless the explorer's list holds them too.
    pub fn set_dashboard_filters(self, filters: Vec<String>) {
        self.dashboard_wanted.set_value(filters);
        self.apply_dashboard_filters();
    }

    fn apply_dashboard_filters(self) {
        if self.status.get_untracked() != Status::Connected {
            return;
        }
        let Some(client) = self.client.get_value() else {
            return;
        };
        let wanted = self.dashboard_wanted.get_value();
        let applied = self.dashboard_applied.get_value();
        let change = crate::ui::dashboard::model::filters::change(&applied, &wanted);
        self.dashboard_applied.set_value(wanted);
        for filter in change.subscribe {
            let future = client.subscribe(SubscribeRequest::new(filter.clone(), QoS::AtLeastOnce));
            spawn_local(async move {
                match future.await {
                    Ok(codes) if codes.iter().all(Result::is_ok) => {}
                    Ok(codes) => self.error.set(Some(format!(
                        "the broker refused the dashboard's filter \"{filter}\": {}",
                        refusal(&codes)
                    ))),
                    Err(e) => self.error.set(Some(format!(
                        "the dashboard could not subscribe to \"{filter}\": {e}"
                    ))),
                }
            });
        }
        let explorer: Vec<String> = self
            .subscriptions
            .with_untracked(|rows| rows.iter().map(|r| r.filter.clone()).collect());
        let gone: Vec<String> = change
            .unsubscribe
            .into_iter()
            .filter(|f| !explorer.contains(f))
            .collect();
        if !gone.is_empty() {
            client.unsubscribe(gone);
        }
    }

    /// Subscribes; the row appears with its grant or refusal.
    pub fn subscribe(self, filter: String, options: SubscriptionOptions) {
        if let Err(e) = validate_filter(&filter) {
            self.error.set(Some(format!("topic filter: {e}")));
            return;
        }
        let Some(client) = self.client.get_value() else {
            self.error.set(Some("connect first".into()));
            return;
        };
        let n = self.subscriptions.with_untracked(Vec::len);
        let future = client.subscribe(SubscribeRequest {
            filters: vec![FilterRequest {
                filter: filter.clone(),
                options,
            }],
            ..Default::default()
        });
        spawn_local(async move {
            let granted = match future.await {
                Ok(codes) => match codes.first() {
                    Some(Ok(q)) => format!("QoS {}", q.as_u8()),
                    _ => format!("refused: {}", refusal(&codes)),
                },
                Err(e) => format!("failed: {e}"),
            };
            self.subscriptions.update(|s| {
                s.retain(|r| r.filter != filter);
                s.push(SubscriptionRow {
                    filter,
                    granted,
                    colour: COLOURS[n % COLOURS.len()],
                    count: 0,
                });
            });
        });
    }

    /// Removes the row, and unsubscribes unless the dashboard or a waiter
    /// still needs the same filter: the broker holds one subscription per
    /// filter and client [MQTT-3.8.4-3], shared by every part of the app.
    pub fn unsubscribe(self, filter: String) {
        self.subscriptions
            .update(|s| s.retain(|r| r.filter != filter));
        self.release_filter(&filter);
    }

    /// Publishes; errors show in the publish panel through the result.
    pub fn publish(
        self,
        message: OutgoingMessage,
        done: impl FnOnce(Result<(), String>) + 'static,
    ) {
        let Some(client) = self.client.get_value() else {
            done(Err("connect first".into()));
            return;
        };
        self.counters.update_value(|c| c.1 += 1);
        let future = client.publish(message);
        spawn_local(async move { done(future.await) });
    }
}

/// The reason the broker gave for refusing the first filter of a
/// subscription ("" when it gave none).
fn refusal(codes: &[Result<QoS, String>]) -> String {
    codes
        .first()
        .and_then(|c| c.as_ref().err().cloned())
        .unwrap_or_default()
}

/// Milliseconds on the page's monotonic clock, for the frame budget.
fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// `location.protocol` of the page (`"https:"` or `"http:"`).
fn web_sys_protocol() -> String {
    let location = js_sys::Reflect::get(&js_sys::global(), &"location".into()).unwrap_or_default();
    js_sys::Reflect::get(&location, &"protocol".into())
        .ok()
        .and_then(|p| p.as_string())
        .unwrap_or_default()
}
