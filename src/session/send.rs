//! Commands and sending: publish, subscribe, unsubscribe; the in-flight
//! window and the queue of what waits for it.

use alloc::vec::Vec;

use super::aliases::AliasUse;
use super::engine::{Session, State, Writes};
use super::error::CommandError;
use super::event::{CommandId, Event};
use super::in_flight::Stage;
use super::message::{OutgoingMessage, borrowed};
use super::requests::{PendingRequest, Request};
use super::subscriptions::{SubscribeRequest, UnsubscribeRequest};
use super::time::Instant;
use crate::codec::{
    Encode, PacketId, PacketType, Publish, QoS, SubAckReasonCode, Subscribe, SubscribeProperties,
    Subscription, SubscriptionId, Unsubscribe, UnsubscribeProperties,
};
use crate::topic::{
    SharedFilter, filters_overlap, validate_filter, validate_name, validate_plain_filter,
};

/// When a publication was last checked against the server's limits
/// (`Session::check_publish`): a check costs a topic validation and a
/// size computation, so one made a moment ago is not repeated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checked {
    /// In this call, under the limits in force.
    Now,
    /// When it was issued; the limits may have changed since.
    Earlier,
}

impl Session {
    fn accepts_commands(&self) -> Result<(), CommandError> {
        match self.state {
            State::Ended | State::Ending => Err(CommandError::Ended),
            _ => Ok(()),
        }
    }

    fn is_sending(&self) -> bool {
        self.state == State::Connected && !self.paused
    }

    /// Checks a publication against the topic rules and the server's
    /// limits, so that what cannot be sent fails here instead of getting
    /// the connection closed.
    fn check_publish(&self, m: &OutgoingMessage) -> Result<(), CommandError> {
        validate_name(&m.topic).map_err(|error| CommandError::InvalidTopic {
            topic: m.topic.clone(),
            error,
        })?;
        if m.qos > self.limits.maximum_qos {
            return Err(CommandError::QoSNotSupported {
                requested: m.qos,
                maximum: self.limits.maximum_qos,
            });
        }
        if m.retain && !self.limits.retain_available {
            return Err(CommandError::RetainNotSupported);
        }
        let packet_id = (m.qos != QoS::AtMostOnce).then_some(PacketId::MIN);
        let size = publish_packet(m, packet_id, false)
            .encoded_len(self.options.version)
            .map_err(CommandError::Encode)?;
        self.check_size(size)
    }

    /// Fails with [`CommandError::PacketTooLarge`] when a packet of `size`
    /// bytes is over the server's Maximum Packet Size (MQTT 5.0
    /// §3.2.2.3.6): the server would close the connection for it.
    fn check_size(&self, size: usize) -> Result<(), CommandError> {
        match self.limits.maximum_packet_size {
            Some(max) if size > usize::try_from(max).unwrap_or(usize::MAX) => {
                Err(CommandError::PacketTooLarge { size, max })
            }
            _ => Ok(()),
        }
    }

    /// Appends a packet to the bytes to send if it is within the server's
    /// Maximum Packet Size; on error nothing is written, and the command
    /// it belongs to fails instead of the connection. Through `dyn`, as
    /// [`Session::write`]: one copy for every packet type (PUBLISH's own
    /// instance was code of its own in the npm package).
    fn write_within_limit(
        &mut self,
        now: Instant,
        packet: &dyn Writes,
    ) -> Result<(), CommandError> {
        let start = self.tx.len();
        let size = packet
            .write_to(self.options.version, &mut self.tx)
            .map_err(CommandError::Encode)?;
        if let Err(e) = self.check_size(size) {
            self.tx.truncate(start);
            return Err(e);
        }
        self.last_sent = now;
        Ok(())
    }

