//! The session engine: state, the driver's inputs and outputs, and the
//! connection lifecycle. Sending lives in `send.rs`, receiving in
//! `receive.rs`, building CONNECT in `connect.rs`. State with counts to keep
//! in step has an owner of its own, which the three change only through
//! its methods: the queue of unsent publications (`outbox.rs`), the
//! in-flight window (`in_flight.rs`) and the pending requests
//! (`requests.rs`).

use alloc::boxed::Box;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::aliases::{IncomingAliases, OutgoingAliases};
use super::backoff::{Rng, reconnect_delay};
use super::error::{
    CommandError, ConfigError, ConnectionError, EndError, ProtocolViolation, TransportError,
};
use super::event::{Action, CommandId, Event};
use super::id_map::IdSet;
use super::in_flight::InFlightWindow;
use super::limits::ServerLimits;
use super::options::{Authenticator, Options};
use super::outbox::Outbox;
use super::packet_ids::PacketIds;
use super::requests::{PendingRequest, Request, Requests};
use super::subscriptions::Registry;
use super::time::Instant;
use super::timers::{Timer, Timers};
use crate::codec::{
    Auth, ConnectReasonCode, DisconnectReasonCode, Encode, EncodeError, PacketBuffer, PacketId,
    PacketType, ProtocolVersion, put_client_disconnect,
};

