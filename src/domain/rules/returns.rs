//! After delivery: the arrival answer and returns (see `domain::returns`).

use crate::domain::limits;
use crate::domain::{
    Arrival, Audience, CancelCause, Complaint, ComplaintKind, CustomerRefusal, FulfilmentStatus, Notice, NoticeKind,
    Order, Private, Refusal, Resolution, Resolved, ReturnCase, ReturnLine, ReturnReason, ReturnState, TimelineEvent,
};
use jiff::{SignedDuration, Timestamp};

impl Order {
    fn delivered(&self) -> bool {
        matches!(self.status, FulfilmentStatus::Delivered | FulfilmentStatus::Archived)
            && self.shipment.delivered_at.is_some()
    }

    /// Whether the arrival question is still open (delivered, not answered).
    pub fn asks_about_arrival(&self) -> bool {
        self.delivered() && self.after_delivery.arrival.is_none()
    }

    /// The customer's answer from their page: a "no" tells the owner at once.
    pub fn answer_arrival(&mut self, ok: bool, note: Option<String>, now: Timestamp) -> Result<Vec<Notice>, Refusal> {
        if !self.asks_about_arrival() {
            return Err(CustomerRefusal::AnsweredAlready.into());
        }
        let note = note.map(|n| crate::domain::limits::cut(&n, crate::domain::limits::NOTE)).filter(|n| !n.is_empty());
        self.after_delivery.arrival = Some(Arrival { ok, at: now, note: note.clone().map(Private::new) });
        self.record(now, TimelineEvent::ArrivalAnswered, "customer", None, Some(if ok { "yes" } else { "no" }.into()));
        if ok {
            return Ok(Vec::new());
        }
        // A "no" is a complaint (within the caps: past them, the open ones already say it): the
        // owner hears of it at once (one message, the arrival's).
        if self.open_complaints() < limits::OPEN_COMPLAINTS && self.after_delivery.complaints.len() < limits::COMPLAINTS
        {
            self.file_complaint(ComplaintKind::Damaged, note.unwrap_or_default(), now);
        }
        Ok(self.add_notice(NoticeKind::ArrivalProblem, Audience::Owner, now, None).into_iter().collect())
    }

    fn file_complaint(&mut self, kind: ComplaintKind, description: String, now: Timestamp) -> u32 {
        let number = self.after_delivery.complaints.len() as u32 + 1;
        let description = crate::domain::limits::cut(&description, crate::domain::limits::NOTE);
        self.after_delivery.complaints.push(Complaint {
            number,
            kind,
            description: Private::new(description),
            opened_at: now,
            resolved: None,
        });
        self.record(
            now,
            TimelineEvent::ComplaintOpened,
            "customer",
            None,
            Some(format!("complaint {number}: {}", kind.as_str())),
        );
        number
    }

    /// A complaint from the customer's page within the warranty after delivery: they and the owner
    /// are told.
    pub fn open_complaint(
        &mut self,
        kind: ComplaintKind,
        description: String,
        now: Timestamp,
        warranty: SignedDuration,
    ) -> Result<Vec<Notice>, Refusal> {
        let Some(until) = self.return_until(warranty) else {
            return Err(CustomerRefusal::ComplaintBeforeDelivery.into());
        };
        if now > until {
            return Err(CustomerRefusal::WarrantyEnded(until).into());
        }
        if description.trim().is_empty() {
            return Err(CustomerRefusal::NothingSaid.into());
        }
        let open = self.open_complaints();
        if open >= limits::OPEN_COMPLAINTS {
            return Err(CustomerRefusal::TooManyOpenComplaints(open).into());
        }
        if self.after_delivery.complaints.len() >= limits::COMPLAINTS {
            return Err(CustomerRefusal::TooManyComplaints.into());
        }
        self.file_complaint(kind, description, now);
        // The owner hears of the first open complaint; the next ones wait on the staff pages' tab
        // beside it, so that a customer posting again and again sends the owner one message.
        let owner = (open == 0).then(|| self.add_notice(NoticeKind::ComplaintOpened, Audience::Owner, now, None));
        Ok([self.add_notice(NoticeKind::ComplaintOpened, Audience::Customer, now, None), owner.flatten()]
            .into_iter()
            .flatten()
            .collect())
    }

    /// Whether a return or complaint waits for the shop: a return to decide, to receive or to
    /// refund, or a complaint not settled.
    pub fn has_open_case(&self) -> bool {
        self.after_delivery.returns.iter().any(crate::domain::ReturnCase::is_open) || self.open_complaints() > 0
    }

    /// Whether the order waits on staff: not finished, or finished with a return or complaint open
    /// or cash to reconcile. The back office counts and lists these first.
    pub fn waits_on_staff(&self) -> bool {
        !self.status.is_finished() || self.has_open_case() || self.cash_to_reconcile()
    }

