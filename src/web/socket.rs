//! A WebSocket carrying MQTT (MQTT 5.0 §6): subprotocol `mqtt` (`mqttv3.1`
//! for MQTT 3.1), binary frames only, `ArrayBuffer` binary type.
//!
//! The socket owns its event closure and releases it when dropped, so a
//! reconnect does not leak a closure per attempt.

use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::glue::{buffered, close_socket, is_open, open_socket, send_frame};
use crate::codec::ProtocolVersion;
use crate::session::TransportError;

/// What happened on a socket.
pub(crate) enum SocketEvent {
    Open,
    /// A binary frame, still in JS memory, and its length: the driver
    /// copies it once, into a buffer it reuses.
    Data(Uint8Array, usize),
    /// A text frame: not allowed for MQTT [MQTT-6.0.0-1].
    Text,
    Closed(TransportError),
}

/// An open or opening WebSocket and its handler.
pub(crate) struct Socket {
    ws: JsValue,
    _on_event: Closure<dyn FnMut(u32, JsValue, u32)>,
}

/// The kinds of event `open_socket` reports, with a value and a number:
/// opened; a binary frame (a `Uint8Array` and its length); a text frame;
/// closed (the reason and the close code).
const OPEN: u32 = 0;
const DATA: u32 = 1;
const TEXT: u32 = 2;

/// The WebSocket subprotocol a version is carried in (MQTT 5.0 §6.0).
pub fn subprotocol(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1 => "mqttv3.1",
        _ => "mqtt",
    }
}

impl Socket {
    /// Opens a WebSocket to `url`; `on_event` receives everything that
    /// happens on it.
    pub(crate) fn open(
        url: &str,
        version: ProtocolVersion,
        on_event: impl Fn(SocketEvent) + 'static,
    ) -> Result<Socket, TransportError> {
        // One closure for the four kinds of event (see `open_socket`):
        // each closure type brings its own JS and wasm glue.
        let on_event = Closure::<dyn FnMut(u32, JsValue, u32)>::new(
            move |kind: u32, value: JsValue, n: u32| {
                on_event(match kind {
                    OPEN => SocketEvent::Open,
                    DATA => SocketEvent::Data(value.unchecked_into(), n as usize),
                    TEXT => SocketEvent::Text,
                    _ => SocketEvent::Closed(TransportError {
                        code: Some(n as u16),
                        reason: value.as_string().unwrap_or_default(),
                    }),
                })
            },
        );
        // No error handler: an error event is always followed by close,
        // which carries the code; the error itself says nothing more.
        let ws = open_socket(url, subprotocol(version), &on_event);
        if let Some(why) = ws.as_string() {
            return Err(TransportError::new(why));
        }
        Ok(Socket {
            ws,
            _on_event: on_event,
        })
    }

    /// Sends one binary frame; returns the bytes then queued in the
    /// browser and not yet sent.
    pub(crate) fn send(&self, bytes: &[u8]) -> Result<u32, TransportError> {
        let r = send_frame(&self.ws, bytes);
        match r.as_f64() {
            Some(buffered) => Ok(buffered as u32),
            None => Err(TransportError::new(r.as_string().unwrap_or_default())),
        }
    }

    /// Whether the socket is open for sending.
    pub(crate) fn is_open(&self) -> bool {
        is_open(&self.ws)
    }

    /// Bytes queued in the browser and not yet sent.
    pub(crate) fn buffered_amount(&self) -> u32 {
        buffered(&self.ws)
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        close_socket(&self.ws);
    }
}
