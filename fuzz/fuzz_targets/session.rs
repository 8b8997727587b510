//! Drives the session engine the way a driver does, from arbitrary input:
//! options, then a sequence of steps (commands, transport changes, server
//! bytes both raw and built with the codec, clock advances), draining every
//! output after each step. Checks the engine's promises (src/session/mod.rs)
//! and what the protocol asks of a client:
//!
//! - no panic, no arithmetic overflow (fuzz builds have debug assertions);
//! - every command id returned by `publish`/`subscribe`/`unsubscribe`
//!   completes exactly once, with the event of its kind; no event names an
//!   id that was never returned; ids are never handed out twice;
//! - once `Ended` is seen, every command has completed and no event follows
//!   (and no timer stays armed);
//! - a `ConnectionLost` that schedules no reconnect completes every command
//!   waiting; a refused login is retried only with `retry_refused_login`, an
//!   unsupported protocol version never, and nothing when reconnect is off;
//! - at the end of the input, `end(force)` completes everything still
//!   pending and `Ended` comes last, exactly once;
//! - every byte transmitted decodes as whole client-to-server packets of the
//!   session's version: CONNECT first on each transport and never again,
//!   nothing after DISCONNECT; PUBLISH, SUBSCRIBE and UNSUBSCRIBE within the
//!   server's Maximum Packet Size, PUBLISH within its Maximum QoS, Retain
//!   Available and Topic Alias Maximum, an alias only reused once assigned;
//!   no PUBLISH resent (DUP) once its PUBREL has gone out (§4.3.3);
//! - `in_flight()` never exceeds the largest window in effect, nor
//!   `queued()` the queue's message limit;
//! - after `handle_timeout(now)`, `poll_timeout()` is later than `now` (a
//!   driver would spin otherwise).
#![no_main]

use std::collections::{HashMap, HashSet};
use std::num::{NonZeroU16, NonZeroU32};
use std::time::Duration;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use webmqtt::codec::{
    AckProperties, Auth, AuthProperties, AuthReasonCode, ConnAck, ConnAckProperties,
    ConnectReasonCode, Disconnect, DisconnectProperties, DisconnectReasonCode, Encode,
    MAX_PACKET_SIZE, Packet, PacketBuffer, PacketId, PacketType, PayloadFormat, ProtocolVersion,
    PubAck, PubAckReasonCode, PubComp, PubRec, PubRel, PubRelReasonCode, Publish,
    PublishProperties, QoS, RetainHandling, SubAck, SubAckReasonCode, SubscriptionId,
    SubscriptionOptions, UnsubAck, UnsubAckReasonCode, UserProperty,
};
use webmqtt::session::{
    Action, Authenticator, ConnectionError, EndOptions, Event, FilterRequest, Instant,
    MessageProperties, Options, OutgoingMessage, OwnedUserProperty, QueueLimits, ReconnectPolicy,
    Session, State, StoredPublication, StoredStage, SubscribeRequest, UnsubscribeRequest, WallTime,
    WillMessage,
};

/// Set `SESSION_FUZZ_TRACE=1` to print what a run does (with
/// `cargo fuzz run session <input>`).
fn tracing() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("SESSION_FUZZ_TRACE").is_some())
}

macro_rules! trace {
    ($($t:tt)*) => {
        if tracing() {
            eprintln!($($t)*);
        }
    };
}

/// The most steps one input plays.
const MAX_STEPS: usize = 300;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(Some(mut d)) = Driver::new(&mut u) else {
        return;
    };
    for _ in 0..MAX_STEPS {
        if u.is_empty() || d.step(&mut u).is_err() {
            break;
        }
    }
    d.finish();
});

// ----- choosing values -------------------------------------------------------

fn qos(u: &mut Unstructured<'_>) -> Result<QoS> {
    Ok(*u.choose(&[QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce])?)
}

/// A small duration in whole milliseconds, at least 1 ms.
fn millis(u: &mut Unstructured<'_>, max: u64) -> Result<Duration> {
    Ok(Duration::from_millis(u.int_in_range(1..=max)?))
}

/// A short string: one of a few topic-like ones, or from the input.
fn short_string(u: &mut Unstructured<'_>, palette: &[&str]) -> Result<String> {
    if u.ratio(3, 4)? {
        Ok((*u.choose(palette)?).to_owned())
    } else {
        let len = u.int_in_range(0..=12)?;
        let bytes = u.bytes(len)?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }
}

const TOPICS: &[&str] = &[
    "a", "a/b", "b", "a/b/c", "$SYS/x", "", "a/+", "#", "a\0b", "x/y", "é",
];
const FILTERS: &[&str] = &[
    "a",
    "a/#",
    "+/b",
    "#",
    "a/b",
    "$share/g/a",
    "$share/g",
    "a/#/b",
    "",
    "a\0",
    "+",
    "b",
];

fn payload(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    Ok(match u.int_in_range(0..=9)? {
        0 => Vec::new(),
        1 => vec![0x55; 1_000],
        2 => vec![0xaa; 70_000],
        _ => {
            let len = u.int_in_range(0..=24)?;
            u.bytes(len)?.to_vec()
        }
    })
}

fn packet_id(u: &mut Unstructured<'_>, recent: &[u16]) -> Result<webmqtt::codec::PacketId> {
    let id = match u.int_in_range(0..=3)? {
        0 | 1 if !recent.is_empty() => *u.choose(recent)?,
        0..=2 => u.int_in_range(1..=30)?,
        _ => u.int_in_range(1..=u16::MAX)?,
    };
    Ok(webmqtt::codec::PacketId::new(id).unwrap_or(webmqtt::codec::PacketId::MIN))
}

