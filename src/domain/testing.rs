//! A valid order draft and its reception, for the domain's unit tests.

use super::intake::{AddressDraft, ItemDraft, OrderDraft, Reception, receive};
use super::{IntakeDefaults, InvalidField, Order, OrderSource, PaymentMethod, PaymentStatus};
use jiff::Timestamp;

/// A paid prepaid order of 2 × 10.50 PLN + 5.00 shipping, delivered to Warsaw.
pub fn draft() -> OrderDraft {
    OrderDraft {
        id: Some("A-1".into()),
        customer_name: Some("Ada Lovelace".into()),
        email: Some("ada@example.com".into()),
        shipping_method: Some("Standard".into()),
        address: Some(AddressDraft {
            lines: vec!["1 Main St".into()],
            city: Some("Warszawa".into()),
            country: Some("pl".into()),
            ..Default::default()
        }),
        payment_method: Some(PaymentMethod::Prepaid),
        payment_status: Some(PaymentStatus::Paid),
        currency: Some("PLN".into()),
        items: vec![ItemDraft {
            name: Some("Lamp".into()),
            quantity: Some(2),
            unit_price: Some("10.50".into()),
            ..Default::default()
        }],
        total: Some("26.00".into()),
        shipping_price: Some("5.00".into()),
        ..Default::default()
    }
}

/// Receives `draft` at 2027-01-15T08:00:00Z with the default payment terms.
pub fn receive_draft(draft: OrderDraft) -> Result<Order, InvalidField> {
    let defaults = IntakeDefaults { locale: "en".into(), phone_region: "PL".into() };
    let now = Timestamp::from_second(1_800_000_000).expect("a valid time");
    let reception = Reception {
        source: OrderSource::Generic,
        defaults: &defaults,
        now,
        status_token: "t".into(),
        event_id: None,
        terms: Default::default(),
        processing_sla: None,
    };
    receive(draft, reception)
}
