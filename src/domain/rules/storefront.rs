//! The storefront's own admin actions (paid, fulfilled, cancelled, refunded in Shopify or
//! WooCommerce), applied by the rules the back office and the providers' events use: once per
//! event, never backwards (a change the order is past is recorded and ignored), and a payment the
//! storefront and a provider both report counted once.

use super::fulfilment::{IN_FLIGHT, Parcel};
use super::payment::Refund;
use crate::domain::storefront::{Fulfilment, StorefrontChange, StorefrontEvent};
use crate::domain::{
    AfterSales, Audience, CancelCause, CarrierProvider, CarrierStatus, FulfilmentStatus as F, IntakeDefaults, Notice,
    NoticeKind, Order, PaymentStatus, Reporter, TimelineEvent, TrackingEvent,
};
use jiff::Timestamp;

/// What applying a storefront event did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorefrontOutcome {
    Applied(Vec<Notice>),
    /// This event was applied before: nothing changed.
    Duplicate,
    /// It says what the order knows already: nothing to write.
    Unchanged,
}

impl Order {
    /// Applies a storefront event once, by its delivery id.
    pub fn apply_storefront(
        &mut self,
        event: &StorefrontEvent,
        now: Timestamp,
        after: AfterSales,
        defaults: &IntakeDefaults,
    ) -> StorefrontOutcome {
        if !self.seen_events.insert(event.dedupe_key()) {
            return StorefrontOutcome::Duplicate;
        }
        if self.storefront_stale(event).is_some() {
            self.seen_events.remove(&event.dedupe_key());
            return StorefrontOutcome::Unchanged;
        }
        let source = event.source.as_str();
        let before = self.clone();
        self.record(now, TimelineEvent::StorefrontUpdate, source, Some(&event.event_id), Some(event.topic.clone()));
        let mut notices = Vec::new();
        for change in &event.changes {
            notices.extend(self.storefront_change(change, event, now, after, defaults));
        }
        // Every change the rules make is on the timeline: only the update's own entry means it
        // repeated what the order knows (storefronts resend the whole order on every save).
        if notices.is_empty() && self.timeline.len() == before.timeline.len() + 1 {
            *self = before;
            return StorefrontOutcome::Unchanged;
        }
        self.storefront_at = self.storefront_at.max(event.modified_at);
        StorefrontOutcome::Applied(notices)
    }

    /// Why a storefront body changes nothing because it is older than one applied already (a late
    /// delivery, or a captured body posted again); `None` when it is not.
    pub fn storefront_stale(&self, event: &StorefrontEvent) -> Option<String> {
        let (Some(modified), Some(applied)) = (event.modified_at, self.storefront_at) else { return None };
        (modified < applied)
            .then(|| format!("{} body of {modified} is older than the update applied ({applied})", event.topic))
    }

    fn storefront_change(
        &mut self,
        change: &StorefrontChange,
        event: &StorefrontEvent,
        now: Timestamp,
        after: AfterSales,
        defaults: &IntakeDefaults,
    ) -> Vec<Notice> {
        let source = event.source.as_str();
        match change {
            StorefrontChange::Paid { paid_minor } => {
                self.credit(Reporter::Storefront, *paid_minor, true, source, None, now)
            }
            StorefrontChange::Refunded { amount_minor, total_minor } => {
                let refund = Refund { this_minor: *amount_minor, total_minor: *total_minor };
                self.debit(Reporter::Storefront, refund, source, None, now)
            }
            StorefrontChange::PaymentFailed => {
                if self.payment.status == PaymentStatus::Failed {
                    return Vec::new();
                }
                if !self.is_awaiting_payment() {
                    return self.past_it("payment failed", source, now);
                }
                self.payment.status = PaymentStatus::Failed;
                self.record(now, TimelineEvent::PaymentFailed, source, None, None);
                [
                    self.add_notice(NoticeKind::PaymentFailed, Audience::Customer, now, None),
                    self.add_notice(NoticeKind::PaymentFailed, Audience::Owner, now, None),
                ]
                .into_iter()
                .flatten()
                .collect()
            }
            StorefrontChange::Cancelled { cause, reason } => {
                self.storefront_cancel(*cause, reason.clone(), true, source, now)
            }
            // Trashing an order in the admin is housekeeping: it never asks for the goods back.
            StorefrontChange::Deleted => {
                let note = format!("deleted in {source}");
                self.storefront_cancel(CancelCause::Shop, Some(note), false, source, now)
            }
            StorefrontChange::Fulfilled(fulfilment) => self.storefront_fulfilled(fulfilment, event, now, after),
            // Details matter until the parcel leaves; a storefront resends them with every update.
            StorefrontChange::Details(_)
                if !matches!(self.status, F::Received | F::Confirmed | F::Packing | F::OnHold) =>
            {
                Vec::new()
            }
            // Field by field: one the storefront sent empty or unusable is left out (and said so),
            // the others are taken.
            StorefrontChange::Details(draft) => {
                let (update, left_out) = draft.as_ref().clone().check_each(defaults);
                for invalid in left_out {
                    let note = format!("details not taken: {} {}", invalid.field, invalid.reason);
                    self.record(now, TimelineEvent::StorefrontIgnored, source, None, Some(note));
                }
                self.update_details(&update, source, now)
            }
        }
    }

