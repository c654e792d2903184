//! What the customer asks from their page before the order leaves: to cancel it. Before packing it
//! is cancelled at once; once packing started the shop decides, and the customer hears the answer;
//! once it has left, the page offers a return after delivery instead.

use crate::domain::{
    Audience, CancelCause, CancelRequest, CustomerRefusal, FulfilmentStatus, Notice, NoticeKind, Order, TimelineEvent,
};
use jiff::Timestamp;

impl Order {
    /// Nothing is packed yet: the customer's cancel takes effect at once. An order on hold qualifies
    /// only when held before packing (details missing, or missing stock found before packing): one
    /// held for its payment may be anywhere, the shop decides.
    pub fn customer_may_cancel(&self) -> bool {
        use crate::domain::HoldReason;
        match self.status {
            FulfilmentStatus::Received | FulfilmentStatus::Confirmed => true,
            FulfilmentStatus::OnHold => match self.hold_reason {
                Some(HoldReason::NeedsAttention) => self.shipment.shipped_at.is_none(),
                Some(HoldReason::OutOfStock) => {
                    self.stock_issue.as_ref().is_some_and(|i| i.resume_at != FulfilmentStatus::Packing)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Being packed, and not asked before: the customer may ask the shop to cancel.
    pub fn customer_may_ask_to_cancel(&self) -> bool {
        self.status == FulfilmentStatus::Packing && self.cancel_request.is_none()
    }

    /// The customer's request to cancel that the shop has not answered, while the order is still at
    /// the shop (cancelling answers it; handing it over declines it).
    pub fn open_cancel_request(&self) -> Option<&CancelRequest> {
        let at_the_shop = matches!(self.status, FulfilmentStatus::Packing | FulfilmentStatus::OnHold);
        self.cancel_request.as_ref().filter(|r| r.declined_at.is_none() && at_the_shop)
    }

    /// Handed over while the customer's request to cancel waited: that is the shop's answer, and
    /// the customer is told it could not be cancelled.
    pub(crate) fn hand_over_declines(&mut self, by: &str, now: Timestamp) -> Vec<Notice> {
        match self.cancel_request {
            Some(request) if request.declined_at.is_none() && self.status != FulfilmentStatus::Cancelled => {
                self.decline_cancel(Some("handed over".into()), by, now)
            }
            _ => Vec::new(),
        }
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
        let by_customer = self.cancellation.as_ref().is_some_and(|c| c.actor == "customer");
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
        // Held for a payment to check after it shipped: not cancelled from the page.
        shipped.status = FulfilmentStatus::OnHold;
        shipped.hold_reason = Some(crate::domain::HoldReason::Overpaid);
        assert!(matches!(shipped.customer_cancels(now), Err(CustomerRefusal::CancelTooLate)));

        // Asked while packing, then shipped without an answer: shipping is the answer, told.
        let mut asked = order();
        asked.status = FulfilmentStatus::Packing;
        asked.customer_cancels(now).unwrap();
        asked.status = FulfilmentStatus::Shipped;
        let told: Vec<_> = asked.hand_over_declines("staff:alice", now).iter().map(|n| n.kind).collect();
        assert_eq!((told.as_slice(), asked.open_cancel_request()), (&[NoticeKind::CancelDeclined][..], None));
    }
}
