//! Building CONNECT (MQTT 5.0 §3.1) from the session's options: checked
//! once when the session is created, and written at the start of every
//! connection.

use alloc::vec::Vec;

use super::engine::{AuthSlot, Session, State};
use super::error::{ConfigError, ConnectionError};
use super::options::Options;
use super::time::Instant;
use crate::codec::{Connect, ConnectProperties, Encode, EncodeError, Will, WillProperties};

/// Fails when the CONNECT these options make cannot be encoded, so that a
/// mistake in the options is reported once, by `Session::new`, and not as
/// a connection that fails on every attempt. It is checked on the options
/// alone, before a session is built from them, as the first CONNECT: no
/// authenticator yet, and the configured Clean Start.
pub(crate) fn check_connect(options: &Options) -> Result<(), ConfigError> {
    // Encoded into a scratch buffer by the one function that writes
    // it: a measuring instance of its own cost the npm package a
    // second copy of the CONNECT building.
    write_connect(options, None, None, options.clean_start, &mut Vec::new())
        .map(|_| ())
        .map_err(ConfigError::Connect)
}

impl Session {
    /// Writes CONNECT on a transport just opened, with the
    /// authenticator's first data (MQTT 5.0 §4.12), and waits for CONNACK.
    pub(crate) fn send_connect(&mut self, now: Instant) {
        let mut tx = core::mem::take(&mut self.tx);
        let o = &self.options;
        // MQTT 5.0 resumes the session on reconnect; 3.x keeps the
        // configured Clean Session, which is what decides persistence.
        let clean_start = if self.start_clean {
            true
        } else if o.version.is_v5() && self.has_connected {
            false
        } else {
            o.clean_start
        };
        // With an authenticator, through the function its slot holds, so
        // that a build that never sets one calls no authenticator here.
        let written = match &mut self.authenticator {
            None => write_connect(o, None, None, clean_start, &mut tx),
            Some(slot) => (slot.connect)(slot, o, clean_start, &mut tx),
        };
        self.tx = tx;
        match written {
            Ok(_) => {
                self.last_sent = now;
                self.state = State::AwaitingConnAck;
            }
            // `new` checked this CONNECT; only an assigned client id,
            // credentials or authentication data can have changed since.
            Err(e) => self.connection_lost(now, ConnectionError::Encode(e)),
        }
    }
}

/// Builds the CONNECT for `o` with the authenticator's method and first
/// data, and appends it to `out`: the function an [`AuthSlot`] holds.
pub(crate) fn write_authenticated_connect(
    slot: &mut AuthSlot,
    o: &Options,
    clean_start: bool,
    out: &mut Vec<u8>,
) -> Result<usize, EncodeError> {
    let data = slot.handler.initial_data();
    write_connect(
        o,
        Some(slot.handler.method()),
        data.as_deref(),
        clean_start,
        out,
    )
}

/// Builds the CONNECT for `o` and appends it to `out`.
fn write_connect(
    o: &Options,
    auth_method: Option<&str>,
    auth_data: Option<&[u8]>,
    clean_start: bool,
    out: &mut Vec<u8>,
) -> Result<usize, EncodeError> {
    // Properties only in MQTT 5.0 (§3.1.2.11, §3.1.3.2): built in the npm
    // package's 5.0 module.
    let (will_properties, properties) = if o.version.is_v5() {
        super::split::connect_properties(o, auth_method, auth_data)
    } else {
        (WillProperties::default(), ConnectProperties::default())
    };
    let will = o.will.as_ref().map(|w| Will {
        qos: w.qos,
        retain: w.retain,
        properties: will_properties,
        topic: &w.topic,
        payload: &w.payload,
    });
    let connect = Connect {
        protocol: o.version,
        clean_start,
        keep_alive: o.keep_alive,
        properties,
        client_id: &o.client_id,
        will,
        username: o.username.as_deref(),
        password: o.password.as_deref(),
    };
    connect.encode(o.version, out)
}

/// The will's and CONNECT's MQTT 5.0 properties from `o` (the will's
/// default when there is no will), with the authenticator's method and
/// data.
pub(crate) fn connect_properties_now<'a>(
    o: &'a Options,
    auth_method: Option<&'a str>,
    auth_data: Option<&'a [u8]>,
) -> (WillProperties<'a>, ConnectProperties<'a>) {
    let will = match &o.will {
        Some(w) => {
            let p = w.properties.to_publish_properties();
            WillProperties {
                will_delay_interval: w.delay_interval,
                payload_format_indicator: p.payload_format_indicator,
                message_expiry_interval: p.message_expiry_interval,
                content_type: p.content_type,
                response_topic: p.response_topic,
                correlation_data: p.correlation_data,
                user_properties: p.user_properties,
            }
        }
        None => WillProperties::default(),
    };
    let properties = ConnectProperties {
        session_expiry_interval: o.session_expiry_interval,
        receive_maximum: core::num::NonZeroU16::new(o.receive_maximum)
            .filter(|v| v.get() != u16::MAX),
        maximum_packet_size: o.max_packet_size.and_then(core::num::NonZeroU32::new),
        topic_alias_maximum: (o.topic_alias_maximum > 0).then_some(o.topic_alias_maximum),
        request_response_information: o.request_response_information.then_some(true),
        request_problem_information: None,
        authentication_method: auth_method,
        authentication_data: auth_method.and(auth_data),
        user_properties: super::message::borrowed(&o.connect_user_properties),
    };
    (will, properties)
}