/// A reason code of a type with `from_code`, from the codes it defines.
/// Half the time `$success`, otherwise any code (see `any_code!`).
macro_rules! pick_code {
    ($u:expr, $ty:ident, $success:expr) => {{
        if $u.ratio(1, 2)? {
            $success
        } else {
            any_code!($u, $ty, $success)
        }
    }};
}

/// The first code the type defines from a byte of the input on.
macro_rules! any_code {
    ($u:expr, $ty:ident, $fallback:expr) => {{
        let byte: u8 = $u.arbitrary()?;
        (0..=255u8)
            .cycle()
            .skip(usize::from(byte))
            .take(256)
            .find_map($ty::from_code)
            .unwrap_or($fallback)
    }};
}

// ----- an authenticator scripted by the input ---------------------------------

struct FuzzAuth {
    method: String,
    script: Vec<u8>,
    at: usize,
}

impl FuzzAuth {
    fn next(&mut self) -> u8 {
        let b = self.script.get(self.at).copied().unwrap_or(0);
        self.at = (self.at + 1) % self.script.len().max(1);
        b
    }
}

impl Authenticator for FuzzAuth {
    fn method(&self) -> &str {
        &self.method
    }
    fn initial_data(&mut self) -> Option<Vec<u8>> {
        match self.next() % 8 {
            0..=2 => None,
            3 => Some(vec![7; 65_536]),
            n => Some(vec![n; usize::from(n)]),
        }
    }
    fn challenge(&mut self, data: Option<&[u8]>) -> core::result::Result<Option<Vec<u8>>, String> {
        match self.next() % 8 {
            0 => Err("no".into()),
            1 => Ok(None),
            2 => Ok(Some(vec![1; 65_536])),
            _ => Ok(Some(data.unwrap_or_default().to_vec())),
        }
    }
}

// ----- the driver ------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Publish,
    Subscribe,
    Unsubscribe,
}

/// A client packet the simulated server has not answered yet.
#[derive(Debug, Clone, Copy)]
struct Outstanding {
    ty: PacketType,
    id: u16,
    qos: QoS,
    filters: usize,
}

/// One packet the engine transmitted, as the checks need it.
struct Sent {
    ty: PacketType,
    len: usize,
    id: Option<u16>,
    qos: QoS,
    retain: bool,
    dup: bool,
    topic: String,
    alias: Option<u16>,
    filters: usize,
}

struct Driver {
    s: Session,
    v: ProtocolVersion,
    now: u64,
    reconnect: bool,
    retry_refused_login: bool,
    max_queued: usize,
    /// Commands returned `Ok`, and which of them completed.
    issued: HashMap<u64, Kind>,
    completed: HashSet<u64>,
    ended: bool,
    events_total: usize,
    /// The largest in-flight window that was in effect.
    max_window: usize,
    /// The server's view of the current transport: what the engine sent.
    out: PacketBuffer,
    /// Whether the driver has a transport open: bytes need one.
    open: bool,
    connect_seen: bool,
    disconnect_seen: bool,
    aliases: HashMap<u16, String>,
    outstanding: Vec<Outstanding>,
    /// Packet identifiers whose last packet from the client was PUBREL,
    /// on any connection.
    released: HashSet<u16>,
    /// Server bytes not yet delivered.
    pending_rx: Vec<u8>,
}

