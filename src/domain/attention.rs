//! Orders that need the shop: what a storefront sent that the shop must look at before the order
//! can go on (no reachable contact, no delivery address, no payment method…). Such an order is
//! recorded all the same, on hold, with its problems; staff fix them (`update`) or accept the order
//! as it is (`confirm`).

use serde::{Deserialize, Serialize};

vocabulary! {
    /// What is wrong. Its string form (`no_contact`…) is the catalog key suffix of the words the owner
    /// reads and the value the back-office API shows.
    pub enum ProblemKind {
        /// Neither an email address nor a phone number that can be used.
        NoContact,
        /// A delivery address without anybody's name on it.
        NoRecipient,
        /// Delivered by a carrier, but no address at all.
        NoAddress,
        /// An address without a street line.
        NoStreet,
        NoCity,
        /// Missing, or not an ISO 3166 two-letter code.
        BadCountry,
        /// Something to deliver, but no delivery method chosen.
        NoShippingMethod,
        NoPaymentMethod,
        /// No line items at all.
        NoItems,
        /// An item without a name, a quantity above 0 or a price.
        BadItem,
    }
}

impl ProblemKind {
    /// Problems the customer can solve by telling the shop something (their delivery address).
    pub fn asks_customer(self) -> bool {
        matches!(self, Self::NoRecipient | Self::NoAddress | Self::NoStreet | Self::NoCity | Self::BadCountry)
    }
}

/// One problem, and the field it is about (in the generic schema's words, `shipping.address.line1`;
/// providers name it in their own payload's words when it is shown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    kind: ProblemKind,
    field: String,
}

impl Problem {
    pub fn new(kind: ProblemKind, field: impl Into<String>) -> Self {
        Self { kind, field: field.into() }
    }

    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    pub fn field(&self) -> &str {
        &self.field
    }
}

vocabulary! {
    /// Why an order waits for the shop.
    pub enum HoldReason {
        /// Recorded with problems to fix (see [`Order::attention`]).
        NeedsAttention,
        /// Items are missing; the customer is asked what to do.
        #[serde(alias = "out of stock: waiting for the customer's choice")]
        OutOfStock,
        #[serde(alias = "payment in another currency")]
        PaymentCurrency,
        #[serde(alias = "paid more than the order total")]
        Overpaid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hold_reasons_stored_as_sentences_are_still_read() {
        for (stored, reason) in [
            ("\"out of stock: waiting for the customer's choice\"", HoldReason::OutOfStock),
            ("\"payment in another currency\"", HoldReason::PaymentCurrency),
            ("\"paid more than the order total\"", HoldReason::Overpaid),
            ("\"needs_attention\"", HoldReason::NeedsAttention),
        ] {
            assert_eq!(serde_json::from_str::<HoldReason>(stored).unwrap(), reason);
        }
        assert_eq!(serde_json::to_string(&HoldReason::Overpaid).unwrap(), "\"overpaid\"");
        assert_eq!(HoldReason::Overpaid.as_str(), "overpaid");
        assert_eq!(ProblemKind::NoShippingMethod.as_str(), "no_shipping_method");
    }
}
