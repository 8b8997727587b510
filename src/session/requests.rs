//! SUBSCRIBE and UNSUBSCRIBE requests the server has not answered: those
//! waiting to be sent, and those sent, by packet identifier.
//!
//! A request moves between the two as the connection comes and goes (sent,
//! back to unsent when the connection is lost, sent again); keeping both
//! behind one owner keeps that movement, and its order, in one place.

use alloc::collections::VecDeque;

use super::event::CommandId;
use super::id_map::IdMap;
use super::packet_ids::PacketIds;
use super::subscriptions::{SubscribeRequest, UnsubscribeRequest};
use crate::codec::PacketId;

/// A SUBSCRIBE or UNSUBSCRIBE request, sent or waiting to be.
#[derive(Debug, Clone)]
pub(crate) enum Request {
    Subscribe(SubscribeRequest),
    Unsubscribe(UnsubscribeRequest),
}

/// A request and who waits for it: an application command, or the session
/// itself restoring subscriptions (`None`).
#[derive(Debug, Clone)]
pub(crate) struct PendingRequest {
    pub(crate) command: Option<CommandId>,
    pub(crate) request: Request,
}

/// Requests not yet answered, in the order they go out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Requests {
    /// Not yet sent: offline, paused, or no packet identifier free. Kept
    /// with a placeholder identifier ([`PacketId::MIN`], never read), so
    /// that both queues are deques of one element type: each element type
    /// costs its own deque code in the npm package.
    unsent: VecDeque<(PacketId, PendingRequest)>,
    /// Sent on this connection, by packet identifier, in send order.
    sent: IdMap<PendingRequest>,
}

impl Requests {
    /// Whether nothing waits, sent or not: `end` may then disconnect.
    pub(crate) fn is_empty(&self) -> bool {
        self.unsent.is_empty() && self.sent.is_empty()
    }

    /// Whether requests wait to be sent: a new one goes behind them, to
    /// keep the order the application asked in.
    pub(crate) fn has_unsent(&self) -> bool {
        !self.unsent.is_empty()
    }

    /// Queues a request behind the others.
    pub(crate) fn push_back(&mut self, r: PendingRequest) {
        self.unsent.push_back((PacketId::MIN, r));
    }

    /// Puts a request back at the head: it was taken to be sent, and could
    /// not be yet.
    pub(crate) fn push_front(&mut self, r: PendingRequest) {
        self.unsent.push_front((PacketId::MIN, r));
    }

    /// Takes the request next in line to be sent.
    pub(crate) fn pop_front(&mut self) -> Option<PendingRequest> {
        self.unsent.pop_front().map(|(_, r)| r)
    }

    /// Records a request just sent under `id`, until its answer.
    pub(crate) fn mark_sent(&mut self, id: PacketId, r: PendingRequest) {
        self.sent.push(id, r);
    }

    /// The request sent under `id`, if one was.
    pub(crate) fn sent(&self, id: PacketId) -> Option<&PendingRequest> {
        self.sent.get(id)
    }

    /// Takes the request sent under `id`: its answer arrived.
    pub(crate) fn take_sent(&mut self, id: PacketId) -> Option<PendingRequest> {
        self.sent.remove(id)
    }

    /// The connection is gone: requests sent on it go out again on the
    /// next one, ahead of those not sent yet and in their order, and their
    /// packet identifiers are freed in `ids`.
    pub(crate) fn requeue_sent(&mut self, ids: &mut PacketIds) {
        // Popped from the back and pushed to the front, which the npm
        // package links anyway (`IdMap::remove`, `push_front`): the
        // deque's consuming iterator was code of its own for this type.
        while let Some((id, r)) = self.sent.pop_back() {
            ids.release(id);
            self.unsent.push_front((PacketId::MIN, r));
        }
    }

    /// Takes the next request out, those sent first, then the rest, until
    /// none is left.
    pub(crate) fn take_next(&mut self) -> Option<PendingRequest> {
        self.sent
            .pop_front()
            .or_else(|| self.unsent.pop_front())
            .map(|(_, r)| r)
    }

    /// Whether `f` holds for a request, sent or not. By index, as
    /// [`IdMap::at`] explains.
    pub(crate) fn any(&self, mut f: impl FnMut(&PendingRequest) -> bool) -> bool {
        let mut i = 0;
        while let Some((_, r)) = self.unsent.get(i) {
            if f(r) {
                return true;
            }
            i += 1;
        }
        let mut i = 0;
        while let Some((_, r)) = self.sent.at(i) {
            if f(r) {
                return true;
            }
            i += 1;
        }
        false
    }

    /// Every request, not yet sent first.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &PendingRequest> {
        self.unsent
            .iter()
            .map(|(_, r)| r)
            .chain(self.sent.iter().map(|(_, r)| r))
    }

    /// Drops the session's own restores still waiting to be sent: a new
    /// connection brings its own set.
    pub(crate) fn drop_unsent_restores(&mut self) {
        // Each taken from the front and put back behind the others if it
        // stays, with code linked anyway: `retain` brought its own
        // `retain_mut`, `swap` and `truncate` for this element type, and
        // the deque's consuming iterator was code of its own too.
        for _ in 0..self.unsent.len() {
            if let Some((id, r)) = self.unsent.pop_front()
                && r.command.is_some()
            {
                self.unsent.push_back((id, r));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn request(command: u64) -> PendingRequest {
        PendingRequest {
            command: Some(CommandId(command)),
            request: Request::Unsubscribe(UnsubscribeRequest {
                filters: alloc::vec!["t".into()],
                ..UnsubscribeRequest::default()
            }),
        }
    }

    fn commands(r: &Requests) -> Vec<Option<u64>> {
        r.iter().map(|p| p.command.map(|c| c.0)).collect()
    }

    #[test]
    fn a_lost_connection_puts_sent_requests_first_in_their_order() {
        let mut ids = PacketIds::new();
        let mut r = Requests::default();
        for command in 1..=2 {
            let id = ids.allocate().unwrap();
            r.mark_sent(id, request(command));
        }
        r.push_back(request(3));
        assert_eq!(commands(&r), [Some(3), Some(1), Some(2)]);
        r.requeue_sent(&mut ids);
        assert_eq!(commands(&r), [Some(1), Some(2), Some(3)]);
        assert!(!ids.is_used(PacketId::MIN));
        assert!(r.sent(PacketId::MIN).is_none());
    }

    #[test]
    fn restores_are_replaced_and_go_first() {
        let mut r = Requests::default();
        r.push_back(request(1));
        r.push_back(PendingRequest {
            command: None,
            ..request(0)
        });
        r.drop_unsent_restores();
        // As `restore_subscriptions` queues them: last first.
        r.push_front(request(2));
        r.push_front(PendingRequest {
            command: None,
            ..request(0)
        });
        assert_eq!(commands(&r), [None, Some(2), Some(1)]);
        let mut taken = 0;
        while r.take_next().is_some() {
            taken += 1;
        }
        assert_eq!(taken, 3);
        assert!(r.is_empty());
    }
}