impl Driver {
    fn new(u: &mut Unstructured<'_>) -> Result<Option<Driver>> {
        let v = *u.choose(&[
            ProtocolVersion::V3_1,
            ProtocolVersion::V3_1_1,
            ProtocolVersion::V5,
        ])?;
        let v5 = v.is_v5();
        let reconnect = ReconnectPolicy {
            enabled: u.ratio(3, 4)?,
            min_delay: millis(u, 2_000)?,
            max_delay: millis(u, 60_000)?,
            stable_after: millis(u, 20_000)?,
            retry_refused_login: u.arbitrary()?,
        };
        let mut o = Options {
            version: v,
            client_id: if u.ratio(1, 8)? {
                String::new()
            } else {
                "c1".into()
            },
            clean_start: u.ratio(3, 4)?,
            keep_alive: match u.int_in_range(0..=3)? {
                0 => 0,
                1 => u.int_in_range(1..=5)?,
                2 => 60,
                _ => u.arbitrary()?,
            },
            ping_interval: if u.arbitrary()? {
                Some(millis(u, 5_000)?)
            } else {
                None
            },
            ping_timeout: if u.arbitrary()? {
                Some(millis(u, 15_000)?)
            } else {
                None
            },
            connect_timeout: millis(u, 40_000)?,
            session_expiry_interval: if v5 && u.arbitrary()? {
                Some(u.arbitrary()?)
            } else {
                None
            },
            max_packet_size: if u.arbitrary()? {
                Some(u.int_in_range(1..=400)?)
            } else {
                None
            },
            receive_maximum: u.int_in_range(1..=u16::MAX)?.min(if u.arbitrary()? {
                3
            } else {
                u16::MAX
            }),
            enforce_receive_maximum: u.arbitrary()?,
            topic_alias_maximum: *u.choose(&[0, 2, 64])?,
            auto_topic_alias: u.arbitrary()?,
            request_response_information: v5 && u.arbitrary()?,
            default_send_window: u.int_in_range(0..=4)?,
            queue: if u.ratio(1, 4)? {
                QueueLimits::default()
            } else {
                QueueLimits {
                    max_messages: u.int_in_range(0..=6)?,
                    max_bytes: u.int_in_range(0..=3_000)?,
                }
            },
            reconnect,
            restore_subscriptions: u.arbitrary()?,
            random_seed: u.arbitrary()?,
            ..Options::default()
        };
        if u.ratio(1, 4)? {
            o.will = Some(WillMessage {
                topic: short_string(u, TOPICS)?,
                payload: b"bye".to_vec(),
                qos: qos(u)?,
                retain: u.arbitrary()?,
                delay_interval: if v5 { Some(5) } else { None },
                properties: MessageProperties::default(),
            });
        }
        if u.ratio(1, 4)? {
            o.username = Some("user".into());
            o.password = Some(b"pw".to_vec());
        }
        let reconnect = o.reconnect.enabled;
        let retry_refused_login = o.reconnect.retry_refused_login;
        let default_window = usize::from(o.default_send_window.max(1));
        let max_queued = o.queue.max_messages;
        trace!("{o:?}");
        let Ok(mut s) = Session::new(o) else {
            trace!("Session::new refused the options");
            return Ok(None);
        };
        if v5 && u.ratio(1, 4)? {
            let len = u.int_in_range(1..=8)?;
            s.set_authenticator(Box::new(FuzzAuth {
                method: if u.ratio(1, 16)? {
                    "bad\0".into()
                } else {
                    "M".into()
                },
                script: u.bytes(len)?.to_vec(),
                at: 0,
            }));
        }
        // Publications an earlier session left unfinished, as a driver that
        // keeps them hands them back: any stage, any identifier, clashes
        // included. Each must complete exactly once like any other command.
        let mut issued = HashMap::new();
        if u.ratio(1, 4)? {
            let n = u.int_in_range(0..=6)?;
            let mut kept = Vec::new();
            for i in 0..n {
                let id = PacketId::new(u.int_in_range(1..=8)?).unwrap_or(PacketId::MIN);
                let stage = match u.int_in_range(0..=2)? {
                    0 => StoredStage::Queued,
                    1 => StoredStage::Sent(id),
                    _ => StoredStage::Released(id),
                };
                let message = OutgoingMessage {
                    topic: if u.ratio(1, 8)? {
                        "bad/#".into()
                    } else {
                        format!("kept/{i}")
                    },
                    payload: vec![i; usize::from(u.int_in_range(0..=4u8)?)],
                    qos: qos(u)?,
                    retain: u.arbitrary()?,
                    properties: MessageProperties::default(),
                };
                kept.push(StoredPublication { message, stage });
            }
            trace!("restore {kept:?}");
            for id in s
                .restore_publications(kept)
                .expect("a new session takes them")
            {
                issued.insert(id.0, Kind::Publish);
            }
        }
        // Restored publications may hold more identifiers than a window.
        let default_window = default_window.max(s.in_flight());
        Ok(Some(Driver {
            s,
            v,
            now: 1_000 + u64::from(u.arbitrary::<u16>()?),
            reconnect,
            retry_refused_login,
            max_queued,
            issued,
            completed: HashSet::new(),
            ended: false,
            events_total: 0,
            max_window: default_window,
            out: PacketBuffer::new(v, MAX_PACKET_SIZE),
            open: false,
            connect_seen: false,
            disconnect_seen: false,
            aliases: HashMap::new(),
            outstanding: Vec::new(),
            released: HashSet::new(),
            pending_rx: Vec::new(),
        }))
    }

    fn t(&self) -> Instant {
        Instant::from_millis(self.now)
    }

    fn recent_ids(&self) -> Vec<u16> {
        self.outstanding.iter().map(|o| o.id).collect()
    }

    fn pending(&self) -> Vec<u64> {
        let mut p: Vec<u64> = self
            .issued
            .keys()
            .filter(|id| !self.completed.contains(id))
            .copied()
            .collect();
        p.sort_unstable();
        p
    }

    // ----- steps -------------------------------------------------------------

    fn step(&mut self, u: &mut Unstructured<'_>) -> Result<()> {
        let now = self.t();
        let step = u.int_in_range(0..=20)?;
        trace!("-- t={} {:?}, step {step}", self.now, self.s.state());
        match step {
            0 => self.s.connect(now),
            1 | 2 => {
                // The transport the session asked for is open: a new
                // connection, so the server's view starts afresh.
                if self.s.state() == State::Opening {
                    self.new_transport();
                }
                self.s.handle_transport_open(now);
            }
            3 => {
                self.pending_rx.clear();
                self.s.handle_transport_closed(now, "closed");
            }
            4 => {
                let ms = match u.int_in_range(0..=3)? {
                    0 => u.int_in_range(0..=100)?,
                    1 => u.int_in_range(0..=10_000)?,
                    2 => u.int_in_range(0..=120_000)?,
                    _ => u.int_in_range(0..=3_600_000)?,
                };
                self.advance(ms);
                return Ok(());
            }
            5 => self.s.handle_online(now),
            6 => {
                let paused = u.arbitrary()?;
                self.s.set_paused(now, paused);
            }
            7 | 8 => self.publish(u)?,
            9 => self.subscribe(u)?,
            10 => self.unsubscribe(u)?,
            11 => {
                let reason = pick_code!(
                    u,
                    DisconnectReasonCode,
                    DisconnectReasonCode::NormalDisconnection
                );
                let options = EndOptions {
                    force: u.ratio(1, 3)?,
                    reason,
                    session_expiry_interval: if u.arbitrary()? {
                        Some(u.arbitrary()?)
                    } else {
                        None
                    },
                };
                trace!("end {options:?}");
                let state = self.s.state();
                if self.s.end(now, options).is_err() {
                    assert_eq!(self.s.state(), state, "a refused end changed the state");
                }
            }
            12 => {
                // Raw bytes from the server.
                let len = u.int_in_range(0..=48)?;
                let bytes = u.bytes(len)?.to_vec();
                self.deliver(u, bytes)?;
                return Ok(());
            }
            13 | 20 => {
                // The simulated server answers something it got, correctly
                // or nearly.
                self.answer(u)?;
                return Ok(());
            }
            14..=17 => {
                let bytes = self.server_packet(u)?;
                self.deliver(u, bytes)?;
                return Ok(());
            }
            18 => {
                // The rest of what the server held back.
                let bytes = core::mem::take(&mut self.pending_rx);
                self.s.handle_bytes(now, &bytes);
            }
            _ => match u.int_in_range(0..=2)? {
                0 => self
                    .s
                    .handle_protocol_violation(now, webmqtt::session::ProtocolViolation::TextFrame),
                1 => self.s.set_credentials(None, Some(b"x".to_vec())),
                _ => self
                    .s
                    .set_credentials(Some("u".into()), Some(b"p".to_vec())),
            },
        }
        self.drain();
        Ok(())
    }

