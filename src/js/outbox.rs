//! The persistent outbox's JavaScript side: the hooks `outbox.js` (which
//! holds the Web Lock and the IndexedDB store) calls on a client connected
//! with the `outbox` option. Not part of the public API: the names start
//! with `__` and the TypeScript types leave them out.

use crate::std_prelude::*;

use js_sys::{Array, Function, Uint8Array};
use wasm_bindgen::prelude::*;

use super::client::{ERROR, JsMqttClient, emit};
use super::convert::{object, put};
use super::error::{Code, cat, mqtt_error};
use super::glue::emit_event;
use super::strings::key;
use crate::session::{KeptRecord, StoreChange};
use crate::text::{Describe, decimal};
use crate::web::PublicationStore;

/// A store whose writes go to a JS function, called with one flat array
/// per batch: `[key, Uint8Array]` for a put, `[key, null]` for a delete.
/// The function is kept as the one handler of a handler list (`[[f]]`),
/// so that `emitEvent` calls it, reporting what it throws on the console
/// as for an event's handlers: no function of its own to do that.
struct JsStore(JsValue);

impl PublicationStore for JsStore {
    fn write(&mut self, changes: Vec<StoreChange>) {
        let batch = Array::new();
        for c in &changes {
            match c {
                StoreChange::Put { key, record } => {
                    batch.push(&JsValue::from_f64(*key as f64));
                    batch.push(&Uint8Array::from(record.as_slice()));
                }
                StoreChange::Delete { key } => {
                    batch.push(&JsValue::from_f64(*key as f64));
                    batch.push(&JsValue::NULL);
                }
            }
        }
        let none = &JsValue::UNDEFINED;
        emit_event(&self.0, 0, 1, &batch, none, none);
    }
}

/// `[[f]]`: `f` as the one handler of event 0 (see `emitEvent`).
fn handler_list(f: &Function) -> JsValue {
    let list = Array::new();
    list.push(f);
    let handlers = Array::new();
    handlers.push(&list);
    handlers.into()
}

impl JsMqttClient {
    /// Hands the client the records its store kept (`[key, Uint8Array,
    /// ...]`, flat as the batches it writes) and the function that writes
    /// batches, and starts connecting.
    /// A record that does not read back is reported as an `error` event
    /// (`OUTBOX_UNREADABLE`) and left in the store; a message whose Message
    /// Expiry Interval ran out while stored, as `OUTBOX_EXPIRED` with its
    /// `topic`, and not sent. False, taking nothing, if the client ended
    /// meanwhile.
    ///
    /// In the npm package this runs in the outbox's own wasm module (see
    /// [`super::split`]), which `outbox.js` instantiates before it calls
    /// this.
    pub fn open_outbox(&self, records: Array, write: Function) -> bool {
        super::split::open_outbox(self, records, write)
    }

    /// [`open_outbox`](Self::open_outbox)'s work: with the journal it
    /// makes and the store's writes, all of it in the outbox's module.
    pub(super) fn open_outbox_now(&self, records: Array, write: Function) -> bool {
        let mut kept = Vec::new();
        // A loop of its own, not `step_by` (see `Fields::user_properties`).
        let mut i = 0;
        while i < records.length() {
            kept.push(KeptRecord {
                key: records.get_unchecked(i).as_f64().unwrap_or(0.0) as u64,
                record: records
                    .get_unchecked(i + 1)
                    .unchecked_into::<Uint8Array>()
                    .to_vec(),
            });
            i += 2;
        }
        let Ok(restored) = self
            .client
            .open_outbox(kept, Box::new(JsStore(handler_list(&write))))
        else {
            return false;
        };
        // By reference, as the batches above.
        for (key, error) in &restored.unreadable {
            let message = cat(&[
                "stored publication ",
                &decimal(*key),
                " is left in the store: ",
                &error.text(),
            ]);
            let e = mqtt_error(Code::OutboxUnreadable, &message, None);
            emit(&self.shared, ERROR, &e);
        }
        for x in &restored.expired {
            // The figures are in `ExpiredPublication` for Rust users; here
            // the topic names the message, and each figure cost code.
            let message = cat(&[
                "a stored message to ",
                &x.topic,
                " expired before it could be sent (its messageExpiryInterval ran out)",
            ]);
            let e = mqtt_error(Code::OutboxExpired, &message, None);
            put(e.unchecked_ref(), key!("topic"), x.topic.as_str().into());
            emit(&self.shared, ERROR, &e);
        }
        true
    }

    /// Reports `error`, an `MqttError` made in JS (two texts passed in
    /// cost more glue): the outbox's store failed, or a module the client
    /// needs did not load; when `stop` (the store could not be opened, or
    /// the module is missing), the client ends, as it cannot do what it
    /// was asked to.
    pub fn failed(&self, error: JsValue, stop: bool) {
        // After the end (the user's, say), no event comes.
        if self.client.has_ended() {
            return;
        }
        emit(&self.shared, ERROR, &error);
        if stop {
            // The promise settles with the end; nobody waits for it here.
            let _ = self.end(Some(true), JsValue::UNDEFINED);
        }
    }

    /// What the persistent outbox holds: `{ messages, bytes }` (topic and
    /// payload bytes), counting publications accepted and not yet written;
    /// `null` without an outbox.
    pub fn outbox(&self) -> JsValue {
        match self.client.outbox_stored() {
            Some((messages, bytes)) => {
                let o = object();
                put(&o, key!("messages"), (messages as f64).into());
                put(&o, key!("bytes"), (bytes as f64).into());
                o.into()
            }
            None => JsValue::NULL,
        }
    }
}