/// A packet [`Session::write`] can append: [`Encode::encode`] alone
/// behind `dyn`, so that a trait object's table holds only that (through
/// `dyn Encode` each packet type's `encoded_len` came along).
pub(crate) trait Writes {
    fn write_to(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<usize, EncodeError>;
}

impl<T: Encode> Writes for T {
    fn write_to(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<usize, EncodeError> {
        self.encode(version, out)
    }
}

/// The MQTT 5.0 enhanced authentication handler (§4.12), with the
/// functions that use it: the CONNECT's method and first data, and the
/// answer to the server's AUTH. They are reached only through this slot,
/// which only [`Session::set_authenticator`] fills: a build that never
/// sets an authenticator (the npm package) links none of the AUTH reply
/// (its encoder, its properties' writer, [`Session::write`]) and makes no
/// call to an authenticator when it connects.
pub(crate) struct AuthSlot {
    pub(crate) handler: Box<dyn Authenticator>,
    /// Answers the server's AUTH.
    pub(crate) answer: fn(&mut Session, Instant, &Auth<'_>) -> Result<(), ProtocolViolation>,
    /// Writes the CONNECT with the handler's method and first data.
    pub(crate) connect:
        fn(&mut AuthSlot, &Options, bool, &mut Vec<u8>) -> Result<usize, EncodeError>,
}

/// The incoming packet size limit a session's options ask for.
fn receive_limit(options: &Options) -> u32 {
    options
        .max_packet_size
        .unwrap_or(crate::codec::MAX_PACKET_SIZE)
}

/// Where the connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not connected and not trying: before `connect`, or after a loss with
    /// reconnect turned off.
    Idle,
    /// Waiting for the transport to open.
    Opening,
    /// CONNECT sent, waiting for CONNACK.
    AwaitingConnAck,
    /// CONNACK accepted the connection.
    Connected,
    /// Waiting out the backoff before the next attempt.
    WaitingToReconnect,
    /// `end` was called: finishing in-flight work before DISCONNECT.
    Ending,
    /// Done; no more events.
    Ended,
}

/// How `end` finishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndOptions {
    /// Stop at once, cancelling unfinished commands, instead of waiting for
    /// them to complete.
    pub force: bool,
    /// MQTT 5.0 DISCONNECT reason (Disconnect with Will Message publishes
    /// the will).
    pub reason: DisconnectReasonCode,
    /// MQTT 5.0: a new session expiry interval (§3.14.2.2.2). Non-zero
    /// only if the CONNECT's was non-zero: see [`EndOptions::check`].
    pub session_expiry_interval: Option<u32>,
}

impl EndOptions {
    /// Whether these options can end a client connected with `connect`.
    /// In MQTT 5.0 a non-zero Session Expiry Interval in DISCONNECT after a
    /// CONNECT whose interval was zero (or absent, which means zero) is a
    /// Protocol Error (§3.14.2.2.2): the server would close the connection
    /// as abnormal and publish the will. Before MQTT 5.0 DISCONNECT has no
    /// properties, so the interval is not sent and not checked.
    pub fn check(&self, connect: &Options) -> Result<(), EndError> {
        let raised = self.session_expiry_interval.is_some_and(|s| s != 0);
        let was_zero = connect.session_expiry_interval.unwrap_or(0) == 0;
        if connect.version.is_v5() && raised && was_zero {
            return Err(EndError::SessionExpiryWasZero);
        }
        Ok(())
    }
}

impl Default for EndOptions {
    fn default() -> Self {
        EndOptions {
            force: false,
            reason: DisconnectReasonCode::NormalDisconnection,
            session_expiry_interval: None,
        }
    }
}

/// The sans-IO MQTT session engine.
///
/// It never touches a socket, reads a clock or makes up a random number:
/// the driver feeds it bytes, transport changes and the time, and carries
/// out what it asks for. The same engine drives a browser WebSocket and a
/// native TCP test driver.
///
/// # Methods, by group
///
/// - **Getters**: [`state`](Self::state), [`limits`](Self::limits),
///   [`client_id`](Self::client_id), [`in_flight`](Self::in_flight),
///   [`queued`](Self::queued).
/// - **Inputs** (`handle_*`): [`handle_transport_open`](Self::handle_transport_open),
///   [`handle_bytes`](Self::handle_bytes),
///   [`handle_transport_closed`](Self::handle_transport_closed),
///   [`handle_timeout`](Self::handle_timeout),
///   [`handle_online`](Self::handle_online),
///   [`set_paused`](Self::set_paused).
/// - **Commands**: [`connect`](Self::connect), [`publish`](Self::publish),
///   [`subscribe`](Self::subscribe), [`unsubscribe`](Self::unsubscribe),
///   [`end`](Self::end).
/// - **Outputs** (`poll_*`): [`poll_action`](Self::poll_action),
///   [`poll_transmit`](Self::poll_transmit), [`poll_event`](Self::poll_event),
///   [`poll_timeout`](Self::poll_timeout); and
///   [`has_pending_transmit`](Self::has_pending_transmit), which looks
///   without taking.
///
/// # The driver's loop
///
/// 1. Create the session and call [`connect`](Self::connect).
/// 2. Whenever something happens — the transport opened, bytes arrived, the
///    transport closed, the deadline passed, the application issued a
///    command — call the matching `handle_*` or command method with the
///    current time.
/// 3. Then drain the outputs, in this order: every [`Action`] from
///    [`poll_action`](Self::poll_action) (open a transport; or send what is
///    left and close it), the bytes from
///    [`poll_transmit`](Self::poll_transmit) (send them as one frame), every
///    [`Event`] from [`poll_event`](Self::poll_event) (hand them to the
///    application), and finally [`poll_timeout`](Self::poll_timeout): arm
///    one timer for that instant, which calls
///    [`handle_timeout`](Self::handle_timeout).
///
/// Here a stand-in transport opens at once and a stand-in server answers
/// CONNECT with CONNACK; the application publishes once connected, then
/// ends. A real driver does the same from its socket's and timer's
/// callbacks, reading its clock each time.
///
/// ```
/// use std::collections::VecDeque;
/// use webmqtt::codec::{ConnAck, Encode, Packet, ProtocolVersion, QoS, Status, decode};
/// use webmqtt::session::{
///     Action, EndOptions, Event, Instant, Options, OutgoingMessage, Session,
/// };
///
/// /// What happens to the driver: its transport's callbacks, its timer,
/// /// and the application's calls.
/// enum Input {
///     Opened,
///     Received(Vec<u8>),
///     Deadline,
///     Publish,
///     End,
/// }
///
/// let version = ProtocolVersion::V3_1_1;
/// let mut session = Session::new(Options {
///     version,
///     client_id: "doc-example".into(),
///     ..Options::default()
/// })?;
/// let mut now = Instant::from_millis(0);
/// let mut inputs = VecDeque::new();
/// let mut frame = Vec::new();
/// let mut frames_sent = Vec::new();
/// let mut events = Vec::new();
///
/// // 1. Create the session and connect.
/// session.connect(now);
/// loop {
///     // 3. Drain the outputs, in order.
///     while let Some(action) = session.poll_action() {
///         match action {
///             Action::Open => inputs.push_back(Input::Opened),
///             // Send what is left, then close the transport.
///             Action::Close => {
///                 frame.clear();
///                 if session.poll_transmit(&mut frame) > 0 {
///                     frames_sent.push(frame.clone());
///                 }
///             }
///         }
///     }
///     frame.clear();
///     if session.poll_transmit(&mut frame) > 0 {
///         // One frame for everything written since the last call.
///         frames_sent.push(frame.clone());
///         if let Ok(Status::Complete((Packet::Connect(_), _))) = decode(&frame, version, 1024) {
///             let mut connack = Vec::new();
///             ConnAck::default().encode(version, &mut connack)?;
///             inputs.push_back(Input::Received(connack));
///         }
///     }
///     while let Some(event) = session.poll_event() {
///         match &event {
///             Event::Connected { .. } => inputs.push_back(Input::Publish),
///             Event::Published { result, .. } => {
///                 assert!(result.is_ok());
///                 inputs.push_back(Input::End);
///             }
///             _ => {}
///         }
///         events.push(event);
///     }
///     // Arm one timer for the next deadline: here, wait until nothing
///     // else is left to do, then jump the clock to it.
///     let deadline = session.poll_timeout();
///     let input = match (inputs.pop_front(), deadline) {
///         (Some(input), _) => input,
///         (None, Some(at)) => {
///             now = at;
///             Input::Deadline
///         }
///         (None, None) => break,
///     };
///     // 2. Tell the session what happened.
///     match input {
///         Input::Opened => session.handle_transport_open(now),
///         Input::Received(bytes) => session.handle_bytes(now, &bytes),
///         Input::Deadline => session.handle_timeout(now),
///         Input::Publish => {
///             let hello = OutgoingMessage::new("greetings", "hello", QoS::AtMostOnce);
///             session.publish(now, hello)?;
///         }
///         Input::End => session.end(now, EndOptions::default())?,
///     }
/// }
///
/// // CONNECT, PUBLISH, DISCONNECT: the first byte gives each one's type.
/// let types: Vec<u8> = frames_sent.iter().map(|f| f[0] >> 4).collect();
/// assert_eq!(types, [1, 3, 14]);
/// assert!(matches!(
///     events.as_slice(),
///     [Event::Connected { .. }, Event::Published { .. }, Event::Ended]
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Session {
    pub(crate) options: Options,
    pub(crate) authenticator: Option<AuthSlot>,
    pub(crate) state: State,
    /// Set once a CONNACK has accepted a connection: reconnects then resume
    /// the session instead of starting clean (MQTT 5.0).
    pub(crate) has_connected: bool,
    pub(crate) limits: ServerLimits,
    pub(crate) keep_alive: Duration,
    pub(crate) tx: Vec<u8>,
    pub(crate) rx: PacketBuffer,
    pub(crate) events: VecDeque<Event>,
    /// Transport actions in order. A `Vec` read from the front by index
    /// (`actions_taken`), and emptied once every one was taken: it holds
    /// one or two, a `VecDeque` of its own element type cost more code
    /// than it saved, and `Vec::remove` was code of its own too.
    pub(crate) actions: Vec<Action>,
    /// How many of `actions` [`poll_action`](Self::poll_action) handed out.
    pub(crate) actions_taken: usize,
    pub(crate) timers: Timers,
    pub(crate) last_sent: Instant,
    pub(crate) ids: PacketIds,
    pub(crate) next_command: u64,
    /// Publications not yet sent: offline, or waiting for the window.
    pub(crate) outbox: Outbox,
    pub(crate) in_flight: InFlightWindow,
    /// Set when the client forgot session state the server may still
    /// hold: the next CONNECT starts clean so identifiers cannot clash.
    pub(crate) start_clean: bool,
    pub(crate) last_received: Instant,
    /// SUBSCRIBE and UNSUBSCRIBE requests not yet answered.
    pub(crate) requests: Requests,
    /// QoS 2 packet identifiers of the server's, between PUBREC and PUBREL.
    pub(crate) incoming_qos2: IdSet,
    pub(crate) out_aliases: OutgoingAliases,
    pub(crate) in_aliases: IncomingAliases,
    pub(crate) subscriptions: Registry,
    pub(crate) next_subscription_id: u32,
    pub(crate) reconnect_attempt: u32,
    pub(crate) connected_at: Option<Instant>,
    pub(crate) rng: Rng,
    pub(crate) paused: bool,
    pub(crate) end_options: Option<EndOptions>,
}

impl core::fmt::Debug for Session {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Session")
            .field("state", &self.state)
            .field("client_id", &self.options.client_id)
            .field("in_flight", &self.in_flight.len())
            .field("queued", &self.outbox.len())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session with `options`. Fails with a [`ConfigError`] when they
    /// break the protocol's rules: a Receive Maximum or Maximum Packet Size
    /// of 0 (MQTT 5.0 §3.1.2.11.3, §3.1.2.11.4), or a CONNECT that could
    /// not be encoded (an invalid will topic, a password without a user
    /// name before MQTT 5.0, a field over 65,535 bytes, …). Checking here
    /// means a mistake in the options is reported once, to the caller, and
    /// not as a connection that fails on every attempt.
    pub fn new(options: Options) -> Result<Session, ConfigError> {
        // Zero would mean "nothing may arrive" (MQTT 5.0 §3.1.2.11.3-4);
        // the protocol makes both a protocol error.
        if options.receive_maximum == 0 {
            return Err(ConfigError::ReceiveMaximumZero);
        }
        if options.max_packet_size == Some(0) {
            return Err(ConfigError::MaxPacketSizeZero);
        }
        let under_a_millisecond = |d: Duration| d < Duration::from_millis(1);
        if under_a_millisecond(options.connect_timeout) {
            return Err(ConfigError::TooShort {
                option: "connect_timeout",
            });
        }
        // Zero means "not set" (the keep alive decides), so only a
        // fraction of a millisecond is refused.
        if options
            .ping_interval
            .is_some_and(|d| !d.is_zero() && under_a_millisecond(d))
        {
            return Err(ConfigError::TooShort {
                option: "ping_interval",
            });
        }
        super::connect::check_connect(&options)?;
        Ok(Session {
            rx: PacketBuffer::from_server(options.version, receive_limit(&options)),
            rng: Rng::new(options.random_seed),
            in_flight: InFlightWindow::new(usize::from(options.default_send_window.max(1))),
            keep_alive: Duration::from_secs(u64::from(options.keep_alive)),
            options,
            authenticator: None,
            state: State::Idle,
            has_connected: false,
            limits: ServerLimits::default(),
            tx: Vec::new(),
            events: VecDeque::new(),
            actions: Vec::new(),
            actions_taken: 0,
            timers: Timers::default(),
            last_sent: Instant::default(),
            ids: PacketIds::new(),
            next_command: 0,
            outbox: Outbox::default(),
            start_clean: false,
            last_received: Instant::default(),
            requests: Requests::default(),
            incoming_qos2: IdSet::new(),
            out_aliases: OutgoingAliases::default(),
            in_aliases: IncomingAliases::default(),
            subscriptions: Registry::default(),
            next_subscription_id: 1,
            reconnect_attempt: 0,
            connected_at: None,
            paused: false,
            end_options: None,
        })
    }

