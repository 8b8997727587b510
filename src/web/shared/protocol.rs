//! The messages between a tab and the worker, as bytes over the tab's
//! `MessagePort`: a tab sends numbered [`Request`]s, the worker answers
//! each with a [`Reply`] of the same number and pushes the connection's
//! events ([`ToTab`]).
//!
//! A JS string from the worker instead of bytes says that the worker
//! cannot serve (the app did not call `serve_tabs_if_worker`, its wasm did
//! not load, or a tab sent bytes this build does not read); the tab then
//! ends with that reason.

use crate::std_prelude::*;

use super::values::Wire;
use super::wire::{Reader, Writer};
use crate::codec::{PubAckReasonCode, SubAckReasonCode, UnsubAckReasonCode};
use crate::session::{
    CommandError, CommandId, ConfigError, EndOptions, Event, Options, OutgoingMessage,
    SubscribeRequest, UnsubscribeRequest,
};

/// What a tab asks of the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Request {
    /// Join the connection for these URLs and options (one is made if
    /// none exists); the worker waits on the Web Lock named `lock` to
    /// learn that the tab is gone.
    Open {
        urls: Vec<String>,
        options: Box<Options>,
        lock: String,
    },
    Publish(OutgoingMessage),
    Subscribe(SubscribeRequest),
    Unsubscribe(UnsubscribeRequest),
    /// Leave; the last tab to leave ends the connection with these.
    End(EndOptions),
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reply {
    /// The tab is served; `worker_lock` is the Web Lock the worker holds
    /// for its life ("" where there are no Web Locks).
    Opened {
        client_id: String,
        worker_lock: String,
    },
    OpenFailed(ConfigError),
    Published(Result<PubAckReasonCode, CommandError>),
    Subscribed(Result<Vec<SubAckReasonCode>, CommandError>),
    Unsubscribed(Result<Vec<UnsubAckReasonCode>, CommandError>),
    Left,
}

/// What the worker sends a tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ToTab {
    Reply { id: u32, reply: Reply },
    Event(Event),
}

