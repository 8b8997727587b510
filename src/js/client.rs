//! The client behind the npm package's `MqttClient` class (www/npm/client.js):
//! `connect` and plain exported functions over a numeric handle, which
//! cost less code than a wasm-bindgen class (its export shims' borrow
//! checks and errors, its glue and finalization plumbing).

use crate::std_prelude::*;
use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;

use super::convert::{Fields, message_packet, object, properties, put};
use super::error::{Code, cat, command_error, connection_error, invalid, invalid_at, mqtt_error};
use super::glue::{
    add_handler, call_later, call_later_ack, emit_event, ended, grants_of, promise_for,
    publish_shape, remove_handler, settle, settle_with, when_ended,
};
use super::options::{connect_options, credentials, filters, option_name, outgoing, shape, urls};
use super::strings::{KEYS, key};

std::thread_local! {
    /// The id of the next publish promise (see `promise_for`).
    static NEXT_PROMISE: Cell<u32> = const { Cell::new(0) };
    /// The clients, by the handle their JS object holds.
    static CLIENTS: std::cell::RefCell<Vec<Option<Rc<JsMqttClient>>>> = const { std::cell::RefCell::new(Vec::new()) };
}
use crate::codec::DisconnectReasonCode;
use crate::codec::SubscriptionId;
use crate::session::{
    CommandError, ConnectionError, EndOptions, Event, SubscribeRequest, UnsubscribeRequest,
};
use crate::text::Describe;
use crate::web::{Completer, Completion, MqttClient};

/// The events a handler can be added for, and the same list as one text
/// for the error that names them (made at compile time: no `join` code).
/// A handler is kept with its event's index in the list (`event_index`),
/// so finding the handlers of an event (per message) compares a byte, not
/// a text.
macro_rules! events {
    ($($id:ident = $e:literal),*) => {
        /// The index of `event` in the list (a `match`: a search of a
        /// list of texts was a table of pointers and a loop).
        fn event_index(event: &str) -> Option<u8> {
            match event {
                $($e => Some($id),)*
                _ => None,
            }
        }
        const EVENT_LIST: &str = events!(@join $($e),*);
        events!(@ids 0u8, $($id),*);
    };
    (@join $first:literal $(, $e:literal)*) => { concat!($first $(, ", ", $e)*) };
    (@ids $n:expr, $id:ident $(, $rest:ident)*) => {
        pub(super) const $id: u8 = $n;
        events!(@ids $n + 1, $($rest),*);
    };
    (@ids $n:expr,) => {};
}
events!(
    CONNECT = "connect",
    MESSAGE = "message",
    RECONNECT = "reconnect",
    OFFLINE = "offline",
    CLOSE = "close",
    DISCONNECT = "disconnect",
    ERROR = "error",
    END = "end"
);

/// What a client object and its event sink share.
pub(super) struct Shared {
    /// The handlers, a list per event made on its first handler, kept and
    /// called in JavaScript (see `emitEvent`, which `emit` calls only for
    /// an event whose `listened` bit is set, so only with a list).
    handlers: JsValue,
    /// The events that have handlers, a bit each.
    listened: Cell<u8>,
    connected: Cell<bool>,
}

/// An MQTT client over a WebSocket, with an MQTT.js-like API. Create it
/// with `connect`.
pub struct JsMqttClient {
    pub(super) client: MqttClient,
    pub(super) shared: Shared,
}

/// Connects to `url` (a `ws://`/`wss://` URL, or a list to fail over
/// between) with MQTT.js-style `options`. Returns the client's handle, a
/// number, which client.js wraps in its `MqttClient`; or, when an option
/// is wrong, the `MqttError` (code `INVALID_ARGUMENT`, naming the field)
/// that client.js throws. Returned rather than a `Result`: the glue's
/// path for a thrown result (its return area, the externref table's
/// take) cost more than the test in client.js.
///
/// `v5` says whether the MQTT 5.0 module is in. A client of 5.0 reads
/// and writes property sections, and one with an outbox its records'
/// (5.0 PUBLISH packets), with code in that module (`codec::split`), so
/// client.js makes such a client only once the module is in; a client
/// its reading of the options took for another is refused here rather
/// than run into the module's absent code.
#[wasm_bindgen(skip_typescript)]
pub fn connect(url: JsValue, options: JsValue, v5: bool) -> JsValue {
    match connect_client(&url, &options, v5) {
        Ok(h) => h.into(),
        Err(e) => e,
    }
}

