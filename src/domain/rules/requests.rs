//! What the customer asks from their page before the order leaves: to cancel it. Before packing it
//! is cancelled at once; once packing started the shop decides, and the customer hears the answer;
//! once it has left, the page offers a return after delivery instead.

use crate::domain::{
    Audience, CancelCause, CancelRequest, CustomerRefusal, FulfilmentStatus, Notice, NoticeKind, Order, TimelineEvent,
};
use jiff::Timestamp;

impl Order {
    /// Nothing is packed yet: the customer's cancel takes effect at once.
    pub fn customer_may_cancel(&self) -> bool {
        matches!(self.status, FulfilmentStatus::Received | FulfilmentStatus::Confirmed | FulfilmentStatus::OnHold)
    }

    /// Being packed, and not asked before: the customer may ask the shop to cancel.
    pub fn customer_may_ask_to_cancel(&self) -> bool {
        self.status == FulfilmentStatus::Packing && self.cancel_request.is_none()
    }

    /// The customer's request to cancel that the shop has not answered (cancelling answers it).
    pub fn open_cancel_request(&self) -> Option<&CancelRequest> {
        self.cancel_request.as_ref().filter(|r| r.declined_at.is_none() && self.status != FulfilmentStatus::Cancelled)
    }

    /// The customer's cancel from their page: the order cancelled at once (both told, a held
    /// payment released), or the shop asked (the owner told), or refused as too late. `None`: done
    /// already (a double click).
    pub fn customer_cancels(&mut self, now: Timestamp) -> Result<Option<Vec<Notice>>, CustomerRefusal> {
        if self.customer_may_cancel() {
            return Ok(Some(self.cancel(CancelCause::Customer, "customer", now)));
        }
        if self.customer_may_ask_to_cancel() {
            self.cancel_request = Some(CancelRequest { at: now, declined_at: None });
            self.record(now, TimelineEvent::CancelRequested, "customer", None, None);
            return Ok(Some(
                self.add_notice(NoticeKind::CancelRequested, Audience::Owner, now, None).into_iter().collect(),
            ));
        }
        let by_customer = self.cancellation.as_ref().is_some_and(|c| c.cause == CancelCause::Customer);
        if by_customer || self.open_cancel_request().is_some() {
            return Ok(None);
        }
        Err(CustomerRefusal::CancelTooLate)
    }

    /// Staff keep the order going despite the customer's request: the customer is told.
    pub(crate) fn decline_cancel(&mut self, note: Option<String>, by: &str, now: Timestamp) -> Vec<Notice> {
        if let Some(request) = self.cancel_request.as_mut() {
            request.declined_at = Some(now);
        }
        self.record(now, TimelineEvent::CancelDeclined, by, None, note);
        self.add_notice(NoticeKind::CancelDeclined, Audience::Customer, now, None).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::testing::{draft, receive_draft};
    use crate::domain::{CustomerRefusal, FulfilmentStatus, NoticeKind, Order};
    use jiff::Timestamp;

    fn order() -> Order {
        receive_draft(draft()).unwrap()
    }

    #[test]
    fn before_packing_cancels_at_once_while_packing_asks_and_after_it_left_is_too_late() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let mut received = order();
        let told: Vec<_> = received.customer_cancels(now).unwrap().unwrap().iter().map(|n| n.kind).collect();
        assert_eq!(told, [NoticeKind::OrderCancelled, NoticeKind::OrderCancelled], "the customer and the owner");
        assert_eq!(received.status, FulfilmentStatus::Cancelled);
        assert!(matches!(received.customer_cancels(now), Ok(None)), "a double click");

        let mut packing = order();
        packing.status = FulfilmentStatus::Packing;
        let told: Vec<_> = packing.customer_cancels(now).unwrap().unwrap().iter().map(|n| n.kind).collect();
        assert_eq!((told.as_slice(), packing.status), (&[NoticeKind::CancelRequested][..], FulfilmentStatus::Packing));
        assert!(matches!(packing.customer_cancels(now), Ok(None)), "asked already");
        packing.decline_cancel(None, "staff:alice", now);
        assert!(matches!(packing.customer_cancels(now), Err(CustomerRefusal::CancelTooLate)), "answered: not again");

        let mut shipped = order();
        shipped.status = FulfilmentStatus::Shipped;
        assert!(matches!(shipped.customer_cancels(now), Err(CustomerRefusal::CancelTooLate)));
    }
}
