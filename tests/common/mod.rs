//! A small native driver for the session engine, for tests against a real
//! Mosquitto (the one `scripts/test.sh` starts, or one the test binary
//! starts itself, see [`mosquitto_running`]): blocking TCP or WebSocket
//! (tungstenite), the real clock, one thread per client.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant as StdInstant};

use tungstenite::client::IntoClientRequest;
use tungstenite::{Message as WsMessage, WebSocket};
use webmqtt::codec::*;
use webmqtt::session::*;

/// Which of the broker's listeners to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listener {
    Tcp,
    Ws,
    Auth,
    WsAuth,
    /// aedes, the second broker (`scripts/aedes.sh`): WebSocket at `/mqtt`.
    AedesWs,
    /// aedes over plain TCP.
    AedesTcp,
    /// A port where nothing listens.
    Nowhere,
}

/// Whether aedes is running (`WEBMQTT_AEDES_WS_PORT` set, as
/// `scripts/test.sh` and `scripts/aedes.sh` do). When it is not, prints one
/// line that the libtest output capture does not swallow, so a test can
/// return early: `if !aedes_running() { return; }`.
pub fn aedes_running() -> bool {
    if std::env::var_os("WEBMQTT_AEDES_WS_PORT").is_some() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: WEBMQTT_AEDES_WS_PORT is not set; run ./scripts/test.sh \
         (or ./scripts/aedes.sh start DIR && source DIR/env)"
    );
    false
}

pub fn port(l: Listener) -> u16 {
    let var = match l {
        Listener::Tcp => "WEBMQTT_TCP_PORT",
        Listener::Ws => "WEBMQTT_WS_PORT",
        Listener::Auth => "WEBMQTT_AUTH_PORT",
        Listener::WsAuth => "WEBMQTT_WS_AUTH_PORT",
        Listener::AedesWs => "WEBMQTT_AEDES_WS_PORT",
        Listener::AedesTcp => "WEBMQTT_AEDES_TCP_PORT",
        Listener::Nowhere => {
            let s = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            return s.local_addr().unwrap().port();
        }
    };
    if matches!(l, Listener::AedesWs | Listener::AedesTcp) {
        return std::env::var(var)
            .unwrap_or_else(|_| panic!("{var} is not set: check aedes_running() first"))
            .parse()
            .unwrap();
    }
    let ports =
        mosquitto().unwrap_or_else(|| panic!("no Mosquitto: check mosquitto_running() first"));
    ports[var]
}

/// Whether a Mosquitto is there for the tests: the one `scripts/test.sh`
/// started (its ports in the environment), or else one this test binary
/// starts itself with `scripts/broker.sh`. When Mosquitto is not installed,
/// prints one line that the libtest output capture does not swallow, so a
/// test can return early: `if !mosquitto_running() { return; }`.
pub fn mosquitto_running() -> bool {
    if mosquitto().is_some() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: Mosquitto is not installed; install it (apt-get install mosquitto \
         mosquitto-clients) or run ./scripts/test.sh"
    );
    false
}

/// The listeners' ports by the names of `scripts/broker.sh`'s env file.
type Ports = std::collections::HashMap<String, u16>;

fn mosquitto() -> Option<&'static Ports> {
    static PORTS: std::sync::OnceLock<Option<Ports>> = std::sync::OnceLock::new();
    PORTS
        .get_or_init(|| {
            if std::env::var_os("WEBMQTT_TCP_PORT").is_some() {
                return Some(
                    std::env::vars()
                        .filter(|(k, _)| k.ends_with("_PORT"))
                        .filter_map(|(k, v)| Some((k, v.parse().ok()?)))
                        .collect(),
                );
            }
            start_own_mosquitto()
        })
        .as_ref()
}

