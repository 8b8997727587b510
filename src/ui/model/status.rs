//! Where the app's connection stands, and how it is put into words: the
//! status line, its tone, and connection errors in terms a person acts on.

use crate::std_prelude::*;

use crate::codec::ConnectReasonCode;
use crate::session::ConnectionError;

/// Where the connection stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not connected, and not trying.
    Offline,
    /// Opening the WebSocket and waiting for CONNACK.
    Connecting,
    /// Connected to the broker.
    Connected,
    /// Lost; the next attempt starts at `at_ms`.
    Reconnecting {
        /// Why the connection was lost, in words.
        reason: String,
        /// When the next attempt starts, in milliseconds since the epoch.
        at_ms: f64,
    },
    /// Stopped for good until the person connects again: a refused login,
    /// or a loss with reconnecting turned off.
    Failed {
        /// Why, in words.
        reason: String,
    },
}

/// How the status line looks: good, in progress, or stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Connected.
    Ok,
    /// Connecting or waiting to reconnect.
    Busy,
    /// Offline or failed.
    Off,
}

impl Tone {
    /// The CSS class the tone is drawn with (`ok`, `busy`, `off`).
    pub fn class(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Busy => "busy",
            Tone::Off => "off",
        }
    }
}

impl Status {
    /// The status after a lost connection: reconnecting at `now_ms +
    /// delay_ms`, or failed when no attempt follows.
    pub fn lost(error: &ConnectionError, now_ms: f64, retry_in_ms: Option<f64>) -> Status {
        let reason = describe(error);
        match retry_in_ms {
            Some(delay) => Status::Reconnecting {
                reason,
                at_ms: now_ms + delay,
            },
            None => Status::Failed { reason },
        }
    }

    /// The status line at `now_ms`.
    pub fn text(&self, now_ms: f64) -> String {
        match self {
            Status::Offline => "offline".into(),
            Status::Connecting => "connecting…".into(),
            Status::Connected => "connected".into(),
            Status::Reconnecting { reason, at_ms } => {
                let left = ((at_ms - now_ms) / 1000.0).ceil().max(0.0);
                format!("reconnecting in {left} s ({reason})")
            }
            Status::Failed { reason } => format!("failed: {reason}"),
        }
    }

    /// How the status line looks.
    pub fn tone(&self) -> Tone {
        match self {
            Status::Connected => Tone::Ok,
            Status::Connecting | Status::Reconnecting { .. } => Tone::Busy,
            Status::Offline | Status::Failed { .. } => Tone::Off,
        }
    }

    /// One word for the state, for a connection's tab.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Offline => "offline",
            Status::Connecting => "connecting",
            Status::Connected => "connected",
            Status::Reconnecting { .. } => "reconnecting",
            Status::Failed { .. } => "failed",
        }
    }

    /// Whether a client is connected or trying to be (so "Disconnect"
    /// makes sense).
    pub fn is_active(&self) -> bool {
        !matches!(self, Status::Offline | Status::Failed { .. })
    }
}

/// A connection error in words a person acts on.
pub fn describe(e: &ConnectionError) -> String {
    use ConnectReasonCode::*;
    match e {
        ConnectionError::Refused(BadUserNameOrPassword | NotAuthorized) => {
            "wrong user name or password (the broker said: not authorized)".into()
        }
        ConnectionError::Refused(UnsupportedProtocolVersion) => {
            "the broker does not speak this MQTT version: try 3.1.1".into()
        }
        ConnectionError::Transport(t) if t.code == Some(1006) => {
            "the broker is unreachable (is it running, and is the URL right?)".into()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::TransportError;

    #[test]
    fn a_refused_login_fails_in_words_a_person_acts_on() {
        let s = Status::lost(
            &ConnectionError::Refused(ConnectReasonCode::NotAuthorized),
            1_000.0,
            None,
        );
        assert_eq!(
            s.text(1_000.0),
            "failed: wrong user name or password (the broker said: not authorized)"
        );
        assert_eq!(s.tone(), Tone::Off);
        assert!(!s.is_active());
    }

    #[test]
    fn reconnecting_counts_down_to_the_next_attempt() {
        let lost = ConnectionError::Transport(TransportError {
            code: Some(1006),
            reason: String::new(),
        });
        let s = Status::lost(&lost, 10_000.0, Some(2_500.0));
        assert_eq!(
            s.text(10_000.0),
            "reconnecting in 3 s (the broker is unreachable (is it running, and is the URL right?))"
        );
        assert_eq!(
            s.text(12_000.0).split(" (").next(),
            Some("reconnecting in 1 s")
        );
        assert!(s.text(20_000.0).starts_with("reconnecting in 0 s"));
        assert_eq!(s.tone(), Tone::Busy);
        assert!(s.is_active());
    }

    #[test]
    fn other_errors_keep_their_own_description() {
        let e = ConnectionError::KeepAliveTimeout;
        assert_eq!(describe(&e), e.to_string());
        assert_eq!(Status::Connected.tone(), Tone::Ok);
        assert_eq!(Status::Offline.text(0.0), "offline");
    }
}
