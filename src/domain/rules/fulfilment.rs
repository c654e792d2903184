//! Fulfilment: the shop's actions (confirm, pack, ship, out of stock, cancel, deliver), as rules on
//! the order rather than `if`s in handlers; the carriers' events are in [`super::tracking`].

use crate::domain::{
    ActionKind, AfterSales, Audience, CallOutcome, CallRequest, CancelCause, Channel, Decider, FulfilmentStatus,
    HoldReason, Notice, NoticeKind, Order, PaymentMethod, PaymentStatus, PaymentTerms, Refusal, ReturnState, Role,
    Shipment, StaffAction, StockDecision, StockIssue, StockOption, TimelineEvent,
};
use jiff::{SignedDuration, Timestamp};

/// What a carrier was handed.
pub(crate) struct Parcel {
    pub carrier: Option<String>,
    pub tracking_number: Option<crate::domain::TrackingNumber>,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
}

pub(crate) const IN_FLIGHT: [FulfilmentStatus; 5] = [
    FulfilmentStatus::Shipped,
    FulfilmentStatus::InTransit,
    FulfilmentStatus::OutForDelivery,
    FulfilmentStatus::AvailableForPickup,
    FulfilmentStatus::DeliveryException,
];

impl Order {
    pub(super) fn customer_notice(&mut self, kind: NoticeKind, at: Timestamp) -> Option<Notice> {
        self.add_notice(kind, Audience::Customer, at, None)
    }

    /// Whether the order's state allows `kind` now: the one list of what each status allows. The
    /// API refuses by it (actions on a numbered return or complaint also check that case) and the
    /// back-office page offers exactly what it allows.
    pub fn allows(&self, kind: ActionKind) -> bool {
        use ActionKind as A;
        use FulfilmentStatus as F;
        let at_the_shop = matches!(self.status, F::Received | F::Confirmed | F::Packing);
        let ended = matches!(self.status, F::Archived | F::Cancelled | F::Returned);
        let returns = |wanted: fn(&ReturnState) -> bool| self.after_delivery.returns.iter().any(|r| wanted(&r.state));
        match kind {
            A::Confirm => matches!(self.status, F::Received | F::OnHold),
            A::Pack => matches!(self.status, F::Received | F::Confirmed),
            A::Ship | A::ReadyForPickup | A::OutOfStock => at_the_shop,
            A::StockChoice => self.open_stock_question().is_some(),
            // Handed over at the counter or by the shop's own courier, or a parcel's delivery.
            A::Deliver => at_the_shop || IN_FLIGHT.contains(&self.status),
            A::SendAgain => self.parcel_gone(),
            A::Delay => at_the_shop || self.status == F::OnHold || IN_FLIGHT.contains(&self.status),
            A::Call => !ended,
            // Money that arrives after a cancellation is recorded too (the owner is told, to refund it).
            A::PaymentReceived => self.payment.received_minor < self.totals.total_minor || self.cash_to_reconcile(),
            A::Refund => self.payment.received_minor > self.payment.refunded_minor,
            // After shipping, cancelling takes the parcel back as a return (a lost one, nothing).
            A::Cancel => !ended,
            A::CancelDecline => self.open_cancel_request().is_some(),
            A::Update => at_the_shop || self.status == F::OnHold,
            A::ReturnApprove | A::ReturnReject => returns(|s| matches!(s, ReturnState::Requested)),
            A::ReturnReceived => returns(|s| matches!(s, ReturnState::Approved { .. })),
            A::ComplaintResolve => self.after_delivery.complaints.iter().any(|c| c.resolved.is_none()),
        }
    }

    /// The least role an account needs for an action of `kind` on this order: money needs the owner
    /// (a refund, money received, a cancel that releases money held or leaves money to give back);
    /// the rest, staff.
    pub fn role_for(&self, kind: ActionKind) -> Role {
        let money = self.payment.authorization.is_some() || self.payment.received_minor > self.payment.refunded_minor;
        match kind {
            ActionKind::Refund | ActionKind::PaymentReceived => Role::Owner,
            ActionKind::Cancel if money => Role::Owner,
            _ => Role::Staff,
        }
    }

