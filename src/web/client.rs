//! The async Rust API for Rust web apps.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use super::channel::{self, OneshotReceiver, Receiver};
use super::clock::{now, random_u64, wall_now};
use super::credentials::{self, Provide};
#[cfg(feature = "js")]
use super::driver::EventSink;
use super::driver::{Completer, Completion, CredentialsProvider, Driver, Shared};
use super::outbox::{OpenOutboxError, Outbox, PublicationStore, StoredJournal};
use crate::codec::{PubAckReasonCode, SubAckReasonCode, UnsubAckReasonCode};
use crate::session::{
    CommandError, CommandId, ConfigError, EndError, EndOptions, Event, KeptRecord, Options,
    OutboxJournal, OutboxOptions, OutgoingMessage, Restored, Session, SubscribeRequest,
    UnsubscribeRequest, generate_client_id,
};

/// What to connect to and how.
pub struct ConnectOptions {
    /// Broker URLs (`ws://` or `wss://`), tried in turn: after a failed
    /// attempt the next one is used.
    pub urls: Vec<String>,
    /// The session's options. An empty client identifier gets a generated
    /// `webmqtt-…` one, except in MQTT 5.0 with clean start, where the
    /// server assigns it.
    pub session: Options,
    /// Called before every connection attempt for a URL and credentials.
    pub credentials: Option<CredentialsProvider>,
    /// A persistent outbox: unfinished publications written to a store so
    /// that they outlive the page. With one, the client connects only once
    /// [`MqttClient::open_outbox`] has handed it what the store kept;
    /// publishes before that wait in the queue, after the kept ones.
    /// Exactly once across a restart needs a session the server keeps
    /// (`clean_start: false`, and in MQTT 5.0 a Session Expiry Interval).
    pub outbox: Option<OutboxOptions>,
}

impl ConnectOptions {
    /// Options for one broker URL with the session defaults.
    pub fn new(url: impl Into<String>) -> Self {
        ConnectOptions {
            urls: alloc::vec![url.into()],
            session: Options::default(),
            credentials: None,
            outbox: None,
        }
    }
}

/// An MQTT client over a browser WebSocket. Cloning it gives another handle
/// to the same connection.
#[derive(Clone)]
pub struct MqttClient {
    driver: Shared,
}

/// The client's events: connection changes and messages. Command results
/// come from the futures the commands return, not from here.
pub struct Events {
    rx: Receiver<Event>,
}

impl Events {
    /// A stream fed by another source of events (the shared connection's
    /// tab side).
    #[cfg(feature = "shared")]
    pub(crate) fn from_receiver(rx: Receiver<Event>) -> Events {
        Events { rx }
    }
}

impl Stream for Events {
    type Item = Event;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        self.rx.poll_next(cx)
    }
}

impl MqttClient {
    /// Starts connecting, and keeps reconnecting by the options' policy
    /// until [`end`](Self::end). Fails at once, with a [`ConfigError`],
    /// when there is no broker URL, a URL is not `ws://` or `wss://`
    /// (MQTT 5.0 §6), or the options cannot make a valid CONNECT (see
    /// [`Session::new`]).
    pub fn connect(mut options: ConnectOptions) -> Result<(MqttClient, Events), ConfigError> {
        let provider = options.credentials.take().map(credentials::from_future);
        MqttClient::start(options, provider, |d| Events {
            rx: d.subscribe_events(),
        })
    }

    /// Connects as [`connect`](Self::connect) does, without an event
    /// stream: for the npm package, whose events go to a sink (see
    /// [`set_event_sink`](Self::set_event_sink)). A build whose clients
    /// never make a stream links none of the code that feeds streams.
    /// The credentials provider comes as the driver calls it (see
    /// [`credentials::from_js`]), not in `options`, whose `credentials`
    /// must be `None`: a build with no future provider links no task
    /// queue.
    #[cfg(feature = "js")]
    pub(crate) fn connect_without_events(
        options: ConnectOptions,
        provider: Option<Provide>,
    ) -> Result<MqttClient, ConfigError> {
        MqttClient::start(options, provider, |_| ()).map(|(client, ())| client)
    }

    /// Whether the client has ended.
    #[cfg(feature = "js")]
    pub(crate) fn has_ended(&self) -> bool {
        self.driver.borrow().session.state() == crate::session::State::Ended
    }

