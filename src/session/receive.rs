//! Receiving: every packet the server sends, and what the session does
//! about it.

use alloc::string::String;
use alloc::vec::Vec;
use core::time::Duration;

use super::engine::{Session, State};
use super::error::{CommandError, ConnectionError, ProtocolViolation};
use super::event::Event;
use super::in_flight::Stage;
use super::limits::ServerLimits;
use super::message::Message;
use super::requests::Request;
use super::subscriptions::Active;
use super::time::Instant;
use super::timers::Timer;
use crate::codec::{
    Auth, AuthProperties, AuthReasonCode, ConnAck, ConnectReasonCode, DecodeError,
    DisconnectReasonCode, Packet, PacketBuffer, PacketId, PacketType, PubAck, PubAckReasonCode,
    PubComp, PubRec, PubRel, PubRelReasonCode, Publish, QoS, SubAck, UnsubAck, UnsubAckReasonCode,
    put_bare_ack,
};

/// The DISCONNECT reason an MQTT 5.0 client sends for a decode error.
pub(crate) fn disconnect_reason(e: &DecodeError) -> DisconnectReasonCode {
    match e {
        DecodeError::PacketTooLarge { .. } => DisconnectReasonCode::PacketTooLarge,
        DecodeError::PropertyNotAllowed { .. }
        | DecodeError::DuplicateProperty(_)
        | DecodeError::InvalidPropertyValue { .. }
        | DecodeError::EmptyTopicWithoutAlias
        | DecodeError::PacketNotInVersion { .. }
        | DecodeError::WrongDirection { .. } => DisconnectReasonCode::ProtocolError,
        _ => DisconnectReasonCode::MalformedPacket,
    }
}

impl Session {
    /// A SUBACK or UNSUBACK with a reason code count other than the
    /// request's filter count (§3.9.3, §3.11.3).
    fn wrong_count(
        &mut self,
        packet: PacketType,
        id: PacketId,
        expected: usize,
        got: usize,
    ) -> Result<(), ProtocolViolation> {
        let violation = ProtocolViolation::ReasonCountMismatch {
            packet,
            expected,
            got,
        };
        self.fail_answered(id, CommandError::ProtocolViolation(violation));
        Err(violation)
    }

    /// Appends a PUBACK, PUBREC, PUBREL or PUBCOMP without properties,
    /// with `code` in MQTT 5.0 (see [`put_bare_ack`]).
    pub(crate) fn write_ack(&mut self, now: Instant, packet: PacketType, id: PacketId, code: u8) {
        put_bare_ack(&mut self.tx, self.options.version, packet, id, code);
        self.last_sent = now;
    }

    /// Bytes arrived on the transport: any number, any split.
    pub fn handle_bytes(&mut self, now: Instant, bytes: &[u8]) {
        if !matches!(
            self.state,
            State::AwaitingConnAck | State::Connected | State::Ending
        ) {
            return;
        }
        self.last_received = now;
        let placeholder = PacketBuffer::from_server(self.options.version, 0);
        let mut rx = core::mem::replace(&mut self.rx, placeholder);
        rx.push(bytes);
        loop {
            match rx.take_packet() {
                Some(Ok(mut packet)) => {
                    // Handlers borrow the packet and take what they keep
                    // out of it, so that it is dropped here once: dropped
                    // by each arm, its properties' drop was code at every
                    // arm.
                    let handled = self.handle_packet(now, &mut packet);
                    drop(packet);
                    if let Err(violation) = handled {
                        self.violation(now, ConnectionError::ProtocolViolation(violation));
                        break;
                    }
                    if !matches!(
                        self.state,
                        State::AwaitingConnAck | State::Connected | State::Ending
                    ) {
                        break;
                    }
                }
                None => break,
                Some(Err(e)) => {
                    self.undecodable(now, &rx, e);
                    break;
                }
            }
        }
        self.rx = rx;
        self.flush(now);
        self.finish_ending_if_idle(now);
    }

