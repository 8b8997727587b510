//! MQTT 5.0 topic aliases (§3.3.2.3.4): a number that stands for a topic
//! name on one connection, in each direction separately.

use alloc::string::String;
use alloc::vec::Vec;
use core::num::NonZeroU16;

/// Aliases this client assigns to topics it publishes to, within the
/// server's Topic Alias Maximum (capped at [`MAX_OUTGOING_ALIASES`]),
/// least-recently-used replaced first.
#[derive(Debug, Clone, Default)]
pub(crate) struct OutgoingAliases {
    maximum: u16,
    /// Index `alias - 1`: the topic and when it was last used.
    slots: Vec<(String, u64)>,
    clock: u64,
}

/// The most aliases this client uses, whatever the server allows: the
/// lookup is a scan, and a few hundred hot topics are what aliases pay off
/// for.
pub(crate) const MAX_OUTGOING_ALIASES: u16 = 256;

/// What to send for a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AliasUse {
    /// No alias: send the topic name.
    None,
    /// A new or re-assigned alias: send the topic name and the alias.
    Assign(NonZeroU16),
    /// A known alias: send an empty topic name and the alias.
    Reuse(NonZeroU16),
}

impl OutgoingAliases {
    /// Forgets every alias: a new connection starts with none [MQTT-3.3.2-7].
    pub(crate) fn reset(&mut self, maximum: u16) {
        *self = OutgoingAliases {
            maximum: maximum.min(MAX_OUTGOING_ALIASES),
            ..OutgoingAliases::default()
        };
    }

    /// The alias to use for `topic`, assigning one if there is room or the
    /// least recently used can be replaced.
    pub(crate) fn use_for(&mut self, topic: &str) -> AliasUse {
        if self.maximum == 0 {
            return AliasUse::None;
        }
        self.clock += 1;
        let alias_at = |i: usize| u16::try_from(i + 1).ok().and_then(NonZeroU16::new);
        if let Some(i) = self.slots.iter().position(|(t, _)| t == topic) {
            self.slots[i].1 = self.clock;
            return alias_at(i).map_or(AliasUse::None, AliasUse::Reuse);
        }
        let slot = (String::from(topic), self.clock);
        let used = self.slots.len();
        let i = if used < usize::from(self.maximum) {
            // `extend`, not `push`: the npm package's 5.0 module holds this
            // code, and push's growth for this element size is otherwise
            // shared only with the outbox's module, which wasm-split-cli
            // would put in a third module of its own.
            self.slots.extend([slot]);
            used
        } else {
            let i = self
                .slots
                .iter()
                .enumerate()
                .min_by_key(|(_, (_, used))| *used)
                .map_or(0, |(i, _)| i);
            self.slots[i] = slot;
            i
        };
        alias_at(i).map_or(AliasUse::None, AliasUse::Assign)
    }
}

/// Aliases the server assigns in PUBLISH packets it sends to this client.
#[derive(Debug, Clone, Default)]
pub(crate) struct IncomingAliases {
    maximum: u16,
    /// Index `alias - 1`; grows to the highest alias used.
    topics: Vec<Option<String>>,
}

/// Why an incoming topic alias cannot be used (a protocol error, §3.3.2.3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AliasError {
    /// Above the Topic Alias Maximum this client announced.
    OutOfRange,
    /// Used with an empty topic before any topic was assigned to it.
    Unknown,
}

impl IncomingAliases {
    pub(crate) fn reset(&mut self, maximum: u16) {
        self.maximum = maximum;
        self.topics.clear();
    }

    /// The topic for a PUBLISH with `topic` and `alias`: records the
    /// mapping when the topic is given, looks it up when it is empty.
    pub(crate) fn resolve<'t>(
        &'t mut self,
        topic: &'t str,
        alias: Option<NonZeroU16>,
    ) -> Result<&'t str, AliasError> {
        let Some(alias) = alias else {
            return Ok(topic);
        };
        if alias.get() > self.maximum {
            return Err(AliasError::OutOfRange);
        }
        let i = usize::from(alias.get() - 1);
        if topic.is_empty() {
            return self
                .topics
                .get(i)
                .and_then(Option::as_deref)
                .ok_or(AliasError::Unknown);
        }
        // Pushed one by one: `resize` brought its `extend_with` for this
        // element type, code of its own in the npm package.
        while self.topics.len() <= i {
            self.topics.push(None);
        }
        self.topics[i] = Some(String::from(topic));
        Ok(topic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nz(v: u16) -> NonZeroU16 {
        NonZeroU16::new(v).unwrap()
    }

    #[test]
    fn outgoing_aliases_replace_the_least_recently_used() {
        let mut a = OutgoingAliases::default();
        a.reset(2);
        assert_eq!(a.use_for("x"), AliasUse::Assign(nz(1)));
        assert_eq!(a.use_for("y"), AliasUse::Assign(nz(2)));
        assert_eq!(a.use_for("x"), AliasUse::Reuse(nz(1)));
        // "y" is least recently used, so "z" takes alias 2.
        assert_eq!(a.use_for("z"), AliasUse::Assign(nz(2)));
        assert_eq!(a.use_for("x"), AliasUse::Reuse(nz(1)));
        assert_eq!(a.use_for("y"), AliasUse::Assign(nz(2)));
        a.reset(0);
        assert_eq!(a.use_for("x"), AliasUse::None);
    }

    #[test]
    fn incoming_aliases_resolve_and_reject() {
        let mut a = IncomingAliases::default();
        a.reset(3);
        assert_eq!(a.resolve("t", None), Ok("t"));
        assert_eq!(a.resolve("", Some(nz(1))), Err(AliasError::Unknown));
        assert_eq!(a.resolve("a/b", Some(nz(1))), Ok("a/b"));
        assert_eq!(a.resolve("", Some(nz(1))), Ok("a/b"));
        assert_eq!(a.resolve("", Some(nz(4))), Err(AliasError::OutOfRange));
        a.reset(3);
        assert_eq!(a.resolve("", Some(nz(1))), Err(AliasError::Unknown));
    }
}