/// Starts a Mosquitto for this test binary alone. The shell that starts it
/// waits on a pipe from this process and stops the broker when the pipe
/// closes, which happens when the test binary exits however it exits, so
/// no broker outlives the tests.
fn start_own_mosquitto() -> Option<Ports> {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    static KEEPER: std::sync::OnceLock<std::sync::Mutex<std::process::Child>> =
        std::sync::OnceLock::new();

    let installed = Command::new("mosquitto")
        .arg("-h")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !installed {
        return None;
    }
    let dir = std::env::temp_dir().join(unique("webmqtt-test-broker"));
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/broker.sh");
    let mut keeper = Command::new("sh")
        .arg("-c")
        .arg(r#""$0" start "$1" >&2 && echo started; cat >/dev/null; "$0" stop "$1" >&2; rm -rf "$1""#)
        .arg(script)
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sh runs scripts/broker.sh");
    let mut line = String::new();
    std::io::BufReader::new(keeper.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "started", "scripts/broker.sh start failed");
    let _ = KEEPER.set(std::sync::Mutex::new(keeper));
    let env = std::fs::read_to_string(dir.join("env")).expect("broker.sh writes DIR/env");
    Some(
        env.lines()
            .filter_map(|l| l.strip_prefix("export ")?.split_once('='))
            .filter(|(k, _)| k.ends_with("_PORT"))
            .filter_map(|(k, v)| Some((k.to_string(), v.parse().ok()?)))
            .collect(),
    )
}

pub const USER: &str = "sensor";
pub const PASSWORD: &str = "sensor-password";

/// A unique name for this test run, so tests sharing one broker do not see
/// each other's topics or sessions.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{t:x}-{n}", std::process::id())
}

enum Transport {
    Tcp(TcpStream),
    Ws(Box<WebSocket<TcpStream>>),
}

impl Transport {
    fn open(listener: Listener, version: ProtocolVersion) -> std::io::Result<Transport> {
        let port = port(listener);
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_nodelay(true)?;
        match listener {
            Listener::Ws | Listener::WsAuth | Listener::AedesWs => {
                let mut request = format!("ws://127.0.0.1:{port}/mqtt")
                    .into_client_request()
                    .unwrap();
                let protocol = if version == ProtocolVersion::V3_1 {
                    "mqttv3.1"
                } else {
                    "mqtt"
                };
                request
                    .headers_mut()
                    .insert("Sec-WebSocket-Protocol", protocol.parse().unwrap());
                let (ws, _) = tungstenite::client(request, stream)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
                Ok(Transport::Ws(Box::new(ws)))
            }
            _ => Ok(Transport::Tcp(stream)),
        }
    }

    fn stream(&self) -> &TcpStream {
        match self {
            Transport::Tcp(s) => s,
            Transport::Ws(ws) => ws.get_ref(),
        }
    }

    fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Transport::Tcp(s) => s.write_all(bytes),
            Transport::Ws(ws) => ws
                .send(WsMessage::binary(bytes.to_vec()))
                .map_err(|e| std::io::Error::other(e.to_string())),
        }
    }

    /// Bytes received within `wait`: `Ok(None)` on timeout, an error when
    /// the transport closed.
    fn recv(&mut self, wait: Duration) -> std::io::Result<Option<Vec<u8>>> {
        self.stream()
            .set_read_timeout(Some(wait.max(Duration::from_millis(1))))?;
        match self {
            Transport::Tcp(s) => {
                let mut buf = vec![0u8; 64 * 1024];
                match s.read(&mut buf) {
                    Ok(0) => Err(ErrorKind::UnexpectedEof.into()),
                    Ok(n) => {
                        buf.truncate(n);
                        Ok(Some(buf))
                    }
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            Transport::Ws(ws) => match ws.read() {
                Ok(WsMessage::Binary(b)) => Ok(Some(b.to_vec())),
                Ok(WsMessage::Close(_)) => Err(ErrorKind::ConnectionReset.into()),
                Ok(_) => Ok(Some(Vec::new())),
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    Ok(None)
                }
                Err(e) => Err(std::io::Error::other(e.to_string())),
            },
        }
    }
}

/// A session driven over a real transport.
pub struct Client {
    pub session: Session,
    listener: Listener,
    transport: Option<Transport>,
    epoch: StdInstant,
    pub events: VecDeque<Event>,
    /// Test hook: drop the next bytes instead of sending them.
    pub black_hole: bool,
}

impl Client {
    pub fn new(listener: Listener, options: Options) -> Client {
        Client {
            session: Session::new(options).expect("valid options"),
            listener,
            transport: None,
            epoch: StdInstant::now(),
            events: VecDeque::new(),
            black_hole: false,
        }
    }

    pub fn now(&self) -> Instant {
        Instant::from_millis(self.epoch.elapsed().as_millis() as u64)
    }