    fn new_transport(&mut self) {
        self.out = PacketBuffer::new(self.v, MAX_PACKET_SIZE);
        self.open = true;
        self.connect_seen = false;
        self.disconnect_seen = false;
        self.aliases.clear();
        self.pending_rx.clear();
    }

    /// Moves the clock, firing timers as a driver does. After
    /// `MAX_TIMERS` firings the clock stops at the last one (hours of
    /// one-second keep alives would only slow the fuzzer down).
    fn advance(&mut self, ms: u64) {
        const MAX_TIMERS: usize = 64;
        let mut end = self.now + ms;
        let mut fired = 0;
        while let Some(at) = self.s.poll_timeout() {
            if at.as_millis() > end {
                break;
            }
            if fired == MAX_TIMERS {
                end = self.now;
                break;
            }
            fired += 1;
            self.now = self.now.max(at.as_millis());
            trace!("-- t={} handle_timeout", self.now);
            self.s.handle_timeout(self.t());
            self.drain();
            if let Some(next) = self.s.poll_timeout() {
                assert!(
                    next.as_millis() > self.now,
                    "poll_timeout() = {next:?} right after handle_timeout({}): a driver would spin",
                    self.now
                );
            }
        }
        self.now = end;
        self.drain();
    }

    /// Hands `bytes` (after what was held back) to the session, cut at
    /// points the input picks, possibly keeping a tail back.
    fn deliver(&mut self, u: &mut Unstructured<'_>, bytes: Vec<u8>) -> Result<()> {
        let mut all = core::mem::take(&mut self.pending_rx);
        all.extend_from_slice(&bytes);
        let keep = if u.ratio(1, 6)? {
            u.int_in_range(0..=all.len())?
        } else {
            0
        };
        self.pending_rx = all.split_off(all.len() - keep);
        let mut rest = &all[..];
        let pieces = u.int_in_range(1..=3)?;
        for i in 0..pieces {
            let n = if i + 1 == pieces {
                rest.len()
            } else {
                u.int_in_range(0..=rest.len())?
            };
            let (piece, tail) = rest.split_at(n);
            rest = tail;
            trace!(
                "server -> {:02x?}{}",
                &piece[..piece.len().min(64)],
                if piece.len() > 64 { " …" } else { "" }
            );
            self.s.handle_bytes(self.t(), piece);
            self.drain();
        }
        Ok(())
    }

    // ----- commands ----------------------------------------------------------

    fn issued(
        &mut self,
        kind: Kind,
        r: core::result::Result<webmqtt::session::CommandId, impl core::fmt::Debug>,
    ) {
        trace!("  = {r:?}");
        if let Ok(id) = r {
            assert!(!self.ended, "a command was accepted after Ended: {id:?}");
            let previous = self.issued.insert(id.0, kind);
            assert!(previous.is_none(), "command id {id:?} handed out twice");
        }
    }

    fn publish(&mut self, u: &mut Unstructured<'_>) -> Result<()> {
        let mut m = OutgoingMessage {
            topic: if u.ratio(1, 32)? {
                "t".repeat(65_536)
            } else {
                short_string(u, TOPICS)?
            },
            payload: payload(u)?,
            qos: qos(u)?,
            retain: u.ratio(1, 4)?,
            properties: MessageProperties::default(),
        };
        if u.ratio(1, 4)? {
            m.properties = MessageProperties {
                payload_format: u.arbitrary::<bool>()?.then_some(PayloadFormat::Utf8),
                message_expiry_interval: Some(u.arbitrary()?),
                content_type: Some(short_string(u, &["text/plain"])?),
                response_topic: if u.arbitrary()? {
                    Some(short_string(u, TOPICS)?)
                } else {
                    None
                },
                correlation_data: Some(vec![1, 2, 3]),
                user_properties: vec![OwnedUserProperty::new("k", "v")],
            };
        }
        trace!(
            "publish {:?} qos {:?} retain {} {} bytes",
            m.topic.get(..32).unwrap_or(&m.topic),
            m.qos,
            m.retain,
            m.payload.len()
        );
        let r = self.s.publish(self.t(), m);
        self.issued(Kind::Publish, r);
        Ok(())
    }