    /// The packet at the front of `rx` does not decode: the connection
    /// ends. Out of line, as rare: inlined into `handle_bytes`, it made
    /// the npm package larger.
    #[inline(never)]
    fn undecodable(&mut self, now: Instant, rx: &PacketBuffer, e: DecodeError) {
        if self.is_v3_refusal_of_v5(rx) {
            let refused = ConnectionError::Refused(ConnectReasonCode::UnsupportedProtocolVersion);
            self.connection_lost(now, refused);
            return;
        }
        // An acknowledgement that does not decode still names, in its
        // first two bytes, the command it answers: that command fails
        // instead of being sent again after the reconnect, to the same
        // answer.
        if let Some((header, body)) = rx.unread_packet()
            && header.packet_type.is_acknowledgement()
            && let Some(id) = body
                .get(..2)
                .and_then(|b| PacketId::new(u16::from_be_bytes([b[0], b[1]])))
        {
            self.fail_answered(id, CommandError::MalformedResponse(e));
        }
        let error = match e {
            DecodeError::PacketTooLarge { size, max } => {
                ConnectionError::PacketTooLarge { size, max }
            }
            e => ConnectionError::MalformedPacket(e),
        };
        self.violation(now, error);
    }

    /// Whether the server answered this client's 5.0 CONNECT with a 3.1.1
    /// CONNACK refusing the protocol version (return code 1), as 3.1.1-only
    /// servers such as aedes do: a refusal, not a malformed packet.
    fn is_v3_refusal_of_v5(&self, rx: &PacketBuffer) -> bool {
        self.state == State::AwaitingConnAck
            && self.options.version.is_v5()
            && rx
                .unread_packet()
                .is_some_and(|(h, body)| h.packet_type == PacketType::ConnAck && body == [0, 1])
    }

    /// Acts on one packet. A violation comes back as the small
    /// [`ProtocolViolation`], wrapped into a [`ConnectionError`] once by
    /// the caller: returned as the larger error through every handler,
    /// each of them copied it.
    fn handle_packet(
        &mut self,
        now: Instant,
        packet: &mut Packet<'_>,
    ) -> Result<(), ProtocolViolation> {
        // One match for both states: a match each had the AUTH and the
        // unexpected packet arms twice.
        let awaiting = self.state == State::AwaitingConnAck;
        match packet {
            Packet::ConnAck(c) if awaiting => {
                self.on_connack(now, c);
                Ok(())
            }
            // Answered through the authenticator's slot, so that the reply
            // is linked only where an authenticator can be set.
            Packet::Auth(a) => match self.authenticator.as_ref().map(|slot| slot.answer) {
                Some(answer) => answer(self, now, a),
                None => Err(ProtocolViolation::UnexpectedPacket(PacketType::Auth)),
            },
            _ if awaiting => Err(ProtocolViolation::UnexpectedPacket(packet.packet_type())),
            Packet::Publish(p) => self.on_publish(now, p),
            Packet::PubAck(a) => self.on_puback(a),
            Packet::PubRec(r) => {
                self.on_pubrec(now, r);
                Ok(())
            }
            Packet::PubRel(r) => {
                self.on_pubrel(now, r);
                Ok(())
            }
            Packet::PubComp(c) => self.on_pubcomp(c),
            Packet::SubAck(s) => self.on_suback(s),
            Packet::UnsubAck(u) => self.on_unsuback(u),
            Packet::PingResp => {
                self.timers.stop(Timer::PingResponse);
                Ok(())
            }
            Packet::Disconnect(d) => {
                self.connection_lost(
                    now,
                    ConnectionError::ServerDisconnect {
                        reason: d.reason,
                        reason_string: d.properties.reason_string.map(String::from),
                        server_reference: d.properties.server_reference.map(String::from),
                    },
                );
                Ok(())
            }
            Packet::ConnAck(_) => Err(ProtocolViolation::NotConnected),
            other => Err(ProtocolViolation::UnexpectedPacket(other.packet_type())),
        }
    }

