//! The driver: runs the session engine over a browser WebSocket, with a
//! timer for its deadlines, and hands its results to whoever waits for them.
//!
//! Every input (socket event, timer, `online`, command) borrows the driver,
//! feeds the engine, then drains its outputs in the engine's order: actions,
//! bytes, events, next deadline. Results never call user code while the
//! driver is borrowed: completions go through one-shot channels (or settle
//! a JS promise, which runs nothing at once) and events
//! through a stream, so a handler may issue commands freely.

use crate::std_prelude::*;

use alloc::collections::VecDeque;
use alloc::rc::{Rc, Weak};
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;

use wasm_bindgen::JsValue;

use super::channel::{self, OneshotReceiver, Receiver};
use super::clock::{at, now, wall_now};
use super::credentials::Provide;
use super::glue::{bind_wake, microtask, release};
use super::listeners::{Listeners, Streams};
use super::outbox::Outbox;
use super::socket::{self, Socket, SocketEvent};
use super::timer::Timer;
use crate::codec::{PubAckReasonCode, SubAckReasonCode, UnsubAckReasonCode};
use crate::session::{
    Action, CommandError, CommandId, Event, Instant, OutgoingMessage, ProtocolViolation, Session,
    TransportError,
};

/// Where and as whom to connect, as a credentials provider returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectTarget {
    /// A broker URL to use instead of the configured ones.
    pub url: Option<String>,
    /// The user name for this connection.
    pub username: Option<String>,
    /// The password (or token) for this connection.
    pub password: Option<Vec<u8>>,
}

/// An async function called before every connection attempt, for expiring
/// tokens: it returns the URL and credentials to use.
pub type CredentialsProvider =
    Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<ConnectTarget, String>>>>>;

/// The result a command's future resolves with.
pub(crate) enum Completion {
    Published(Result<PubAckReasonCode, CommandError>),
    Subscribed(Result<Vec<SubAckReasonCode>, CommandError>),
    Unsubscribed(Result<Vec<UnsubAckReasonCode>, CommandError>),
}

/// Who waits for a command's result: called once with it, or with `None`
/// when the command goes away unfinished (the driver dropped). The Rust API
/// sends the result down a one-shot channel to its future; the npm package
/// settles its JS promise here directly, without a task and a wake per
/// command (settling a promise runs no user code before the next
/// microtask, so it may happen while the driver is borrowed).
pub(crate) struct Completer(Option<Box<dyn FnOnce(Option<Completion>)>>);

impl Completer {
    pub(crate) fn new(f: impl FnOnce(Option<Completion>) + 'static) -> Completer {
        Completer(Some(Box::new(f)))
    }

    /// Whether it has been called (or taken).
    fn is_spent(&self) -> bool {
        self.0.is_none()
    }

    /// Drops it without a call: the command was refused at once and the
    /// caller reports that itself.
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Completer {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            f(None);
        }
    }
}

/// Takes the session's events synchronously, once the driver is no longer
/// borrowed (see [`Driver::deliver`]); returns true to hold the events
/// after this one until the next task.
pub(crate) type EventSink = Rc<dyn Fn(Event) -> bool>;

/// Above this many bytes buffered in the browser, the driver stops feeding
/// the socket and lets the engine queue (bounded) instead.
const HIGH_WATER: u32 = 4 * 1024 * 1024;
/// The longest a reply to a received packet waits to share a frame while
/// frames keep arriving. 4 rather than 1: a stream of QoS 1 messages was
/// answered in 0.059 frames a message instead of 0.108 (`COUNT_FRAMES=1`,
/// benches/browser/e2e_bench.mjs), 1.08× the messages a second. A broker
/// that waits on its in-flight window is not held up by it: its frames
/// stop, and the zero-delay timer runs at once.
const REPLY_WAIT_MS: u64 = 4;
/// The receive buffer's size: a larger frame comes in pieces of this size
/// (the engine takes a packet in any number of pieces, as a frame may
/// carry part of one).
const RX_BUFFER: usize = 16 * 1024;
/// How often to look again while the socket drains.
const DRAIN_POLL_MS: u64 = 10;