    /// Replaces the user name and password the next CONNECT sends: a driver
    /// that fetches a fresh token before each reconnect calls this before
    /// [`handle_transport_open`](Self::handle_transport_open).
    pub fn set_credentials(&mut self, username: Option<String>, password: Option<Vec<u8>>) {
        self.options.username = username;
        self.options.password = password;
    }

    /// Sets the MQTT 5.0 enhanced authentication handler (§4.12).
    pub fn set_authenticator(&mut self, authenticator: Box<dyn Authenticator>) {
        self.authenticator = Some(AuthSlot {
            handler: authenticator,
            answer: Session::on_auth,
            connect: super::connect::write_authenticated_connect,
        });
    }

    // ----- getters -------------------------------------------------------

    /// Where the connection stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// The current connection's server limits (defaults before CONNACK).
    pub fn limits(&self) -> &ServerLimits {
        &self.limits
    }

    /// The client identifier: the configured one, or the one the server
    /// assigned.
    pub fn client_id(&self) -> &str {
        &self.options.client_id
    }

    /// The protocol version.
    pub fn version(&self) -> ProtocolVersion {
        self.options.version
    }

    /// QoS 1 and 2 publications sent and not yet acknowledged.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Publications waiting to be sent.
    pub fn queued(&self) -> usize {
        self.outbox.len()
    }