    /// Recorded, not applied: the order is past it (a late or repeated storefront update).
    fn past_it(&mut self, what: &str, source: &str, now: Timestamp) -> Vec<Notice> {
        let note = format!("{what}: the order is {} already", self.status);
        self.record(now, TimelineEvent::StorefrontIgnored, source, None, Some(note));
        Vec::new()
    }

    /// A cancellation in the storefront. Once the goods left the shop, a cancellation (`take_back`)
    /// is what it is when staff cancel: what was not returned comes back as a return approved at
    /// once, once (the storefront repeats its status on every save); otherwise it is recorded only.
    fn storefront_cancel(
        &mut self,
        cause: CancelCause,
        reason: Option<String>,
        take_back: bool,
        source: &str,
        now: Timestamp,
    ) -> Vec<Notice> {
        let notices = match self.status {
            F::Cancelled => return Vec::new(),
            F::Archived | F::Returned => return self.past_it("cancelled", source, now),
            _ if self.goods_left() && !self.parcel_gone() => {
                match (take_back && self.cancellation.is_none()).then(|| self.take_back(cause, source, now)) {
                    Some(Ok(notices)) => notices,
                    _ => return self.past_it("cancelled", source, now),
                }
            }
            _ => self.cancel(cause, source, now),
        };
        if let Some(reason) = reason {
            self.record(now, TimelineEvent::CancellationNote, source, None, Some(reason));
        }
        notices
    }

    fn storefront_fulfilled(
        &mut self,
        fulfilment: &Fulfilment,
        event: &StorefrontEvent,
        now: Timestamp,
        after: AfterSales,
    ) -> Vec<Notice> {
        let source = event.source.as_str();
        let same_parcel =
            fulfilment.tracking_number.is_none() || fulfilment.tracking_number == self.shipment.tracking_number;
        let mut notices = Vec::new();
        match self.status {
            F::Received | F::Confirmed | F::Packing | F::OnHold => {
                if self.pays_first() && !self.payment.status.is_settled() {
                    let note = format!("fulfilled in {source} with payment {}", self.payment.status.as_str());
                    self.record(now, TimelineEvent::ShippedUnpaid, source, None, Some(note));
                }
                // A link that is not a web link is dropped (the parcel is still taken): the
                // customer's page never shows it.
                let tracking_url = fulfilment.tracking_url.as_deref().and_then(|url| {
                    let checked = crate::domain::link::web_link("tracking_url", url);
                    if let Err(why) = &checked {
                        let note = format!("tracking link dropped: {}", why.reason);
                        self.record(now, TimelineEvent::StorefrontIgnored, source, None, Some(note));
                    }
                    checked.ok()
                });
                let parcel = Parcel {
                    carrier: fulfilment.carrier.clone(),
                    tracking_number: fulfilment.tracking_number.clone(),
                    tracking_url,
                    estimated_delivery: None,
                };
                notices.extend(self.hand_over(parcel, source, now, after));
            }
            status if IN_FLIGHT.contains(&status) => {
                if !same_parcel {
                    return self.past_it("another parcel", source, now);
                }
            }
            // The delivered parcel told again: nothing new. Anything else about it is late, and
            // the tracking rules below record it without moving the order back.
            F::Delivered | F::Archived | F::Returned if same_parcel => {
                if fulfilment.status.is_none_or(|s| s == CarrierStatus::Delivered) {
                    return Vec::new();
                }
            }
            _ => return self.past_it("fulfilled", source, now),
        }
        // How far the parcel got, as the storefront follows it (Shopify's `shipment_status`).
        if let (Some(status), Some(raw)) = (fulfilment.status, &fulfilment.raw_status)
            && !matches!(status, CarrierStatus::PreTransit | CarrierStatus::Unknown)
        {
            let tracking = TrackingEvent {
                provider: CarrierProvider::Shopify,
                event_id: format!("{}-{raw}", event.event_id),
                order_id: Some(self.id.clone()),
                tracking_number: self.shipment.tracking_number.clone(),
                status,
                raw_status: raw.clone(),
                occurred_at: fulfilment.at.unwrap_or(now).min(now),
                estimated_delivery: None,
                location: None,
            };
            notices.extend(self.apply_tracking(&tracking, now, after).unwrap_or_default());
        }
        notices
    }
}