/// What the driver's JS function is called for (see [`Driver::on_wake`]).
/// 3, the `online` event, is the remaining kind below the socket's; the
/// JS of `bind_wake` calls with it, as `provide`'s with `CREDENTIALS`
/// (each number written there, not passed in).
const DEADLINE: u32 = 0;
const REPLIES: u32 = 1;
const RELEASE: u32 = 2;
const MICROTASK: u32 = 4;
/// A JS credentials provider's result (after the socket's kinds).
#[cfg(feature = "js")]
const CREDENTIALS: u32 = 9;

pub(crate) struct Driver {
    pub(crate) session: Session,
    urls: Vec<String>,
    url_index: usize,
    /// Whether the current attempt reached CONNACK (failover moves on to
    /// the next URL only after a failed attempt).
    attempt_connected: bool,
    provider: Option<Provide>,
    socket: Option<Socket>,
    /// Tells a stale credentials result from the current attempt's (a
    /// dropped socket's handlers are removed before it closes, so its
    /// events need no such check).
    generation: u64,
    timer: Timer,
    /// Sends replies to received packets once the frames already queued
    /// have been read (see `handle_socket`).
    reply_timer: Timer,
    /// When the oldest reply still waiting was written.
    replies_since: Option<u64>,
    paused: bool,
    tx: Vec<u8>,
    /// Where the sockets' listener copies received frames, reused from
    /// frame to frame (see `Socket::open`): never resized, so it stays
    /// where the listener has it.
    rx_buffer: Vec<u8>,
    /// While set, bytes wait for the microtask below instead of going out.
    defer_send: bool,
    /// A microtask will send what commands wrote.
    send_scheduled: bool,
    /// The clock as the first publish of this turn of the event loop read
    /// it, for the others: a burst of publishes reads it once, not once
    /// each (a call into JS). The microtask that sends their bytes, queued
    /// when it is set, clears it, so it is never older than the turn.
    publish_clock: Option<Instant>,
    /// The JS function the timers, the `online` listener and the
    /// microtask call, with what for (see [`Driver::on_wake`]).
    wake: JsValue,
    /// Who waits for which command, in command order (results mostly
    /// arrive in that order too); the first `completions_done` are spent.
    /// A `Vec` with a start rather than a `VecDeque`: a deque's search and
    /// growth come in a copy for each element type, and this is the only
    /// deque of its type (see [`Driver::complete`]).
    completions: Vec<(CommandId, Completer)>,
    completions_done: usize,
    /// The Rust API's event streams and end waiters, made by the first of
    /// them (see [`Listeners`]); dropped, which closes them, at the end.
    listeners: Option<Box<dyn Listeners>>,
    /// Takes every event as it comes, for the npm package: a channel and a
    /// task wake per received message cost more than the engine's work on
    /// it. Dropped after the end has been delivered.
    sink: Option<EventSink>,
    /// Events for the sink, in order.
    queued: VecDeque<Event>,
    /// The sink is being called (a handler's command must not call it
    /// again, inside itself: the outer loop delivers what it queues).
    delivering: bool,
    /// The sink asked to hold the rest until the next task.
    held: bool,
    /// Ends a hold.
    release_timer: Timer,
    /// Whether `wake` listens for `online`.
    online: bool,
    ended: bool,
    /// The persistent outbox, when the client has one.
    pub(crate) outbox: Option<Outbox>,
}

pub(crate) type Shared = Rc<RefCell<Driver>>;

/// Every driver alive, with its number (see [`register`]).
type Drivers = Vec<(u32, Weak<RefCell<Driver>>)>;

impl Drop for Driver {
    /// A driver dropped without `end` still closes its socket and removes
    /// its `online` listener.
    fn drop(&mut self) {
        self.shut_down();
    }
}

std::thread_local! {
    /// The number of the next driver made, and every driver alive with
    /// the number its JS function passes to [`wake`] (a place is reused
    /// once its driver has gone, its number not).
    static DRIVERS: RefCell<(u32, Drivers)> =
        const { RefCell::new((0, Vec::new())) };
}

/// Gives `driver` a number for [`wake`], one no other driver has had: a
/// call still queued for a driver that has gone (a credentials provider's
/// result, a microtask) must not reach the driver made after it in its
/// place.
fn register(driver: &Shared) -> u32 {
    DRIVERS.with(|all| {
        let (next, all) = &mut *all.borrow_mut();
        let id = *next;
        *next = id.wrapping_add(1);
        let entry = (id, Rc::downgrade(driver));
        match all.iter_mut().find(|(_, d)| d.strong_count() == 0) {
            Some(place) => *place = entry,
            None => all.push(entry),
        }
        id
    })
}