impl<T: Wire, E: Wire> Wire for Result<T, E> {
    fn put(&self, w: &mut Writer) {
        match self {
            Ok(v) => {
                w.u8(0);
                v.put(w);
            }
            Err(e) => {
                w.u8(1);
                e.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        match r.u8()? {
            0 => Some(Ok(T::get(r)?)),
            1 => Some(Err(E::get(r)?)),
            _ => None,
        }
    }
}

impl Wire for CommandId {
    fn put(&self, w: &mut Writer) {
        w.u64(self.0);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(CommandId(r.u64()?))
    }
}

/// The key under which the worker shares a connection: the URLs and the
/// options as bytes, without the per-tab random seed.
pub(super) fn connection_key(urls: &[String], options: &Options) -> Vec<u8> {
    let mut o = options.clone();
    o.random_seed = 0;
    let mut w = Writer::default();
    urls.to_vec().put(&mut w);
    o.put(&mut w);
    w.0
}

impl Request {
    pub(super) fn encode(&self, id: u32) -> Vec<u8> {
        let mut w = Writer::default();
        w.u32(id);
        match self {
            Request::Open {
                urls,
                options,
                lock,
            } => {
                w.u8(0);
                urls.put(&mut w);
                options.put(&mut w);
                w.str(lock);
            }
            Request::Publish(m) => {
                w.u8(1);
                m.put(&mut w);
            }
            Request::Subscribe(s) => {
                w.u8(2);
                s.put(&mut w);
            }
            Request::Unsubscribe(u) => {
                w.u8(3);
                u.put(&mut w);
            }
            Request::End(e) => {
                w.u8(4);
                e.put(&mut w);
            }
        }
        w.0
    }

    /// The request and its number; `None` if the bytes are not one whole
    /// request of this build.
    pub(super) fn decode(bytes: &[u8]) -> Option<(u32, Request)> {
        let mut r = Reader::new(bytes);
        let id = r.u32()?;
        let request = match r.u8()? {
            0 => Request::Open {
                urls: Wire::get(&mut r)?,
                options: Box::new(Wire::get(&mut r)?),
                lock: r.str()?,
            },
            1 => Request::Publish(Wire::get(&mut r)?),
            2 => Request::Subscribe(Wire::get(&mut r)?),
            3 => Request::Unsubscribe(Wire::get(&mut r)?),
            4 => Request::End(Wire::get(&mut r)?),
            _ => return None,
        };
        r.done().then_some((id, request))
    }
}

impl Wire for Reply {
    fn put(&self, w: &mut Writer) {
        match self {
            Reply::Opened {
                client_id,
                worker_lock,
            } => {
                w.u8(0).str(client_id).str(worker_lock);
            }
            Reply::OpenFailed(e) => {
                w.u8(1);
                e.put(w);
            }
            Reply::Published(r) => {
                w.u8(2);
                r.put(w);
            }
            Reply::Subscribed(r) => {
                w.u8(3);
                r.put(w);
            }
            Reply::Unsubscribed(r) => {
                w.u8(4);
                r.put(w);
            }
            Reply::Left => {
                w.u8(5);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.u8()? {
            0 => Reply::Opened {
                client_id: r.str()?,
                worker_lock: r.str()?,
            },
            1 => Reply::OpenFailed(Wire::get(r)?),
            2 => Reply::Published(Wire::get(r)?),
            3 => Reply::Subscribed(Wire::get(r)?),
            4 => Reply::Unsubscribed(Wire::get(r)?),
            5 => Reply::Left,
            _ => return None,
        })
    }
}

impl Wire for Event {
    fn put(&self, w: &mut Writer) {
        match self {
            Event::Connected {
                session_present,
                limits,
            } => {
                w.u8(0).bool(*session_present);
                limits.put(w);
            }
            Event::ConnectionLost {
                error,
                reconnect_in,
            } => {
                w.u8(1);
                error.put(w);
                reconnect_in.put(w);
            }
            Event::Reconnecting { attempt } => {
                w.u8(2).u32(*attempt);
            }
            Event::Message(m) => {
                w.u8(3);
                m.put(w);
            }
            Event::Published { id, result } => {
                w.u8(4);
                id.put(w);
                result.put(w);
            }
            Event::Subscribed { id, result } => {
                w.u8(5);
                id.put(w);
                result.put(w);
            }
            Event::Unsubscribed { id, result } => {
                w.u8(6);
                id.put(w);
                result.put(w);
            }
            Event::SubscriptionLost { filter, reason } => {
                w.u8(7).str(filter);
                reason.put(w);
            }
            Event::Ended => {
                w.u8(8);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.u8()? {
            0 => Event::Connected {
                session_present: r.bool()?,
                limits: Wire::get(r)?,
            },
            1 => Event::ConnectionLost {
                error: Wire::get(r)?,
                reconnect_in: Wire::get(r)?,
            },
            2 => Event::Reconnecting { attempt: r.u32()? },
            3 => Event::Message(Wire::get(r)?),
            4 => Event::Published {
                id: Wire::get(r)?,
                result: Wire::get(r)?,
            },
            5 => Event::Subscribed {
                id: Wire::get(r)?,
                result: Wire::get(r)?,
            },
            6 => Event::Unsubscribed {
                id: Wire::get(r)?,
                result: Wire::get(r)?,
            },
            7 => Event::SubscriptionLost {
                filter: r.str()?,
                reason: Wire::get(r)?,
            },
            8 => Event::Ended,
            _ => return None,
        })
    }
}

impl ToTab {
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            ToTab::Reply { id, reply } => {
                w.u8(0).u32(*id);
                reply.put(&mut w);
            }
            ToTab::Event(e) => {
                w.u8(1);
                e.put(&mut w);
            }
        }
        w.0
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<ToTab> {
        let mut r = Reader::new(bytes);
        let m = match r.u8()? {
            0 => ToTab::Reply {
                id: r.u32()?,
                reply: Wire::get(&mut r)?,
            },
            1 => ToTab::Event(Wire::get(&mut r)?),
            _ => return None,
        };
        r.done().then_some(m)
    }
}
