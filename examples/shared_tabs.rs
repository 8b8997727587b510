//! A Rust web app on the shared connection, as small as it gets: the page
//! of the browser test tests/e2e/shared-rust.test.mjs, which opens it in
//! several tabs. scripts/build-shared-example.sh builds it for wasm
//! (`--target web`); tests/e2e/shared-rust-page.html loads it.
//!
//! `main` is the app's start function: in the shared worker (which loads
//! this same wasm) it serves the tabs, and in a tab it does nothing more;
//! the test drives the client through the exported functions below and
//! reads what the tab heard.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod page {
    use std::cell::RefCell;

    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::prelude::*;
    use webmqtt::codec::{ProtocolVersion, QoS};
    use webmqtt::session::{
        EndOptions, Event, OutgoingMessage, SubscribeRequest, UnsubscribeRequest,
    };
    use webmqtt::web::shared::SharedClient;
    use webmqtt::web::{ConnectOptions, next_event};

    thread_local! {
        static CLIENT: RefCell<Option<SharedClient>> = const { RefCell::new(None) };
        /// Topic and payload of every message this tab heard, in order.
        static HEARD: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
        /// How each publish of `publish_burst` ended: "ok", or the error's
        /// `Debug` form.
        static BURST: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
        /// The connection events after connecting, as their `Debug` form.
        static LOST: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn client() -> Result<SharedClient, JsValue> {
        CLIENT
            .with(|c| c.borrow().clone())
            .ok_or_else(|| JsValue::from_str("not open"))
    }

    fn set(o: &Object, key: &str, value: JsValue) {
        let _ = Reflect::set(o, &key.into(), &value);
    }

    fn qos(q: u8) -> QoS {
        QoS::try_from(q).unwrap_or(QoS::AtMostOnce)
    }

    /// Connects (MQTT 5.0, this client identifier) and resolves once
    /// connected with `{ shared, clientId }`; rejects with the error's
    /// `Debug` form, or with the last connection error if the client
    /// ended before connecting.
    #[wasm_bindgen]
    pub async fn open(url: String, client_id: String) -> Result<JsValue, JsValue> {
        let mut options = ConnectOptions::new(url);
        options.session.version = ProtocolVersion::V5;
        options.session.client_id = client_id;
        let (client, mut events) =
            SharedClient::connect(options).map_err(|e| JsValue::from_str(&format!("{e:?}")))?;
        CLIENT.with(|c| *c.borrow_mut() = Some(client.clone()));
        let mut lost = None;
        loop {
            match next_event(&mut events).await {
                Some(Event::Connected { .. }) => break,
                Some(Event::ConnectionLost { error, .. }) => lost = Some(error),
                Some(Event::Ended) | None => {
                    return Err(format!("ended before connecting: {lost:?}").into());
                }
                Some(_) => {}
            }
        }
        wasm_bindgen_futures::spawn_local(async move {
            while let Some(e) = next_event(&mut events).await {
                match e {
                    Event::Message(m) => {
                        let payload = String::from_utf8_lossy(&m.payload).into_owned();
                        HEARD.with(|h| h.borrow_mut().push((m.topic, payload)));
                    }
                    Event::ConnectionLost { .. } | Event::Ended => {
                        LOST.with(|l| l.borrow_mut().push(format!("{e:?}")));
                    }
                    _ => {}
                }
            }
        });
        let o = Object::new();
        set(&o, "shared", client.is_shared().into());
        set(&o, "clientId", client.client_id().into());
        Ok(o.into())
    }

    /// Subscribes; resolves with the reason codes, or rejects with the
    /// error's `Debug` form.
    #[wasm_bindgen]
    pub async fn subscribe(filter: String, q: u8) -> Result<Array, JsValue> {
        let codes = client()?
            .subscribe(SubscribeRequest::new(filter, qos(q)))
            .await
            .map_err(|e| JsValue::from_str(&format!("{e:?}")))?;
        Ok(codes.iter().map(|c| JsValue::from(c.code())).collect())
    }

    /// Unsubscribes; resolves with the reason codes.
    #[wasm_bindgen]
    pub async fn unsubscribe(filter: String) -> Result<Array, JsValue> {
        let request = UnsubscribeRequest {
            filters: vec![filter],
            ..UnsubscribeRequest::default()
        };
        let codes = client()?
            .unsubscribe(request)
            .await
            .map_err(|e| JsValue::from_str(&format!("{e:?}")))?;
        Ok(codes.iter().map(|c| JsValue::from(c.code())).collect())
    }

    /// Publishes; resolves with the reason code.
    #[wasm_bindgen]
    pub async fn publish(topic: String, payload: String, q: u8) -> Result<u8, JsValue> {
        let code = client()?
            .publish(OutgoingMessage::new(topic, payload, qos(q)))
            .await
            .map_err(|e| JsValue::from_str(&format!("{e:?}")))?;
        Ok(code.code())
    }

    /// Publishes `count` QoS 1 messages without waiting for them.
    #[wasm_bindgen]
    pub fn publish_burst(topic: String, count: u32) -> Result<(), JsValue> {
        let client = client()?;
        for i in 0..count {
            let done = client.publish(OutgoingMessage::new(
                topic.clone(),
                format!("burst {i}"),
                QoS::AtLeastOnce,
            ));
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match done.await {
                    Ok(_) => String::from("ok"),
                    Err(e) => format!("{e:?}"),
                };
                BURST.with(|b| b.borrow_mut().push(outcome));
            });
        }
        Ok(())
    }

    /// Ends this tab's client.
    #[wasm_bindgen]
    pub async fn end() -> Result<(), JsValue> {
        client()?
            .end(EndOptions::default())
            .await
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Drops this tab's client (its last handle), without `end`.
    #[wasm_bindgen]
    pub fn drop_client() {
        CLIENT.with(|c| c.borrow_mut().take());
    }

    /// How the publishes of `publish_burst` that have settled ended.
    #[wasm_bindgen]
    pub fn burst_outcomes() -> Array {
        BURST.with(|b| b.borrow().iter().map(|o| JsValue::from_str(o)).collect())
    }

    /// The `ConnectionLost` and `Ended` events after connecting.
    #[wasm_bindgen]
    pub fn lost() -> Array {
        LOST.with(|l| l.borrow().iter().map(|o| JsValue::from_str(o)).collect())
    }

    /// `[topic, payload]` of every message heard.
    #[wasm_bindgen]
    pub fn heard() -> Array {
        HEARD.with(|h| {
            h.borrow()
                .iter()
                .map(|(t, p)| Array::of2(&t.into(), &p.into()))
                .collect()
        })
    }

    /// What connecting with a credentials provider gives: the error's
    /// `Debug` form, or "accepted".
    #[wasm_bindgen]
    pub fn connect_with_credentials_provider() -> String {
        let mut options = ConnectOptions::new("ws://127.0.0.1:1/mqtt");
        options.credentials = Some(Box::new(|| Box::pin(async { Err(String::from("none")) })));
        match SharedClient::connect(options) {
            Ok(_) => String::from("accepted"),
            Err(e) => format!("{e:?}"),
        }
    }
}

fn main() {
    // In the shared worker this serves the tabs; in a tab it returns false,
    // and the test drives the page through the exports above.
    #[cfg(target_arch = "wasm32")]
    let _ = webmqtt::web::shared::serve_tabs_if_worker();
}