/// The driver's JS function, called with the driver's number: a plain
/// wasm function from the function table (see `bind_wake`), not a
/// wasm-bindgen closure, whose JS wrapper counted references, spread the
/// arguments and went through a shim for each call (every WebSocket
/// frame). A timer or microtask still queued when its driver has gone
/// finds no driver. It may be entered again while it runs: a message
/// handler may dispatch `online` while the driver delivers (not borrowed
/// then).
extern "C" fn wake(id: u32, kind: u32, time: f64, n: u32) {
    let driver = DRIVERS.with(|all| {
        let all = all.borrow();
        all.1
            .iter()
            .find(|(i, _)| *i == id)
            .and_then(|(_, d)| d.upgrade())
    });
    match driver {
        Some(d) => Driver::on_wake(&d, kind, time, n),
        // What a gone driver's credentials result or socket close left
        // held in JS (a password, say) is let go now, not kept until the
        // next one replaces it.
        None => drop(super::glue::take_held()),
    }
}

impl Driver {
    pub(crate) fn new(session: Session, urls: Vec<String>, provider: Option<Provide>) -> Shared {
        let this = Rc::new(RefCell::new(Driver {
            session,
            urls,
            url_index: 0,
            attempt_connected: false,
            provider,
            socket: None,
            generation: 0,
            timer: Timer::new(DEADLINE),
            reply_timer: Timer::new(REPLIES),
            replies_since: None,
            paused: false,
            tx: Vec::new(),
            rx_buffer: vec![0; RX_BUFFER],
            defer_send: false,
            send_scheduled: false,
            publish_clock: None,
            wake: JsValue::UNDEFINED,
            completions: Vec::new(),
            completions_done: 0,
            listeners: None,
            sink: None,
            queued: VecDeque::new(),
            delivering: false,
            held: false,
            release_timer: Timer::new(RELEASE),
            online: true,
            ended: false,
            outbox: None,
        }));
        // Numbers only: a `JsValue` argument costs an externref table slot
        // per call, and the frames need none (what a close or a
        // credentials result carries is held in JS, see `take_held`).
        let wake = bind_wake(
            // By value: the glue takes them, and the wasm drops neither.
            wasm_bindgen::function_table(),
            wasm_bindgen::memory(),
            wake as extern "C" fn(u32, u32, f64, u32) as usize as i32,
            register(&this) as i32,
        );
        this.borrow_mut().wake = wake;
        this
    }

    /// Runs what the driver's JS function was called for: a socket event
    /// (see [`SocketEvent::new`]), a timer or the `online` event, each
    /// with the clock read in JS (no call back into JS for it), or the
    /// microtask. One
    /// function for all of them rather than a closure each: each closure
    /// brought its own glue.
    fn on_wake(this: &Shared, kind: u32, time: f64, n: u32) {
        #[cfg(feature = "js")]
        if kind == CREDENTIALS {
            return Driver::on_js_credentials(this, time as u64, n != 0);
        }
        // Read once for every kind that has it (the microtask's is 0).
        let now = at(time);
        if kind >= socket::OPEN {
            Driver::handle_socket(this, SocketEvent::new(kind, n), now);
        } else if kind == MICROTASK {
            Driver::on_microtask(this);
        } else {
            let mut d = this.borrow_mut();
            match kind {
                DEADLINE => {
                    d.timer.fired();
                    // The engine checks what is due itself: nothing, if
                    // the deadline moved since the timer was armed.
                    d.session.handle_timeout(now);
                }
                REPLIES => d.reply_timer.fired(),
                RELEASE => {
                    d.held = false;
                    d.release_timer.fired();
                }
                _ => d.session.handle_online(now),
            }
            if kind != RELEASE {
                d.drive(this);
            }
        }
        // Every input ends with the events it queued going out (a
        // microtask that sent nothing finds none).
        Driver::deliver(this);
    }

