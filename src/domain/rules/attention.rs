//! Orders that need the shop: putting a freshly received order on hold with its problems, staff's
//! corrections, and accepting an order as it is.

use crate::domain::{
    Audience, Delivery, DetailsUpdate, FulfilmentStatus, HoldReason, Notice, NoticeKind, Order, Private, Problem,
    ProblemKind, TimelineEvent,
};
use jiff::Timestamp;
impl Order {
    /// Problems in what the order says about its customer, delivery and payment. Item problems are
    /// found at intake (from what the storefront sent) and kept apart, since no update changes items.
    pub fn detail_problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let delivery = self.shipping.delivery;
        if delivery != Delivery::NotNeeded && !self.customer.is_reachable() {
            problems.push(Problem::new(ProblemKind::NoContact, "customer.email"));
        }
        if delivery != Delivery::NotNeeded && self.shipping.method.trim().is_empty() {
            problems.push(Problem::new(ProblemKind::NoShippingMethod, "shipping.method"));
        }
        if delivery == Delivery::Ship {
            match &self.shipping.address {
                None => problems.push(Problem::new(ProblemKind::NoAddress, "shipping.address")),
                Some(address) => {
                    let address = address.expose();
                    if address.recipient.is_none() {
                        problems.push(Problem::new(ProblemKind::NoRecipient, "shipping.address.recipient"));
                    }
                    if address.lines.is_empty() {
                        problems.push(Problem::new(ProblemKind::NoStreet, "shipping.address.line1"));
                    }
                    if address.city.trim().is_empty() {
                        problems.push(Problem::new(ProblemKind::NoCity, "shipping.address.city"));
                    }
                    if !address.has_country_code() {
                        problems.push(Problem::new(ProblemKind::BadCountry, "shipping.address.country"));
                    }
                }
            }
        }
        if self.payment.method.is_none() {
            problems.push(Problem::new(ProblemKind::NoPaymentMethod, "payment.method"));
        }
        problems
    }

    /// Whether the order waits for the shop to fix or accept what the storefront sent.
    pub fn needs_attention(&self) -> bool {
        self.status == FulfilmentStatus::OnHold && self.hold_reason == Some(HoldReason::NeedsAttention)
    }

    /// Whether the customer can help with an open problem (their address), so that the "we have your
    /// order" message asks them for it.
    pub fn asks_customer(&self) -> bool {
        self.needs_attention() && self.attention.iter().any(|p| p.kind().asks_customer())
    }

    /// Puts a freshly received order on hold when it has problems.
    pub(crate) fn hold_for_attention(&mut self, mut item_problems: Vec<Problem>) {
        let mut problems = self.detail_problems();
        problems.append(&mut item_problems);
        if problems.is_empty() {
            return;
        }
        let note = problems.iter().map(|p| p.kind().as_str()).collect::<Vec<_>>().join(", ");
        self.attention = problems;
        self.hold_for(HoldReason::NeedsAttention);
        let at = self.received_at;
        self.record(at, TimelineEvent::NeedsAttention, "intake", None, Some(note));
    }

    /// Staff confirm an order that needs attention as it is: its problems are recorded as accepted.
    pub(crate) fn accept_as_it_is(&mut self, by: &str, at: Timestamp) {
        if self.attention.is_empty() {
            return;
        }
        let note = self.attention.iter().map(|p| p.kind().as_str()).collect::<Vec<_>>().join(", ");
        self.attention.clear();
        self.record(at, TimelineEvent::AttentionAccepted, by, None, Some(note));
    }

    /// Applies staff's corrections. An order that needed attention goes on as received once nothing
    /// is missing; the customer is told the delivery details the shop confirmed (again after each
    /// later change of them).
    pub(crate) fn update_details(&mut self, update: &DetailsUpdate, source: &str, at: Timestamp) -> Vec<Notice> {
        let mut changed = Vec::new();
        let customer = &mut self.customer;
        let same =
            |current: &Option<Private<String>>, given: &String| current.as_ref().is_some_and(|c| c.expose() == given);
        if let Some(name) = update.name.as_ref().filter(|n| !same(&customer.name, n)) {
            customer.name = Some(Private::new(name.clone()));
            changed.push("customer.name");
        }
        if let Some(email) = update.email.as_ref().filter(|e| !same(&customer.email, e)) {
            customer.email = Some(Private::new(email.clone()));
            customer.email_as_given = None;
            changed.push("customer.email");
        }
        if let Some(phone) = update.phone.as_ref().filter(|p| !same(&customer.phone, p)) {
            customer.phone = Some(Private::new(phone.clone()));
            customer.phone_as_given = None;
            changed.push("customer.phone");
        }
        if !changed.is_empty() || update.preferred_channel.is_some_and(|c| c != customer.channel) {
            customer.choose_channel(update.preferred_channel);
        }
        let shipping = &mut self.shipping;
        if let Some(method) = update.shipping_method.as_ref().filter(|m| **m != shipping.method) {
            shipping.method = method.clone();
            changed.push("shipping.method");
        }
        if let Some(delivery) = update.delivery.filter(|d| *d != shipping.delivery) {
            shipping.delivery = delivery;
            changed.push("shipping.type");
        }
        if let Some(address) = &update.address {
            let mut address = address.clone();
            address.recipient = address.recipient.or_else(|| customer.name.as_ref().map(|n| n.expose().clone()));
            if shipping.address.as_ref().is_none_or(|current| *current.expose() != address) {
                shipping.address = Some(Private::new(address));
                changed.push("shipping.address");
            }
        }
        if shipping.delivery != Delivery::Ship {
            shipping.address = None;
        }
        if let Some(billing) = update.billing_address.as_ref() {
            let mut billing = billing.clone();
            billing.recipient = billing.recipient.or_else(|| customer.name.as_ref().map(|n| n.expose().clone()));
            let billing = billing.apart_from(shipping.address.as_ref().map(|a| a.expose()));
            if customer.billing_address.as_ref().map(|b| b.expose()) != billing.as_ref() {
                customer.billing_address = billing.map(Private::new);
                changed.push("customer.billing_address");
            }
        }
        if let Some(method) = update.payment_method.filter(|m| self.payment.method != Some(*m)) {
            self.payment.method = Some(method);
            changed.push("payment.method");
        }
        if changed.is_empty() {
            return Vec::new();
        }
        self.record(at, TimelineEvent::DetailsUpdated, source, None, Some(changed.join(", ")));
        let delivery_changed = changed.iter().any(|c| c.starts_with("shipping."));
        let was_held = self.needs_attention();
        let items: Vec<Problem> = self
            .attention
            .iter()
            .filter(|p| matches!(p.kind(), ProblemKind::NoItems | ProblemKind::BadItem))
            .cloned()
            .collect();
        let mut problems = self.detail_problems();
        if was_held {
            problems.extend(items);
        }
        match (was_held, problems.is_empty()) {
            (true, true) => {
                self.attention.clear();
                self.lift_hold(FulfilmentStatus::Received);
                self.record(at, TimelineEvent::AttentionResolved, source, None, None);
            }
            (true, false) => self.attention = problems,
            (false, false) if self.status != FulfilmentStatus::OnHold => {
                self.attention = problems;
                self.hold_for(HoldReason::NeedsAttention);
                self.record(at, TimelineEvent::NeedsAttention, source, None, None);
            }
            (false, _) => {}
        }
        // A customer reachable only now first hears that we have their order (once, as ever).
        let mut notices: Vec<Notice> =
            self.add_notice(NoticeKind::OrderReceived, Audience::Customer, at, None).into_iter().collect();
        let resolved = was_held && !self.needs_attention();
        if resolved || (delivery_changed && !self.needs_attention()) {
            notices.extend(self.add_notice(NoticeKind::DetailsConfirmed, Audience::Customer, at, None));
        }
        notices
    }
}
