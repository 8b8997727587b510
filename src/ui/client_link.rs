//! The MQTT client as the explorer's connections hold it: behind a trait
//! object, so that the client's code (driver, session, codec) and the
//! handling of its messages are reached only through the dashboards' wasm
//! chunk (src/ui/dashboard/lazy_view.rs), where the client is made. The
//! first load then carries none of it: the chunk is fetched when the
//! first connection is about to be made, which fetched it already for the
//! dashboards. Without the feature `split` the same code is in the one
//! module.
//!
//! A failed fetch is returned, not fatal: the connection says so and the
//! next attempt fetches again.

use core::future::Future;
use core::pin::Pin;

use leptos::wasm_split::SplitLoaderError;

use crate::codec::QoS;
use crate::session::{EndOptions, Options, OutgoingMessage, SubscribeRequest, UnsubscribeRequest};
use crate::std_prelude::*;
use crate::web::MqttClient;

use super::connection::Connection;

/// A future of the client's, boxed to be called through the trait object.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What the broker answered for each filter of a subscription: the granted
/// QoS, or the refusal's reason in words; or why it failed as a whole.
pub type Grants = Result<Vec<Result<QoS, String>>, String>;

/// What a connection asks of its client.
pub trait Link {
    /// Subscribes; issued at the call.
    fn subscribe(&self, request: SubscribeRequest) -> LocalBoxFuture<'static, Grants>;
    /// Unsubscribes from `filters` without waiting: the row or the need is
    /// gone whatever the broker answers (an UNSUBACK refusal leaves nothing
    /// to undo).
    fn unsubscribe(&self, filters: Vec<String>);
    /// Publishes; resolves when done, or with the error in words.
    fn publish(&self, message: OutgoingMessage) -> LocalBoxFuture<'static, Result<(), String>>;
    /// Ends the client at once, without waiting for acknowledgments.
    fn end(&self);
}

impl Link for MqttClient {
    fn subscribe(&self, request: SubscribeRequest) -> LocalBoxFuture<'static, Grants> {
        let future = MqttClient::subscribe(self, request);
        Box::pin(async move {
            match future.await {
                Ok(codes) => Ok(codes
                    .iter()
                    .map(|c| c.granted_qos().ok_or_else(|| c.to_string()))
                    .collect()),
                Err(e) => Err(e.to_string()),
            }
        })
    }

    fn unsubscribe(&self, filters: Vec<String>) {
        let future = MqttClient::unsubscribe(
            self,
            UnsubscribeRequest {
                filters,
                ..Default::default()
            },
        );
        leptos::task::spawn_local(async move {
            let _ = future.await;
        });
    }

    fn publish(&self, message: OutgoingMessage) -> LocalBoxFuture<'static, Result<(), String>> {
        let future = MqttClient::publish(self, message);
        Box::pin(async move { future.await.map(|_| ()).map_err(|e| e.to_string()) })
    }

    fn end(&self) {
        let client = self.clone();
        leptos::task::spawn_local(async move {
            // Without a session expiry interval nothing can be refused.
            let _ = client
                .end(EndOptions {
                    force: true,
                    ..EndOptions::default()
                })
                .await;
        });
    }
}

/// Makes the client of `c` for `url` and starts it.
fn open(c: Connection, url: String, session: Options) {
    c.open(url, session);
}

#[cfg(feature = "split")]
mod split {
    use super::*;

    #[leptos::wasm_split::wasm_split(dashboards, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn open_client(
        c: Connection,
        url: String,
        session: Options,
    ) -> Result<(), SplitLoaderError> {
        open(c, url, session);
        Ok(())
    }
}

#[cfg(not(feature = "split"))]
mod split {
    use super::*;

    pub async fn __wasm_split_preload_open_client() -> Result<(), SplitLoaderError> {
        Ok(())
    }

    pub async fn open_client(
        c: Connection,
        url: String,
        session: Options,
    ) -> Result<(), SplitLoaderError> {
        open(c, url, session);
        Ok(())
    }
}

/// Fetches the client's code unless it is there.
pub async fn load() -> Result<(), SplitLoaderError> {
    split::__wasm_split_preload_open_client().await
}

/// Opens `c` on `url` once [`load`] succeeded.
pub async fn open_client(
    c: Connection,
    url: String,
    session: Options,
) -> Result<(), SplitLoaderError> {
    split::open_client(c, url, session).await
}