    fn on_connack(&mut self, now: Instant, c: &ConnAck<'_>) {
        if c.reason != ConnectReasonCode::Success {
            self.connection_lost(now, ConnectionError::Refused(c.reason));
            return;
        }
        let v5 = self.options.version.is_v5();
        // A 3.x CONNACK decodes with no properties, whose limits are the
        // defaults: no branch of its own.
        self.limits = ServerLimits::from_connack(&c.properties);
        if let Some(id) = &self.limits.assigned_client_identifier {
            self.options.client_id.clone_from(id);
        }
        self.state = State::Connected;
        self.has_connected = true;
        self.start_clean = false;
        self.connected_at = Some(now);
        self.timers.stop(Timer::Connect);
        let keep_alive = self
            .limits
            .server_keep_alive
            .unwrap_or(self.options.keep_alive);
        self.keep_alive = Duration::from_secs(u64::from(keep_alive));
        if keep_alive > 0 {
            self.timers
                .set(Timer::KeepAlive, self.last_sent + self.ping_interval());
        }
        // MQTT 5.0 §3.2.2.3.3: an absent Receive Maximum means 65,535.
        // MQTT 3.x has no window; the option stands in for one.
        self.in_flight.set_size(match self.limits.receive_maximum {
            Some(v) => usize::from(v),
            None if v5 => usize::from(u16::MAX),
            None => usize::from(self.options.default_send_window.max(1)),
        });
        let alias_max = if self.options.auto_topic_alias {
            self.limits.topic_alias_maximum
        } else {
            0
        };
        self.out_aliases.reset(alias_max);
        self.in_aliases.reset(if v5 {
            self.options.topic_alias_maximum
        } else {
            0
        });
        if !c.session_present {
            self.incoming_qos2.clear();
            self.restore_subscriptions();
        }
        self.resend_in_flight(now, c.session_present);
        self.emit(Event::Connected {
            session_present: c.session_present,
            // Read from CONNACK again rather than cloned: the clone was
            // code of its own in the npm package, the read is linked anyway.
            limits: ServerLimits::from_connack(&c.properties),
        });
    }

    /// Answers the server's AUTH (MQTT 5.0 §4.12); called through the
    /// [`AuthSlot`](super::engine::AuthSlot) that `set_authenticator` fills.
    pub(crate) fn on_auth(&mut self, now: Instant, a: &Auth<'_>) -> Result<(), ProtocolViolation> {
        let Some(auth) = self.authenticator.as_mut().map(|slot| &mut slot.handler) else {
            return Err(ProtocolViolation::UnexpectedPacket(PacketType::Auth));
        };
        if a.properties.authentication_method != Some(auth.method()) {
            return Err(ProtocolViolation::AuthenticationMismatch);
        }
        if a.reason != AuthReasonCode::ContinueAuthentication {
            return Ok(());
        }
        match auth.challenge(a.properties.authentication_data) {
            Ok(data) => {
                let method = String::from(auth.method());
                let reply = Auth {
                    reason: AuthReasonCode::ContinueAuthentication,
                    properties: AuthProperties {
                        authentication_method: Some(&method),
                        authentication_data: data.as_deref(),
                        ..AuthProperties::default()
                    },
                };
                self.write(now, &reply);
                Ok(())
            }
            Err(message) => {
                self.connection_lost(now, ConnectionError::Authentication(message));
                Ok(())
            }
        }
    }

    fn on_publish(&mut self, now: Instant, p: &mut Publish<'_>) -> Result<(), ProtocolViolation> {
        let topic = self
            .in_aliases
            .resolve(p.topic, p.properties.topic_alias)
            .map(String::from)
            .map_err(|_| ProtocolViolation::TopicAliasInvalid)?;
        match (p.qos, p.packet_id) {
            (QoS::AtMostOnce, _) | (_, None) => self.deliver(p, topic),
            (QoS::AtLeastOnce, Some(id)) => {
                self.deliver(p, topic);
                self.write_ack(now, PacketType::PubAck, id, 0);
            }
            (QoS::ExactlyOnce, Some(id)) => {
                // A PUBLISH whose PUBREC the server has not answered with
                // PUBREL yet is a redelivery: acknowledge, do not deliver
                // again (§4.3.3).
                if !self.incoming_qos2.contains(id) {
                    let window = usize::from(self.options.receive_maximum);
                    if self.options.enforce_receive_maximum
                        && self.options.version.is_v5()
                        && self.incoming_qos2.len() >= window
                    {
                        return Err(ProtocolViolation::ReceiveMaximumExceeded);
                    }
                    self.incoming_qos2.insert(id);
                    self.deliver(p, topic);
                }
                self.write_ack(now, PacketType::PubRec, id, 0);
            }
        }
        Ok(())
    }

    fn deliver(&mut self, p: &mut Publish<'_>, topic: String) {
        let matched = self
            .subscriptions
            .matching(&topic, &p.properties.subscription_identifiers);
        self.events
            .push_back(Event::Message(Message::from_publish(p, topic, matched)));
    }