    /// Publishes a message. The result arrives as [`Event::Published`]:
    /// for QoS 0 once it is written, for QoS 1 on PUBACK, for QoS 2 on
    /// PUBCOMP. A publication that cannot be sent now (offline, window full,
    /// transport paused) waits in a bounded queue; when the queue is full the
    /// call fails and nothing is queued.
    pub fn publish(
        &mut self,
        now: Instant,
        message: OutgoingMessage,
    ) -> Result<CommandId, CommandError> {
        self.accepts_commands()?;
        self.check_publish(&message)?;
        let id = self.next_command_id();
        let window_open = message.qos == QoS::AtMostOnce || self.in_flight.has_room();
        if self.outbox.is_empty() && self.is_sending() && window_open {
            // Checked a moment ago, under the limits in force.
            self.send_new(now, id, message, Checked::Now);
        } else {
            if let Err(e) = self.outbox.check_room(&message, &self.options.queue) {
                // Hand back the id's number: the command never existed.
                self.next_command -= 1;
                return Err(e);
            }
            self.outbox.push_back(id, message);
        }
        Ok(id)
    }

    /// Sends a publication for the first time; QoS 0 completes here.
    fn send_new(
        &mut self,
        now: Instant,
        id: CommandId,
        message: OutgoingMessage,
        checked: Checked,
    ) {
        if message.qos == QoS::AtMostOnce {
            let result = self
                .write_publish(now, &message, None, false, checked)
                .map(|()| crate::codec::PubAckReasonCode::Success);
            self.emit(Event::Published { id, result });
            return;
        }
        let Some(packet_id) = self.ids.allocate() else {
            // Every identifier is taken: wait in the queue.
            self.outbox.push_front(id, message);
            return;
        };
        if let Err(e) = self.write_publish(now, &message, Some(packet_id), false, checked) {
            self.ids.release(packet_id);
            self.events
                .push_back(Event::Published { id, result: Err(e) });
            return;
        }
        let stage = if message.qos == QoS::AtLeastOnce {
            Stage::PubAck
        } else {
            Stage::PubRec
        };
        self.in_flight.insert(packet_id, id, message, stage);
    }

    /// Encodes a PUBLISH into the transmit buffer, with a topic alias where
    /// the server allows them. On error nothing is written.
    pub(crate) fn write_publish(
        &mut self,
        now: Instant,
        m: &OutgoingMessage,
        packet_id: Option<PacketId>,
        dup: bool,
        checked: Checked,
    ) -> Result<(), CommandError> {
        // Limits may have changed since the command was checked (a
        // reconnect to a different server).
        if checked == Checked::Earlier {
            self.check_publish(m)?;
        }
        // Topic aliases exist only in MQTT 5.0 (§3.3.2.3.4): their code is
        // in the npm package's 5.0 module.
        if self.options.auto_topic_alias && self.options.version.is_v5() {
            return super::split::write_aliased(self, now, m, packet_id, dup);
        }
        self.write_within_limit(now, &publish_packet(m, packet_id, dup))
    }

    /// [`Session::write_publish`] for a client of 5.0 that aliases topics.
    pub(crate) fn write_aliased_now(
        &mut self,
        now: Instant,
        m: &OutgoingMessage,
        packet_id: Option<PacketId>,
        dup: bool,
    ) -> Result<(), CommandError> {
        let alias = self.out_aliases.use_for(&m.topic);
        let mut publish = publish_packet(m, packet_id, dup);
        match alias {
            AliasUse::None => {}
            AliasUse::Assign(a) => publish.properties.topic_alias = Some(a),
            AliasUse::Reuse(a) => {
                publish.properties.topic_alias = Some(a);
                publish.topic = "";
            }
        }
        let result = self.write_within_limit(now, &publish);
        // The server never learned an alias assigned here.
        if result.is_err() && matches!(alias, AliasUse::Assign(_)) {
            self.out_aliases.reset(self.limits.topic_alias_maximum);
            // The alias property itself may have tipped the size over the
            // server's maximum: try once without it.
            if self
                .write_within_limit(now, &publish_packet(m, packet_id, dup))
                .is_ok()
            {
                return Ok(());
            }
        }
        result
    }

