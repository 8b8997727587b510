//! A scripted peer for the session engine, in virtual time: the tests
//! play the server byte for byte and check every byte and event.
#![allow(dead_code)]

use webmqtt::codec::*;
use webmqtt::session::*;

/// A session under test, its virtual clock and its peer's view.
pub struct Peer {
    pub s: Session,
    pub now: u64,
}

pub fn t(ms: u64) -> Instant {
    Instant::from_millis(ms)
}

pub fn enc(v: ProtocolVersion, p: Packet<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    p.encode(v, &mut out).unwrap();
    out
}

pub fn pid(n: u16) -> PacketId {
    PacketId::new(n).unwrap()
}

pub fn options(version: ProtocolVersion) -> Options {
    Options {
        version,
        client_id: "c1".into(),
        ..Options::default()
    }
}

impl Peer {
    pub fn new(o: Options) -> Peer {
        Peer {
            s: Session::new(o).unwrap(),
            now: 1_000,
        }
    }

    pub fn v(&self) -> ProtocolVersion {
        self.s.version()
    }

    /// Connect, check the CONNECT went out, answer with `connack`.
    pub fn connect_with(&mut self, connack: ConnAck<'_>) -> Vec<Event> {
        self.s.connect(t(self.now));
        assert_eq!(self.s.poll_action(), Some(Action::Open));
        self.s.handle_transport_open(t(self.now));
        let connect = self.sent();
        assert_eq!(connect[0], 0x10, "CONNECT first");
        self.recv(&enc(self.v(), Packet::ConnAck(connack)));
        self.events()
    }

    pub fn connect(&mut self) {
        let events = self.connect_with(ConnAck::default());
        assert!(
            matches!(
                events.as_slice(),
                [Event::Connected {
                    session_present: false,
                    ..
                }]
            ),
            "{events:?}"
        );
    }

    pub fn sent(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        self.s.poll_transmit(&mut out);
        out
    }

    pub fn expect_sent(&mut self, packets: &[Packet<'_>]) {
        let v = self.v();
        let want: Vec<u8> = packets.iter().flat_map(|p| enc(v, p.clone())).collect();
        assert_eq!(self.sent(), want, "expected {packets:?}");
    }

    pub fn recv(&mut self, bytes: &[u8]) {
        self.s.handle_bytes(t(self.now), bytes);
    }

    pub fn recv_packet(&mut self, p: Packet<'_>) {
        let bytes = enc(self.v(), p);
        self.recv(&bytes);
    }

    pub fn events(&mut self) -> Vec<Event> {
        std::iter::from_fn(|| self.s.poll_event()).collect()
    }

    pub fn actions(&mut self) -> Vec<Action> {
        std::iter::from_fn(|| self.s.poll_action()).collect()
    }

    /// Moves the clock forward, firing timers as a driver would.
    pub fn advance(&mut self, ms: u64) {
        let end = self.now + ms;
        while let Some(at) = self.s.poll_timeout() {
            if at.as_millis() > end {
                break;
            }
            self.now = self.now.max(at.as_millis());
            self.s.handle_timeout(t(self.now));
        }
        self.now = end;
    }

    /// Fires the next timer, whenever it is due.
    pub fn next_timer(&mut self) {
        let at = self.s.poll_timeout().expect("a timer is set").as_millis();
        self.now = self.now.max(at);
        self.s.handle_timeout(t(self.now));
    }

    /// After a loss: waits out the backoff and opens the new transport.
    pub fn reconnect(&mut self) {
        self.actions();
        self.next_timer();
        assert_eq!(self.actions(), vec![Action::Open]);
        self.events();
        self.s.handle_transport_open(t(self.now));
    }

    pub fn publish(
        &mut self,
        topic: &str,
        payload: &[u8],
        qos: QoS,
    ) -> Result<CommandId, CommandError> {
        self.s.publish(
            t(self.now),
            OutgoingMessage::new(topic, payload.to_vec(), qos),
        )
    }

    /// Subscribes to one filter with default options.
    pub fn subscribe(&mut self, filter: &str, qos: QoS) -> Result<CommandId, CommandError> {
        self.s
            .subscribe(t(self.now), SubscribeRequest::new(filter, qos))
    }
}

pub fn publish<'a>(topic: &'a str, payload: &'a [u8], qos: QoS, id: Option<u16>) -> Packet<'a> {
    Packet::Publish(Publish {
        qos,
        topic,
        payload,
        packet_id: id.map(pid),
        ..Publish::default()
    })
}