    fn subscribe(&mut self, u: &mut Unstructured<'_>) -> Result<()> {
        let n = u.int_in_range(0..=3)?;
        let mut filters = Vec::new();
        for _ in 0..n.max(u8::from(u.ratio(15, 16)?)) {
            filters.push(FilterRequest {
                filter: short_string(u, FILTERS)?,
                options: SubscriptionOptions {
                    qos: qos(u)?,
                    no_local: u.ratio(1, 8)?,
                    retain_as_published: u.ratio(1, 8)?,
                    retain_handling: *u.choose(&[
                        RetainHandling::SendAtSubscribe,
                        RetainHandling::SendIfNew,
                        RetainHandling::DoNotSend,
                    ])?,
                },
            });
        }
        let request = SubscribeRequest {
            filters,
            subscription_identifier: if u.ratio(1, 8)? {
                SubscriptionId::new(u.arbitrary()?)
            } else {
                None
            },
            user_properties: if u.ratio(1, 8)? {
                vec![OwnedUserProperty::new("k", "v")]
            } else {
                Vec::new()
            },
        };
        trace!("subscribe {request:?}");
        let r = self.s.subscribe(self.t(), request);
        self.issued(Kind::Subscribe, r);
        Ok(())
    }

    fn unsubscribe(&mut self, u: &mut Unstructured<'_>) -> Result<()> {
        let n = u.int_in_range(0..=3)?;
        let mut filters = Vec::new();
        for _ in 0..n {
            filters.push(short_string(u, FILTERS)?);
        }
        let request = UnsubscribeRequest {
            filters,
            user_properties: Vec::new(),
        };
        trace!("unsubscribe {request:?}");
        let r = self.s.unsubscribe(self.t(), request);
        self.issued(Kind::Unsubscribe, r);
        Ok(())
    }

    // ----- the server --------------------------------------------------------

    fn encode(&self, p: &Packet<'_>) -> Vec<u8> {
        trace!("server packet {}", show(p));
        let mut out = Vec::new();
        if p.encode(self.v, &mut out).is_err() {
            out.clear();
        }
        out
    }

    /// The answer to a packet the engine sent and the server has not
    /// answered, with reason codes from the input (sometimes a wrong
    /// number of them).
    fn answer(&mut self, u: &mut Unstructured<'_>) -> Result<()> {
        if self.outstanding.is_empty() {
            return Ok(());
        }
        let i = u.choose_index(self.outstanding.len())?;
        let o = self.outstanding.remove(i);
        let id = webmqtt::codec::PacketId::new(o.id).unwrap_or(webmqtt::codec::PacketId::MIN);
        let v5 = self.v.is_v5();
        let fail = v5 && u.ratio(1, 4)?;
        let packet = match (o.ty, o.qos) {
            (PacketType::Publish, QoS::AtLeastOnce) => {
                let mut a = PubAck::new(id);
                if fail {
                    a.reason = any_code!(u, PubAckReasonCode, PubAckReasonCode::Success);
                }
                Packet::PubAck(a)
            }
            (PacketType::Publish, _) => {
                let mut a = PubRec::new(id);
                if fail {
                    a.reason = any_code!(u, PubAckReasonCode, PubAckReasonCode::Success);
                }
                Packet::PubRec(a)
            }
            (PacketType::PubRel, _) => {
                let mut a = PubComp::new(id);
                if fail {
                    a.reason = PubRelReasonCode::PacketIdentifierNotFound;
                }
                Packet::PubComp(a)
            }
            (PacketType::Subscribe, _) => {
                let n = if u.ratio(1, 16)? {
                    o.filters + 1
                } else {
                    o.filters
                };
                let mut reasons = Vec::new();
                for _ in 0..n.max(1) {
                    let code = pick_code!(u, SubAckReasonCode, SubAckReasonCode::GrantedQoS1);
                    reasons.push(if v5 || code.in_v3() {
                        code
                    } else {
                        SubAckReasonCode::UnspecifiedError
                    });
                }
                Packet::SubAck(SubAck {
                    packet_id: id,
                    properties: AckProperties::default(),
                    reasons,
                })
            }
            _ => {
                let mut reasons = Vec::new();
                if v5 {
                    let n = if u.ratio(1, 16)? {
                        o.filters + 1
                    } else {
                        o.filters
                    };
                    for _ in 0..n.max(1) {
                        reasons.push(pick_code!(
                            u,
                            UnsubAckReasonCode,
                            UnsubAckReasonCode::Success
                        ));
                    }
                }
                Packet::UnsubAck(UnsubAck {
                    packet_id: id,
                    properties: AckProperties::default(),
                    reasons,
                })
            }
        };
        let bytes = self.encode(&packet);
        self.deliver(u, bytes)
    }