    /// Publishes, within the persistent outbox's bounds when there is one.
    pub(crate) fn publish(&mut self, message: OutgoingMessage) -> Result<CommandId, CommandError> {
        let now = match self.publish_clock {
            Some(now) => now,
            None => {
                let now = now();
                self.publish_clock = Some(now);
                self.drive_command();
                now
            }
        };
        // One call of the engine's publish, with or without an outbox.
        let kept = match self.outbox.as_mut() {
            Some(outbox) => {
                outbox.room.check_room(&message)?;
                outbox.room.keeps(&message).then(|| message.queued_size())
            }
            None => None,
        };
        let id = self.session.publish(now, message);
        if let (Ok(_), Some(bytes), Some(outbox)) = (&id, kept, self.outbox.as_mut()) {
            outbox.room.accepted(bytes);
        }
        id
    }

    /// Sends every event from now on to `sink`, synchronously (see
    /// [`Driver::deliver`]).
    #[cfg(feature = "js")]
    pub(crate) fn set_sink(&mut self, sink: EventSink) {
        if !self.ended {
            self.sink = Some(sink);
        }
    }

    /// Calls the sink with the queued events, outside any borrow of the
    /// driver, so that a handler may issue commands. Called at the end of
    /// every input (socket, timers, `online`) and, after commands, from a
    /// microtask: a handler never runs inside a command.
    pub(crate) fn deliver(this: &Shared) {
        let sink = {
            let mut d = this.borrow_mut();
            if d.delivering || d.held || d.queued.is_empty() {
                return;
            }
            let Some(sink) = d.sink.clone() else { return };
            d.delivering = true;
            sink
        };
        // The sink may hold the client (the npm package's keeps it alive
        // until the end): it goes once the end is out, outside the borrow.
        // `Ended` is the last event queued, and the client has ended once
        // it is: so it is out when nothing is left after the end. One
        // borrow a turn: it notes the hold the sink asked for, takes the
        // next event or, with none, ends the delivery.
        let mut hold = false;
        let finished = loop {
            let mut d = this.borrow_mut();
            if hold {
                d.held = true;
                let d = &mut *d;
                d.release_timer.arm(&d.wake, 0, 0);
            }
            let event = if d.held { None } else { d.queued.pop_front() };
            let Some(event) = event else {
                d.delivering = false;
                break if d.ended && d.queued.is_empty() {
                    d.sink.take()
                } else {
                    None
                };
            };
            drop(d);
            hold = sink(event);
        };
        drop(finished);
    }

    /// A stream of the session's events other than command completions.
    pub(crate) fn subscribe_events(&mut self) -> Receiver<Event> {
        let (tx, rx) = channel::unbounded();
        // After the end the stream ends at once: dropping `tx` closes it.
        if !self.ended {
            self.listeners().add_stream(tx);
        }
        rx
    }

    /// Resolves once the client has ended (at once if it has).
    pub(crate) fn when_ended(&mut self) -> OneshotReceiver<Completion> {
        let (tx, rx) = channel::oneshot();
        if !self.ended {
            self.listeners().add_end_waiter(tx);
        }
        rx
    }

    fn listeners(&mut self) -> &mut dyn Listeners {
        self.listeners
            .get_or_insert_with(|| Box::new(Streams::default()))
            .as_mut()
    }

    /// An event of the current socket: dropping a socket removes its
    /// handlers, so none comes from an earlier one.
    #[inline(never)]
    fn handle_socket(this: &Shared, event: SocketEvent, now: Instant) {
        let mut d = this.borrow_mut();
        match event {
            SocketEvent::Open => d.session.handle_transport_open(now),
            SocketEvent::Data(len) => {
                let d = &mut *d;
                d.session.handle_bytes(now, &d.rx_buffer[..len]);
                // Brokers send a frame per packet. The acknowledgements a
                // frame calls for wait for a zero-delay timer, which runs
                // after the frames already received, so that a burst of
                // messages is answered in one frame rather than one each;
                // but no longer than REPLY_WAIT_MS, because under a steady
                // stream of frames the browser runs that timer late, and a
                // broker waiting for PUBREL or for its in-flight window to
                // open waits with it.
                let at = now.as_millis();
                let since = *d.replies_since.get_or_insert(at);
                d.defer_send = at.saturating_sub(since) < REPLY_WAIT_MS;
                d.drive(this);
                d.defer_send = false;
                if !d.session.has_pending_transmit() {
                    d.replies_since = None;
                } else if !d.reply_timer.is_armed() {
                    d.reply_timer.arm(&d.wake, at, at);
                }
                return;
            }
            SocketEvent::Text => {
                // [MQTT-6.0.0-1]: a text frame closes the connection; the
                // engine says so first, in 5.0 with a DISCONNECT.
                d.session
                    .handle_protocol_violation(now, ProtocolViolation::TextFrame);
            }
            SocketEvent::Closed(error) => {
                d.socket = None;
                d.session.handle_transport_closed(now, error);
            }
        }
        d.drive(this);
    }