    /// Complaints not settled yet.
    pub fn open_complaints(&self) -> usize {
        self.after_delivery.complaints.iter().filter(|c| c.is_open()).count()
    }

    /// Staff settle complaint `number`; the customer is told how.
    pub(crate) fn resolve_complaint(
        &mut self,
        number: u32,
        resolution: Resolution,
        note: Option<String>,
        replacement: Option<crate::domain::Replacement>,
        by: &str,
        now: Timestamp,
    ) -> Result<Vec<Notice>, Refusal> {
        let complaint = self
            .after_delivery
            .complaints
            .iter_mut()
            .find(|c| c.number == number)
            .ok_or(Refusal::NoSuchComplaint(number))?;
        if complaint.resolved.is_some() {
            return Err(Refusal::ComplaintSettled(number));
        }
        complaint.resolved = Some(Resolved { resolution, replacement, note, by: by.to_string(), at: now });
        let note = format!("complaint {number}: {}", resolution.as_str());
        self.record(now, TimelineEvent::ComplaintResolved, by, None, Some(note));
        Ok(self.add_notice(NoticeKind::ComplaintResolved, Audience::Customer, now, None).into_iter().collect())
    }

    /// A cancellation once the parcel has left: everything not returned yet comes back as a return
    /// the shop approves at once, the order is recorded as cancelled at its stage, and the customer
    /// is told how to send it back.
    pub(crate) fn take_back(&mut self, cause: CancelCause, by: &str, now: Timestamp) -> Result<Vec<Notice>, Refusal> {
        let lines: Vec<ReturnLine> = (0..self.items.len())
            .map(|line| ReturnLine { line, quantity: self.returnable(line) })
            .filter(|l| l.quantity > 0)
            .collect();
        if lines.is_empty() {
            return Err(Refusal::AllReturned);
        }
        let amount_minor =
            lines.iter().map(|l| self.items[l.line].unit_price_minor.saturating_mul(i64::from(l.quantity))).sum();
        let number = self.after_delivery.returns.len() as u32 + 1;
        let reason = if cause == CancelCause::Customer { ReturnReason::ChangedMind } else { ReturnReason::Other };
        let state = ReturnState::Approved { instructions: None };
        self.after_delivery.returns.push(ReturnCase { number, lines, reason, amount_minor, requested_at: now, state });
        let cancellation = crate::domain::Cancellation {
            cause,
            actor: by.to_string(),
            stage: self.status,
            at: now,
            fault: None,
            cost_minor: None,
        };
        self.cancellation = Some(cancellation);
        let note = format!("cancelled at {}: return {number}", self.status.as_str());
        self.record(now, TimelineEvent::ReturnRequested, by, None, Some(note));
        Ok(self
            .add_notice(NoticeKind::ReturnApproved, Audience::Customer, now, Some(amount_minor))
            .into_iter()
            .collect())
    }

    /// Whether `number` tracks a replacement sent for a complaint (rather than the order's parcel).
    pub fn is_replacement(&self, number: &crate::domain::TrackingNumber) -> bool {
        self.replacements().any(|r| &r.tracking_number == number)
    }

    fn replacements(&self) -> impl Iterator<Item = &crate::domain::Replacement> {
        self.after_delivery.complaints.iter().filter_map(|c| c.resolved.as_ref()?.replacement.as_ref())
    }