    /// A packet a server sends, built with the codec: valid for the
    /// session's version, though not always for the session's state.
    fn server_packet(&mut self, u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
        let v5 = self.v.is_v5();
        if v5 && u.ratio(1, 32)? {
            // A 3.1.1 server refusing the 5.0 CONNECT, as aedes does.
            trace!("server packet: 3.1.1 CONNACK, unacceptable protocol version");
            return Ok(vec![0x20, 0x02, 0x00, 0x01]);
        }
        let recent = self.recent_ids();
        let strings: Vec<String> = (0..3)
            .map(|_| short_string(u, TOPICS))
            .collect::<Result<_>>()?;
        let reason_string = if v5 && u.ratio(1, 8)? {
            Some(strings[2].as_str())
        } else {
            None
        };
        let ack_properties = AckProperties {
            reason_string,
            ..AckProperties::default()
        };
        let payload = payload(u)?;
        let packet = match u.int_in_range(0..=11)? {
            0 | 1 => {
                let reason = if v5 {
                    pick_code!(u, ConnectReasonCode, ConnectReasonCode::Success)
                } else {
                    let code = if u.ratio(1, 2)? {
                        0
                    } else {
                        u.int_in_range(0..=5)?
                    };
                    ConnectReasonCode::from_v3(code).unwrap_or(ConnectReasonCode::Success)
                };
                let properties = if v5 {
                    ConnAckProperties {
                        session_expiry_interval: u.arbitrary()?,
                        receive_maximum: if u.ratio(1, 2)? {
                            NonZeroU16::new(u.int_in_range(1..=4)?)
                        } else {
                            u.arbitrary::<Option<u16>>()?.and_then(NonZeroU16::new)
                        },
                        maximum_qos: if u.ratio(1, 4)? {
                            Some(*u.choose(&[QoS::AtMostOnce, QoS::AtLeastOnce])?)
                        } else {
                            None
                        },
                        retain_available: if u.ratio(1, 4)? {
                            Some(u.arbitrary()?)
                        } else {
                            None
                        },
                        maximum_packet_size: if u.ratio(1, 4)? {
                            NonZeroU32::new(u.int_in_range(1..=300)?)
                        } else {
                            None
                        },
                        assigned_client_identifier: if u.ratio(1, 8)? {
                            Some(strings[0].as_str())
                        } else {
                            None
                        },
                        topic_alias_maximum: if u.ratio(1, 2)? {
                            Some(u.int_in_range(0..=3)?)
                        } else {
                            None
                        },
                        reason_string,
                        wildcard_subscription_available: u.arbitrary()?,
                        subscription_identifiers_available: u.arbitrary()?,
                        shared_subscription_available: u.arbitrary()?,
                        server_keep_alive: if u.ratio(1, 4)? {
                            Some(u.int_in_range(0..=5)?)
                        } else {
                            None
                        },
                        response_information: None,
                        server_reference: None,
                        authentication_method: if u.ratio(1, 8)? { Some("M") } else { None },
                        authentication_data: None,
                        user_properties: Default::default(),
                    }
                } else {
                    ConnAckProperties::default()
                };
                Packet::ConnAck(ConnAck {
                    session_present: reason == ConnectReasonCode::Success
                        && self.v != ProtocolVersion::V3_1
                        && u.arbitrary()?,
                    reason,
                    properties,
                })
            }
            2 | 3 => {
                let q = qos(u)?;
                let alias = if v5 && u.ratio(1, 3)? {
                    NonZeroU16::new(u.int_in_range(1..=4)?)
                } else {
                    None
                };
                let topic = if alias.is_some() && u.ratio(1, 2)? {
                    ""
                } else {
                    strings[0].as_str()
                };
                let mut properties = PublishProperties {
                    topic_alias: alias,
                    ..PublishProperties::default()
                };
                if v5 && u.ratio(1, 4)? {
                    properties.subscription_identifiers =
                        vec![SubscriptionId::new(u.int_in_range(1..=4)?).unwrap_or(
                            SubscriptionId::new(1).expect("1 is a valid subscription id"),
                        )];
                    properties.content_type = Some(strings[1].as_str());
                    properties.user_properties.push(UserProperty::new("k", "v"));
                }
                Packet::Publish(Publish {
                    dup: q != QoS::AtMostOnce && u.ratio(1, 4)?,
                    qos: q,
                    retain: u.ratio(1, 4)?,
                    topic,
                    packet_id: if q == QoS::AtMostOnce {
                        None
                    } else {
                        Some(packet_id(u, &recent)?)
                    },
                    properties,
                    payload: &payload,
                })
            }
            4 => {
                let mut a = PubAck::new(packet_id(u, &recent)?);
                if v5 {
                    a.reason = pick_code!(u, PubAckReasonCode, PubAckReasonCode::Success);
                    a.properties = ack_properties;
                }
                Packet::PubAck(a)
            }
            5 => {
                let mut a = PubRec::new(packet_id(u, &recent)?);
                if v5 {
                    a.reason = pick_code!(u, PubAckReasonCode, PubAckReasonCode::Success);
                    a.properties = ack_properties;
                }
                Packet::PubRec(a)
            }
            6 => {
                let mut a = PubRel::new(packet_id(u, &recent)?);
                if v5 {
                    a.reason = pick_code!(u, PubRelReasonCode, PubRelReasonCode::Success);
                }
                Packet::PubRel(a)
            }
            7 => {
                let mut a = PubComp::new(packet_id(u, &recent)?);
                if v5 {
                    a.reason = pick_code!(u, PubRelReasonCode, PubRelReasonCode::Success);
                }
                Packet::PubComp(a)
            }
            8 => {
                let n = u.int_in_range(1..=4)?;
                let mut reasons = Vec::new();
                for _ in 0..n {
                    let code = pick_code!(u, SubAckReasonCode, SubAckReasonCode::GrantedQoS0);
                    reasons.push(if v5 || code.in_v3() {
                        code
                    } else {
                        SubAckReasonCode::UnspecifiedError
                    });
                }
                Packet::SubAck(SubAck {
                    packet_id: packet_id(u, &recent)?,
                    properties: if v5 {
                        ack_properties
                    } else {
                        AckProperties::default()
                    },
                    reasons,
                })
            }
            9 => {
                let mut reasons = Vec::new();
                if v5 {
                    for _ in 0..u.int_in_range(1..=4)? {
                        reasons.push(pick_code!(
                            u,
                            UnsubAckReasonCode,
                            UnsubAckReasonCode::Success
                        ));
                    }
                }
                Packet::UnsubAck(UnsubAck {
                    packet_id: packet_id(u, &recent)?,
                    properties: if v5 {
                        ack_properties
                    } else {
                        AckProperties::default()
                    },
                    reasons,
                })
            }
            10 => {
                if v5 && u.arbitrary()? {
                    Packet::Disconnect(Disconnect {
                        reason: pick_code!(
                            u,
                            DisconnectReasonCode,
                            DisconnectReasonCode::NormalDisconnection
                        ),
                        properties: DisconnectProperties {
                            reason_string,
                            server_reference: if u.arbitrary()? {
                                Some(strings[1].as_str())
                            } else {
                                None
                            },
                            ..DisconnectProperties::default()
                        },
                    })
                } else if v5 && u.arbitrary()? {
                    Packet::Auth(Auth {
                        reason: pick_code!(
                            u,
                            AuthReasonCode,
                            AuthReasonCode::ContinueAuthentication
                        ),
                        properties: AuthProperties {
                            authentication_method: if u.ratio(7, 8)? {
                                Some("M")
                            } else {
                                Some("N")
                            },
                            authentication_data: if u.arbitrary()? { Some(&payload) } else { None },
                            reason_string,
                            ..AuthProperties::default()
                        },
                    })
                } else {
                    Packet::Disconnect(Disconnect::default())
                }
            }
            _ => Packet::PingResp,
        };
        Ok(self.encode(&packet))
    }