    /// Makes the client; `subscribe` makes its event stream, if any,
    /// before the first drive, so that no event is missed.
    fn start<T>(
        mut options: ConnectOptions,
        provider: Option<Provide>,
        subscribe: impl FnOnce(&mut Driver) -> T,
    ) -> Result<(MqttClient, T), ConfigError> {
        check_urls(&options.urls, provider.is_some())?;
        let o = &mut options.session;
        let server_assigns = o.version.is_v5() && o.clean_start;
        if o.client_id.is_empty() && !server_assigns {
            o.client_id = generate_client_id(random_u64());
        }
        o.random_seed = random_u64();
        // A provider may hand out new credentials for the next attempt.
        o.reconnect.retry_refused_login |= provider.is_some();
        if o.ping_interval.is_none() {
            // Background tabs delay timers; see `Options::ping_interval`.
            o.ping_interval = Some(core::time::Duration::from_secs(u64::from(o.keep_alive) / 2));
        }
        let session = Session::new(options.session)?;
        let driver = Driver::new(session, options.urls, provider);
        let events = subscribe(&mut driver.borrow_mut());
        {
            let mut d = driver.borrow_mut();
            match options.outbox {
                Some(o) => d.outbox = Some(Outbox::new(o)),
                None => {
                    d.session.connect(now());
                    d.drive(&driver);
                }
            }
        }
        Ok((MqttClient { driver }, events))
    }

    /// Gives a client connected with [`ConnectOptions::outbox`] the records
    /// its store kept (any order: they are sorted by key) and the store to
    /// write to, and starts connecting. Kept publications go out first, in
    /// key order, each ending with its own [`Event::Published`]-backed
    /// completion that nobody awaits. Returns what was not sent: the
    /// records that do not read back, with why (they stay in the store
    /// untouched), and the publications whose Message Expiry Interval ran
    /// out while stored (their records are deleted; see
    /// [`OutboxJournal::restore`](crate::session::OutboxJournal::restore)).
    pub fn open_outbox(
        &self,
        kept: Vec<KeptRecord>,
        store: Box<dyn PublicationStore>,
    ) -> Result<Restored, OpenOutboxError> {
        let mut d = self.driver.borrow_mut();
        let d = &mut *d;
        let outbox = d.outbox.as_mut().ok_or(OpenOutboxError::NotConfigured)?;
        if outbox.journal.is_some() || outbox.write_scheduled {
            return Err(OpenOutboxError::AlreadyOpen);
        }
        // The journal starts here: publications accepted before are
        // counted in `room`, and found in the session by its first
        // `changes`.
        let mut journal = OutboxJournal::new(outbox.room.options);
        let restored = journal
            .restore(&mut d.session, kept, wall_now())
            .ok_or(OpenOutboxError::AlreadyOpen)?;
        let (messages, bytes) = journal.stored();
        outbox.room.messages += messages;
        outbox.room.bytes += bytes;
        outbox.journal = Some(Box::new(StoredJournal {
            journal,
            store,
            pending: Vec::new(),
        }));
        d.session.connect(now());
        d.drive(&self.driver);
        Ok(restored)
    }

    /// Publications and topic-and-payload bytes in the persistent outbox
    /// (stored, or accepted and about to be); `None` without one.
    pub fn outbox_stored(&self) -> Option<(usize, usize)> {
        let d = self.driver.borrow();
        d.outbox.as_ref().map(|o| o.room.stored())
    }

    /// Another stream of this client's events.
    pub fn events(&self) -> Events {
        Events {
            rx: self.driver.borrow_mut().subscribe_events(),
        }
    }

    /// Hands every event from now on to `sink`, synchronously, outside
    /// any borrow of the client (see [`EventSink`]). For the npm package,
    /// whose sink holds the client until the end has been delivered.
    #[cfg(feature = "js")]
    pub(crate) fn set_event_sink(&self, sink: EventSink) {
        self.driver.borrow_mut().set_sink(sink);
    }

    /// The client identifier in use (the server's, if it assigned one).
    pub fn client_id(&self) -> String {
        String::from(self.driver.borrow().session.client_id())
    }

    fn command(
        &self,
        issue: impl FnOnce(&mut Driver) -> Result<CommandId, CommandError>,
    ) -> Result<OneshotReceiver<Completion>, CommandError> {
        let (tx, rx) = channel::oneshot();
        let done = Completer::new(move |c| {
            // None: dropping `tx` makes the future see `Cancelled`.
            if let Some(c) = c {
                tx.send(c);
            }
        });
        self.command_with(issue, done)?;
        Ok(rx)
    }

    /// Issues a command whose result goes to `done` (see [`Completer`]);
    /// a command refused at once returns its error and never calls `done`.
    pub(crate) fn command_with(
        &self,
        issue: impl FnOnce(&mut Driver) -> Result<CommandId, CommandError>,
        done: Completer,
    ) -> Result<(), CommandError> {
        let mut d = self.driver.borrow_mut();
        let issued = issue(&mut d);
        d.issued(issued, done)
    }

    /// Publishes; resolves when sent (QoS 0), on PUBACK (QoS 1) or on
    /// PUBCOMP (QoS 2). The command is issued at the call, like a JS
    /// promise, not when the future is first polled; invalid input fails
    /// before anything is sent.
    pub fn publish(
        &self,
        message: OutgoingMessage,
    ) -> impl Future<Output = Result<PubAckReasonCode, CommandError>> + use<> {
        let rx = self.command(|d| d.publish(message));
        async move {
            match rx?.await {
                Some(Completion::Published(r)) => r,
                _ => Err(CommandError::Cancelled),
            }
        }
    }

