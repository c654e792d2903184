//! Tracking: the carriers' events applied to the order, delivery, and the duties of a parcel on
//! its way (stuck, waiting at a pickup point, delivered without news).
//!
//! Carrier events are ordered by a key (phase, rank, time) and the order keeps the greatest key it
//! has seen: the result does not depend on the order in which events arrive, a duplicate changes
//! nothing, and a late event (an `in_transit` after `delivered`) is recorded and ignored.

use super::fulfilment::IN_FLIGHT;
use crate::domain::{
    AfterSales, Audience, CarrierStatus as S, Decider, Duties, FulfilmentStatus, Notice, NoticeKind, Order,
    PaymentMethod, PaymentStatus, TimelineEvent, TrackingEvent,
};
use jiff::{SignedDuration, Timestamp};

impl Order {
    /// `at` is when it happened (a carrier's time); `now` when we learned it, which bounds `at`
    /// so that a carrier clock running ahead cannot postpone the follow-up.
    pub(super) fn mark_delivered(
        &mut self,
        at: Timestamp,
        now: Timestamp,
        source: &str,
        after: AfterSales,
    ) -> Vec<Notice> {
        let at = at.min(now);
        self.shipment.delivered_at = Some(at);
        self.duties = Duties {
            follow_up_at: Some(at + after.follow_up_after),
            archive_at: Some(at + after.archive_after),
            stuck_at: None,
            ..Duties::default()
        };
        self.set_status(FulfilmentStatus::Delivered, at, source, None);
        if self.payment.method == Some(PaymentMethod::CashOnDelivery)
            && self.payment.collection.is_none()
            && matches!(
                self.payment.status,
                PaymentStatus::Unpaid | PaymentStatus::Failed | PaymentStatus::PartiallyPaid
            )
        {
            self.payment.received_minor = self.totals.total_minor;
            self.payment.status = PaymentStatus::Paid;
            self.record(
                at,
                TimelineEvent::PaidOnDelivery,
                source,
                None,
                Some(self.money(self.totals.total_minor).to_string()),
            );
        }
        let mut notices = self.hand_over_declines(source, at);
        notices.extend(self.customer_notice(NoticeKind::Delivered, at));
        notices
    }

    /// Applies a carrier's tracking update once; returns the notices it asks for.
    pub fn apply_tracking(&mut self, event: &TrackingEvent, now: Timestamp, after: AfterSales) -> Option<Vec<Notice>> {
        use FulfilmentStatus as F;
        if !self.seen_events.insert(format!("{}:{}", event.provider.as_str(), event.event_id)) {
            return None;
        }
        if let Some(number) = &event.tracking_number
            && self.is_replacement(number)
        {
            return Some(self.track_replacement(number, event, now));
        }
        // The parcel a new one replaced: its news is kept, and changes nothing.
        if let Some(number) = event.tracking_number.as_ref().filter(|n| self.shipment.earlier.contains(n)) {
            let note = format!("{number}: {}", event.raw_status);
            self.record(
                event.occurred_at,
                TimelineEvent::EarlierParcel,
                event.provider.as_str(),
                Some(&event.event_id),
                Some(note),
            );
            return Some(Vec::new());
        }
        let source = event.provider.as_str();
        self.record(
            event.occurred_at,
            TimelineEvent::Carrier(event.status),
            source,
            Some(&event.event_id),
            Some(event.raw_status.clone()),
        );
        self.shipment.last_update_at = Some(now);
        if self.shipment.tracking_number.is_none() {
            self.shipment.tracking_number = event.tracking_number.clone();
        }
        let mut notices = Vec::new();
        if let Some(eta) = event.estimated_delivery {
            notices.extend(self.update_estimate(eta, now));
        }
        let Some((phase, rank)) = event.status.rank() else { return Some(notices) };
        let key = (phase, rank, event.occurred_at.as_millisecond());
        // An order that needs attention may well have been shipped from the storefront all the same.
        let trackable = matches!(self.status, F::Received | F::Confirmed | F::Packing)
            || IN_FLIGHT.contains(&self.status)
            || self.needs_attention();
        if !trackable || self.shipment.best.is_some_and(|best| key <= best) {
            return Some(notices); // late, duplicate in effect, or the order is past tracking
        }
        self.shipment.best = Some(key);
        let previous = self.status;
        let next = event.status.fulfilment();
        if next == previous && !matches!(event.status, S::Exception(_)) {
            return Some(notices);
        }
        if self.shipment.shipped_at.is_none() {
            self.shipment.shipped_at = Some(event.occurred_at);
        }
        self.duties.stuck_at = Some(now + after.stuck_after);
        match event.status {
            S::Delivered => notices.extend(self.mark_delivered(event.occurred_at, now, source, after)),
            S::OutForDelivery => {
                self.set_status(next, event.occurred_at, source, None);
                notices.extend(self.customer_notice(NoticeKind::OutForDelivery, now));
            }
            S::AvailableForPickup => {
                self.shipment.pickup_location = event.location.clone();
                notices.extend(self.ready_to_collect(event.occurred_at, source, now, after));
            }
            S::Exception(kind) => {
                self.exception = Some(kind);
                self.set_status(next, event.occurred_at, source, None);
                if previous != F::DeliveryException {
                    notices.extend(self.add_notice(NoticeKind::DeliveryException, Audience::Customer, now, None));
                }
                // A parcel lost or on its way back needs the shop (a new parcel, a refund): told once.
                if matches!(kind, crate::domain::ExceptionKind::Lost | crate::domain::ExceptionKind::ReturningToSender)
                {
                    notices.extend(self.add_notice(NoticeKind::ParcelLost, Audience::Owner, now, None));
                }
            }
            S::PreTransit | S::InTransit | S::Unknown => self.set_status(next, event.occurred_at, source, None),
        }
        Some(notices)
    }

