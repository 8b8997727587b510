//! Why [`SharedClient::connect`](super::SharedClient::connect) refused.

use crate::std_prelude::*;

use crate::session::ConfigError;

/// Why a shared client could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SharedConnectError {
    /// The options are invalid, as for [`MqttClient::connect`](crate::web::MqttClient::connect).
    Config(ConfigError),
    /// A [`CredentialsProvider`](crate::web::CredentialsProvider) is a
    /// closure of this tab's and cannot cross to the worker; pass the
    /// user name and password in the session options instead. Refused in
    /// the direct fallback too, so that an app behaves the same in every
    /// browser.
    CredentialsProvider,
    /// The persistent outbox is not offered on the shared connection; use
    /// [`MqttClient`](crate::web::MqttClient). Refused in the direct
    /// fallback too.
    Outbox,
    /// The browser refused to start the shared worker (its message).
    Worker(String),
}

impl From<ConfigError> for SharedConnectError {
    fn from(e: ConfigError) -> Self {
        SharedConnectError::Config(e)
    }
}

impl core::fmt::Display for SharedConnectError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            SharedConnectError::Config(e) => e.fmt(f),
            SharedConnectError::CredentialsProvider => f.write_str(
                "a credentials provider cannot be shared between tabs; pass the user name and password in the options",
            ),
            SharedConnectError::Outbox => {
                f.write_str("the persistent outbox is not available on the shared connection")
            }
            SharedConnectError::Worker(e) => write!(f, "the shared worker did not start: {e}"),
        }
    }
}

impl core::error::Error for SharedConnectError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            SharedConnectError::Config(e) => Some(e),
            _ => None,
        }
    }
}
