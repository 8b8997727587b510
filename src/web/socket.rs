//! A WebSocket carrying MQTT (MQTT 5.0 §6): subprotocol `mqtt` (`mqttv3.1`
//! for MQTT 3.1), binary frames only, `ArrayBuffer` binary type.
//!
//! The socket owns its three event closures and releases them when dropped,
//! so a reconnect does not leak a closure set per attempt.

use crate::std_prelude::*;

use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, CloseEvent, Event, WebSocket};

use super::glue::frames;
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
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(Option<Uint8Array>, usize)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

/// The WebSocket subprotocol a version is carried in (MQTT 5.0 §6.0).
pub fn subprotocol(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V3_1 => "mqttv3.1",
        _ => "mqtt",
    }
}

fn js_error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| String::from("the browser refused to open the WebSocket"))
}

impl Socket {
    /// Opens a WebSocket to `url`; `on_event` receives everything that
    /// happens on it.
    pub(crate) fn open(
        url: &str,
        version: ProtocolVersion,
        on_event: impl Fn(SocketEvent) + Clone + 'static,
    ) -> Result<Socket, TransportError> {
        let ws = WebSocket::new_with_str(url, subprotocol(version))
            .map_err(|e| TransportError::new(js_error_text(&e)))?;
        ws.set_binary_type(BinaryType::Arraybuffer);
        let f = on_event.clone();
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| f(SocketEvent::Open));
        let f = on_event.clone();
        let on_message = Closure::<dyn FnMut(Option<Uint8Array>, usize)>::new(
            move |frame: Option<Uint8Array>, len| match frame {
                Some(bytes) => f(SocketEvent::Data(bytes, len)),
                None => f(SocketEvent::Text),
            },
        );
        let f = on_event;
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            f(SocketEvent::Closed(TransportError {
                code: Some(e.code()),
                reason: e.reason(),
            }))
        });
        // No error handler: an error event is always followed by close,
        // which carries the code; the error itself says nothing more.
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(&frames(&on_message)));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        })
    }

    /// Sends one binary frame.
    pub(crate) fn send(&self, bytes: &[u8]) -> Result<(), TransportError> {
        self.ws
            .send_with_u8_array(bytes)
            .map_err(|e| TransportError::new(js_error_text(&e)))
    }

    /// Whether the socket is open for sending.
    pub(crate) fn is_open(&self) -> bool {
        self.ws.ready_state() == WebSocket::OPEN
    }

    /// Bytes queued in the browser and not yet sent.
    pub(crate) fn buffered_amount(&self) -> u32 {
        self.ws.buffered_amount()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}