    /// The role an account needs for `action` on this order: [`Order::role_for`] its kind, and the
    /// owner for what lets goods go unpaid (shipping or handing over unpaid) or settles a complaint
    /// by refund.
    pub fn role_needed(&self, action: &StaffAction) -> Role {
        use crate::domain::Resolution;
        let cancels = |option: &StockOption| matches!(option, StockOption::Cancel | StockOption::CancelMissing);
        let owner = match action {
            StaffAction::ComplaintResolve { resolution, .. } => *resolution == Resolution::Refund,
            StaffAction::Ship(ship) => ship.ship_unpaid,
            StaffAction::ReadyForPickup(pickup) => pickup.unpaid,
            // A payment method changed lets goods go before money (cash on delivery, say).
            StaffAction::Update(update) => update.payment_method.is_some_and(|m| Some(m) != self.payment.method),
            _ => false,
        };
        // Cancelling, whole or the missing lines, on staff's word now or by default later: as a cancel.
        let cancelling = match action {
            StaffAction::StockChoice { choice } => cancels(choice),
            StaffAction::OutOfStock(request) => cancels(&request.default),
            _ => false,
        };
        match (owner, cancelling) {
            (true, _) => Role::Owner,
            (false, true) => self.role_for(ActionKind::Cancel).max(self.role_for(action.kind())),
            (false, false) => self.role_for(action.kind()),
        }
    }