    // ----- outputs -------------------------------------------------------

    /// The next thing to do with the transport.
    #[must_use = "an action not carried out leaves the transport out of step with the session"]
    pub fn poll_action(&mut self) -> Option<Action> {
        let next = self.actions.get(self.actions_taken).copied();
        if next.is_some() {
            self.actions_taken += 1;
        } else {
            self.clear_actions();
        }
        next
    }

    /// The `i`th transport action queued since the last
    /// [`clear_actions`](Self::clear_actions), for a driver that reads
    /// them in place (an action it carries out can queue another, read in
    /// the same walk) rather than one at a time by
    /// [`poll_action`](Self::poll_action). Use one way or the other.
    pub fn action_at(&self, i: usize) -> Option<Action> {
        self.actions.get(i).copied()
    }

    /// Forgets the queued actions, as [`poll_action`](Self::poll_action)
    /// does once every one was taken: for a driver that read them with
    /// [`action_at`](Self::action_at) and carried them out.
    pub fn clear_actions(&mut self) {
        self.actions.clear();
        self.actions_taken = 0;
    }

    /// Moves every byte waiting to be sent into `buf` (appending); returns
    /// how many. All packets produced since the last call go out together,
    /// so a driver sends one frame for many packets. This is the one way
    /// bytes leave the session. Into an empty `buf` it swaps buffers
    /// instead of copying, so a driver that clears and reuses one `Vec`
    /// allocates nothing once both have grown. (The count is for
    /// convenience: the bytes are in `buf` whether it is read or not, so
    /// it is not `#[must_use]`.)
    pub fn poll_transmit(&mut self, buf: &mut Vec<u8>) -> usize {
        let n = self.tx.len();
        if buf.is_empty() {
            core::mem::swap(buf, &mut self.tx);
        } else {
            buf.append(&mut self.tx);
        }
        n
    }