    /// An acknowledgement that does not fit what waits on its packet
    /// identifier: a SUBACK for a publication, a PUBACK for a request, an
    /// UNSUBACK for a SUBSCRIBE (that command ends), or any of them for an
    /// identifier nothing waits on. Either way the server broke the
    /// protocol (§4.13).
    fn wrong_answer(&mut self, packet: PacketType, id: PacketId) -> Result<(), ProtocolViolation> {
        let known = self.requests.sent(id).is_some() || self.in_flight.contains(id);
        let violation = if known {
            ProtocolViolation::UnexpectedPacket(packet)
        } else {
            ProtocolViolation::UnknownPacketId(packet)
        };
        self.fail_answered(id, CommandError::ProtocolViolation(violation));
        Err(violation)
    }

    /// PUBACK ends a QoS 1 publication, and also a QoS 2 one, whatever its
    /// stage: a server that answers QoS 2 with PUBACK (RabbitMQ 3.10 takes
    /// it as QoS 1) has taken the message, and waiting for a PUBREC that
    /// never comes would hold the identifier and the window slot forever.
    fn on_puback(&mut self, a: &PubAck<'_>) -> Result<(), ProtocolViolation> {
        if !self.in_flight.contains(a.packet_id) {
            return self.wrong_answer(PacketType::PubAck, a.packet_id);
        }
        let result = if a.reason.is_error() {
            Err(CommandError::Refused(a.reason))
        } else {
            Ok(a.reason)
        };
        self.complete_publish(a.packet_id, result);
        Ok(())
    }

    fn on_pubrec(&mut self, now: Instant, r: &PubRec<'_>) {
        let id = r.packet_id;
        let stage = self.in_flight.get(id).map(|f| f.stage());
        match stage {
            Some(Stage::PubRec | Stage::PubAck) if r.reason.is_error() => {
                // A failed PUBREC ends the exchange (§4.3.3).
                self.complete_publish(id, Err(CommandError::Refused(r.reason)));
            }
            // A QoS 1 publication answered with PUBREC: the server runs the
            // QoS 2 exchange, so finish it, rather than leave the server
            // waiting for a PUBREL.
            Some(Stage::PubRec | Stage::PubAck | Stage::PubComp) => {
                self.in_flight.mark_received(id);
                self.write_ack(now, PacketType::PubRel, id, 0);
            }
            None => {
                // Unknown identifier: tell the server in 5.0 (§4.3.3).
                let code = PubRelReasonCode::PacketIdentifierNotFound.code();
                self.write_ack(now, PacketType::PubRel, id, code);
            }
        }
    }

    /// PUBCOMP ends a publication at any stage: after PUBREL as the
    /// protocol has it, and also where the server skipped a step.
    fn on_pubcomp(&mut self, c: &PubComp<'_>) -> Result<(), ProtocolViolation> {
        if !self.in_flight.contains(c.packet_id) {
            return self.wrong_answer(PacketType::PubComp, c.packet_id);
        }
        let result = match c.reason {
            PubRelReasonCode::Success => Ok(PubAckReasonCode::Success),
            code => Err(CommandError::ReleaseFailed(code)),
        };
        self.complete_publish(c.packet_id, result);
        Ok(())
    }

    fn on_pubrel(&mut self, now: Instant, r: &PubRel<'_>) {
        let code = if self.incoming_qos2.remove(r.packet_id) {
            PubRelReasonCode::Success
        } else {
            // Unknown identifier: tell the server in 5.0 (§4.3.3).
            PubRelReasonCode::PacketIdentifierNotFound
        };
        self.write_ack(now, PacketType::PubComp, r.packet_id, code.code());
    }

    fn on_suback(&mut self, s: &mut SubAck<'_>) -> Result<(), ProtocolViolation> {
        // No request, or not a SUBSCRIBE: one way out for both.
        let expected = match self.requests.sent(s.packet_id).map(|p| &p.request) {
            Some(Request::Subscribe(r)) => r.filters.len(),
            _ => return self.wrong_answer(PacketType::SubAck, s.packet_id),
        };
        if expected != s.reasons.len() {
            return self.wrong_count(PacketType::SubAck, s.packet_id, expected, s.reasons.len());
        }
        let Some(pending) = self.requests.take_sent(s.packet_id) else {
            return Ok(());
        };
        self.ids.release(s.packet_id);
        // Matched by reference, and the request dropped whole: taken
        // apart, each way out dropped what it left.
        let Request::Subscribe(request) = &pending.request else {
            return Ok(());
        };
        for (f, code) in request.filters.iter().zip(&s.reasons) {
            if code.granted_qos().is_some() {
                self.subscriptions.insert(
                    &f.filter,
                    Active {
                        options: f.options,
                        id: request.subscription_identifier,
                        user_properties: request.user_properties.clone(),
                    },
                );
            } else if pending.command.is_none() {
                self.restore_failed(f.filter.clone(), *code);
            }
        }
        if let Some(id) = pending.command {
            self.emit(Event::Subscribed {
                id,
                result: Ok(core::mem::take(&mut s.reasons)),
            });
        }
        Ok(())
    }