fn connect_client(url: &JsValue, options: &JsValue, v5: bool) -> Result<u32, JsValue> {
    // Before any field is read: the keys fields are named by.
    super::glue::set_keys(KEYS);
    let mut r = Fields::default();
    let urls = urls(&mut r, url);
    let o = connect_options(&mut r, urls, options);
    let provider = credentials(&mut r, options);
    r.done()?;
    if (o.session.version.is_v5() || o.outbox.is_some()) && !v5 {
        return Err(invalid(
            "protocolVersion",
            "5 (or an outbox) needs the MQTT 5.0 module, which has not loaded",
        ));
    }
    // Events come through the sink below, not a stream.
    let client = MqttClient::connect_without_events(o, provider)
        .map_err(|e| invalid(option_name(&e), &e.text()))?;
    let shared = Shared {
        handlers: Array::new().into(),
        listened: Cell::new(0),
        connected: Cell::new(false),
    };
    let c = Rc::new(JsMqttClient { client, shared });
    // Holding the client keeps the connection alive until `end()`, even if
    // the JS object is collected, as with MQTT.js; the driver drops the
    // sink, and with it this handle, once the end is delivered. (One `Rc`
    // for the client and its shared state: an `Rc` of each cost a second
    // drop and allocation.)
    let this = c.clone();
    c.client
        .set_event_sink(Rc::new(move |e| on_event(&this.shared, e)));
    let c = Some(c);
    // The first free slot, or a new one.
    Ok(
        CLIENTS.with_borrow_mut(|t| match t.iter().position(Option::is_none) {
            Some(i) => {
                t[i] = c;
                i as u32
            }
            None => {
                t.push(c);
                t.len() as u32 - 1
            }
        }),
    )
}

/// What `f` makes of the slot of handle `h` in the client table: a
/// function, not a closure, so that reading and freeing share one
/// instance of the thread-local access.
fn with_slot(
    h: u32,
    f: fn(&mut Option<Rc<JsMqttClient>>) -> Option<Rc<JsMqttClient>>,
) -> Option<Rc<JsMqttClient>> {
    CLIENTS.with_borrow_mut(|t| f(&mut t[h as usize]))
}

/// The client of handle `h`, cloned out so that no borrow of the table is
/// held while it runs (a handler may connect another client).
fn client(h: u32) -> Rc<JsMqttClient> {
    with_slot(h, |c| c.clone()).unwrap()
}

/// Frees the client of handle `h` (its JS object was collected or
/// `free()`d); the connection lives on until it ends, as before. It is
/// taken out of the table and dropped after, with no borrow held.
#[wasm_bindgen(skip_typescript, js_name = clientFree)]
pub fn client_free(h: u32) {
    with_slot(h, Option::take);
}

/// `MqttClient.on`: the `MqttError` for an unknown event, which
/// client.js throws, or undefined (see `connect`).
#[wasm_bindgen(skip_typescript, js_name = clientOn)]
pub fn client_on(h: u32, event: &str, handler: Function) -> JsValue {
    client(h)
        .on(event, handler)
        .err()
        .unwrap_or(JsValue::UNDEFINED)
}

/// `MqttClient.off`.
#[wasm_bindgen(skip_typescript, js_name = clientOff)]
pub fn client_off(h: u32, event: &str, handler: &Function) {
    client(h).off(event, handler)
}

/// `MqttClient.connected`.
#[wasm_bindgen(skip_typescript, js_name = clientConnected)]
pub fn client_connected(h: u32) -> bool {
    client(h).shared.connected.get()
}

/// `MqttClient.clientId`.
#[wasm_bindgen(skip_typescript, js_name = clientId)]
pub fn client_id(h: u32) -> JsValue {
    JsValue::from_str(&client(h).client.client_id())
}

