//! The most any stored value may hold. Display text from a provider (a carrier's message, a name, an
//! address line) is cut to its limit; an identifier (an order number, an event id, a tracking
//! number) over its limit is refused with a 400 naming the field, since a cut identifier would
//! match the wrong thing. Amounts and counts have ceilings far above any real order, so that sums
//! never overflow.

/// Order ids (letters, digits, `-`, `_`, `.`): they end up in keys and URLs.
pub const ORDER_ID: usize = 128;
/// The number the customer sees (`#1001`).
pub const ORDER_NUMBER: usize = 64;
/// Provider event ids and payment references.
pub const EVENT_ID: usize = 200;
pub const TRACKING_NUMBER: usize = 64;
pub const TRACKING_URL: usize = 2048;
/// Names, address lines, item names, carrier messages and locations.
pub const TEXT: usize = 200;
/// Towns, regions, postal codes, SKUs, shipping methods, carrier names.
pub const SHORT_TEXT: usize = 100;
/// Staff's notes.
pub const NOTE: usize = 500;
/// Lines of one order.
pub const ITEMS: usize = 1_000;
/// Items named in one out-of-stock question.
pub const STOCK_ITEMS: usize = 50;
pub const QUANTITY: i64 = 1_000_000;
/// Complaints a customer may have open on one order at once (the owner answers them first), and
/// complaints on one order in all: each is kept on the order.
pub const OPEN_COMPLAINTS: usize = 3;
pub const COMPLAINTS: usize = 10;
/// Returns asked for on one order.
pub const RETURN_REQUESTS: usize = 5;
/// Messages of one kind to one audience about one order in 24 hours: whatever asks for more (a
/// stranger holding the customer's link, a loop), the rest are not sent.
pub const MESSAGES_PER_KIND_PER_DAY: usize = 5;
/// 10^15 minor units: ten trillion in a two-decimal currency.
pub const AMOUNT_MINOR: i64 = 1_000_000_000_000_000;

/// `text` cut to `max` characters.
pub fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Refuses an identifier longer than `max` characters.
pub fn identifier(field: &str, value: &str, max: usize) -> Result<(), InvalidField> {
    if value.chars().count() > max {
        return Err(InvalidField::new(field, format!("longer than {max} characters")));
    }
    Ok(())
}

/// Refuses an amount in minor units below 0 or above [`AMOUNT_MINOR`].
pub fn amount(field: &str, minor: i64) -> Result<i64, InvalidField> {
    if !(0..=AMOUNT_MINOR).contains(&minor) {
        return Err(InvalidField::new(field, format!("must be between 0 and {AMOUNT_MINOR} minor units")));
    }
    Ok(minor)
}

/// A field that failed its check. `field` uses the generic schema's names (`customer.email`,
/// `items[0].quantity`); providers translate it to their own payload's names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidField {
    pub field: String,
    pub reason: String,
}

impl InvalidField {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { field: field.into(), reason: reason.into() }
    }
}