    // ----- outputs -----------------------------------------------------------

    /// Drains the outputs in the driver's order: actions, bytes, events.
    fn drain(&mut self) {
        // What a driver would store reads back as it was written.
        self.s.for_each_unfinished(|_, stage, message| {
            let mut record = Vec::new();
            // Any time: it is written as it is and read back the same.
            let accepted = WallTime::from_millis(u64::from(message.topic.len() as u32) << 40);
            if StoredPublication::write_record(stage, message, accepted, &mut record).is_ok() {
                let back = StoredPublication::read_record(&record).map(|d| {
                    assert_eq!(d.accepted, Some(accepted), "the time reads back");
                    d.publication
                });
                let kept = StoredPublication {
                    message: message.clone(),
                    stage,
                };
                // A restored entry with a topic no packet may carry reads
                // back as refused, never as something else.
                assert!(
                    back.as_ref() == Ok(&kept)
                        || back.is_err() && message.topic.contains(['#', '+']),
                    "record of {kept:?} read back as {back:?}"
                );
            }
        });
        let mut lost_for_good = false;
        loop {
            let mut any = false;
            while let Some(action) = self.s.poll_action() {
                trace!("action {action:?}");
                any = true;
                if action == Action::Close {
                    // Send what is left, then close: the server's view of
                    // this transport ends.
                    self.transmit();
                    self.pending_rx.clear();
                    self.open = false;
                }
            }
            self.transmit();
            while let Some(event) = self.s.poll_event() {
                any = true;
                lost_for_good |= self.on_event(event);
            }
            if !any {
                break;
            }
        }
        if lost_for_good {
            let pending = self.pending();
            assert!(
                pending.is_empty(),
                "ConnectionLost without reconnect left commands {pending:?} pending"
            );
        }
        assert!(
            self.s.in_flight() <= self.max_window,
            "in_flight {} over the largest window {}",
            self.s.in_flight(),
            self.max_window
        );
        assert!(
            self.s.queued() <= self.max_queued,
            "{} publications queued, over the limit of {}",
            self.s.queued(),
            self.max_queued
        );
        if self.ended {
            assert_eq!(self.s.state(), State::Ended);
            assert_eq!(self.s.poll_timeout(), None, "a timer armed after Ended");
        }
    }

    /// Checks one event; returns whether it is a loss with no reconnect.
    fn on_event(&mut self, event: Event) -> bool {
        trace!("event {event:?}");
        assert!(!self.ended, "event after Ended: {event:?}");
        self.events_total += 1;
        let mut complete = |kind: Kind, id: u64, event: &Event| {
            match self.issued.get(&id) {
                Some(k) if *k == kind => {}
                other => panic!("{event:?} for a command that is {other:?}"),
            }
            assert!(self.completed.insert(id), "{event:?}: completed twice");
        };
        match &event {
            Event::Published { id, .. } => complete(Kind::Publish, id.0, &event),
            Event::Subscribed { id, .. } => complete(Kind::Subscribe, id.0, &event),
            Event::Unsubscribed { id, .. } => complete(Kind::Unsubscribe, id.0, &event),
            Event::Ended => {
                self.ended = true;
                let pending = self.pending();
                assert!(
                    pending.is_empty(),
                    "Ended with commands {pending:?} pending"
                );
            }
            Event::Connected { limits, .. } => {
                let window = match limits.receive_maximum {
                    Some(n) => usize::from(n),
                    None if self.v.is_v5() => usize::from(u16::MAX),
                    None => self.max_window,
                };
                self.max_window = self.max_window.max(window);
            }
            Event::ConnectionLost {
                error,
                reconnect_in,
            } => {
                if !self.reconnect {
                    assert_eq!(*reconnect_in, None, "reconnect is off: {error:?}");
                }
                if let ConnectionError::Refused(code) = error {
                    let retry = if code.is_login_refusal() {
                        self.retry_refused_login
                    } else {
                        *code != ConnectReasonCode::UnsupportedProtocolVersion
                    };
                    if !retry {
                        assert_eq!(*reconnect_in, None, "refusal retried: {error:?}");
                    }
                }
                return reconnect_in.is_none();
            }
            Event::Reconnecting { .. } | Event::Message(_) | Event::SubscriptionLost { .. } => {}
        }
        false
    }

    /// Takes the bytes to send and checks them as the server would.
    fn transmit(&mut self) {
        let mut bytes = Vec::new();
        self.s.poll_transmit(&mut bytes);
        if bytes.is_empty() {
            return;
        }
        assert!(self.open, "bytes to send with no transport: {bytes:02x?}");
        self.out.push(&bytes);
        let mut sent = Vec::new();
        loop {
            match self.out.next_packet() {
                Ok(Some(p)) => {
                    trace!("client -> {}", show(&p));
                    sent.push(summary(&p, self.v));
                }
                Ok(None) => break,
                Err(e) => panic!("the engine sent bytes that do not decode: {e:?}: {bytes:02x?}"),
            }
        }
        assert_eq!(self.out.buffered(), 0, "a partial packet: {bytes:02x?}");
        for p in sent {
            self.check_sent(p);
        }
    }

