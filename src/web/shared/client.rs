//! [`SharedClient`]: the same shape as [`MqttClient`], over the shared
//! connection, or over a direct one where there is no `SharedWorker`.

use crate::std_prelude::*;

use alloc::rc::Rc;
use core::future::Future;

use super::bindings::shared_worker_available;
use super::error::SharedConnectError;
use super::tab::Tab;
use crate::codec::{PubAckReasonCode, SubAckReasonCode, UnsubAckReasonCode};
use crate::session::{
    CommandError, ConfigError, EndError, EndOptions, OutgoingMessage, Session, SubscribeRequest,
    UnsubscribeRequest, generate_client_id,
};
use crate::web::client::check_urls;
use crate::web::{ConnectOptions, Events, LocalFuture, MqttClient};

/// An MQTT client whose connection every tab of the origin shares, held
/// by a shared worker that this crate starts itself (see the
/// [module docs](super)). Cloning it gives another handle to the same
/// client.
#[derive(Clone)]
pub struct SharedClient {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Shared(Rc<Tab>),
    /// No `SharedWorker` here: a connection of this tab's own.
    Direct(MqttClient),
}

impl SharedClient {
    /// Joins the connection that every tab of the origin connecting with
    /// the same URLs and options shares, starting the worker and the
    /// connection if this is the first tab. Where `SharedWorker` is
    /// missing, connects directly instead ([`is_shared`](Self::is_shared)
    /// is then false).
    ///
    /// Fails at once, in either mode, with
    /// [`SharedConnectError::CredentialsProvider`] or
    /// [`SharedConnectError::Outbox`] (neither can cross to a worker), or
    /// with the [`ConfigError`] a direct client would fail with.
    pub fn connect(options: ConnectOptions) -> Result<(SharedClient, Events), SharedConnectError> {
        if options.credentials.is_some() {
            return Err(SharedConnectError::CredentialsProvider);
        }
        if options.outbox.is_some() {
            return Err(SharedConnectError::Outbox);
        }
        if !shared_worker_available() {
            let (client, events) = MqttClient::connect(options)?;
            return Ok((
                SharedClient {
                    inner: Inner::Direct(client),
                },
                events,
            ));
        }
        check(&options)?;
        let (tab, events) = Tab::open(options.urls, options.session)
            .map_err(|e| SharedConnectError::Worker(format!("{e:?}")))?;
        Ok((
            SharedClient {
                inner: Inner::Shared(Rc::new(tab)),
            },
            events,
        ))
    }

    /// Whether this client is on the shared connection: false where the
    /// browser has no `SharedWorker` and it connected directly.
    pub fn is_shared(&self) -> bool {
        matches!(self.inner, Inner::Shared(_))
    }

    /// Publishes; resolves as [`MqttClient::publish`] does (sent, PUBACK
    /// or PUBCOMP). Issued at the call.
    pub fn publish(
        &self,
        message: OutgoingMessage,
    ) -> impl Future<Output = Result<PubAckReasonCode, CommandError>> + use<> {
        let f: LocalFuture<_> = match &self.inner {
            Inner::Shared(t) => Box::pin(t.publish(message)),
            Inner::Direct(c) => Box::pin(c.publish(message)),
        };
        f
    }

    /// Subscribes; resolves with the broker's answer per filter. On the
    /// shared connection the broker gets this SUBSCRIBE even for a filter
    /// another tab holds (for its retained messages), at the highest QoS
    /// any tab holds it at.
    pub fn subscribe(
        &self,
        request: SubscribeRequest,
    ) -> impl Future<Output = Result<Vec<SubAckReasonCode>, CommandError>> + use<> {
        let f: LocalFuture<_> = match &self.inner {
            Inner::Shared(t) => Box::pin(t.subscribe(request)),
            Inner::Direct(c) => Box::pin(c.subscribe(request)),
        };
        f
    }

    /// Unsubscribes; resolves with one result per filter. On the shared
    /// connection the broker gets an UNSUBSCRIBE only for the filters no
    /// other tab holds; for this tab the filters are gone either way.
    pub fn unsubscribe(
        &self,
        request: UnsubscribeRequest,
    ) -> impl Future<Output = Result<Vec<UnsubAckReasonCode>, CommandError>> + use<> {
        let f: LocalFuture<_> = match &self.inner {
            Inner::Shared(t) => Box::pin(t.unsubscribe(request)),
            Inner::Direct(c) => Box::pin(c.unsubscribe(request)),
        };
        f
    }

    /// Ends this tab's client: on the shared connection the tab leaves it
    /// (its filters are released), and the last tab to leave ends the
    /// connection with `options`. Resolves once done; the client's event
    /// streams end with [`Event::Ended`](crate::session::Event::Ended).
    ///
    /// Options that [`EndOptions::check`] refuses give the [`EndError`] at
    /// once, and the client goes on as it was.
    pub fn end(&self, options: EndOptions) -> impl Future<Output = Result<(), EndError>> + use<> {
        let f: LocalFuture<Result<(), EndError>> = match &self.inner {
            Inner::Shared(t) => Box::pin(t.end(options)),
            Inner::Direct(c) => {
                let c = c.clone();
                Box::pin(async move { c.end(options).await })
            }
        };
        f
    }

    /// The client identifier in use: the configured one, the one the
    /// worker's client generated (once the worker has answered) or the
    /// server's, if it assigned one.
    pub fn client_id(&self) -> String {
        match &self.inner {
            Inner::Shared(t) => t.client_id(),
            Inner::Direct(c) => c.client_id(),
        }
    }

    /// Another stream of this client's events.
    pub fn events(&self) -> Events {
        match &self.inner {
            Inner::Shared(t) => t.events(),
            Inner::Direct(c) => c.events(),
        }
    }
}

/// The checks [`MqttClient::connect`] makes, made in the tab so that bad
/// options fail at the call in both modes.
fn check(options: &ConnectOptions) -> Result<(), ConfigError> {
    // No provider: a shared connection refuses one before this.
    check_urls(&options.urls, false)?;
    let mut o = options.session.clone();
    let server_assigns = o.version.is_v5() && o.clean_start;
    if o.client_id.is_empty() && !server_assigns {
        // The worker's client generates one the same way.
        o.client_id = generate_client_id(0);
    }
    Session::new(o).map(|_| ())
}
