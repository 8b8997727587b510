//! A WebSocket carrying MQTT (MQTT 5.0 §6): subprotocol `mqtt` (`mqttv3.1`
//! for MQTT 3.1), binary frames only, `ArrayBuffer` binary type.
//!
//! The socket owns its three event closures and releases them when dropped,
//! so a reconnect does not leak a closure set per attempt.

use crate::std_prelude::*;

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;

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

/// An open or opening WebSocket and its handlers.
pub(crate) struct Socket {
    ws: JsValue,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(Option<Uint8Array>, usize)>,
    _on_close: Closure<dyn FnMut(u16, String)>,
}

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
        on_event: impl Fn(SocketEvent) + Clone + 'static,
    ) -> Result<Socket, TransportError> {
        let f = on_event.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || f(SocketEvent::Open));
        let f = on_event.clone();
        let on_message = Closure::<dyn FnMut(Option<Uint8Array>, usize)>::new(
            move |frame: Option<Uint8Array>, len| match frame {
                Some(bytes) => f(SocketEvent::Data(bytes, len)),
                None => f(SocketEvent::Text),
            },
        );
        let f = on_event;
        let on_close = Closure::<dyn FnMut(u16, String)>::new(move |code, reason| {
            f(SocketEvent::Closed(TransportError {
                code: Some(code),
                reason,
            }))
        });
        // No error handler: an error event is always followed by close,
        // which carries the code; the error itself says nothing more.
        let ws = open_socket(url, subprotocol(version), &on_open, &on_message, &on_close);
        if let Some(why) = ws.as_string() {
            return Err(TransportError::new(why));
        }
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
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