    /// Applies a staff action; returns the notices it asks for.
    pub fn act(
        &mut self,
        action: &StaffAction,
        by: &str,
        now: Timestamp,
        after: AfterSales,
        terms: PaymentTerms,
    ) -> Result<Vec<Notice>, Refusal> {
        use FulfilmentStatus as F;
        let kind = action.kind();
        // Actions on a case, a stock question or money say themselves why they cannot be done.
        let by_state = !matches!(
            kind,
            ActionKind::StockChoice
                | ActionKind::Refund
                | ActionKind::PaymentReceived
                | ActionKind::ReturnApprove
                | ActionKind::ReturnReject
                | ActionKind::ReturnReceived
                | ActionKind::ComplaintResolve
        );
        if by_state && !self.allows(kind) {
            return Err(Refusal::Transition { action: kind, status: self.status });
        }
        let mut notices = Vec::new();
        match action {
            StaffAction::Confirm => {
                self.stock_issue = None;
                self.accept_as_it_is(by, now);
                self.set_status(F::Confirmed, now, by, None);
                // An invoice is due from the shop's confirmation, which tells the customer how to pay.
                if self.payment.method == Some(PaymentMethod::Invoice) {
                    self.set_payment_terms(now, terms);
                }
                notices.extend(self.customer_notice(NoticeKind::OrderConfirmed, now));
            }
            StaffAction::Pack => {
                self.set_status(F::Packing, now, by, None);
                notices.extend(self.customer_notice(NoticeKind::BeingAssembled, now));
            }
            StaffAction::Ship(ship) => {
                self.paid_or_handed_over_anyway(ship.ship_unpaid, "shipped", by, now)?;
                let parcel = Parcel {
                    carrier: Some(ship.carrier.clone()),
                    tracking_number: Some(ship.tracking_number.clone()),
                    tracking_url: ship.tracking_url.clone(),
                    estimated_delivery: ship.estimated_delivery,
                };
                notices.extend(self.hand_over(parcel, by, now, after));
            }
            StaffAction::OutOfStock(request) => {
                let cancels_lines = request.default == StockOption::CancelMissing
                    || request.offer.contains(&StockOption::CancelMissing);
                let unknown: Vec<_> =
                    request.items.iter().filter(|item| !self.items.iter().any(|l| l.is(item))).cloned().collect();
                if cancels_lines && !unknown.is_empty() {
                    return Err(Refusal::UnknownItems(unknown));
                }
                let hours = request.answer_within_hours.unwrap_or(48).clamp(1, crate::domain::staff::MAX_ANSWER_HOURS);
                let within = SignedDuration::from_hours(hours);
                self.stock_issue = Some(StockIssue {
                    items: request.items.clone(),
                    offer: request.offer.clone(),
                    default: request.default,
                    decide_by: now + within,
                    resume_at: self.status,
                    expected_on: request.expected_on,
                    decision: None,
                    removed: Vec::new(),
                });
                self.hold_for(HoldReason::OutOfStock);
                self.set_status(F::OnHold, now, by, Some(request.items.join(", ")));
                notices.extend(self.customer_notice(NoticeKind::OutOfStock, now));
            }
            StaffAction::StockChoice { choice } => {
                notices.extend(self.decide_stock(*choice, Decider::Staff, by, now)?)
            }
            StaffAction::Cancel { cause, note, fault, cost } => {
                let cost_minor = self.cost(cost.as_deref())?;
                // After the goods left, cancelling is taking them back: a return of what is left;
                // but a parcel the carrier lost, or is bringing back, asks the customer for nothing.
                if self.goods_left() && !self.parcel_gone() {
                    notices.extend(self.take_back(*cause, by, now)?);
                } else {
                    notices.extend(self.cancel(*cause, by, now));
                }
                if let Some(cancellation) = self.cancellation.as_mut() {
                    (cancellation.fault, cancellation.cost_minor) = (*fault, cost_minor);
                }
                let weighed = [
                    fault.map(|f| format!("fault: {}", <&str>::from(f))),
                    cost_minor.map(|c| format!("cost: {}", self.money(c))),
                    note.clone(),
                ];
                let weighed: Vec<String> = weighed.into_iter().flatten().collect();
                if !weighed.is_empty() {
                    self.record(now, TimelineEvent::CancellationNote, by, None, Some(weighed.join("; ")));
                }
            }
            StaffAction::Deliver => {
                // Handed over at the counter without being made ready first: paid, as for shipping.
                if matches!(self.status, F::Received | F::Confirmed | F::Packing) {
                    self.paid_or_handed_over_anyway(false, "handed over", by, now)?;
                }
                notices.extend(self.mark_delivered(now, now, by, after));
            }
            StaffAction::ReadyForPickup(pickup) => {
                self.paid_or_handed_over_anyway(pickup.unpaid, "made ready for pickup", by, now)?;
                self.shipment.pickup_location = Some(pickup.place.clone());
                self.shipment.pickup_hours = pickup.opening_hours.clone();
                self.shipment.pickup_code = pickup.pickup_code.clone();
                notices.extend(self.ready_to_collect(now, by, now, after));
            }
            StaffAction::Call(call) => notices.extend(self.record_call(call, by, now, after)),
            StaffAction::ReturnApprove { number, instructions } => {
                let next = ReturnState::Approved { instructions: instructions.clone() };
                notices.extend(self.move_return(*number, next, by, now)?);
            }
            StaffAction::ReturnReject { number, reason } => {
                let next = ReturnState::Rejected { reason: reason.clone() };
                notices.extend(self.move_return(*number, next, by, now)?);
            }
            StaffAction::ComplaintResolve { complaint, resolution, note, carrier, tracking_number, tracking_url } => {
                let replacement = match (resolution, tracking_number) {
                    (crate::domain::Resolution::Replacement, Some(number)) => Some(crate::domain::Replacement {
                        carrier: carrier.clone().unwrap_or_default(),
                        tracking_number: number.clone(),
                        tracking_url: tracking_url.clone(),
                        shipped_at: now,
                        delivered_at: None,
                    }),
                    _ => None,
                };
                notices.extend(self.resolve_complaint(*complaint, *resolution, note.clone(), replacement, by, now)?);
            }
            StaffAction::Refund { amount, note } => {
                let minor = self.amount(amount)?;
                if self.payment.refunded_minor.saturating_add(minor) > self.payment.received_minor {
                    return Err(Refusal::RefundOverPaid);
                }
                let refund = super::payment::Refund { this_minor: Some(minor), total_minor: None };
                notices.extend(self.debit(crate::domain::Reporter::Provider, refund, by, None, now));
                if let Some(note) = note {
                    self.record(now, TimelineEvent::RefundNote, by, None, Some(note.clone()));
                }
            }
            StaffAction::ReturnReceived { number, condition } => {
                let next = ReturnState::Received { condition: condition.clone() };
                notices.extend(self.move_return(*number, next, by, now)?);
            }
            StaffAction::Update(update) => notices.extend(self.update_details(update, by, now)),
            StaffAction::PaymentReceived(payment) => notices.extend(self.receive_outside(payment, by, now)?),
            StaffAction::SendAgain(resend) => {
                let number = &resend.tracking_number;
                if self.shipment.tracking_number.as_ref() == Some(number) || self.shipment.earlier.contains(number) {
                    return Err(Refusal::SameParcel(number.clone()));
                }
                let cost_minor = self.cost(resend.cost.as_deref())?;
                let mut earlier = std::mem::take(&mut self.shipment.earlier);
                earlier.extend(self.shipment.tracking_number.clone());
                let note = [
                    self.shipment.carrier.clone(),
                    self.shipment.tracking_number.as_ref().map(|n| n.to_string()),
                    self.exception.map(|e| format!("{e:?}").to_lowercase()),
                    cost_minor.map(|c| format!("cost: {}", self.money(c))),
                ];
                let note: Vec<String> = note.into_iter().flatten().collect();
                self.record(now, TimelineEvent::SentAgain, by, None, Some(note.join("; ")));
                self.exception = None;
                let parcel = Parcel {
                    carrier: Some(resend.carrier.clone()),
                    tracking_number: Some(resend.tracking_number.clone()),
                    tracking_url: resend.tracking_url.clone(),
                    estimated_delivery: resend.estimated_delivery,
                };
                let told = self.hand_over(parcel, by, now, after);
                self.shipment.earlier = earlier;
                // The first parcel's "shipped" was told: this one is told as sent again.
                if !told.iter().any(|n| n.kind == NoticeKind::Shipped) {
                    notices.extend(self.add_notice(NoticeKind::SentAgain, Audience::Customer, now, None));
                }
                notices.extend(told);
            }
            StaffAction::CancelDecline { note } => notices.extend(self.decline_cancel(note.clone(), by, now)),
            StaffAction::Delay { until, note } => {
                // Noon of that day: the same calendar day in every shop's time zone.
                let noon = until.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp());
                let Some(noon) = noon.ok().filter(|noon| *noon + SignedDuration::from_hours(12) >= now) else {
                    return Err(Refusal::DayPassed(until.to_string()));
                };
                self.shipment.announced_by = Some(*until);
                // A parcel on its way: the new date is its estimate and the promise later news is held to.
                if IN_FLIGHT.contains(&self.status) {
                    self.shipment.estimated_delivery = Some(noon);
                    self.shipment.promised_delivery = Some(noon);
                }
                let told = [Some(format!("until {until}")), note.clone()];
                let told: Vec<String> = told.into_iter().flatten().collect();
                self.record(now, TimelineEvent::DelayAnnounced, by, None, Some(told.join("; ")));
                notices.extend(self.add_notice(NoticeKind::DelayAnnounced, Audience::Customer, now, None));
            }
        }
        Ok(notices)
    }

    /// A positive amount in the order's currency, as staff typed it.
    pub(crate) fn amount(&self, text: &str) -> Result<i64, Refusal> {
        let currency = self.totals.currency.code();
        self.totals
            .currency
            .parse_amount(text)
            .filter(|m| *m > 0)
            .ok_or_else(|| Refusal::NotAnAmount { text: text.to_string(), currency: currency.to_string() })
    }

    /// What something cost the shop, when staff said.
    pub(super) fn cost(&self, text: Option<&str>) -> Result<Option<i64>, Refusal> {
        text.map(|t| self.amount(t)).transpose()
    }

    /// Whether the goods have left the shop: with a carrier (tracked or not), or delivered. An order
    /// waiting at the shop's own counter (ready for pickup without a carrier) has not.
    pub(crate) fn goods_left(&self) -> bool {
        use FulfilmentStatus as F;
        let at_the_counter = self.status == F::AvailableForPickup
            && self.shipment.carrier.is_none()
            && self.shipment.tracking_number.is_none();
        self.status == F::Delivered || (IN_FLIGHT.contains(&self.status) && !at_the_counter)
    }

    /// Whether the parcel will never reach the customer: lost, or on its way back to the shop.
    pub(crate) fn parcel_gone(&self) -> bool {
        self.status == FulfilmentStatus::DeliveryException
            && matches!(
                self.exception,
                Some(crate::domain::ExceptionKind::Lost | crate::domain::ExceptionKind::ReturningToSender)
            )
    }

    /// An order that must be paid before it ships (prepaid, invoice).
    pub(crate) fn pays_first(&self) -> bool {
        matches!(self.payment.method, Some(PaymentMethod::Prepaid | PaymentMethod::Invoice))
    }

    /// Goods of an order that pays first leave the shop once its money is in, or on staff's
    /// explicit word (`anyway`), which the timeline keeps.
    pub(super) fn paid_or_handed_over_anyway(
        &mut self,
        anyway: bool,
        how: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<(), Refusal> {
        if !self.pays_first() || self.payment.status.is_settled() {
            return Ok(());
        }
        if !anyway {
            return Err(Refusal::Unpaid(self.payment.status));
        }
        let note = format!("{how} on staff's word with payment {}", self.payment.status.as_str());
        self.record(now, TimelineEvent::ShippedUnpaid, by, None, Some(note));
        Ok(())
    }

    /// Handed to the carrier (by staff here, or in the storefront): the parcel is recorded, the
    /// stuck-shipment alarm set (for a parcel with a tracking number), and the customer told.
    pub(crate) fn hand_over(&mut self, parcel: Parcel, source: &str, now: Timestamp, after: AfterSales) -> Vec<Notice> {
        let carrier = parcel.carrier.clone();
        // A parcel without a tracking number gets no carrier updates: nothing to wait for.
        let followed = parcel.tracking_number.is_some();
        self.shipment = Shipment {
            carrier: parcel.carrier,
            tracking_number: parcel.tracking_number,
            tracking_url: parcel.tracking_url,
            promised_delivery: parcel.estimated_delivery,
            estimated_delivery: parcel.estimated_delivery,
            shipped_at: Some(now),
            last_update_at: Some(now),
            best: Some((3, 0, now.as_millisecond())),
            earlier: std::mem::take(&mut self.shipment.earlier),
            ..Shipment::default()
        };
        self.duties.stuck_at = followed.then(|| now + after.stuck_after);
        self.set_status(FulfilmentStatus::Shipped, now, source, carrier);
        let mut notices = self.hand_over_declines(source, now);
        notices.extend(self.customer_notice(NoticeKind::Shipped, now));
        notices
    }

    /// Ready to collect (in the shop, or a locker the carrier delivered to): the customer is told
    /// where, reminded if they have not come, and the owner is told when it was never collected.
    pub(super) fn ready_to_collect(
        &mut self,
        at: Timestamp,
        source: &str,
        now: Timestamp,
        after: AfterSales,
    ) -> Vec<Notice> {
        self.set_status(FulfilmentStatus::AvailableForPickup, at, source, self.shipment.pickup_location.clone());
        self.duties.pickup_reminder_at = Some(now + after.pickup_reminder_after);
        self.duties.pickup_expires_at = Some(now + after.pickup_expiry_after);
        let mut notices = self.hand_over_declines(source, now);
        notices.extend(self.customer_notice(NoticeKind::AvailableForPickup, now));
        notices
    }

    /// A call to the customer: on the timeline; after every `calls_before_message` unanswered calls
    /// the customer gets "we could not reach you" (by SMS when they have a phone, else email); a
    /// wrong number is not used again. No call ever cancels anything.
    pub(super) fn record_call(
        &mut self,
        call: &CallRequest,
        by: &str,
        now: Timestamp,
        after: AfterSales,
    ) -> Option<Notice> {
        let outcome: &str = call.outcome.into();
        let note = call.note.as_ref().map_or_else(|| outcome.to_string(), |n| format!("{outcome}: {n}"));
        self.record(now, TimelineEvent::CallAttempt, by, None, Some(note));
        let calls = &mut self.customer.calls;
        calls.next_at = call.next_call_at;
        match call.outcome {
            CallOutcome::Reached => {
                calls.missed = 0;
                None
            }
            CallOutcome::NoAnswer => {
                calls.missed += 1;
                if calls.missed % after.calls_before_message.max(1) != 0 {
                    return None;
                }
                let channel = if self.customer.phone.is_some() { Channel::Sms } else { Channel::Email };
                self.add_notice_on(NoticeKind::CouldNotReach, Audience::Customer, channel, now, None)
            }
            CallOutcome::WrongNumber => {
                if let Some(phone) = self.customer.phone.take() {
                    self.customer.phone_as_given = Some(phone);
                    self.customer.choose_channel(None);
                }
                None
            }
        }
    }

    /// The missing-stock question still waiting for an answer, if any.
    pub fn open_stock_question(&self) -> Option<&StockIssue> {
        self.stock_issue.as_ref().filter(|i| i.is_open() && self.status == FulfilmentStatus::OnHold)
    }

    /// Closes the open missing-stock question with `choice`, by the customer (the status page),
    /// staff or the default: the order goes on (or is cancelled), the customer is told what happens
    /// now, and the owner is told what a customer chose. `source` is who, on the timeline.
    pub fn decide_stock(
        &mut self,
        choice: StockOption,
        by: Decider,
        source: &str,
        now: Timestamp,
    ) -> Result<Vec<Notice>, Refusal> {
        let issue = self.open_stock_question().ok_or(Refusal::NoStockQuestion)?;
        if by != Decider::Default && !issue.offer.contains(&choice) {
            return Err(Refusal::ChoiceNotOffered);
        }
        let resume_at = issue.resume_at;
        if let Some(issue) = self.stock_issue.as_mut() {
            issue.decision = Some(StockDecision { choice, by, at: now });
        }
        self.hold_reason = None;
        let event = match by {
            Decider::Customer | Decider::Staff => TimelineEvent::StockChosen,
            Decider::Default => TimelineEvent::StockDefaultApplied,
        };
        let option: &str = choice.into();
        self.record(now, event, source, None, Some(option.to_string()));
        let mut notices = Vec::new();
        let missing = self.stock_issue.as_ref().map(|i| i.items.clone()).unwrap_or_default();
        let keeps_nothing = self.items.iter().all(|line| missing.iter().any(|m| line.is(m)));
        let mut removed_minor = None;
        match choice {
            StockOption::Cancel => notices.extend(self.cancel(CancelCause::OutOfStock, source, now)),
            // Nothing would be left to send: that is cancelling the order.
            StockOption::CancelMissing if keeps_nothing => {
                notices.extend(self.cancel(CancelCause::OutOfStock, source, now))
            }
            StockOption::CancelMissing => {
                let removed = self.remove_lines(&missing, now, source);
                removed_minor = Some(removed);
                self.set_status(resume_at, now, source, None);
                notices.extend(self.add_notice(NoticeKind::StockDecided, Audience::Customer, now, Some(removed)));
                let refund = self.payment.received_minor - self.totals.total_minor;
                if refund > 0 {
                    notices.extend(self.add_notice(NoticeKind::RefundDue, Audience::Owner, now, Some(refund)));
                }
            }
            StockOption::Wait | StockOption::Substitute => {
                self.set_status(resume_at, now, source, None);
                notices.extend(self.customer_notice(NoticeKind::StockDecided, now));
            }
        }
        if by == Decider::Customer {
            notices.extend(self.add_notice(NoticeKind::StockAnswered, Audience::Owner, now, removed_minor));
        }
        Ok(notices)
    }

    /// Takes the lines naming a missing item off the order, and their price off its subtotal and
    /// total (shipping, tax and discounts stay as the storefront computed them). Returns the amount
    /// taken off; the lines are kept with the stock issue.
    pub(super) fn remove_lines(&mut self, missing: &[String], now: Timestamp, source: &str) -> i64 {
        let (gone, kept): (Vec<_>, Vec<_>) = self.items.drain(..).partition(|line| missing.iter().any(|m| line.is(m)));
        self.items = kept;
        let amount: i64 = gone.iter().map(|l| l.unit_price_minor.saturating_mul(i64::from(l.quantity))).sum();
        self.totals.subtotal_minor = (self.totals.subtotal_minor - amount).max(0);
        self.totals.total_minor = (self.totals.total_minor - amount).max(0);
        let names: Vec<_> = gone.iter().map(|l| l.name.clone()).collect();
        let note = format!("{} ({})", names.join(", "), self.money(amount));
        self.record(now, TimelineEvent::ItemsRemoved, source, None, Some(note));
        if let Some(issue) = self.stock_issue.as_mut() {
            issue.removed = gone;
        }
        if self.payment.status == PaymentStatus::PartiallyPaid && self.payment.received_minor >= self.totals.total_minor
        {
            self.payment.status = PaymentStatus::Paid;
        }
        amount
    }

    /// The one way the status changes with a timeline entry; leaving "on hold" ends its reason.
    pub(super) fn set_status(&mut self, status: FulfilmentStatus, at: Timestamp, source: &str, note: Option<String>) {
        self.status = status;
        if status != FulfilmentStatus::OnHold {
            self.hold_reason = None;
        }
        self.record(at, TimelineEvent::Status(status), source, None, note);
    }

    /// Puts the order on hold for `reason` (the reason is kept only while it is on hold: see
    /// [`Order::set_status`] and [`Order::lift_hold`]).
    pub(super) fn hold_for(&mut self, reason: crate::domain::HoldReason) {
        self.hold_reason = Some(reason);
        self.status = FulfilmentStatus::OnHold;
    }

    /// Takes the order off hold to `status`, its reason gone.
    pub(super) fn lift_hold(&mut self, status: FulfilmentStatus) {
        self.hold_reason = None;
        self.status = status;
    }
}