    /// Drains the engine's outputs, in its order.
    pub(crate) fn drive(&mut self, this: &Shared) {
        loop {
            // Un-pausing makes the engine produce more: do it before
            // draining, so nothing it produces waits for the next input.
            self.unpause_if_drained();
            // The actions read in place by index, then cleared: one or two
            // at most, and `poll_action`'s `Vec::remove` was code of its
            // own. One an action queues (a socket the browser refused to
            // open closes at once) is read in the same loop, in order.
            let mut i = 0;
            while let Some(action) = self.session.action_at(i) {
                i += 1;
                match action {
                    Action::Open => self.open(this),
                    Action::Close => {
                        // What precedes a close (DISCONNECT) goes out now.
                        self.defer_send = false;
                        self.flush();
                        self.generation += 1;
                        self.socket = None;
                    }
                }
            }
            self.session.clear_actions();
            self.flush();
            if !self.dispatch_events() && i == 0 {
                break;
            }
        }
        self.arm_timer();
        self.schedule_outbox_write();
    }

    /// Writes what changed in the persistent outbox from a microtask, once
    /// per turn of the event loop; the store is called with the driver
    /// released, as it is code outside the engine.
    fn schedule_outbox_write(&mut self) {
        let Some(outbox) = self
            .outbox
            .as_mut()
            .filter(|o| o.wants_write(&self.session))
        else {
            return;
        };
        outbox.write_scheduled = true;
        microtask(&self.wake, MICROTASK as i32);
    }

    /// Runs the work deferred to a microtask: the outbox's write, then the
    /// send of what commands wrote. Both are flagged, so a microtask queued
    /// twice in one turn does the work once. A plain JS function the
    /// driver keeps rather than a spawned future: no task queue, no waker.
    /// Inlined into `wake` (14 B gzip less, now that it takes the driver
    /// once); `on_js_credentials` is not (6 B less so).
    fn on_microtask(this: &Shared) {
        let mut d = this.borrow_mut();
        let dd = &mut *d;
        if let Some(outbox) = dd.outbox.as_mut().filter(|o| o.write_scheduled) {
            outbox.write_scheduled = false;
            if let Some(mut journal) = outbox.journal.take() {
                (outbox.room.messages, outbox.room.bytes) =
                    journal.prepare(&dd.session, wall_now());
                // The store is code outside the engine: called with the
                // driver released. The journal is out of the driver
                // meanwhile, so a `Published` dispatched during the write
                // (a store that called back into the client, e.g. `end()`)
                // would skip its `completed()` and the journal would not
                // learn of it. None can come today: the npm package's
                // store (outbox.js's writer, through `JsStore`) only
                // queues IndexedDB requests, whose callbacks run in later
                // tasks, and calls nothing of the client.
                drop(d);
                journal.flush();
                d = this.borrow_mut();
                if let Some(outbox) = d.outbox.as_mut() {
                    outbox.journal = Some(journal);
                }
            }
        }
        d.publish_clock = None;
        if d.send_scheduled {
            d.send_scheduled = false;
            d.drive(this);
        }
    }

    fn open(&mut self, this: &Shared) {
        self.generation += 1;
        self.socket = None;
        self.attempt_connected = false;
        let generation = self.generation;
        match self.provider.as_ref() {
            None => self.open_socket(None),
            Some(Provide::Callback(provide)) => provide(this, generation),
            // The attempt's number comes back as the call's time (exact:
            // far below 2^53).
            #[cfg(feature = "js")]
            Some(Provide::Js(f, _)) => super::glue::provide(f, &self.wake, generation as f64),
        }
    }