    /// Whether bytes wait for [`poll_transmit`](Self::poll_transmit),
    /// without taking them. A driver that holds writes back to batch them
    /// into one frame leaves them here meanwhile: if the connection is lost
    /// first, the session drops them with it, and what matters is resent
    /// from the session state after the reconnect.
    pub fn has_pending_transmit(&self) -> bool {
        !self.tx.is_empty()
    }

    /// The next event for the application.
    #[must_use = "an event not handed on is lost: a command's completion, a message"]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When [`handle_timeout`](Self::handle_timeout) must next be called.
    #[must_use = "keep alive, timeouts and reconnects need a timer armed for this instant"]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.next()
    }

    // ----- inputs --------------------------------------------------------

    /// Starts connecting: the driver gets [`Action::Open`].
    pub fn connect(&mut self, now: Instant) {
        if matches!(self.state, State::Idle | State::WaitingToReconnect) {
            self.timers.stop(Timer::Reconnect);
            self.start_attempt(now);
        }
    }

    pub(crate) fn start_attempt(&mut self, now: Instant) {
        self.state = State::Opening;
        self.timers
            .set(Timer::Connect, now + self.options.connect_timeout);
        self.actions.push(Action::Open);
    }

    /// The transport the session asked for is open: CONNECT goes out.
    pub fn handle_transport_open(&mut self, now: Instant) {
        if self.state != State::Opening {
            return;
        }
        // Emptied in place: its version and size limit come from the
        // options, which do not change.
        self.rx.clear();
        self.tx.clear();
        self.paused = false;
        self.last_received = now;
        self.send_connect(now);
    }

    /// The transport saw the server break the protocol below MQTT's
    /// packets, such as a WebSocket text frame [MQTT-6.0.0-1]: the
    /// connection closes as for a malformed packet, in MQTT 5.0 after a
    /// DISCONNECT with the violation's reason code (§4.13).
    pub fn handle_protocol_violation(&mut self, now: Instant, violation: ProtocolViolation) {
        if matches!(
            self.state,
            State::AwaitingConnAck | State::Connected | State::Ending
        ) {
            self.violation(now, ConnectionError::ProtocolViolation(violation));
        }
    }

    /// The browser is back online: a pending reconnect starts now.
    pub fn handle_online(&mut self, now: Instant) {
        if self.state == State::WaitingToReconnect {
            self.timers.set(Timer::Reconnect, now);
        }
    }

    /// Backpressure from the transport: while paused, the session queues
    /// publications instead of producing bytes.
    pub fn set_paused(&mut self, now: Instant, paused: bool) {
        self.paused = paused;
        if !paused {
            self.flush(now);
        }
    }

    /// The transport closed or failed (a `&str` converts into a
    /// [`TransportError`] without a close code).
    pub fn handle_transport_closed(&mut self, now: Instant, error: impl Into<TransportError>) {
        if matches!(
            self.state,
            State::Idle | State::WaitingToReconnect | State::Ended
        ) {
            return;
        }
        self.connection_lost(now, ConnectionError::Transport(error.into()));
    }