/// `MqttClient.publish`. The topic is borrowed and copied: taken as a
/// `String`, the export checked its UTF-8 again (the glue always writes
/// valid UTF-8) and had an error path for it, code of its own.
#[wasm_bindgen(skip_typescript, js_name = clientPublish)]
pub fn client_publish(
    h: u32,
    topic: &str,
    payload: JsValue,
    options: JsValue,
    callback: JsValue,
) -> JsValue {
    client(h).publish(topic.into(), payload, options, callback)
}

/// `MqttClient.subscribe` (client.js has moved a callback given in
/// place of the options to `callback`).
#[wasm_bindgen(skip_typescript, js_name = clientSubscribe)]
pub fn client_subscribe(
    h: u32,
    topics: JsValue,
    options: JsValue,
    callback: Option<Function>,
) -> JsValue {
    client(h).subscribe(topics, options, callback)
}

/// `MqttClient.unsubscribe` (as `subscribe`).
#[wasm_bindgen(skip_typescript, js_name = clientUnsubscribe)]
pub fn client_unsubscribe(
    h: u32,
    topics: JsValue,
    options: JsValue,
    callback: Option<Function>,
) -> JsValue {
    client(h).unsubscribe(topics, options, callback)
}

/// `MqttClient.end`.
#[wasm_bindgen(skip_typescript, js_name = clientEnd)]
pub fn client_end(h: u32, force: Option<bool>, options: JsValue) -> Promise {
    client(h).end(force, options)
}

/// `MqttClient.__openOutbox`.
#[wasm_bindgen(skip_typescript, js_name = clientOpenOutbox)]
pub fn client_open_outbox(h: u32, records: Array, write: Function) -> bool {
    client(h).open_outbox(records, write)
}

/// `MqttClient.__failed`.
#[wasm_bindgen(skip_typescript, js_name = clientFailed)]
pub fn client_failed(h: u32, error: JsValue, stop: bool) {
    client(h).failed(error, stop)
}

/// `MqttClient.outbox`.
#[wasm_bindgen(skip_typescript, js_name = clientOutbox)]
pub fn client_outbox(h: u32) -> JsValue {
    client(h).outbox()
}

/// Calls the handlers of `event` with `arg`, or with no argument when
/// `arg` is undefined (each event has one or none, but `message`, which
/// calls `emit_event` itself).
pub(super) fn emit(shared: &Shared, event: u8, arg: &JsValue) {
    if listened(shared, event) {
        let none = &JsValue::UNDEFINED;
        emit_event(
            &shared.handlers,
            event,
            u8::from(!arg.is_undefined()),
            arg,
            none,
            none,
        );
    }
}

/// Whether anyone listens for `event`, so work for it can be skipped.
fn listened(shared: &Shared, event: u8) -> bool {
    shared.listened.get() & (1 << event) != 0
}