    fn check_sent(&mut self, p: Sent) {
        use PacketType as T;
        assert!(
            matches!(
                p.ty,
                T::Connect
                    | T::Publish
                    | T::PubAck
                    | T::PubRec
                    | T::PubRel
                    | T::PubComp
                    | T::Subscribe
                    | T::Unsubscribe
                    | T::PingReq
                    | T::Disconnect
                    | T::Auth
            ),
            "the client sent a server packet: {:?}",
            p.ty
        );
        assert!(
            !self.disconnect_seen,
            "{:?} after DISCONNECT on the same transport",
            p.ty
        );
        if self.connect_seen {
            assert!(p.ty != T::Connect, "a second CONNECT on one transport");
        } else {
            assert!(p.ty == T::Connect, "{:?} before CONNECT", p.ty);
            self.connect_seen = true;
        }
        let limits = self.s.limits().clone();
        if matches!(p.ty, T::Publish | T::Subscribe | T::Unsubscribe)
            && let Some(max) = limits.maximum_packet_size
        {
            assert!(
                p.len <= max as usize,
                "{:?} of {} bytes over the server's maximum {max}",
                p.ty,
                p.len
            );
        }
        match p.ty {
            T::Disconnect => self.disconnect_seen = true,
            T::Publish => {
                assert!(
                    p.qos <= limits.maximum_qos,
                    "PUBLISH at {:?} over the server's maximum {:?}",
                    p.qos,
                    limits.maximum_qos
                );
                assert!(
                    !p.retain || limits.retain_available,
                    "retained PUBLISH to a server without retain"
                );
                if let Some(a) = p.alias {
                    assert!(
                        a <= limits.topic_alias_maximum,
                        "topic alias {a} over the server's maximum {}",
                        limits.topic_alias_maximum
                    );
                    if p.topic.is_empty() {
                        assert!(
                            self.aliases.contains_key(&a),
                            "topic alias {a} used before it was assigned"
                        );
                    } else {
                        self.aliases.insert(a, p.topic.clone());
                    }
                }
                if p.qos != QoS::AtMostOnce {
                    if let Some(id) = p.id {
                        // MQTT 5.0 §4.3.3: no PUBLISH again once its PUBREL
                        // is sent; a new message may reuse the identifier
                        // (DUP clear) once PUBCOMP has freed it.
                        let released = self.released.remove(&id);
                        assert!(
                            !(released && p.dup),
                            "PUBLISH {id} resent (DUP) after its PUBREL"
                        );
                    }
                    self.track(p.ty, p.id, p.qos, 0);
                }
            }
            T::PubRel => {
                self.released.extend(p.id);
                self.track(p.ty, p.id, p.qos, p.filters);
            }
            T::Subscribe | T::Unsubscribe => {
                self.track(p.ty, p.id, p.qos, p.filters);
            }
            _ => {}
        }
    }

    fn track(&mut self, ty: PacketType, id: Option<u16>, qos: QoS, filters: usize) {
        let Some(id) = id else { return };
        self.outstanding.retain(|o| o.id != id || o.ty != ty);
        if self.outstanding.len() >= 64 {
            self.outstanding.remove(0);
        }
        self.outstanding.push(Outstanding {
            ty,
            id,
            qos,
            filters,
        });
    }

    /// The end of the input: `end(force)` completes everything, and
    /// `Ended` comes last, exactly once.
    fn finish(mut self) {
        self.drain();
        let was_ended = self.ended;
        let before = self.events_total;
        let refused = self.s.end(
            self.t(),
            EndOptions {
                force: true,
                ..EndOptions::default()
            },
        );
        assert_eq!(refused, Ok(()), "end without an expiry was refused");
        self.drain();
        assert!(self.ended, "end(force) did not end the session");
        if was_ended {
            assert_eq!(self.events_total, before, "events after Ended");
        }
        let pending = self.pending();
        assert!(pending.is_empty(), "commands {pending:?} never completed");
        assert_eq!(self.s.state(), State::Ended);
        assert_eq!(self.s.poll_event(), None);
    }
}

/// A packet for the trace, its payload cut short.
fn show(p: &Packet<'_>) -> String {
    match p {
        Packet::Publish(p) if p.payload.len() > 16 => {
            let short = Publish {
                payload: &p.payload[..16],
                ..p.clone()
            };
            format!("{short:?} ({} payload bytes)", p.payload.len())
        }
        p => format!("{p:?}"),
    }
}

fn summary(p: &Packet<'_>, v: ProtocolVersion) -> Sent {
    let len = p.encoded_len(v).unwrap_or(0);
    let mut s = Sent {
        ty: p.packet_type(),
        len,
        id: None,
        qos: QoS::AtMostOnce,
        retain: false,
        dup: false,
        topic: String::new(),
        alias: None,
        filters: 0,
    };
    match p {
        Packet::Publish(p) => {
            s.id = p.packet_id.map(|i| i.get());
            s.qos = p.qos;
            s.retain = p.retain;
            s.dup = p.dup;
            s.topic = p.topic.to_owned();
            s.alias = p.properties.topic_alias.map(|a| a.get());
        }
        Packet::PubRel(r) => s.id = Some(r.packet_id.get()),
        Packet::Subscribe(r) => {
            s.id = Some(r.packet_id.get());
            s.filters = r.subscriptions.len();
        }
        Packet::Unsubscribe(r) => {
            s.id = Some(r.packet_id.get());
            s.filters = r.filters.len();
        }
        _ => {}
    }
    s
}
