//! The tab's side of a shared connection: requests to the worker over the
//! tab's port, their replies to the futures that wait for them, and the
//! connection's events to the tab's event streams.

use crate::std_prelude::*;

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;

use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, MessagePort};

use super::bindings::{
    glue_url, hold_lock, release_lock, start_worker, stop_watching, when_released,
};
use super::protocol::{Reply, Request, ToTab};
use crate::codec::{PubAckReasonCode, SubAckReasonCode, UnsubAckReasonCode};
use crate::session::{
    CommandError, ConnectionError, EndError, EndOptions, Event, Options, OutgoingMessage,
    SubscribeRequest, TransportError, UnsubscribeRequest,
};
use crate::web::channel::{self, OneshotReceiver, OneshotSender, Sender};
use crate::web::clock::random_u64;
use crate::web::{Events, spawn};

/// The number of the `Open` request; commands count from 1.
const OPEN: u32 = 0;

struct State {
    /// The port to the worker, once the worker is chosen and started.
    port: Option<MessagePort>,
    next: u32,
    /// Requests made before `Open` went out (before `port` was set).
    waiting: Vec<Vec<u8>>,
    pending: BTreeMap<u32, OneshotSender<Reply>>,
    sinks: Vec<Sender<Event>>,
    client_id: String,
    ended: bool,
    /// The worker's lock, from its answer to `Open`, for the tab to watch.
    worker_lock: Option<String>,
    /// The lock this tab holds while it is on the connection.
    tab_lock: String,
    /// The worker's lock, while the tab waits on it.
    watching: Option<String>,
}

impl State {
    fn send(&mut self, bytes: Vec<u8>) {
        if let Some(port) = &self.port {
            // A closed worker drops it; the tab ends when told so.
            let _ = port.post_message(&Uint8Array::from(&bytes[..]));
        } else {
            self.waiting.push(bytes);
        }
    }

    fn emit(&mut self, e: &Event) {
        self.sinks.retain(|s| s.send(e.clone()));
    }

    /// No more replies or events: waiting futures fail with `Ended`.
    fn finish(&mut self) {
        if self.ended {
            return;
        }
        self.ended = true;
        self.pending.clear();
        self.waiting.clear();
        self.emit(&Event::Ended);
        if let Some(port) = &self.port {
            port.set_onmessage(None);
        }
        // The worker lets go of this tab when its lock comes free; a tab
        // that makes client after client must not keep one each.
        release_lock(&self.tab_lock);
        if let Some(lock) = self.watching.take() {
            stop_watching(&lock);
        }
    }

    /// The worker cannot serve this tab: the tab's client ends, saying why.
    fn fail(&mut self, why: String) {
        if self.ended {
            return;
        }
        self.emit(&Event::ConnectionLost {
            error: ConnectionError::Transport(TransportError::new(why)),
            reconnect_in: None,
        });
        self.finish();
    }

    fn receive(&mut self, m: ToTab) {
        match m {
            ToTab::Reply {
                id: OPEN,
                reply:
                    Reply::Opened {
                        client_id,
                        worker_lock,
                    },
            } => {
                if self.client_id.is_empty() {
                    self.client_id = client_id;
                }
                self.worker_lock = Some(worker_lock);
            }
            ToTab::Reply {
                id: OPEN,
                reply: Reply::OpenFailed(e),
            } => {
                // The tab checked the options as the worker does, so this
                // is a worker of another build.
                self.fail(format!("the shared worker refused the options: {e}"));
            }
            ToTab::Reply { id, reply } => {
                if let Some(tx) = self.pending.remove(&id) {
                    tx.send(reply);
                }
            }
            ToTab::Event(e) => {
                if let Event::Connected { limits, .. } = &e
                    && let Some(id) = &limits.assigned_client_identifier
                {
                    self.client_id = id.clone();
                }
                self.emit(&e);
                if e == Event::Ended {
                    self.finish();
                }
            }
        }
    }
}

/// A tab's handle on the shared connection.
pub(super) struct Tab {
    state: Rc<RefCell<State>>,
    /// The options the connection was asked for, which `end`'s are
    /// checked against.
    connect: Options,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_failed: Closure<dyn FnMut(String)>,
}

impl Drop for Tab {
    /// The last handle gone: the tab leaves the connection (its filters
    /// are released) rather than hold them until it closes, and its event
    /// streams end. The port stays open for the `End` to get through.
    fn drop(&mut self) {
        let mut s = self.state.borrow_mut();
        if s.ended {
            return;
        }
        if s.port.is_some() {
            let end = Request::End(EndOptions::default()).encode(s.next);
            s.send(end);
        }
        s.finish();
    }
}