    /// Moves what waits into the connection: requests first, then queued
    /// publications while the in-flight window has room.
    pub(crate) fn flush(&mut self, now: Instant) {
        if self.paused || !matches!(self.state, State::Connected | State::Ending) {
            return;
        }
        while let Some(r) = self.requests.pop_front() {
            if !self.send_request(now, r) {
                break;
            }
        }
        self.resend_waiting(now);
        while let Some((_, m)) = self.outbox.front() {
            if m.qos != QoS::AtMostOnce && !self.in_flight.has_room() {
                break;
            }
            let Some((id, m)) = self.outbox.pop_front() else {
                break;
            };
            self.send_new(now, id, m, Checked::Earlier);
            if self.outbox.front().is_some_and(|(front, _)| front == id) {
                break; // no packet identifier free
            }
        }
        self.finish_ending_if_idle(now);
    }

    /// Subscribes. The result, one code per filter, arrives as
    /// [`Event::Subscribed`]. Filters are checked here against the topic
    /// rules and what the server said it supports.
    pub fn subscribe(
        &mut self,
        now: Instant,
        mut request: SubscribeRequest,
    ) -> Result<CommandId, CommandError> {
        self.accepts_commands()?;
        self.check_subscribe(&request)?;
        let v5 = self.options.version.is_v5();
        if v5
            && request.subscription_identifier.is_none()
            && self.limits.subscription_identifiers
            && super::split::overlaps_a_subscription(self, &request)
        {
            request.subscription_identifier = SubscriptionId::new(self.next_subscription_id);
            self.next_subscription_id = self.next_subscription_id % SubscriptionId::MAX + 1;
        }
        let id = self.next_command_id();
        self.queue_request(
            now,
            PendingRequest {
                command: Some(id),
                request: Request::Subscribe(request),
            },
        );
        Ok(id)
    }

    fn check_subscribe(&self, request: &SubscribeRequest) -> Result<(), CommandError> {
        let v5 = self.options.version.is_v5();
        if request.filters.is_empty() {
            return Err(CommandError::Encode(
                crate::codec::EncodeError::EmptyPayload {
                    packet: PacketType::Subscribe,
                },
            ));
        }
        for f in &request.filters {
            let rule = if v5 {
                validate_filter
            } else {
                validate_plain_filter
            };
            rule(&f.filter).map_err(|error| CommandError::InvalidTopic {
                topic: f.filter.clone(),
                error,
            })?;
            let shared = v5 && matches!(SharedFilter::split(&f.filter), Ok(Some(_)));
            if shared && !self.limits.shared_subscriptions {
                return Err(CommandError::SharedSubscriptionsNotSupported);
            }
            let wildcard = f.filter.bytes().any(|b| b == b'+' || b == b'#');
            if wildcard && !self.limits.wildcard_subscriptions {
                return Err(CommandError::WildcardSubscriptionsNotSupported);
            }
        }
        if request.subscription_identifier.is_some() && !self.limits.subscription_identifiers {
            return Err(CommandError::SubscriptionIdentifiersNotSupported);
        }
        let subscribe = self.subscribe_packet(PacketId::MIN, request);
        subscribe
            .encoded_len(self.options.version)
            .map_err(CommandError::Encode)?;
        Ok(())
    }

