//! A WebSocket carrying MQTT (MQTT 5.0 §6): subprotocol `mqtt` (`mqttv3.1`
//! for MQTT 3.1), binary frames only, `ArrayBuffer` binary type.
//!
//! The socket owns no closure: its events go to the driver's one JS
//! function, with their kinds below. Dropping the socket removes its
//! handlers before closing it, so no event of a dropped socket arrives.

use wasm_bindgen::JsValue;

use super::glue::{buffered, open_socket, release, send_frame, take_held};
use crate::codec::ProtocolVersion;
use crate::session::TransportError;

/// What happened on a socket.
pub(crate) enum SocketEvent {
    Open,
    /// A binary frame, or a piece of one, of this many bytes, which the
    /// listener has copied into the receive buffer (see [`Socket::open`]).
    Data(usize),
    /// A text frame: not allowed for MQTT [MQTT-6.0.0-1].
    Text,
    Closed(TransportError),
}

/// An open or opening WebSocket.
pub(crate) struct Socket {
    ws: JsValue,
}

/// The kinds of event `open_socket` reports, with the clock and a number:
/// opened; a binary frame or a piece of one (its length, the bytes in the
/// receive buffer); a text frame; closed (the close code; the reason is
/// held in JS).
/// Numbered after the driver's own calls (see `Driver::on_wake`);
/// `open_socket`'s JS uses the same numbers.
pub(crate) const OPEN: u32 = 5;
const DATA: u32 = 6;
const TEXT: u32 = 7;

impl SocketEvent {
    /// The event `open_socket`'s JS reported as `kind` and `n`.
    pub(crate) fn new(kind: u32, n: u32) -> SocketEvent {
        match kind {
            OPEN => SocketEvent::Open,
            DATA => SocketEvent::Data(n as usize),
            TEXT => SocketEvent::Text,
            _ => SocketEvent::Closed(TransportError {
                code: Some(n as u16),
                reason: take_held().as_string().unwrap_or_default(),
            }),
        }
    }
}

/// The WebSocket subprotocol a version is carried in (MQTT 5.0 §6.0).
pub fn subprotocol(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1 => "mqttv3.1",
        _ => "mqtt",
    }
}

impl Socket {
    /// Opens a WebSocket to `url`; `f` is called with everything that
    /// happens on it (see [`SocketEvent::new`]). Its listener copies the
    /// frames it receives into `buffer`, a piece as large as `buffer` at
    /// a time, before each call: the buffer must stay where it is, and be
    /// left alone by anything else, while the socket is open.
    pub(crate) fn open(
        url: &str,
        version: ProtocolVersion,
        f: &JsValue,
        buffer: &[u8],
    ) -> Result<Socket, TransportError> {
        // No error handler: an error event is always followed by close,
        // which carries the code; the error itself says nothing more.
        let ws = open_socket(
            url,
            subprotocol(version),
            f,
            buffer.as_ptr() as u32,
            buffer.len() as u32,
        );
        if let Some(why) = ws.as_string() {
            return Err(TransportError::new(why));
        }
        Ok(Socket { ws })
    }

    /// Sends one binary frame; returns the bytes then queued in the
    /// browser and not yet sent.
    pub(crate) fn send(&self, bytes: &[u8]) -> Result<u32, TransportError> {
        let buffered = send_frame(&self.ws, bytes);
        if buffered < 0.0 {
            return Err(TransportError::new(
                take_held().as_string().unwrap_or_default(),
            ));
        }
        Ok(buffered as u32)
    }

    /// Whether the socket is open for sending.
    pub(crate) fn is_open(&self) -> bool {
        buffered(&self.ws) >= 0
    }

    /// Bytes queued in the browser and not yet sent.
    pub(crate) fn buffered_amount(&self) -> u32 {
        let n = buffered(&self.ws);
        (if n < 0 { !n } else { n }) as u32
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        release(&self.ws);
    }
}