impl Tab {
    /// Starts or joins the worker and asks it for the connection `urls`
    /// and `options` make (which the caller has checked).
    pub(super) fn open(urls: Vec<String>, options: Options) -> Result<(Tab, Events), JsValue> {
        let connect = options.clone();
        let failure: Rc<RefCell<Option<Rc<RefCell<State>>>>> = Rc::default();
        let f = failure.clone();
        let on_failed = Closure::<dyn FnMut(String)>::new(move |why: String| {
            if let Some(s) = &*f.borrow() {
                s.borrow_mut().fail(why);
            }
        });
        // A lock held for this tab's life on the connection: the worker
        // waits on it to learn that the tab is gone, even if it crashed.
        // Held before `Open`, so the worker cannot take it first.
        let lock = format!("webmqtt-tab-{:016x}", random_u64());
        let (tx, rx) = channel::unbounded();
        let state = Rc::new(RefCell::new(State {
            port: None,
            next: OPEN + 1,
            waiting: Vec::new(),
            pending: BTreeMap::new(),
            sinks: alloc::vec![tx],
            client_id: options.client_id.clone(),
            ended: false,
            worker_lock: None,
            tab_lock: lock.clone(),
            watching: None,
        }));
        *failure.borrow_mut() = Some(state.clone());
        let s = state.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let m = data
                .dyn_ref::<Uint8Array>()
                .map(|b| ToTab::decode(&b.to_vec()));
            let mut state = s.borrow_mut();
            match m {
                Some(Some(m)) => {
                    state.receive(m);
                    if let Some(lock) = state.worker_lock.take().filter(|l| !l.is_empty()) {
                        state.watching = Some(lock.clone());
                        watch_worker(&s, lock);
                    }
                }
                Some(None) => state.fail(String::from(
                    "the shared worker runs another build of the app; close its other tabs",
                )),
                None => state.fail(data.as_string().unwrap_or_default()),
            }
        });
        let s = state.clone();
        let started = start_worker(&glue_url(), &on_failed);
        let listener: js_sys::Function = on_message
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone();
        spawn(Box::pin(async move {
            let _ = JsFuture::from(hold_lock(&lock)).await;
            let port = JsFuture::from(started).await;
            let mut s = s.borrow_mut();
            let port = match port {
                Ok(p) => p.unchecked_into::<MessagePort>(),
                Err(e) => {
                    let why = e.as_string().or_else(|| {
                        e.dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message()))
                    });
                    return s.fail(format!(
                        "webmqtt shared worker: it could not be started ({})",
                        why.unwrap_or_default()
                    ));
                }
            };
            let open = Request::Open {
                urls,
                options: Box::new(options),
                lock,
            }
            .encode(OPEN);
            if s.ended {
                // Dropped meanwhile. The tab chose this worker holding a
                // lock that its first answer frees: open, then leave at
                // once, so that the other tabs are not held.
                let leave = Request::End(EndOptions::default()).encode(OPEN + 1);
                for m in [open, leave] {
                    let _ = port.post_message(&Uint8Array::from(&m[..]));
                }
                return;
            }
            port.set_onmessage(Some(&listener));
            s.port = Some(port);
            s.send(open);
            for r in core::mem::take(&mut s.waiting) {
                s.send(r);
            }
        }));
        let events = Events::from_receiver(rx);
        Ok((
            Tab {
                state,
                connect,
                _on_message: on_message,
                _on_failed: on_failed,
            },
            events,
        ))
    }

    /// Sends `request`; its reply comes down the receiver.
    fn request(&self, request: Request) -> Result<OneshotReceiver<Reply>, CommandError> {
        let mut s = self.state.borrow_mut();
        if s.ended {
            return Err(CommandError::Ended);
        }
        let id = s.next;
        s.next = s.next.wrapping_add(1).max(OPEN + 1);
        let (tx, rx) = channel::oneshot();
        s.pending.insert(id, tx);
        s.send(request.encode(id));
        Ok(rx)
    }

    pub(super) fn publish(
        &self,
        message: OutgoingMessage,
    ) -> impl Future<Output = Result<PubAckReasonCode, CommandError>> + use<> {
        let rx = self.request(Request::Publish(message));
        async move {
            match rx?.await {
                Some(Reply::Published(r)) => r,
                _ => Err(CommandError::Ended),
            }
        }
    }

    pub(super) fn subscribe(
        &self,
        request: SubscribeRequest,
    ) -> impl Future<Output = Result<Vec<SubAckReasonCode>, CommandError>> + use<> {
        let rx = self.request(Request::Subscribe(request));
        async move {
            match rx?.await {
                Some(Reply::Subscribed(r)) => r,
                _ => Err(CommandError::Ended),
            }
        }
    }

    pub(super) fn unsubscribe(
        &self,
        request: UnsubscribeRequest,
    ) -> impl Future<Output = Result<Vec<UnsubAckReasonCode>, CommandError>> + use<> {
        let rx = self.request(Request::Unsubscribe(request));
        async move {
            match rx?.await {
                Some(Reply::Unsubscribed(r)) => r,
                _ => Err(CommandError::Ended),
            }
        }
    }

    /// Leaves the connection; resolves once the worker has let go of this
    /// tab (and, for the last tab, once the connection has ended). Options
    /// that [`EndOptions::check`] refuses are refused here, as the worker's
    /// session would refuse them, and the tab stays on the connection.
    pub(super) fn end(
        &self,
        options: EndOptions,
    ) -> impl Future<Output = Result<(), EndError>> + use<> {
        let checked = options.check(&self.connect);
        let rx = checked.is_ok().then(|| self.request(Request::End(options)));
        let state = self.state.clone();
        async move {
            checked?;
            if let Some(Ok(rx)) = rx {
                let _ = rx.await;
            }
            let mut s = state.borrow_mut();
            s.finish();
            if let Some(port) = &s.port {
                port.close();
            }
            Ok(())
        }
    }

    pub(super) fn client_id(&self) -> String {
        self.state.borrow().client_id.clone()
    }

    pub(super) fn events(&self) -> Events {
        let (tx, rx) = channel::unbounded();
        self.state.borrow_mut().sinks.push(tx);
        Events::from_receiver(rx)
    }
}

/// Waits on the worker's lock, which comes free only when the worker is
/// gone (closed or crashed): then the tab's client ends, and what waited
/// fails, instead of waiting for replies that cannot come.
fn watch_worker(state: &Rc<RefCell<State>>, lock: String) {
    let state = Rc::downgrade(state);
    spawn(Box::pin(async move {
        let _ = JsFuture::from(when_released(&lock)).await;
        if let Some(s) = state.upgrade() {
            s.borrow_mut().fail(String::from(
                "the shared worker holding the connection stopped; connect again",
            ));
        }
    }));
}
