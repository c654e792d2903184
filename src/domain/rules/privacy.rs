//! Erasure: what of an order is the customer's, and what stays for the accounts.

use crate::domain::contact::ERASED;
use crate::domain::{Order, Private, TimelineEvent};
use jiff::Timestamp;

impl Order {
    /// Replaces everything personal of the customer (name, contacts, addresses, their notes and
    /// words in complaints, the free-text notes on the timeline) with a marker or
    /// nothing, keeping ids, amounts, items, statuses and dates for the accounts. `false` when it
    /// was done before.
    pub fn erase_personal(&mut self, at: Timestamp) -> bool {
        if self.customer.erased_at.is_some() {
            return false;
        }
        let marker = || Private::new(ERASED.to_string());
        let customer = &mut self.customer;
        customer.name = Some(marker());
        (customer.email, customer.phone, customer.email_as_given, customer.phone_as_given) = (None, None, None, None);
        (customer.note, customer.billing_address) = (None, None);
        customer.erased_at = Some(at);
        self.shipping.address = None;
        if let Some(arrival) = &mut self.after_delivery.arrival {
            arrival.note = None;
        }
        for complaint in &mut self.after_delivery.complaints {
            complaint.description = marker();
            if let Some(resolved) = &mut complaint.resolved {
                resolved.note = None;
            }
        }
        for entry in &mut self.timeline {
            entry.note = None;
        }
        self.duties.erase_at = None;
        self.record(at, TimelineEvent::PersonalDataErased, "privacy", None, None);
        true
    }

    /// Whether the retention period of this archived order is over at `now`.
    pub fn erasure_due(&self, now: Timestamp) -> bool {
        self.duties.erase_at.is_some_and(|at| at <= now) && self.customer.erased_at.is_none()
    }
}