    /// A carrier's update on a replacement: recorded; its delivery tells the customer once.
    pub(crate) fn track_replacement(
        &mut self,
        number: &crate::domain::TrackingNumber,
        event: &crate::domain::TrackingEvent,
        now: Timestamp,
    ) -> Vec<Notice> {
        let source = event.provider.as_str();
        let note = format!("replacement {number}: {}", event.raw_status);
        self.record(
            event.occurred_at.min(now),
            TimelineEvent::ReplacementTracked,
            source,
            Some(&event.event_id),
            Some(note),
        );
        let delivered = event.status == crate::domain::CarrierStatus::Delivered;
        let replacement = self
            .after_delivery
            .complaints
            .iter_mut()
            .filter_map(|c| c.resolved.as_mut()?.replacement.as_mut())
            .find(|r| &r.tracking_number == number);
        match replacement {
            Some(replacement) if delivered && replacement.delivered_at.is_none() => {
                replacement.delivered_at = Some(event.occurred_at.min(now));
                self.add_notice(NoticeKind::ReplacementDelivered, Audience::Customer, now, None).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// Until when a return can be asked for; `None` before delivery.
    pub fn return_until(&self, window: SignedDuration) -> Option<Timestamp> {
        self.shipment.delivered_at.filter(|_| self.delivered()).map(|at| at + window)
    }

    /// How many of line `line` can still be returned.
    pub fn returnable(&self, line: usize) -> u32 {
        let asked: u32 = self
            .after_delivery
            .returns
            .iter()
            .filter(|r| !matches!(r.state, ReturnState::Rejected { .. }))
            .flat_map(|r| &r.lines)
            .filter(|l| l.line == line)
            .map(|l| l.quantity)
            .sum();
        self.items.get(line).map_or(0, |item| item.quantity.saturating_sub(asked))
    }

    /// The customer asks to return `lines` for `reason` within the window; staff and customer are told.
    pub fn request_return(
        &mut self,
        lines: &[ReturnLine],
        reason: ReturnReason,
        now: Timestamp,
        window: SignedDuration,
    ) -> Result<Vec<Notice>, Refusal> {
        let Some(until) = self.return_until(window) else {
            return Err(CustomerRefusal::ReturnBeforeDelivery.into());
        };
        if now > until {
            return Err(CustomerRefusal::ReturnWindowClosed(until).into());
        }
        if self.after_delivery.returns.len() >= limits::RETURN_REQUESTS {
            return Err(CustomerRefusal::TooManyReturns.into());
        }
        // One entry per line (a form may name a line twice, as `quantity-1` and `quantity-01`).
        let mut asked = std::collections::BTreeMap::<usize, u32>::new();
        for line in lines.iter().filter(|l| l.quantity > 0) {
            let quantity = asked.entry(line.line).or_default();
            *quantity = quantity.saturating_add(line.quantity);
        }
        let lines: Vec<ReturnLine> = asked.into_iter().map(|(line, quantity)| ReturnLine { line, quantity }).collect();
        if lines.is_empty() || lines.iter().any(|l| l.quantity > self.returnable(l.line)) {
            return Err(CustomerRefusal::NothingToReturn.into());
        }
        // As with complaints: the owner hears of a return while no other waits for their answer.
        let waiting = self.after_delivery.returns.iter().any(|r| r.state == ReturnState::Requested);
        let amount_minor =
            lines.iter().map(|l| self.items[l.line].unit_price_minor.saturating_mul(i64::from(l.quantity))).sum();
        let number = self.after_delivery.returns.len() as u32 + 1;
        self.after_delivery.returns.push(ReturnCase {
            number,
            lines,
            reason,
            amount_minor,
            requested_at: now,
            state: ReturnState::Requested,
        });
        let note = format!("return {number}: {} ({})", reason.as_str(), self.money(amount_minor));
        self.record(now, TimelineEvent::ReturnRequested, "customer", None, Some(note));
        let owner =
            (!waiting).then(|| self.add_notice(NoticeKind::ReturnRequested, Audience::Owner, now, Some(amount_minor)));
        Ok([self.add_notice(NoticeKind::ReturnRequested, Audience::Customer, now, Some(amount_minor)), owner.flatten()]
            .into_iter()
            .flatten()
            .collect())
    }

    /// Staff decide or receive return `number`: it moves to `next` if its state allows, and the customer is told.
    pub(crate) fn move_return(
        &mut self,
        number: u32,
        next: ReturnState,
        by: &str,
        now: Timestamp,
    ) -> Result<Vec<Notice>, Refusal> {
        let case =
            self.after_delivery.returns.iter_mut().find(|r| r.number == number).ok_or(Refusal::NoSuchReturn(number))?;
        let allowed = matches!(
            (&case.state, &next),
            (ReturnState::Requested, ReturnState::Approved { .. } | ReturnState::Rejected { .. })
                | (ReturnState::Approved { .. }, ReturnState::Received { .. })
        );
        if !allowed {
            return Err(Refusal::ReturnAlready { number, state: case.state.name() });
        }
        let (kind, amount) = match &next {
            ReturnState::Approved { .. } => (NoticeKind::ReturnApproved, case.amount_minor),
            ReturnState::Rejected { .. } => (NoticeKind::ReturnRejected, case.amount_minor),
            _ => (NoticeKind::ReturnReceived, case.amount_minor),
        };
        let note = format!("return {number}: {}", next.name());
        case.state = next;
        self.record(now, TimelineEvent::ReturnUpdated, by, None, Some(note));
        Ok(self.add_notice(kind, Audience::Customer, now, Some(amount)).into_iter().collect())
    }

    /// After a refund: returns received (or approved) whose amount the refunds now cover, oldest first,
    /// are refunded.
    pub(crate) fn settle_returns(&mut self, source: &str, now: Timestamp) {
        let mut covered = self.payment.refunded_minor;
        let mut settled = Vec::new();
        for case in &mut self.after_delivery.returns {
            match case.state {
                ReturnState::Refunded { .. } => covered -= case.amount_minor,
                ReturnState::Received { .. } | ReturnState::Approved { .. } if covered >= case.amount_minor => {
                    covered -= case.amount_minor;
                    case.state = ReturnState::Refunded { at: now };
                    settled.push(case.number);
                }
                _ => {}
            }
        }
        for number in settled {
            self.record(now, TimelineEvent::ReturnUpdated, source, None, Some(format!("return {number}: refunded")));
        }
    }
}