    /// The npm provider's result for attempt `generation`, held in JS (see
    /// `glue::provide`): read with the driver released, as reading it may
    /// run the page's code (getters).
    #[cfg(feature = "js")]
    #[inline(never)]
    fn on_js_credentials(this: &Shared, generation: u64, failed: bool) {
        let value = super::glue::take_held();
        let read = match this.borrow().provider {
            Some(Provide::Js(_, read)) => read,
            _ => return,
        };
        Driver::on_credentials(this, generation, read(value, failed));
    }

    /// The provider's result for attempt `generation`: connects with it,
    /// or fails the attempt with why.
    pub(crate) fn on_credentials(
        this: &Shared,
        generation: u64,
        target: Result<ConnectTarget, String>,
    ) {
        let mut d = this.borrow_mut();
        if d.generation != generation {
            return;
        }
        match target {
            // Taken out and the target dropped whole, rather than moved
            // out by parts, each with a drop of its own for the others.
            Ok(mut t) => {
                if t.username.is_some() || t.password.is_some() {
                    d.session
                        .set_credentials(t.username.take(), t.password.take());
                }
                d.open_socket(t.url.as_deref());
            }
            Err(e) => {
                // Joined by hand: `format!` would link `core::fmt` (see
                // `crate::text`).
                let mut reason = String::from("credentials provider failed: ");
                reason.push_str(&e);
                let e = TransportError::new(reason);
                d.session.handle_transport_closed(now(), e);
            }
        }
        d.drive(this);
        drop(d);
        Driver::deliver(this);
    }

    /// Opens a socket to `url`, or to the current broker URL.
    fn open_socket(&mut self, url: Option<&str>) {
        // Within the list: failover wraps it (see `dispatch`).
        let current = self.urls.get(self.url_index);
        let url = url.or(current.map(String::as_str)).unwrap_or("");
        match Socket::open(url, self.session.version(), &self.wake, &self.rx_buffer) {
            Ok(socket) => self.socket = Some(socket),
            Err(e) => self.session.handle_transport_closed(now(), e),
        }
    }

    /// After an application command: the engine is driven from a
    /// microtask, which sends the bytes it wrote, so that commands issued
    /// in one turn of the event loop (a loop of publishes) share one
    /// WebSocket frame instead of one frame each, and one drive rather
    /// than one each. Their results and events come from there too (a
    /// command's result never came before the command returned: the
    /// npm package's callbacks and promises run from microtasks, the Rust
    /// API's futures from their tasks). So a QoS 0 publish settles once
    /// its frame is handed to the socket, after microtasks the caller
    /// queued in the same turn, as MQTT.js's callback comes after the write.
    /// The microtask is queued once a turn, by the turn's first command.
    pub(crate) fn drive_command(&mut self) {
        if !self.send_scheduled {
            self.send_scheduled = true;
            microtask(&self.wake, MICROTASK as i32);
        }
    }

    /// Sends what the engine has written, as one frame; pauses the engine
    /// while the browser's send buffer is over the high-water mark.
    fn flush(&mut self) {
        // Nothing to send is the common case (every received frame that
        // needs no reply): decided before asking the socket its state, a
        // call into JS.
        if self.defer_send || !self.session.has_pending_transmit() {
            return;
        }
        let Some(socket) = self.socket.as_ref().filter(|s| s.is_open()) else {
            return;
        };
        self.tx.clear();
        // Not empty: asked above.
        self.session.poll_transmit(&mut self.tx);
        self.replies_since = None;
        let full = match socket.send(&self.tx) {
            Ok(buffered) => buffered > HIGH_WATER,
            Err(e) => {
                self.socket = None;
                self.session.handle_transport_closed(now(), e);
                return;
            }
        };
        if full != self.paused {
            self.paused = full;
            self.session.set_paused(now(), full);
        }
    }

    fn unpause_if_drained(&mut self) {
        if self.paused {
            let drained = self
                .socket
                .as_ref()
                .is_none_or(|s| s.buffered_amount() <= HIGH_WATER / 2);
            if drained {
                self.paused = false;
                self.session.set_paused(now(), false);
            }
        }
    }