/// Hands one event to the registered handlers; returns true to hold the
/// next events until the next task.
fn on_event(shared: &Shared, e: Event) -> bool {
    // By reference: the event is dropped whole at the end, not piece by
    // piece in each arm (a drop of its own per arm).
    match &e {
        Event::Connected {
            session_present,
            limits,
        } => {
            shared.connected.set(true);
            let ack = object();
            put(&ack, key!("cmd"), "connack".into());
            put(&ack, key!("sessionPresent"), (*session_present).into());
            put(&ack, key!("returnCode"), 0.into());
            if let Some(id) = &limits.assigned_client_identifier {
                put(&ack, key!("assignedClientIdentifier"), id.as_str().into());
            }
            emit(shared, CONNECT, &ack);
            // Messages may follow CONNACK in the same frame (a resumed
            // session's queue). Code that awaited `connectAsync` adds its
            // `message` handler in the microtasks after `connect`: let it,
            // before the next event goes out.
            return true;
        }
        Event::Message(m) => {
            if !listened(shared, MESSAGE) {
                return false;
            }
            let payload = super::payload_pool::to_js(&m.payload);
            let topic = super::strings::recent(&m.topic);
            let packet = message_packet(m, &topic, &payload);
            emit_event(&shared.handlers, MESSAGE, 3, &topic, &payload, &packet);
        }
        Event::Reconnecting { .. } => emit(shared, RECONNECT, &JsValue::UNDEFINED),
        Event::ConnectionLost { error, .. } => {
            shared.connected.set(false);
            if let ConnectionError::ServerDisconnect {
                reason,
                reason_string,
                ..
            } = error
            {
                let packet = object();
                put(&packet, key!("cmd"), "disconnect".into());
                put(&packet, key!("reasonCode"), reason.code().into());
                if let Some(s) = reason_string {
                    put(&packet, key!("reasonString"), s.as_str().into());
                }
                emit(shared, DISCONNECT, &packet);
            } else {
                // Every other end of a connection says why: a refusal, a
                // timeout, a broken protocol, a dropped socket.
                emit(shared, ERROR, &connection_error(error));
            }
            emit(shared, CLOSE, &JsValue::UNDEFINED);
            emit(shared, OFFLINE, &JsValue::UNDEFINED);
        }
        Event::SubscriptionLost { filter, reason } => {
            let why = match reason {
                Ok(code) => code.text(),
                Err(e) => e.text(),
            };
            let message = cat(&[
                "subscription \"",
                filter,
                "\" could not be restored: ",
                &why,
            ]);
            emit(
                shared,
                ERROR,
                &mqtt_error(Code::SubscriptionLost, &message, None),
            );
        }
        Event::Ended => {
            shared.connected.set(false);
            emit(shared, END, &JsValue::UNDEFINED);
            ended(&shared.handlers);
        }
        Event::Published { .. } | Event::Subscribed { .. } | Event::Unsubscribed { .. } => {}
    }
    false
}

/// A promise rejected with `e`: one of [`new_promise`]'s, settled at once
/// (no `Promise.reject` import, whose glue cost more than this).
fn rejected(e: JsValue) -> Promise {
    let (id, promise) = new_promise();
    settle_with(id, &e, &JsValue::UNDEFINED);
    promise
}

/// A promise that [`settle`] or [`settle_with`] settles, and its id.
fn new_promise() -> (u32, Promise) {
    let id = NEXT_PROMISE.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    (id, promise_for(id))
}

/// Hands a command's result to `reply`: one completer type for publish,
/// subscribe and unsubscribe (one closure type, not one per command).
/// `topics`, the `[filter, options]` pairs `topicsOf` made, names a
/// subscription's grants, which `grantsOf` makes; it is undefined for an
/// unsubscription, which resolves with its reason codes, and unused for a
/// publication, which resolves with `{ reasonCode }`.
fn done(reply: Reply, topics: JsValue) -> Completer {
    Completer::new(move |c| {
        let mut flat = Vec::new();
        let cancelled = CommandError::Cancelled;
        // By reference, as events are (see `on_event`).
        let result = match &c {
            Some(Completion::Published(Ok(code))) => return reply.ok(code.code()),
            Some(Completion::Published(Err(e))) => Err(e),
            Some(Completion::Subscribed(r)) => r.as_ref().map(|codes| {
                for c in codes {
                    flat.push(c.granted_qos().map_or(128, |q| q.as_u8()));
                    flat.push(c.code());
                }
            }),
            Some(Completion::Unsubscribed(r)) => r.as_ref().map(|codes| {
                for c in codes {
                    flat.push(c.code());
                }
            }),
            None => Err(&cancelled),
        };
        match result {
            Ok(()) => reply.value(&grants_of(&topics, &flat)),
            Err(e) => reply.fail(&command_error(e)),
        }
    })
}

impl JsMqttClient {
    /// Adds `handler` for `event`: connect, message, reconnect, offline,
    /// close, disconnect, error or end.
    pub fn on(&self, event: &str, handler: Function) -> Result<(), JsValue> {
        let name = event_index(event).ok_or_else(|| {
            invalid(
                "event",
                &cat(&["\"", event, "\" is not one of ", EVENT_LIST]),
            )
        })?;
        add_handler(&self.shared.handlers, name, &handler);
        let listened = &self.shared.listened;
        listened.set(listened.get() | 1 << name);
        Ok(())
    }