    /// Keeps a new delivery estimate; a first slip past the promised date is told once.
    pub(super) fn update_estimate(&mut self, eta: Timestamp, now: Timestamp) -> Option<Notice> {
        self.shipment.estimated_delivery = Some(eta);
        let promised = *self.shipment.promised_delivery.get_or_insert(eta);
        let late_by_a_day = eta > promised + SignedDuration::from_hours(12);
        if late_by_a_day && self.status != FulfilmentStatus::Delivered {
            return self.customer_notice(NoticeKind::DeliveryDelayed, now);
        }
        None
    }

    /// After-sales and stock duties due at `now`: a default for an unanswered stock question, the
    /// stuck-shipment alert, the follow-up after delivery, archiving.
    pub fn run_fulfilment_duties(&mut self, now: Timestamp, after: AfterSales) -> Vec<Notice> {
        use FulfilmentStatus as F;
        let due = |at: Option<Timestamp>| at.is_some_and(|t| t <= now);
        let mut notices = Vec::new();
        if let Some(issue) = self.open_stock_question().filter(|i| i.decide_by <= now).cloned() {
            notices.extend(self.decide_stock(issue.default, Decider::Default, "scheduler", now).unwrap_or_default());
        }
        if due(self.duties.stuck_at) {
            // Scans that do not change the status leave the alarm where it was (so that they write no
            // index entry); it is pushed back here to the last update's time plus the quiet period.
            let quiet_until = self.shipment.last_update_at.map(|at| at + after.stuck_after).filter(|at| *at > now);
            self.duties.stuck_at = quiet_until.filter(|_| IN_FLIGHT.contains(&self.status));
            if self.duties.stuck_at.is_none() && IN_FLIGHT.contains(&self.status) {
                notices.extend(self.add_notice(NoticeKind::ShipmentStuck, Audience::Owner, now, None));
            }
        }
        if due(self.duties.late_at) {
            self.duties.late_at = None;
            if matches!(self.status, F::Received | F::Confirmed) {
                notices.extend(self.add_notice(NoticeKind::ProcessingLate, Audience::Owner, now, None));
            }
        }
        let waiting = self.status == F::AvailableForPickup;
        if due(self.duties.pickup_reminder_at) {
            self.duties.pickup_reminder_at = None;
            if waiting {
                notices.extend(self.customer_notice(NoticeKind::PickupReminder, now));
            }
        }
        if due(self.duties.pickup_expires_at) {
            self.duties.pickup_expires_at = None;
            if waiting {
                notices.extend(self.add_notice(NoticeKind::PickupExpired, Audience::Owner, now, None));
            }
        }
        if due(self.duties.follow_up_at) {
            self.duties.follow_up_at = None;
            if self.status == F::Delivered {
                notices.extend(self.customer_notice(NoticeKind::FollowUp, now));
            }
        }
        if due(self.duties.archive_at) {
            self.duties.archive_at = None;
            if self.status == F::Delivered {
                self.set_status(F::Archived, now, "scheduler", None);
                // Kept for the retention period, then its customer's personal data is erased.
                self.duties.erase_at = after.retention.map(|kept| now + kept);
            }
        }
        notices
    }