    /// Publishes; the result goes to `done`. Invalid input fails here, and
    /// `done` is then never called.
    #[cfg(feature = "js")]
    pub(crate) fn publish_with(
        &self,
        message: OutgoingMessage,
        done: Completer,
    ) -> Result<(), CommandError> {
        self.command_with(|d| d.publish(message), done)
    }

    /// Publishes without waiting for the result; invalid input still fails
    /// here. For fire-and-forget QoS 0 streams.
    pub fn publish_detached(&self, message: OutgoingMessage) -> Result<(), CommandError> {
        let mut d = self.driver.borrow_mut();
        d.publish(message)?;
        d.drive_command();
        Ok(())
    }

    /// Subscribes; resolves with one result per filter. Issued at the call.
    pub fn subscribe(
        &self,
        request: SubscribeRequest,
    ) -> impl Future<Output = Result<Vec<SubAckReasonCode>, CommandError>> + use<> {
        let rx = self.command(|d| d.session.subscribe(now(), request));
        async move {
            match rx?.await {
                Some(Completion::Subscribed(r)) => r,
                _ => Err(CommandError::Cancelled),
            }
        }
    }

    /// Unsubscribes; resolves with one result per filter. Issued at the
    /// call.
    pub fn unsubscribe(
        &self,
        request: UnsubscribeRequest,
    ) -> impl Future<Output = Result<Vec<UnsubAckReasonCode>, CommandError>> + use<> {
        let rx = self.command(|d| d.session.unsubscribe(now(), request));
        async move {
            match rx?.await {
                Some(Completion::Unsubscribed(r)) => r,
                _ => Err(CommandError::Cancelled),
            }
        }
    }

    /// Subscribes; the result goes to `done` (see [`Self::publish_with`]).
    #[cfg(feature = "js")]
    pub(crate) fn subscribe_with(
        &self,
        request: SubscribeRequest,
        done: Completer,
    ) -> Result<(), CommandError> {
        self.command_with(|d| d.session.subscribe(now(), request), done)
    }

    /// Unsubscribes; the result goes to `done` (see [`Self::publish_with`]).
    #[cfg(feature = "js")]
    pub(crate) fn unsubscribe_with(
        &self,
        request: UnsubscribeRequest,
        done: Completer,
    ) -> Result<(), CommandError> {
        self.command_with(|d| d.session.unsubscribe(now(), request), done)
    }

    /// Starts ending the client (see [`Session::end`]) and delivers the
    /// events that follow; true if it has ended already, else
    /// [`Event::Ended`] comes later. Options the session refuses change
    /// nothing.
    pub(crate) fn begin_end(&self, options: EndOptions) -> Result<bool, EndError> {
        {
            let mut d = self.driver.borrow_mut();
            d.session.end(now(), options)?;
            d.drive(&self.driver);
        }
        Driver::deliver(&self.driver);
        Ok(self.driver.borrow().session.state() == crate::session::State::Ended)
    }

    /// Ends the client (see [`Session::end`]); resolves once it has ended,
    /// or at once with the [`EndError`] if the options are refused (the
    /// client then goes on as it was).
    pub async fn end(&self, options: EndOptions) -> Result<(), EndError> {
        // Checked before the wait is registered: a refusal leaves none.
        self.driver.borrow().session.check_end(&options)?;
        let ended = self.driver.borrow_mut().when_ended();
        if !self.begin_end(options)? {
            ended.await;
        }
        Ok(())
    }

    /// Whether two handles drive the same connection.
    pub fn same_client(&self, other: &MqttClient) -> bool {
        Rc::ptr_eq(&self.driver, &other.driver)
    }
}

/// Fails when there is no broker URL (and no credentials provider to give
/// one) or a URL is not `ws://` or `wss://` (MQTT 5.0 §6).
pub(crate) fn check_urls(urls: &[String], has_provider: bool) -> Result<(), ConfigError> {
    if urls.is_empty() && !has_provider {
        return Err(ConfigError::NoUrl);
    }
    // ASCII whitespace, as the browser's URL parser strips only that (and
    // controls): `trim()` linked core's Unicode whitespace table (-257 B
    // gzip). Only the start: the scheme is all that is read. The scheme
    // compared in place, not in a lowercased copy.
    let websocket = |u: &String| {
        let u = u.trim_ascii_start().as_bytes();
        let scheme = |s: &[u8]| u.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s));
        scheme(b"ws://") || scheme(b"wss://")
    };
    match urls.iter().find(|u| !websocket(u)) {
        Some(url) => Err(ConfigError::InvalidUrl(url.clone())),
        None => Ok(()),
    }
}

/// The next event of a stream of events.
pub fn next_event(events: &mut Events) -> impl core::future::Future<Output = Option<Event>> + '_ {
    core::future::poll_fn(move |cx| Pin::new(&mut *events).poll_next(cx))
}