    fn on_unsuback(&mut self, u: &mut UnsubAck<'_>) -> Result<(), ProtocolViolation> {
        let v5 = self.options.version.is_v5();
        let expected = match self.requests.sent(u.packet_id).map(|p| &p.request) {
            Some(Request::Unsubscribe(r)) => r.filters.len(),
            _ => return self.wrong_answer(PacketType::UnsubAck, u.packet_id),
        };
        // MQTT 3.x UNSUBACK carries no reason codes.
        if v5 && expected != u.reasons.len() {
            return self.wrong_count(PacketType::UnsubAck, u.packet_id, expected, u.reasons.len());
        }
        let Some(pending) = self.requests.take_sent(u.packet_id) else {
            return Ok(());
        };
        self.ids.release(u.packet_id);
        let Request::Unsubscribe(request) = &pending.request else {
            return Ok(());
        };
        let reasons: Vec<UnsubAckReasonCode> = if v5 {
            core::mem::take(&mut u.reasons)
        } else {
            // Pushed one by one: `vec!` brought its `extend_with` for this
            // element type, code of its own in the npm package.
            let mut reasons = Vec::with_capacity(request.filters.len());
            for _ in &request.filters {
                reasons.push(UnsubAckReasonCode::Success);
            }
            reasons
        };
        for (f, code) in request.filters.iter().zip(&reasons) {
            if !code.is_error() {
                self.subscriptions.remove(f);
            }
        }
        if let Some(id) = pending.command {
            self.emit(Event::Unsubscribed {
                id,
                result: Ok(reasons),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{Encode, ProtocolVersion};
    use crate::session::Options;

    /// `write_ack` writes what the codec's encoder writes for the same
    /// acknowledgment, in every version, with and without a reason code.
    #[test]
    fn acknowledgments_written_in_place_match_the_encoder() {
        let id = PacketId::new(0x1234).unwrap();
        let not_found = PubRelReasonCode::PacketIdentifierNotFound;
        for version in [
            ProtocolVersion::V3_1,
            ProtocolVersion::V3_1_1,
            ProtocolVersion::V5,
        ] {
            let mut session = Session::new(Options {
                version,
                client_id: "acks".into(),
                ..Options::default()
            })
            .unwrap();
            let mut expected = Vec::new();
            PubAck::new(id).encode(version, &mut expected).unwrap();
            PubRec::new(id).encode(version, &mut expected).unwrap();
            PubRel::new(id).encode(version, &mut expected).unwrap();
            PubComp::new(id).encode(version, &mut expected).unwrap();
            let now = Instant::from_millis(7);
            session.write_ack(now, PacketType::PubAck, id, 0);
            session.write_ack(now, PacketType::PubRec, id, 0);
            session.write_ack(now, PacketType::PubRel, id, 0);
            session.write_ack(now, PacketType::PubComp, id, 0);
            if version.is_v5() {
                let mut rel = PubRel::new(id);
                rel.reason = not_found;
                rel.encode(version, &mut expected).unwrap();
                let mut comp = PubComp::new(id);
                comp.reason = not_found;
                comp.encode(version, &mut expected).unwrap();
            } else {
                // Before 5.0 the code is left out, as the engine asks for
                // one only in 5.0.
                PubRel::new(id).encode(version, &mut expected).unwrap();
                PubComp::new(id).encode(version, &mut expected).unwrap();
            }
            session.write_ack(now, PacketType::PubRel, id, not_found.code());
            session.write_ack(now, PacketType::PubComp, id, not_found.code());
            assert_eq!(session.tx, expected, "{version:?}");
            assert_eq!(session.last_sent, now);
        }
    }
}