    /// Removes `handler` from `event`.
    pub fn off(&self, event: &str, handler: &Function) {
        if let Some(event) = event_index(event) {
            let left = remove_handler(&self.shared.handlers, event, handler);
            let listened = &self.shared.listened;
            if left == 0 {
                listened.set(listened.get() & !(1 << event));
            }
        }
    }

    /// Publishes; resolves on completion (sent for QoS 0, PUBACK for 1,
    /// PUBCOMP for 2), rejects with an `MqttError` otherwise. Invalid input
    /// rejects before anything is sent. MQTT.js's callback form,
    /// `publish(topic, payload, [options], callback)`, calls
    /// `callback(error)` or `callback(undefined, { reasonCode })` instead,
    /// always from a microtask, and returns `undefined`: no promise is made.
    pub fn publish(
        &self,
        topic: String,
        payload: JsValue,
        options: JsValue,
        callback: JsValue,
    ) -> JsValue {
        // Which arguments are what, and the usual options, in one call
        // into JS (they were a dozen: a check or a read each).
        let shape = publish_shape(&options, &callback);
        let (options, callback) = match shape & shape::OPTIONS_ARE_CALLBACK {
            0 => (
                options,
                (shape & shape::CALLBACK != 0).then(|| callback.unchecked_into()),
            ),
            _ => (
                JsValue::UNDEFINED,
                Some(options.unchecked_into::<Function>()),
            ),
        };
        let (reply, result) = reply_for(callback);
        let mut r = Fields::default();
        let message = outgoing(&mut r, topic, &payload, &options, shape);
        if let Err(e) = r.done() {
            reply.fail(&e);
            return result;
        }
        // Issued now, before anything else runs; the result comes from the
        // driver, with no task, channel or wake per publish (see `done`).
        if let Err(e) = self
            .client
            .publish_with(message, done(reply.clone(), JsValue::UNDEFINED))
        {
            reply.fail(&command_error(&e));
        }
        result
    }

    /// Subscribes to a filter, a list of filters, or an object of filters
    /// to options (`{ qos, nl, rap, rh }`); resolves with one grant per
    /// filter: `{ topic, qos }`, where a refused filter has `qos: 128` and
    /// its `reasonCode`. With a `callback` (MQTT.js's form), calls
    /// `callback(error)` or `callback(undefined, grants)` instead, from a
    /// microtask, and returns `undefined`.
    pub fn subscribe(
        &self,
        topics: JsValue,
        options: JsValue,
        callback: Option<Function>,
    ) -> JsValue {
        let (reply, result) = reply_for(callback);
        let mut r = Fields::default();
        let at = "options.properties.";
        let properties = properties(&options);
        r.at = at;
        let id = r.uint(
            &properties,
            key!("subscriptionIdentifier"),
            SubscriptionId::MAX,
        );
        let user_properties = r.user_properties(&properties);
        r.at = "";
        let (filters, pairs) = filters(&mut r, &topics, &options);
        r.at = at;
        let subscription_identifier = id.and_then(|v| {
            let id = SubscriptionId::new(v);
            if id.is_none() {
                r.fail("subscriptionIdentifier", "must be from 1 to 268435455");
            }
            id
        });
        let request = SubscribeRequest {
            filters,
            subscription_identifier,
            user_properties,
        };
        if let Err(e) = r.done() {
            reply.fail(&e);
            return result;
        }
        if let Err(e) = self
            .client
            .subscribe_with(request, done(reply.clone(), pairs))
        {
            reply.fail(&command_error(&e));
        }
        result
    }