    /// Runs the timers due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        let mut due = self.timers.expire(now);
        while let Some(timer) = due.pop() {
            match timer {
                Timer::Connect => {
                    if matches!(self.state, State::Opening | State::AwaitingConnAck) {
                        self.connection_lost(now, ConnectionError::ConnectTimeout);
                    }
                }
                Timer::KeepAlive => self.keep_alive_due(now),
                Timer::PingResponse => {
                    if matches!(self.state, State::Connected | State::Ending) {
                        self.connection_lost(now, ConnectionError::KeepAliveTimeout);
                    }
                }
                Timer::Reconnect => {
                    if self.state == State::WaitingToReconnect {
                        self.emit(Event::Reconnecting {
                            attempt: self.reconnect_attempt,
                        });
                        self.start_attempt(now);
                    }
                }
            }
        }
    }

    fn keep_alive_due(&mut self, now: Instant) {
        if !matches!(self.state, State::Connected | State::Ending) || self.keep_alive.is_zero() {
            return;
        }
        // Ping when nothing was sent for a keep-alive period, and also when
        // nothing was received: a client that only publishes QoS 0 would
        // otherwise never notice a dead link.
        let due = self.last_sent.min(self.last_received) + self.ping_interval();
        if now >= due {
            if self.timers.get(Timer::PingResponse).is_none() {
                self.tx
                    .extend_from_slice(&[PacketType::PingReq.header_byte(), 0]);
                self.last_sent = now;
                self.timers
                    .set(Timer::PingResponse, now + self.ping_timeout());
            }
            self.timers
                .set(Timer::KeepAlive, now + self.ping_interval());
        } else {
            self.timers.set(Timer::KeepAlive, due);
        }
    }

    /// How long a PINGREQ waits for PINGRESP: [`Options::ping_timeout`], or
    /// the keep alive within 1 to 10 seconds.
    pub(crate) fn ping_timeout(&self) -> Duration {
        self.options.ping_timeout.unwrap_or_else(|| {
            self.keep_alive
                .clamp(Duration::from_secs(1), Duration::from_secs(10))
        })
    }

    /// Silence after which a PINGREQ goes out: the keep alive, or the
    /// shorter [`Options::ping_interval`].
    pub(crate) fn ping_interval(&self) -> Duration {
        match self.options.ping_interval {
            Some(p) if !p.is_zero() => p.min(self.keep_alive),
            _ => self.keep_alive,
        }
    }

    // ----- lifecycle -----------------------------------------------------

    /// Ends the client. Without `force`, it waits until every publication
    /// and request has completed, then sends DISCONNECT; with `force`, or
    /// when not connected, it stops at once and cancels what is unfinished.
    /// Either way [`Event::Ended`] comes last.
    ///
    /// Options that [`EndOptions::check`] refuses are refused here, before
    /// anything changes: the client goes on as it was.
    pub fn end(&mut self, now: Instant, options: EndOptions) -> Result<(), EndError> {
        self.check_end(&options)?;
        if self.state == State::Ended {
            return Ok(());
        }
        let force = options.force;
        if self.state == State::Ending && !force {
            return Ok(());
        }
        self.end_options = Some(options);
        if self.state == State::Connected && !force {
            self.state = State::Ending;
            self.finish_ending_if_idle(now);
        } else {
            self.finish_end(now);
        }
        Ok(())
    }

    /// Whether [`end`](Self::end) would take `options` (see
    /// [`EndOptions::check`]), without ending.
    pub fn check_end(&self, options: &EndOptions) -> Result<(), EndError> {
        options.check(&self.options)
    }

    pub(crate) fn finish_ending_if_idle(&mut self, now: Instant) {
        let idle = self.in_flight.is_empty() && self.outbox.is_empty() && self.requests.is_empty();
        if self.state == State::Ending && idle {
            self.finish_end(now);
        }
    }

    fn finish_end(&mut self, now: Instant) {
        if matches!(self.state, State::Connected | State::Ending) {
            let options = self.end_options.clone().unwrap_or_default();
            self.write_disconnect(now, options.reason, options.session_expiry_interval);
            self.actions.push(Action::Close);
        } else if matches!(self.state, State::Opening | State::AwaitingConnAck) {
            self.actions.push(Action::Close);
        }
        self.cancel_everything(Cancel::Ended);
        self.timers.stop_all();
        self.state = State::Ended;
        self.emit(Event::Ended);
    }

    /// Completes every unfinished command with the error for `reason`,
    /// made for each from the small copyable reason: cloned, the error's
    /// `Clone` was code of its own in the npm package.
    pub(crate) fn cancel_everything(&mut self, reason: Cancel) {
        // By index, then dropped whole: consuming loops were an iterator
        // and a drop of their own.
        let mut i = 0;
        while let Some((_, f)) = self.in_flight.at(i) {
            let id = f.command();
            self.emit(Event::Published {
                id,
                result: Err(reason.error()),
            });
            i += 1;
        }
        self.in_flight.clear();
        let mut i = 0;
        while let Some((id, _)) = self.outbox.at(i) {
            self.emit(Event::Published {
                id,
                result: Err(reason.error()),
            });
            i += 1;
        }
        self.outbox.clear();
        self.start_clean = true;
        while let Some(r) = self.requests.take_next() {
            self.fail_request(r, reason.error());
        }
        self.ids.reset();
    }

    /// The connection is gone: schedule a reconnect, or give up.
    pub(crate) fn connection_lost(&mut self, now: Instant, error: ConnectionError) {
        if matches!(
            self.state,
            State::Idle | State::WaitingToReconnect | State::Ended
        ) {
            // Already lost (or never there): the first reason stands.
            return;
        }
        self.actions.push(Action::Close);
        self.timers.stop(Timer::Connect);
        self.timers.stop(Timer::KeepAlive);
        self.timers.stop(Timer::PingResponse);
        // Bytes not handed to the transport are lost with it; what matters
        // is resent from the session state after the reconnect.
        self.tx.clear();
        // Requests in flight go out again on the next connection.
        self.requests.requeue_sent(&mut self.ids);
        if self.state == State::Ending {
            // Nothing more can be sent: end without DISCONNECT.
            self.state = State::Idle;
            self.finish_end(now);
            return;
        }
        if let Some(at) = self.connected_at.take()
            && now.saturating_duration_since(at) >= self.options.reconnect.stable_after
        {
            self.reconnect_attempt = 0;
        }
        let refusal = match &error {
            ConnectionError::Refused(code)
                if code.is_login_refusal()
                    || *code == ConnectReasonCode::UnsupportedProtocolVersion =>
            {
                Some(*code)
            }
            _ => None,
        };
        let retry = match refusal {
            // The same login would be refused again.
            Some(code) if code.is_login_refusal() => self.options.reconnect.retry_refused_login,
            // A server that does not speak this version never will.
            Some(_) => false,
            None => true,
        };
        if self.options.reconnect.enabled && retry {
            let delay = reconnect_delay(
                &self.options.reconnect,
                self.reconnect_attempt,
                &mut self.rng,
            );
            self.reconnect_attempt = self.reconnect_attempt.saturating_add(1);
            self.timers.set(Timer::Reconnect, now + delay);
            self.state = State::WaitingToReconnect;
            self.emit(Event::ConnectionLost {
                error,
                reconnect_in: Some(delay),
            });
        } else {
            self.state = State::Idle;
            self.emit(Event::ConnectionLost {
                error,
                reconnect_in: None,
            });
            self.cancel_everything(match refusal {
                Some(code) => Cancel::Refused(code),
                None => Cancel::Lost,
            });
        }
    }

    /// Closes the connection for a server's protocol violation: in MQTT 5.0
    /// with DISCONNECT and the matching reason code first (§4.13).
    pub(crate) fn violation(&mut self, now: Instant, error: ConnectionError) {
        let reason = match &error {
            ConnectionError::ProtocolViolation(v) => Some(v.reason_code()),
            ConnectionError::MalformedPacket(e) => Some(super::receive::disconnect_reason(e)),
            ConnectionError::PacketTooLarge { .. } => Some(DisconnectReasonCode::PacketTooLarge),
            _ => None,
        };
        let connected = matches!(
            self.state,
            State::AwaitingConnAck | State::Connected | State::Ending
        );
        self.connection_lost(now, error);
        if let (Some(reason), true) = (reason, connected && self.options.version.is_v5()) {
            // connection_lost cleared tx; the DISCONNECT is the last word.
            self.write_disconnect(now, reason, None);
        }
    }

    /// Appends a packet to the bytes to send. A packet that cannot be
    /// encoded (AUTH data from the authenticator over 65,535 bytes, …) ends
    /// the connection with [`ConnectionError::Encode`]: never a panic, and
    /// never a packet silently missing. Returns whether it was written.
    /// Generic over the packet type, so that only encoders the engine uses
    /// end up in a browser build.
    pub(crate) fn write(&mut self, now: Instant, packet: &dyn Writes) -> bool {
        let version = self.options.version;
        match packet.write_to(version, &mut self.tx) {
            Ok(_) => {
                self.last_sent = now;
                true
            }
            Err(e) => {
                self.connection_lost(now, ConnectionError::Encode(e));
                false
            }
        }
    }

    /// Appends a DISCONNECT: in MQTT 5.0 with `reason` and a new session
    /// expiry interval if one is given (see [`put_client_disconnect`]).
    pub(crate) fn write_disconnect(
        &mut self,
        now: Instant,
        reason: DisconnectReasonCode,
        session_expiry_interval: Option<u32>,
    ) {
        let version = self.options.version;
        put_client_disconnect(&mut self.tx, version, reason, session_expiry_interval);
        self.last_sent = now;
    }

    /// Queues an event for the application. Out of line: the queue's
    /// push, inlined, was code at each of the many places an event starts.
    #[inline(never)]
    pub(crate) fn emit(&mut self, event: Event) {
        self.events.push_back(event);
    }

    pub(crate) fn next_command_id(&mut self) -> CommandId {
        self.next_command += 1;
        CommandId(self.next_command)
    }

    pub(crate) fn fail_request(&mut self, mut r: PendingRequest, error: CommandError) {
        // The request is matched by reference and dropped whole, and one
        // event made: taken apart, each way out dropped what it left.
        let event = match (&mut r.request, r.command) {
            (Request::Subscribe(_), Some(id)) => Event::Subscribed {
                id,
                result: Err(error),
            },
            (Request::Unsubscribe(_), Some(id)) => Event::Unsubscribed {
                id,
                result: Err(error),
            },
            // A request of no command is a restored subscription, one
            // filter each (`restore_subscriptions`): the error moves into
            // its one event, not cloned.
            (Request::Subscribe(s), None) => {
                debug_assert_eq!(s.filters.len(), 1);
                let Some(f) = s.filters.pop() else {
                    return;
                };
                self.subscriptions.remove(&f.filter);
                Event::SubscriptionLost {
                    filter: f.filter,
                    reason: Err(error),
                }
            }
            (Request::Unsubscribe(_), None) => return,
        };
        self.emit(event);
    }

    /// Ends the command waiting on packet identifier `id`, whatever it is,
    /// with `error`: the server's answer to it was malformed or of the
    /// wrong kind, so it is not sent again. Returns whether one was
    /// waiting.
    pub(crate) fn fail_answered(&mut self, id: PacketId, error: CommandError) -> bool {
        if let Some(r) = self.requests.take_sent(id) {
            self.ids.release(id);
            self.fail_request(r, error);
            true
        } else if self.in_flight.contains(id) {
            self.complete_publish(id, Err(error));
            true
        } else {
            false
        }
    }

    /// Completes the publication with packet identifier `id`, freeing the
    /// identifier and its place in the window.
    pub(crate) fn complete_publish(
        &mut self,
        id: PacketId,
        result: Result<crate::codec::PubAckReasonCode, CommandError>,
    ) {
        if let Some(command) = self.in_flight.remove(id) {
            self.ids.release(id);
            self.emit(Event::Published {
                id: command,
                result,
            });
        }
    }
}

