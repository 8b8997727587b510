//! The shared worker's side: takes each tab's port, reads its requests and
//! answers them from the connection the tab joined.

use crate::std_prelude::*;

use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, MessagePort};

use super::bindings::{take_tabs, when_released, worker_lock};
use super::connection::{self, SharedConnection, TabLink};
use super::protocol::{Reply, Request, connection_key};
use crate::session::{CommandError, EndOptions};
use crate::web::spawn;

/// A tab being served.
struct Served {
    link: Rc<TabLink>,
    /// The connection it joined; `None` before it opens and after it left.
    connection: RefCell<Option<SharedConnection>>,
}

/// A tab's message listener.
type Listener = Closure<dyn FnMut(MessageEvent)>;

std::thread_local! {
    static NEXT_TAB: Cell<u64> = const { Cell::new(1) };
    /// Each tab's message listener, dropped when the tab leaves.
    static LISTENERS: RefCell<BTreeMap<u64, Listener>> =
        const { RefCell::new(BTreeMap::new()) };
}

/// In the shared worker that [`SharedClient`](super::SharedClient) starts,
/// starts serving the app's tabs and returns true; anywhere else returns
/// false and does nothing. Call it first thing in the app's `main` (the
/// worker loads the app's wasm, so `main` runs there too) and return when
/// it is true:
///
/// ```ignore
/// fn main() {
///     if webmqtt::web::shared::serve_tabs_if_worker() {
///         return;
///     }
///     // the app
/// }
/// ```
pub fn serve_tabs_if_worker() -> bool {
    let serve = Closure::<dyn FnMut(MessagePort)>::new(serve_tab);
    if !take_tabs(&serve) {
        return false;
    }
    // Called for every tab for the worker's whole life.
    serve.forget();
    true
}

fn serve_tab(port: MessagePort) {
    let id = NEXT_TAB.with(|n| n.replace(n.get() + 1));
    let served = Rc::new(Served {
        link: Rc::new(TabLink {
            id,
            port: port.clone(),
        }),
        connection: RefCell::new(None),
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let request = e
            .data()
            .dyn_into::<Uint8Array>()
            .ok()
            .and_then(|b| Request::decode(&b.to_vec()));
        match request {
            Some((n, r)) => handle(&served, n, r),
            None => {
                let _ = served.link.port.post_message(
                    &"webmqtt shared worker: a request this build does not read (the worker runs another build of the app; close its other tabs)"
                        .into(),
                );
            }
        }
    });
    // Setting `onmessage` starts the port: requests sent before now were
    // queued in it.
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    LISTENERS.with(|l| l.borrow_mut().insert(id, on_message));
}

fn handle(served: &Rc<Served>, n: u32, request: Request) {
    let link = served.link.clone();
    let connection = served.connection.borrow().clone();
    match request {
        Request::Open {
            urls,
            options,
            lock,
        } => {
            if let Some(c) = connection {
                let client_id = c.borrow().client().client_id();
                return link.reply(n, opened(client_id));
            }
            let key = connection_key(&urls, &options);
            let c = match connection::join(key, urls, *options) {
                Ok(c) => c,
                Err(e) => return link.reply(n, Reply::OpenFailed(e)),
            };
            let client_id = c.borrow().client().client_id();
            link.reply(n, opened(client_id));
            c.borrow_mut().attach(link);
            *served.connection.borrow_mut() = Some(c);
            let served = served.clone();
            spawn(Box::pin(async move {
                // Free when the tab is gone, however it went.
                let _ = JsFuture::from(when_released(&lock)).await;
                leave(&served, EndOptions::default()).await;
                let id = served.link.id;
                LISTENERS.with(|l| l.borrow_mut().remove(&id));
                served.link.port.close();
            }));
        }
        Request::Publish(m) => {
            let Some(c) = connection else {
                return link.reply(n, Reply::Published(Err(CommandError::Ended)));
            };
            let done = c.borrow().client().publish(m);
            spawn(Box::pin(async move {
                link.reply(n, Reply::Published(done.await));
            }));
        }
        Request::Subscribe(s) => {
            let Some(c) = connection else {
                return link.reply(n, Reply::Subscribed(Err(CommandError::Ended)));
            };
            spawn(Box::pin(async move {
                let r = connection::subscribe(&c, link.id, s).await;
                link.reply(n, Reply::Subscribed(r));
            }));
        }
        Request::Unsubscribe(u) => {
            let Some(c) = connection else {
                return link.reply(n, Reply::Unsubscribed(Err(CommandError::Ended)));
            };
            spawn(Box::pin(async move {
                let r = connection::unsubscribe(&c, link.id, u).await;
                link.reply(n, Reply::Unsubscribed(r));
            }));
        }
        Request::End(options) => {
            let served = served.clone();
            spawn(Box::pin(async move {
                leave(&served, options).await;
                link.reply(n, Reply::Left);
            }));
        }
    }
}

/// The tab leaves its connection (the last one out ends it).
async fn leave(served: &Served, end: EndOptions) {
    let connection = served.connection.borrow_mut().take();
    if let Some(c) = connection {
        connection::detach(&c, served.link.id, end).await;
    }
}

/// The answer to a tab's `Open`, with the lock this worker holds for its
/// life, for the tab to learn when the worker is gone.
fn opened(client_id: String) -> Reply {
    Reply::Opened {
        client_id,
        worker_lock: worker_lock(),
    }
}