    /// Unsubscribes; resolves with the reason codes, one per filter. A
    /// `callback` is called as [`subscribe`](Self::subscribe)'s.
    pub fn unsubscribe(
        &self,
        topics: JsValue,
        options: JsValue,
        callback: Option<Function>,
    ) -> JsValue {
        let (reply, result) = reply_for(callback);
        let mut r = Fields::default();
        // A loop, not `map` and `collect`: that collected in place, code
        // of its own for this one call; and by reference, cloning the
        // names, as consuming the list was an iterator and its drop of
        // their own.
        let mut names = Vec::new();
        for f in &filters(&mut r, &topics, &JsValue::UNDEFINED).0 {
            names.push(f.filter.clone());
        }
        let properties = properties(&options);
        r.at = "options.properties.";
        let request = UnsubscribeRequest {
            filters: names,
            user_properties: r.user_properties(&properties),
        };
        if let Err(e) = r.done() {
            reply.fail(&e);
            return result;
        }
        if let Err(e) = self
            .client
            .unsubscribe_with(request, done(reply.clone(), JsValue::UNDEFINED))
        {
            reply.fail(&command_error(&e));
        }
        result
    }

    /// Ends the client: waits for unfinished publications unless `force`,
    /// then disconnects. Resolves once ended; every pending promise has
    /// settled by then.
    pub fn end(&self, force: Option<bool>, options: JsValue) -> Promise {
        let mut r = Fields::new("options.");
        let reason = match r.uint(&options, key!("reasonCode"), 255) {
            None => DisconnectReasonCode::NormalDisconnection,
            Some(code) => DisconnectReasonCode::from_code(code as u8).unwrap_or_else(|| {
                r.fail("reasonCode", "is not a DISCONNECT reason code");
                DisconnectReasonCode::NormalDisconnection
            }),
        };
        let properties = properties(&options);
        r.at = "options.properties.";
        let session_expiry_interval = r.uint(&properties, key!("sessionExpiryInterval"), u32::MAX);
        r.at = "options.";
        let force = force.or(r.bool(&options, key!("force")));
        let options = EndOptions {
            force: force.unwrap_or(false),
            reason,
            session_expiry_interval,
        };
        if let Err(e) = r.done() {
            return rejected(e);
        }
        match self.client.begin_end(options) {
            // Refused before anything changed: the client goes on.
            Err(e) => rejected(invalid_at(
                "options.properties.",
                "sessionExpiryInterval",
                &e.text(),
            )),
            // Resolved once the `Ended` event is out: at once if it is,
            // else when it is delivered (after a `connect` it waits for
            // the next task), so that by then `connected` is false and
            // `end` has been emitted, as after MQTT.js's end.
            Ok(_) => when_ended(&self.shared.handlers),
        }
    }
}

/// Where a command's result goes, and what the call returns: a new
/// promise, or `undefined` when the caller gave a callback.
fn reply_for(callback: Option<Function>) -> (Reply, JsValue) {
    match callback {
        Some(cb) => (Reply::Callback(cb), JsValue::UNDEFINED),
        None => {
            let (id, promise) = new_promise();
            (Reply::Promise(id), promise.into())
        }
    }
}

/// Where a command's result goes: the promise of an id, whose
/// resolvers stay in JavaScript, or MQTT.js's callback. The callback is
/// called from a microtask: the driver completes commands while it is
/// borrowed, and a callback is user code that may publish again.
#[derive(Clone)]
enum Reply {
    Promise(u32),
    Callback(Function),
}

impl Reply {
    fn ok(&self, reason_code: u8) {
        match self {
            Reply::Promise(id) => settle(*id, &JsValue::UNDEFINED, reason_code),
            Reply::Callback(f) => call_later_ack(f, reason_code),
        }
    }

    /// Resolves with `value` (a subscription's grants, an
    /// unsubscription's codes).
    fn value(&self, value: &JsValue) {
        match self {
            Reply::Promise(id) => settle_with(*id, &JsValue::UNDEFINED, value),
            Reply::Callback(f) => call_later(f, &JsValue::UNDEFINED, value),
        }
    }

    fn fail(&self, e: &JsValue) {
        match self {
            Reply::Promise(id) => settle(*id, e, 0),
            Reply::Callback(f) => call_later(f, e, &JsValue::UNDEFINED),
        }
    }
}