    /// Not inlined into `drive`: 21 B gzip less.
    #[inline(never)]
    fn arm_timer(&mut self) {
        let mut at = self.session.poll_timeout().map(|t| t.as_millis());
        // Most drives leave the deadline where it was: no clock read (a
        // call into JS) for them.
        let unchanged = |t: &Timer| at.is_some_and(|a| t.is_armed_for(a));
        if !self.paused && !self.ended && unchanged(&self.timer) {
            return;
        }
        let now = now();
        if self.paused {
            let poll = now.as_millis() + DRAIN_POLL_MS;
            at = Some(at.map_or(poll, |a| a.min(poll)));
        }
        match at {
            Some(at) if !self.ended => self.timer.arm(&self.wake, now.as_millis(), at),
            _ => self.timer.cancel(),
        }
    }

    /// Hands out the engine's events; returns whether there were any.
    /// The loop out of `drive` too, not only `dispatch`: 18 B gzip less.
    #[inline(never)]
    fn dispatch_events(&mut self) -> bool {
        let mut any = false;
        while let Some(event) = self.session.poll_event() {
            any = true;
            self.dispatch(event);
        }
        any
    }

    /// Not inlined into `drive`: there the event was copied once more on
    /// its way in, and the whole was 91 B (gzip) larger.
    #[inline(never)]
    fn dispatch(&mut self, event: Event) {
        match event {
            Event::Published { id, result } => {
                if let Some(j) = self.outbox.as_mut().and_then(|o| o.journal.as_mut()) {
                    j.completed(id, &result);
                }
                self.complete(id, Completion::Published(result))
            }
            Event::Subscribed { id, result } => self.complete(id, Completion::Subscribed(result)),
            Event::Unsubscribed { id, result } => {
                self.complete(id, Completion::Unsubscribed(result))
            }
            other => {
                match &other {
                    Event::Connected { .. } => self.attempt_connected = true,
                    Event::ConnectionLost { .. }
                        if !self.attempt_connected && !self.urls.is_empty() =>
                    {
                        // Fail over to the next broker URL.
                        self.url_index = (self.url_index + 1) % self.urls.len();
                    }
                    _ => {}
                }
                // Not `==`: the derived comparison was code of its own.
                let ended = matches!(other, Event::Ended);
                let event = match self.listeners.as_mut() {
                    Some(l) => l.fan_out(other, self.sink.is_some()),
                    None => Some(other),
                };
                if self.sink.is_some()
                    && let Some(e) = event
                {
                    self.queued.push_back(e);
                }
                if ended {
                    self.shut_down();
                    // Dropping the senders ends every event stream, and
                    // what `end` waits on.
                    self.listeners = None;
                }
            }
        }
    }

    /// A command issued as `issued` says: its result goes to `done` from
    /// now on (commands come in order), or it was refused at once, and
    /// `done` is never called. Apart from the generic issuing, so that
    /// each kind of command does not bring a copy of it.
    #[inline(never)]
    pub(crate) fn issued(
        &mut self,
        issued: Result<CommandId, CommandError>,
        done: Completer,
    ) -> Result<(), CommandError> {
        match issued {
            Ok(id) => {
                self.completions.push((id, done));
                self.drive_command();
                Ok(())
            }
            Err(e) => {
                done.disarm();
                Err(e)
            }
        }
    }

    fn complete(&mut self, id: CommandId, completion: Completion) {
        // The list is in command order. A result that comes before an
        // earlier command's leaves its entry spent until the earlier ones
        // are done, rather than removed from the middle (results mostly
        // come in order, and `VecDeque::remove` was 0.6 KB of wasm).
        let waiting = &mut self.completions[self.completions_done..];
        if let Ok(i) = waiting.binary_search_by_key(&id, |(c, _)| *c)
            && let Some(f) = waiting[i].1.0.take()
        {
            f(Some(completion));
        }
        let all = self.completions.len();
        let mut done = self.completions_done;
        while done < all && self.completions[done].1.is_spent() {
            done += 1;
        }
        // The spent ones go once they are half the list (or all of it), so
        // each entry is moved at most once on average.
        if done * 2 >= all {
            self.completions.drain(..done);
            done = 0;
        }
        self.completions_done = done;
    }

    fn shut_down(&mut self) {
        self.ended = true;
        self.generation += 1;
        self.socket = None;
        self.timer.cancel();
        self.reply_timer.cancel();
        if self.online {
            self.online = false;
            release(&self.wake);
        }
    }
}