    fn subscribe_packet<'r>(&self, packet_id: PacketId, r: &'r SubscribeRequest) -> Subscribe<'r> {
        let id = r
            .subscription_identifier
            .filter(|_| self.limits.subscription_identifiers);
        // Loops, not `map` and `collect`: each collect is code of its own
        // in the npm package.
        let mut subscriptions = Vec::with_capacity(r.filters.len());
        for f in &r.filters {
            subscriptions.push(Subscription {
                filter: &f.filter,
                options: f.options,
            });
        }
        Subscribe {
            packet_id,
            properties: SubscribeProperties {
                subscription_identifier: id,
                user_properties: borrowed(&r.user_properties),
            },
            subscriptions,
        }
    }

    /// Unsubscribes. The result arrives as [`Event::Unsubscribed`].
    pub fn unsubscribe(
        &mut self,
        now: Instant,
        request: UnsubscribeRequest,
    ) -> Result<CommandId, CommandError> {
        self.accepts_commands()?;
        let probe = self.unsubscribe_packet(PacketId::MIN, &request);
        probe
            .encoded_len(self.options.version)
            .map_err(|e| match e {
                crate::codec::EncodeError::InvalidTopic { error, .. } => {
                    // A loop, not `find`, `cloned` and `unwrap_or_default`,
                    // each code of its own in the npm package.
                    let mut topic = alloc::string::String::new();
                    for f in &request.filters {
                        if validate_filter(f).is_err() || f.is_empty() {
                            topic.clone_from(f);
                            break;
                        }
                    }
                    CommandError::InvalidTopic { topic, error }
                }
                e => CommandError::Encode(e),
            })?;
        let id = self.next_command_id();
        self.queue_request(
            now,
            PendingRequest {
                command: Some(id),
                request: Request::Unsubscribe(request),
            },
        );
        Ok(id)
    }

    fn unsubscribe_packet<'r>(
        &self,
        packet_id: PacketId,
        r: &'r UnsubscribeRequest,
    ) -> Unsubscribe<'r> {
        let mut filters = Vec::with_capacity(r.filters.len());
        for f in &r.filters {
            filters.push(f.as_str());
        }
        Unsubscribe {
            packet_id,
            properties: UnsubscribeProperties {
                user_properties: borrowed(&r.user_properties),
            },
            filters,
        }
    }

    /// Whether a filter of `request` could match a topic that a
    /// subscription this client holds or has asked for also matches.
    pub(crate) fn overlaps_a_subscription_now(&self, request: &SubscribeRequest) -> bool {
        // Closures over the held filters rather than one chained and
        // collected list of them: each adapter type was code of its own.
        let overlaps = |old: &str| {
            request
                .filters
                .iter()
                .any(|new| old != new.filter && filters_overlap(old, &new.filter))
        };
        self.subscriptions.iter().any(|(f, _)| overlaps(f))
            || self.requests.any(|r| match &r.request {
                Request::Subscribe(s) => s.filters.iter().any(|f| overlaps(&f.filter)),
                Request::Unsubscribe(_) => false,
            })
    }

    pub(crate) fn queue_request(&mut self, now: Instant, r: PendingRequest) {
        if self.is_sending() && !self.requests.has_unsent() {
            self.send_request(now, r);
            self.finish_ending_if_idle(now);
        } else {
            self.requests.push_back(r);
        }
    }

    /// Sends a request; `false` when no packet identifier is free (the
    /// request then waits at the front of the queue).
    fn send_request(&mut self, now: Instant, r: PendingRequest) -> bool {
        // The server may not be the one the request was checked against.
        if let Request::Subscribe(s) = &r.request
            && let Err(e) = self.check_subscribe(s)
        {
            self.fail_request(r, e);
            return true;
        }
        let Some(packet_id) = self.ids.allocate() else {
            self.requests.push_front(r);
            return false;
        };
        // One write for both kinds, through `dyn`: not hot, and generic
        // it was one copy per packet type in the npm package.
        let (subscribe, unsubscribe);
        let packet: &dyn Writes = match &r.request {
            Request::Subscribe(s) => {
                subscribe = self.subscribe_packet(packet_id, s);
                &subscribe
            }
            Request::Unsubscribe(u) => {
                unsubscribe = self.unsubscribe_packet(packet_id, u);
                &unsubscribe
            }
        };
        let written = self.write_within_limit(now, packet);
        match written {
            Ok(()) => self.requests.mark_sent(packet_id, r),
            Err(e) => {
                self.ids.release(packet_id);
                self.fail_request(r, e);
            }
        }
        true
    }

    /// After CONNACK: resend in-flight publications (DUP set) and PUBRELs
    /// in their original order.
    pub(crate) fn resend_in_flight(&mut self, now: Instant, session_present: bool) {
        let mut sent = 0usize;
        self.in_flight.clear_waiting();
        // `in_flight` keeps send order, which is the resend order. Walked
        // by index, not over a list of its identifiers made first: a
        // publication completed here leaves the window, and the next one
        // takes its index.
        let mut i = 0;
        while let Some((packet_id, f)) = self.in_flight.at(i) {
            let before = self.in_flight.len();
            match f.stage() {
                Stage::PubComp if session_present => {
                    sent += 1;
                    self.write_ack(now, PacketType::PubRel, packet_id, 0);
                }
                // Without a session, the server had already taken the
                // message (PUBREC): the exchange is complete.
                Stage::PubComp => {
                    self.complete_publish(packet_id, Ok(crate::codec::PubAckReasonCode::Success));
                }
                // The quota starts afresh on each connection and resends
                // count against it [MQTT-4.9.0-2]; the rest go out as
                // acknowledgments free room.
                Stage::PubAck | Stage::PubRec if sent >= self.in_flight.size() => {
                    self.in_flight.mark_waiting(packet_id, session_present);
                }
                Stage::PubAck | Stage::PubRec => {
                    sent += 1;
                    // Without a session these are new to the server: DUP
                    // only where it may have seen them [MQTT-3.3.1-1].
                    self.resend_publish(now, packet_id, session_present);
                }
            }
            if self.in_flight.len() == before {
                i += 1;
            }
        }
    }

    /// Resends, in order, publications the window held back after a
    /// reconnect, while it has room.
    fn resend_waiting(&mut self, now: Instant) {
        while let Some((packet_id, dup)) = self.in_flight.take_waiting() {
            self.resend_publish(now, packet_id, dup);
        }
    }

    /// Sends the in-flight publication `packet_id` again. One the server's
    /// limits now refuse (a reconnect may reach a server with others)
    /// completes with the error: waiting would hold its identifier and
    /// window slot forever.
    fn resend_publish(&mut self, now: Instant, packet_id: PacketId, dup: bool) {
        // Taken out while it is written, and put back: not copied.
        let Some(message) = self.in_flight.take_message(packet_id) else {
            return;
        };
        let written = self.write_publish(now, &message, Some(packet_id), dup, Checked::Earlier);
        self.in_flight.put_message(packet_id, message);
        if let Err(e) = written {
            self.complete_publish(packet_id, Err(e));
        }
    }

    /// After CONNACK without a session: subscribe again to what was active,
    /// ahead of any other request.
    pub(crate) fn restore_subscriptions(&mut self) {
        // Restores still waiting from an earlier connection are replaced.
        self.requests.drop_unsent_restores();
        if !self.options.restore_subscriptions || self.subscriptions.is_empty() {
            return;
        }
        // Pushed to the front one by one, last first, rather than
        // collected and then queued: a collected vector was code of its
        // own in the npm package.
        for (filter, a) in self.subscriptions.iter().rev() {
            self.requests.push_front(PendingRequest {
                command: None,
                request: Request::Subscribe(SubscribeRequest {
                    filters: alloc::vec![super::subscriptions::FilterRequest {
                        filter: filter.clone(),
                        options: a.options,
                    }],
                    subscription_identifier: a.id,
                    user_properties: a.user_properties.clone(),
                }),
            });
        }
    }

    /// A SUBACK with a failure for a restored subscription.
    pub(crate) fn restore_failed(&mut self, filter: alloc::string::String, code: SubAckReasonCode) {
        self.subscriptions.remove(&filter);
        self.emit(Event::SubscriptionLost {
            filter,
            reason: Ok(code),
        });
    }
}

/// The PUBLISH for `m`, with its topic and without a topic alias: the form
/// checked against the server's limits, and the fallback when an alias
/// does not fit.
pub(crate) fn publish_packet(
    m: &OutgoingMessage,
    packet_id: Option<PacketId>,
    dup: bool,
) -> Publish<'_> {
    Publish {
        dup,
        qos: m.qos,
        retain: m.retain,
        topic: &m.topic,
        packet_id,
        properties: m.properties.to_publish_properties(),
        payload: &m.payload,
    }
}
