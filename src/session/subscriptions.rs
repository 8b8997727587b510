//! The subscriptions this client holds: used to say which subscriptions an
//! incoming message matched, and to subscribe again when a server has lost
//! the session.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::codec::{SubscriptionId, SubscriptionOptions};
use crate::topic::matches;

use super::message::OwnedUserProperty;

/// One topic filter to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterRequest {
    /// The topic filter.
    pub filter: String,
    /// QoS and MQTT 5.0 options.
    pub options: SubscriptionOptions,
}

impl FilterRequest {
    /// A filter with default options at `qos`.
    pub fn new(filter: impl Into<String>, qos: crate::codec::QoS) -> Self {
        FilterRequest {
            filter: filter.into(),
            options: SubscriptionOptions {
                qos,
                ..SubscriptionOptions::default()
            },
        }
    }
}

/// A SUBSCRIBE the application asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubscribeRequest {
    /// The filters, at least one.
    pub filters: Vec<FilterRequest>,
    /// MQTT 5.0 Subscription Identifier. When `None`, the server supports
    /// identifiers and a filter overlaps a subscription this client holds
    /// or has asked for, the session assigns one, so that each copy the
    /// server sends for overlapping subscriptions names its own filter.
    /// Otherwise none: with an identifier Mosquitto encodes every message
    /// for this subscriber on its own, which cost about a quarter of the
    /// receive throughput in the browser benchmark (BENCHMARKS.md).
    pub subscription_identifier: Option<SubscriptionId>,
    /// MQTT 5.0 user properties.
    pub user_properties: Vec<OwnedUserProperty>,
}

impl SubscribeRequest {
    /// A SUBSCRIBE to one filter with default options at `qos`; push more
    /// onto `filters` for one packet with several.
    pub fn new(filter: impl Into<String>, qos: crate::codec::QoS) -> Self {
        SubscribeRequest {
            filters: vec![FilterRequest::new(filter, qos)],
            ..SubscribeRequest::default()
        }
    }
}

/// An UNSUBSCRIBE the application asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnsubscribeRequest {
    /// The filters, at least one.
    pub filters: Vec<String>,
    /// MQTT 5.0 user properties.
    pub user_properties: Vec<OwnedUserProperty>,
}

/// An active subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Active {
    pub(crate) options: SubscriptionOptions,
    pub(crate) id: Option<SubscriptionId>,
    pub(crate) user_properties: Vec<OwnedUserProperty>,
}

/// Active subscriptions, sorted by filter.
#[derive(Debug, Clone, Default)]
pub(crate) struct Registry {
    by_filter: Vec<(String, Active)>,
}

impl Registry {
    fn find(&self, filter: &str) -> Result<usize, usize> {
        self.by_filter
            .binary_search_by(|(f, _)| f.as_str().cmp(filter))
    }

    pub(crate) fn insert(&mut self, filter: &str, active: Active) {
        match self.find(filter) {
            Ok(i) => self.by_filter[i].1 = active,
            Err(i) => self.by_filter.insert(i, (String::from(filter), active)),
        }
    }

    pub(crate) fn remove(&mut self, filter: &str) {
        if let Ok(i) = self.find(filter) {
            self.by_filter.remove(i);
        }
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Active)> {
        self.by_filter.iter().map(|(f, a)| (f, a))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_filter.is_empty()
    }

    /// The filters a message on `topic` matched. A message names the
    /// subscription identifiers it was sent for (MQTT 5.0 §3.3.4), so a copy
    /// with identifiers matched the subscriptions with one of them, and a
    /// copy without matched those without one; when that leaves nothing
    /// (a server that left identifiers out), every subscription whose
    /// filter matches.
    pub(crate) fn matching(&self, topic: &str, ids: &[SubscriptionId]) -> Vec<String> {
        // Plain loops, not two `filter`/`collect` chains: each chain was
        // its own iterator code in the npm package.
        let mut matched = Vec::new();
        for by_id in [true, false] {
            for (filter, active) in &self.by_filter {
                let id_fits = match active.id {
                    Some(id) => ids.contains(&id),
                    None => ids.is_empty(),
                };
                if (!by_id || id_fits) && matches(filter, topic) {
                    matched.push(filter.clone());
                }
            }
            if !matched.is_empty() {
                break;
            }
        }
        matched
    }
}