    /// The next fulfilment duty, if any.
    pub fn next_fulfilment_duty(&self) -> Option<Timestamp> {
        let stock = self.open_stock_question().map(|i| i.decide_by);
        let duties = &self.duties;
        [stock, duties.stuck_at, duties.follow_up_at, duties.archive_at, duties.late_at]
            .into_iter()
            .chain([duties.pickup_reminder_at, duties.pickup_expires_at, duties.erase_at])
            .flatten()
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::OrderDraft;
    use crate::domain::{CarrierProvider, CarrierStatus, ExceptionKind as X, PaymentTerms, ShipRequest, StaffAction};

    fn shipped_order() -> Order {
        let cash_on_delivery = OrderDraft {
            payment_method: Some(crate::domain::PaymentMethod::CashOnDelivery),
            payment_status: None,
            ..crate::domain::testing::draft()
        };
        let mut order = crate::domain::testing::receive_draft(cash_on_delivery).unwrap();
        let ship = ShipRequest {
            carrier: "UPS".into(),
            tracking_number: "1Z".into(),
            tracking_url: None,
            estimated_delivery: None,
            ship_unpaid: false,
        };
        let at = order.received_at;
        order.act(&StaffAction::Ship(ship), "backoffice", at, AfterSales::default(), PaymentTerms::default()).unwrap();
        order
    }

    fn event(n: u32, status: CarrierStatus, minute: i64) -> TrackingEvent {
        TrackingEvent {
            provider: CarrierProvider::Generic,
            event_id: format!("e{n}"),
            order_id: None,
            tracking_number: Some("1Z".into()),
            status,
            raw_status: status.label().into(),
            occurred_at: Timestamp::from_second(1_800_000_000 + minute * 60).unwrap(),
            estimated_delivery: None,
            location: None,
        }
    }

    /// Replays `events` in order, twice each (duplicates), and returns what a customer would see.
    fn replay(events: &[TrackingEvent]) -> (FulfilmentStatus, Vec<NoticeKind>, PaymentStatus) {
        let mut order = shipped_order();
        let now = Timestamp::from_second(1_900_000_000).unwrap();
        for event in events.iter().chain(events) {
            order.apply_tracking(event, now, AfterSales::default());
        }
        let mut kinds: Vec<NoticeKind> = order.notices.values().map(|n| n.kind).collect();
        kinds.sort_by_key(|k| k.as_str());
        (order.status, kinds, order.payment.status)
    }

    #[test]
    fn any_arrival_order_of_a_lifecycle_ends_the_same() {
        let lifecycle = vec![
            event(1, S::PreTransit, 0),
            event(2, S::InTransit, 60),
            event(3, S::InTransit, 120),
            event(4, S::OutForDelivery, 180),
            event(5, S::Exception(X::FailedAttempt), 240),
            event(6, S::OutForDelivery, 1_500),
            event(7, S::Delivered, 1_560),
        ];
        let expected = replay(&lifecycle);
        assert_eq!(expected.0, FulfilmentStatus::Delivered);
        assert_eq!(expected.2, PaymentStatus::Paid, "cash on delivery is paid when delivered");
        // xorshift: a fixed seed, so a failure is reproducible.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..200 {
            let mut shuffled = lifecycle.clone();
            for i in (1..shuffled.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                shuffled.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let (status, _, payment) = replay(&shuffled);
            assert_eq!(
                (status, payment),
                (expected.0, expected.2),
                "permutation {round}: {:?}",
                shuffled.iter().map(|e| &e.event_id).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_delivered_order_never_moves_back() {
        let mut order = shipped_order();
        let now = Timestamp::from_second(1_900_000_000).unwrap();
        order.apply_tracking(&event(1, S::Delivered, 100), now, AfterSales::default());
        for (n, late) in [S::InTransit, S::OutForDelivery, S::Exception(X::Lost), S::PreTransit].into_iter().enumerate()
        {
            let before = order.timeline.len();
            let notices = order.apply_tracking(&event(10 + n as u32, late, 200), now, AfterSales::default()).unwrap();
            assert_eq!(order.status, FulfilmentStatus::Delivered);
            assert!(notices.is_empty(), "{late:?} tells nobody anything");
            assert_eq!(order.timeline.len(), before + 1, "{late:?} is kept in the timeline");
        }
        assert!(
            order.apply_tracking(&event(10, S::InTransit, 200), now, AfterSales::default()).is_none(),
            "a duplicate is not even recorded"
        );
    }

    /// Scans that repeat the status move nothing the scheduler indexes, yet still keep the
    /// stuck-shipment alarm away; once they stop, the owner is alerted after the quiet period.
    #[test]
    fn repeated_scans_postpone_the_stuck_alarm_without_moving_it() {
        let mut order = shipped_order();
        let after = AfterSales::default();
        let shipped = order.received_at;
        let alarm = order.duties.stuck_at.expect("set at shipping");
        let day = SignedDuration::from_hours(24);
        order.apply_tracking(&event(1, S::InTransit, 0), shipped, after);
        let alarm_after_first = order.duties.stuck_at;
        for n in 2..6 {
            order.apply_tracking(&event(n, S::InTransit, 60 * i64::from(n)), shipped + day * (n as i32), after);
            assert_eq!(order.duties.stuck_at, alarm_after_first, "a repeated status moves no duty");
        }
        assert!(alarm_after_first.unwrap() >= alarm);
        let fired = order.run_fulfilment_duties(alarm_after_first.unwrap(), after);
        assert!(fired.is_empty(), "scanned a day ago: not stuck");
        let last_scan = shipped + day * 5;
        assert_eq!(order.duties.stuck_at, Some(last_scan + after.stuck_after));
        let fired = order.run_fulfilment_duties(last_scan + after.stuck_after, after);
        assert_eq!(fired.iter().map(|n| n.kind).collect::<Vec<_>>(), [NoticeKind::ShipmentStuck]);
    }

    #[test]
    fn in_transit_scans_tell_nothing_and_a_delay_is_told_once() {
        let mut order = shipped_order();
        let now = Timestamp::from_second(1_900_000_000).unwrap();
        let after = AfterSales::default();
        let promised = Timestamp::from_second(1_800_000_000 + 3 * 86_400).unwrap();
        order.shipment.promised_delivery = Some(promised);
        for n in 0..3 {
            let notices = order.apply_tracking(&event(n, S::InTransit, 60 * i64::from(n)), now, after).unwrap();
            assert!(notices.is_empty());
        }
        let mut late = event(9, S::InTransit, 500);
        late.estimated_delivery = Some(promised + SignedDuration::from_hours(48));
        let told = order.apply_tracking(&late, now, after).unwrap();
        assert_eq!(told.iter().map(|n| n.kind).collect::<Vec<_>>(), [NoticeKind::DeliveryDelayed]);
        late.event_id = "e10".into();
        late.estimated_delivery = Some(promised + SignedDuration::from_hours(72));
        assert!(order.apply_tracking(&late, now, after).unwrap().is_empty(), "told once");
        assert_eq!(order.shipment.estimated_delivery, late.estimated_delivery, "the newest estimate is kept");
    }
}