    /// Connects and waits for CONNACK; panics on failure.
    pub fn connected(listener: Listener, options: Options) -> (Client, bool) {
        let mut c = Client::new(listener, options);
        c.session.connect(c.now());
        let e = c.wait_for(Duration::from_secs(5), |e| {
            matches!(e, Event::Connected { .. } | Event::ConnectionLost { .. })
        });
        match e {
            Event::Connected {
                session_present, ..
            } => (c, session_present),
            other => panic!("connect failed: {other:?}"),
        }
    }

    /// Handles the session's outputs: actions, then bytes.
    fn drive_outputs(&mut self) {
        while let Some(action) = self.session.poll_action() {
            match action {
                Action::Open => match Transport::open(self.listener, self.session.version()) {
                    Ok(t) => {
                        self.transport = Some(t);
                        self.session.handle_transport_open(self.now());
                    }
                    Err(e) => self
                        .session
                        .handle_transport_closed(self.now(), e.to_string()),
                },
                Action::Close => {
                    self.flush();
                    self.transport = None;
                }
            }
        }
        self.flush();
        while let Some(e) = self.session.poll_event() {
            self.events.push_back(e);
        }
    }

    fn flush(&mut self) {
        let mut out = Vec::new();
        self.session.poll_transmit(&mut out);
        if out.is_empty() || self.black_hole {
            return;
        }
        if let Some(t) = &mut self.transport
            && let Err(e) = t.send(&out)
        {
            self.transport = None;
            self.session
                .handle_transport_closed(self.now(), e.to_string());
        }
    }

    /// Runs the loop for at most `wait`, returning after the first input.
    pub fn step(&mut self, wait: Duration) {
        self.drive_outputs();
        let now = self.now();
        let mut wait = wait;
        if let Some(at) = self.session.poll_timeout() {
            wait = wait.min(Duration::from_millis(
                at.as_millis().saturating_sub(now.as_millis()),
            ));
        }
        match &mut self.transport {
            Some(t) => match t.recv(wait) {
                Ok(Some(bytes)) => self.session.handle_bytes(self.now(), &bytes),
                Ok(None) => {}
                Err(e) => {
                    self.transport = None;
                    self.session
                        .handle_transport_closed(self.now(), e.to_string());
                }
            },
            None => std::thread::sleep(wait),
        }
        if let Some(at) = self.session.poll_timeout()
            && at <= self.now()
        {
            self.session.handle_timeout(self.now());
        }
        self.drive_outputs();
    }

    /// Runs the loop until an event matching `want` arrives; earlier events
    /// stay queued in `events`.
    pub fn wait_for(&mut self, timeout: Duration, want: impl Fn(&Event) -> bool) -> Event {
        let end = StdInstant::now() + timeout;
        loop {
            if let Some(i) = self.events.iter().position(&want) {
                return self.events.remove(i).unwrap();
            }
            let left = end.saturating_duration_since(StdInstant::now());
            assert!(
                !left.is_zero(),
                "timed out; events so far: {:?}",
                self.events
            );
            self.step(left.min(Duration::from_millis(50)));
        }
    }

    /// Runs the loop for `d`, collecting events.
    pub fn run_for(&mut self, d: Duration) {
        let end = StdInstant::now() + d;
        while StdInstant::now() < end {
            self.step(
                end.saturating_duration_since(StdInstant::now())
                    .min(Duration::from_millis(20)),
            );
        }
    }

    pub fn publish(&mut self, m: OutgoingMessage) -> CommandId {
        let id = self
            .session
            .publish(self.now(), m)
            .expect("publish accepted");
        self.drive_outputs();
        id
    }

    /// Publishes and waits for the completion.
    pub fn publish_and_wait(
        &mut self,
        m: OutgoingMessage,
    ) -> Result<PubAckReasonCode, CommandError> {
        let id = self.publish(m);
        match self.wait_for(
            Duration::from_secs(5),
            |e| matches!(e, Event::Published { id: i, .. } if *i == id),
        ) {
            Event::Published { result, .. } => result,
            _ => unreachable!(),
        }
    }

    pub fn subscribe_request(&mut self, r: SubscribeRequest) -> Vec<SubAckReasonCode> {
        let id = self
            .session
            .subscribe(self.now(), r)
            .expect("subscribe accepted");
        match self.wait_for(
            Duration::from_secs(5),
            |e| matches!(e, Event::Subscribed { id: i, .. } if *i == id),
        ) {
            Event::Subscribed { result, .. } => result.expect("subscribe completed"),
            _ => unreachable!(),
        }
    }