/// Why every unfinished command is cancelled at once
/// (`Session::cancel_everything`).
#[derive(Clone, Copy)]
pub(crate) enum Cancel {
    /// The client ended.
    Ended,
    /// The connection was lost and the client will not reconnect.
    Lost,
    /// The server refused the login and the client stopped trying.
    Refused(ConnectReasonCode),
}

impl Cancel {
    fn error(self) -> CommandError {
        match self {
            Cancel::Ended => CommandError::Cancelled,
            Cancel::Lost => CommandError::ConnectionLost,
            Cancel::Refused(code) => CommandError::ConnectionRefused(code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Disconnect, DisconnectProperties};

    /// `write_disconnect` writes what the codec's encoder writes for the
    /// DISCONNECT the engine sends: in 5.0 with the reason and the session
    /// expiry interval, before 5.0 the plain packet.
    #[test]
    fn disconnect_written_in_place_matches_the_encoder() {
        let reasons = [
            DisconnectReasonCode::NormalDisconnection,
            DisconnectReasonCode::DisconnectWithWillMessage,
            DisconnectReasonCode::ProtocolError,
            DisconnectReasonCode::PacketTooLarge,
        ];
        for version in [
            ProtocolVersion::V3_1,
            ProtocolVersion::V3_1_1,
            ProtocolVersion::V5,
        ] {
            for reason in reasons {
                for expiry in [None, Some(0), Some(0x0102_0304), Some(u32::MAX)] {
                    let mut session = Session::new(Options {
                        version,
                        client_id: "disconnect".into(),
                        ..Options::default()
                    })
                    .unwrap();
                    let packet = if version.is_v5() {
                        Disconnect {
                            reason,
                            properties: DisconnectProperties {
                                session_expiry_interval: expiry,
                                ..DisconnectProperties::default()
                            },
                        }
                    } else {
                        Disconnect::default()
                    };
                    let mut expected = Vec::new();
                    packet.encode(version, &mut expected).unwrap();
                    let now = Instant::from_millis(9);
                    session.write_disconnect(now, reason, expiry);
                    assert_eq!(session.tx, expected, "{version:?} {reason:?} {expiry:?}");
                    assert_eq!(session.last_sent, now);
                }
            }
        }
    }
}