    pub fn subscribe(&mut self, filter: &str, qos: QoS) -> Vec<SubAckReasonCode> {
        self.subscribe_request(SubscribeRequest::new(filter, qos))
    }

    pub fn unsubscribe(&mut self, filter: &str) -> Vec<UnsubAckReasonCode> {
        let r = UnsubscribeRequest {
            filters: vec![filter.to_string()],
            ..Default::default()
        };
        let id = self
            .session
            .unsubscribe(self.now(), r)
            .expect("unsubscribe accepted");
        match self.wait_for(
            Duration::from_secs(5),
            |e| matches!(e, Event::Unsubscribed { id: i, .. } if *i == id),
        ) {
            Event::Unsubscribed { result, .. } => result.expect("unsubscribe completed"),
            _ => unreachable!(),
        }
    }

    /// Waits for the next message.
    pub fn message(&mut self) -> Message {
        match self.wait_for(Duration::from_secs(5), |e| matches!(e, Event::Message(_))) {
            Event::Message(m) => m,
            _ => unreachable!(),
        }
    }

    /// Runs for `d` and returns every message that arrived.
    pub fn messages_for(&mut self, d: Duration) -> Vec<Message> {
        self.run_for(d);
        let mut out = Vec::new();
        self.events.retain(|e| match e {
            Event::Message(m) => {
                out.push(m.clone());
                false
            }
            _ => true,
        });
        out
    }

    /// Ends gracefully and waits for `Ended`.
    pub fn end(mut self) {
        self.session.end(self.now(), EndOptions::default()).unwrap();
        self.wait_for(Duration::from_secs(5), |e| matches!(e, Event::Ended));
    }

    /// Drops the transport without DISCONNECT, as a crash or a dead link
    /// would, and tells the session.
    pub fn kill_transport(&mut self) {
        self.transport = None;
        self.session
            .handle_transport_closed(self.now(), "killed by the test");
        self.drive_outputs();
    }
}

pub fn opts(version: ProtocolVersion, client_id: &str) -> Options {
    Options {
        version,
        client_id: client_id.to_string(),
        keep_alive: 30,
        random_seed: std::process::id() as u64,
        reconnect: ReconnectPolicy {
            min_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(500),
            ..ReconnectPolicy::default()
        },
        ..Options::default()
    }
}

pub fn msg(topic: &str, payload: &[u8], qos: QoS) -> OutgoingMessage {
    OutgoingMessage::new(topic, payload.to_vec(), qos)
}

/// A raw MQTT connection for what the engine will not do on purpose
/// (staying silent past keep alive, leaving a message unacknowledged).
pub struct Raw {
    pub stream: TcpStream,
    pub version: ProtocolVersion,
    rx: PacketBuffer,
}

impl Raw {
    pub fn connect(connect: &Connect<'_>) -> Raw {
        let stream = TcpStream::connect(("127.0.0.1", port(Listener::Tcp))).unwrap();
        let mut raw = Raw {
            stream,
            version: connect.protocol,
            rx: PacketBuffer::new(connect.protocol, MAX_PACKET_SIZE),
        };
        raw.send(&Packet::Connect(connect.clone()));
        let ack = raw.recv_packet_type(PacketType::ConnAck);
        assert_eq!(ack[3], 0, "CONNACK accepts the raw connection");
        raw
    }

    pub fn send(&mut self, p: &Packet<'_>) {
        let mut out = Vec::new();
        p.encode(self.version, &mut out).unwrap();
        self.stream.write_all(&out).unwrap();
    }

    /// The bytes of the next packet of type `t` (earlier ones skipped).
    pub fn recv_packet_type(&mut self, t: PacketType) -> Vec<u8> {
        self.stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        loop {
            let mut buf = [0u8; 4096];
            if let Ok(Some(p)) = self.rx.next_packet() {
                if p.packet_type() == t {
                    let mut out = Vec::new();
                    p.encode(self.version, &mut out).unwrap();
                    return out;
                }
                continue;
            }
            let n = self.stream.read(&mut buf).expect("raw read");
            assert!(n > 0, "raw connection closed");
            self.rx.push(&buf[..n]);
        }
    }
}
