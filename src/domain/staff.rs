//! What staff (or the warehouse system) tell the shop to do with an order, checked before it reaches
//! the rules, and why an action can be refused.

use super::{Address, CancelCause, Channel, Delivery, FulfilmentStatus, PaymentMethod, PaymentStatus, limits};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What staff tell the shop to do with an order.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum StaffAction {
    Confirm,
    Pack,
    Ship(ShipRequest),
    OutOfStock(OutOfStockRequest),
    /// The customer's answer to a missing-stock question, as staff heard it.
    StockChoice {
        choice: StockOption,
    },
    Cancel {
        cause: CancelCause,
        note: Option<String>,
        /// Who was at fault (customer, shop, carrier).
        #[serde(default)]
        fault: Option<super::Fault>,
        /// What it cost the shop, a decimal in the order's currency (`"9.80"`).
        #[serde(default)]
        cost: Option<String>,
    },
    /// Collected in store (or handed over by the shop itself).
    Deliver,
    /// Ready to collect in the shop or a parcel locker.
    ReadyForPickup(PickupRequest),
    /// Staff called the customer.
    Call(CallRequest),
    /// Corrected or completed contact, delivery and payment details (checked before they get here).
    #[serde(skip)]
    Update(Box<DetailsUpdate>),
    /// A return the customer asked for is accepted, with how to send it back.
    #[serde(rename = "return-approve")]
    ReturnApprove {
        #[serde(rename = "return")]
        number: u32,
        instructions: Option<String>,
    },
    /// A return the customer asked for is refused, and why.
    #[serde(rename = "return-reject")]
    ReturnReject {
        #[serde(rename = "return")]
        number: u32,
        reason: String,
    },
    /// A complaint settled: repaired, replaced, refunded or rejected, with what to tell the customer.
    #[serde(rename = "complaint-resolve")]
    ComplaintResolve {
        complaint: u32,
        resolution: super::Resolution,
        note: Option<String>,
        /// A replacement sent with a carrier: followed by its tracking number.
        #[serde(default)]
        carrier: Option<String>,
        #[serde(default)]
        tracking_number: Option<crate::domain::TrackingNumber>,
        #[serde(default)]
        tracking_url: Option<String>,
    },
    /// Money given back outside the payment providers (a bank transfer, cash): recorded as a
    /// refund, settling the returns it covers.
    Refund {
        /// A decimal in the order's currency (`"40.00"`).
        amount: String,
        note: Option<String>,
    },
    /// The returned parcel arrived, in this condition.
    #[serde(rename = "return-received")]
    ReturnReceived {
        #[serde(rename = "return")]
        number: u32,
        condition: Option<String>,
    },
    /// Money that reached the shop outside the payment providers (a bank transfer, cash at the
    /// counter, a card terminal, or what the courier collected on delivery).
    PaymentReceived(ReceivedPayment),
    /// A new parcel for one the carrier lost or is bringing back, followed like the first.
    SendAgain(ResendRequest),
    /// The customer asked to cancel while it was being packed; it goes on all the same (they are told).
    CancelDecline {
        note: Option<String>,
    },
    /// The order will be later than the customer was told: the new date is told to them.
    Delay {
        /// The day the customer can now expect the order by.
        until: jiff::civil::Date,
        note: Option<String>,
    },
}

/// Each staff action as one name, and [`crate::domain::Order::allows`] the one list of what each
/// status allows: the API refuses by it and the back-office page offers what it allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum ActionKind {
    Confirm,
    Pack,
    Ship,
    ReadyForPickup,
    OutOfStock,
    StockChoice,
    Deliver,
    SendAgain,
    Delay,
    Call,
    PaymentReceived,
    Refund,
    Cancel,
    CancelDecline,
    Update,
    ReturnApprove,
    ReturnReject,
    ReturnReceived,
    ComplaintResolve,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The action as a refusal names it: "cannot {verb} an order that is shipped".
    pub fn verb(self) -> &'static str {
        match self {
            Self::ReadyForPickup => "make ready for pickup",
            Self::OutOfStock => "report missing stock for",
            Self::StockChoice => "record a stock choice for",
            Self::SendAgain => "send again",
            Self::Delay => "announce a delay for",
            Self::CancelDecline => "decline a request to cancel",
            Self::Call => "record a call about",
            Self::PaymentReceived => "record a payment for",
            Self::ReturnApprove | Self::ReturnReject | Self::ReturnReceived => "settle a return of",
            Self::ComplaintResolve => "settle a complaint about",
            other => other.as_str(),
        }
    }
}

vocabulary! {
    /// What an account of the back office may do. Each role may do all the one below it may.
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        /// Reads orders, lists and printouts; changes nothing.
        Viewer,
        /// Runs the day: confirms, packs, ships paid orders, calls, settles returns and complaints.
        Staff,
        /// Money and personal data besides: refunds, cancelling what holds or has money, shipping
        /// unpaid, recording money received, the audit trail, erasing a customer.
        Owner,
    }
}

impl StaffAction {
    pub fn kind(&self) -> ActionKind {
        use ActionKind as K;
        match self {
            Self::Confirm => K::Confirm,
            Self::Pack => K::Pack,
            Self::Ship(_) => K::Ship,
            Self::OutOfStock(_) => K::OutOfStock,
            Self::StockChoice { .. } => K::StockChoice,
            Self::Cancel { .. } => K::Cancel,
            Self::Deliver => K::Deliver,
            Self::ReadyForPickup(_) => K::ReadyForPickup,
            Self::Call(_) => K::Call,
            Self::Update(_) => K::Update,
            Self::ReturnApprove { .. } => K::ReturnApprove,
            Self::ReturnReject { .. } => K::ReturnReject,
            Self::ComplaintResolve { .. } => K::ComplaintResolve,
            Self::Refund { .. } => K::Refund,
            Self::ReturnReceived { .. } => K::ReturnReceived,
            Self::PaymentReceived(_) => K::PaymentReceived,
            Self::SendAgain(_) => K::SendAgain,
            Self::Delay { .. } => K::Delay,
            Self::CancelDecline { .. } => K::CancelDecline,
        }
    }
}

vocabulary! {
    /// How money that did not come through a payment provider reached the shop.
    pub enum ReceivedVia {
        BankTransfer,
        Cash,
        CardTerminal,
        /// What the courier collected at the door, as their remittance says.
        CashOnDelivery,
    }
}

/// A payment staff record: how much, how it came, its reference (a transfer's title, a receipt
/// number, the courier's remittance) and the day it arrived.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedPayment {
    /// A decimal in the order's currency (`"40.00"`).
    pub amount: String,
    pub method: ReceivedVia,
    pub reference: Option<String>,
    /// The day the money arrived; today when not given.
    pub received_on: Option<jiff::civil::Date>,
}

/// A new parcel sent for a lost or returned one, and what the first cost the shop.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResendRequest {
    pub carrier: String,
    pub tracking_number: crate::domain::TrackingNumber,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
    /// What the lost or returned parcel cost the shop, a decimal in the order's currency.
    pub cost: Option<String>,
}

impl StaffAction {
    /// Staff input within the stored limits; a 400 names what is too long.
    pub fn check(&self) -> Result<(), super::InvalidField> {
        use super::InvalidField;
        match self {
            StaffAction::Ship(ShipRequest { carrier, tracking_number, tracking_url, .. })
            | StaffAction::SendAgain(ResendRequest { carrier, tracking_number, tracking_url, .. }) => {
                limits::identifier("carrier", carrier, limits::SHORT_TEXT)?;
                limits::identifier("tracking_number", tracking_number.as_str(), limits::TRACKING_NUMBER)?;
                if tracking_number.as_str().trim().is_empty() {
                    return Err(InvalidField::new("tracking_number", "required"));
                }
                if let Some(url) = tracking_url {
                    super::link::web_link("tracking_url", url)?;
                }
                if let StaffAction::SendAgain(ResendRequest { cost: Some(cost), .. }) = self {
                    limits::identifier("cost", cost, limits::SHORT_TEXT)?;
                }
            }
            StaffAction::PaymentReceived(payment) => {
                limits::identifier("amount", &payment.amount, limits::SHORT_TEXT)?;
                if let Some(reference) = &payment.reference {
                    limits::identifier("reference", reference, limits::TEXT)?;
                }
            }
            StaffAction::Delay { note: Some(note), .. } | StaffAction::CancelDecline { note: Some(note) } => {
                limits::identifier("note", note, limits::NOTE)?
            }
            StaffAction::OutOfStock(request) => {
                if request.items.is_empty() || request.items.len() > limits::STOCK_ITEMS {
                    let reason = format!("name between 1 and {} items", limits::STOCK_ITEMS);
                    return Err(InvalidField::new("items", reason));
                }
                for (i, item) in request.items.iter().enumerate() {
                    limits::identifier(&format!("items[{i}]"), item, limits::TEXT)?;
                }
                if request.answer_within_hours.is_some_and(|h| !(1..=MAX_ANSWER_HOURS).contains(&h)) {
                    let reason = format!("between 1 and {MAX_ANSWER_HOURS} hours");
                    return Err(InvalidField::new("answer_within_hours", reason));
                }
            }
            StaffAction::Cancel { note: Some(note), .. } => limits::identifier("note", note, limits::NOTE)?,
            StaffAction::ReturnApprove { instructions: Some(text), .. }
            | StaffAction::ReturnReceived { condition: Some(text), .. } => {
                limits::identifier("instructions", text, limits::NOTE)?;
            }
            StaffAction::ReturnReject { reason, .. } => limits::identifier("reason", reason, limits::NOTE)?,
            StaffAction::Refund { note: Some(note), .. } => limits::identifier("note", note, limits::NOTE)?,
            StaffAction::ComplaintResolve { note, carrier, tracking_number, tracking_url, .. } => {
                let tracking_number = tracking_number.as_ref().map(|n| n.as_str());
                for (field, value, max) in [
                    ("note", note.as_deref(), limits::NOTE),
                    ("carrier", carrier.as_deref(), limits::SHORT_TEXT),
                    ("tracking_number", tracking_number, limits::TRACKING_NUMBER),
                ] {
                    if let Some(value) = value {
                        limits::identifier(field, value, max)?;
                    }
                }
                if let Some(url) = tracking_url {
                    super::link::web_link("tracking_url", url)?;
                }
            }
            StaffAction::Call(CallRequest { note: Some(note), .. }) => limits::identifier("note", note, limits::NOTE)?,
            StaffAction::ReadyForPickup(pickup) => {
                limits::identifier("place", &pickup.place, limits::TEXT)?;
                if pickup.place.trim().is_empty() {
                    return Err(InvalidField::new("place", "required"));
                }
                if let Some(hours) = &pickup.opening_hours {
                    limits::identifier("opening_hours", hours, limits::TEXT)?;
                }
                if let Some(code) = &pickup.pickup_code {
                    limits::identifier("pickup_code", code, limits::SHORT_TEXT)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// A phone call to the customer and how it went.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    pub outcome: CallOutcome,
    /// When staff will try again (told to a customer who could not be reached).
    pub next_call_at: Option<Timestamp>,
    pub note: Option<String>,
}

vocabulary! {
    pub enum CallOutcome {
        Reached,
        NoAnswer,
        WrongNumber,
    }
}

/// Where and when the customer collects their order.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PickupRequest {
    pub place: String,
    pub opening_hours: Option<String>,
    /// A locker code or collection number.
    pub pickup_code: Option<String>,
    /// Make an order that pays first ready although its money is not in (recorded on the timeline).
    #[serde(default)]
    pub unpaid: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipRequest {
    pub carrier: String,
    pub tracking_number: crate::domain::TrackingNumber,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
    /// Ship an order that pays first although its money is not in (recorded on the timeline).
    #[serde(default)]
    pub ship_unpaid: bool,
}

vocabulary! {
    pub enum StockOption {
        Substitute,
        Wait,
        /// Send the rest: the missing lines come off the order and its total.
        CancelMissing,
        /// Cancel the whole order.
        Cancel,
    }
}

/// The longest a customer may be given to answer a missing-stock question: a month.
pub const MAX_ANSWER_HOURS: i64 = 31 * 24;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfStockRequest {
    /// The items (names or SKUs) that are missing.
    pub items: Vec<String>,
    pub offer: Vec<StockOption>,
    /// Applied when the customer has not answered in time.
    pub default: StockOption,
    /// How long the customer has to answer (default 48 h).
    pub answer_within_hours: Option<i64>,
    /// When the missing items are expected back, told to a customer who chooses to wait.
    #[serde(default)]
    pub expected_on: Option<jiff::civil::Date>,
}

/// A missing-stock question put to the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockIssue {
    pub items: Vec<String>,
    pub offer: Vec<StockOption>,
    pub default: StockOption,
    pub decide_by: Timestamp,
    /// The status to return to when the order goes on.
    pub resume_at: FulfilmentStatus,
    #[serde(default)]
    pub expected_on: Option<jiff::civil::Date>,
    /// What was decided, once it was: the question is closed.
    #[serde(default)]
    pub decision: Option<StockDecision>,
    /// The lines taken off the order when the missing items were cancelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<super::LineItem>,
}

impl StockIssue {
    /// Still waiting for an answer.
    pub fn is_open(&self) -> bool {
        self.decision.is_none()
    }
}

/// The answer to a missing-stock question, and who gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockDecision {
    pub choice: StockOption,
    pub by: Decider,
    pub at: Timestamp,
}

vocabulary! {
    /// Who decided what happens to missing items.
    pub enum Decider {
        /// On the status page.
        Customer,
        /// Staff, recording what the customer said (by phone, say).
        Staff,
        /// The default, when the time to answer ran out.
        Default,
    }
}

/// Why a staff action was refused. Each reason is a catalog message (`staff-refusal-*`, its values
/// from [`Refusal::values`]): the pages say it in the shop's language, the API and the logs in
/// English (its `Display`, from the catalog too).
#[derive(Clone, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Refusal {
    /// What the order's state does not allow.
    Transition {
        action: ActionKind,
        status: FulfilmentStatus,
    },
    /// The missing-stock question is closed.
    NoStockQuestion,
    /// The choice was not one the question offered.
    ChoiceNotOffered,
    /// A prepaid or invoice order whose money is not in.
    Unpaid(PaymentStatus),
    NoSuchComplaint(u32),
    ComplaintSettled(u32),
    /// Every item is in a return already.
    AllReturned,
    NoSuchReturn(u32),
    /// A return past the step asked for (its state's name).
    ReturnAlready {
        number: u32,
        state: &'static str,
    },
    /// What the customer asked on their page is not possible now.
    Customer(super::CustomerRefusal),
    /// A refund of more than was paid.
    RefundOverPaid,
    /// An amount that is not one in the order's currency.
    NotAnAmount {
        text: String,
        currency: String,
    },
    /// A courier's collection recorded for an order not paid on delivery.
    NotCashOnDelivery,
    CollectionRecorded,
    /// A courier's collection recorded before the order is delivered.
    NotDeliveredYet,
    /// Money recorded for an order paid already (its total).
    PaidAlready(String),
    /// More money recorded than is owed (what is).
    OwedOnly(String),
    /// A parcel "sent again" under the tracking number of one sent before.
    SameParcel(crate::domain::TrackingNumber),
    /// A delay announced to a day gone by.
    DayPassed(String),
    /// Items to take off the order that no line of it names.
    UnknownItems(Vec<String>),
}

/// Which kind of refusal, as the API answers it (its problem type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalKind {
    Transition,
    Stock,
    Return,
    Amount,
    Value,
    UnknownItems,
    Unpaid,
}

impl Refusal {
    /// The catalog message that says it.
    pub fn key(&self) -> String {
        match self {
            Self::Customer(why) => why.key(),
            other => format!("staff-refusal-{}", <&str>::from(other)),
        }
    }

    /// The message's values, as text (`status` and `payment` are the statuses' names).
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Transition { action, status } => {
                vec![("action", action.verb().to_string()), ("status", status.as_str().to_string())]
            }
            Self::Unpaid(payment) => vec![("payment", payment.as_str().to_string())],
            Self::NoSuchComplaint(number) | Self::ComplaintSettled(number) | Self::NoSuchReturn(number) => {
                vec![("number", number.to_string())]
            }
            Self::ReturnAlready { number, state } => vec![("number", number.to_string()), ("state", state.to_string())],
            Self::Customer(why) => {
                let mut values = Vec::new();
                values.extend(why.until().map(|until| ("until", until.strftime("%Y-%m-%d").to_string())));
                values.extend(why.count().map(|count| ("count", count.to_string())));
                values
            }
            Self::NotAnAmount { text, currency } => vec![("text", text.clone()), ("currency", currency.clone())],
            Self::PaidAlready(amount) | Self::OwedOnly(amount) => vec![("amount", amount.clone())],
            Self::SameParcel(number) => vec![("number", number.to_string())],
            Self::DayPassed(day) => vec![("day", day.clone())],
            Self::UnknownItems(items) => vec![("items", items.join(", "))],
            _ => Vec::new(),
        }
    }

    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::Transition { .. } => RefusalKind::Transition,
            Self::NoStockQuestion | Self::ChoiceNotOffered => RefusalKind::Stock,
            Self::Unpaid(_) => RefusalKind::Unpaid,
            Self::NoSuchComplaint(_)
            | Self::ComplaintSettled(_)
            | Self::AllReturned
            | Self::NoSuchReturn(_)
            | Self::ReturnAlready { .. }
            | Self::Customer(_) => RefusalKind::Return,
            Self::RefundOverPaid
            | Self::NotAnAmount { .. }
            | Self::NotCashOnDelivery
            | Self::CollectionRecorded
            | Self::NotDeliveredYet
            | Self::PaidAlready(_)
            | Self::OwedOnly(_) => RefusalKind::Amount,
            Self::SameParcel(_) | Self::DayPassed(_) => RefusalKind::Value,
            Self::UnknownItems(_) => RefusalKind::UnknownItems,
        }
    }
}

impl From<super::CustomerRefusal> for Refusal {
    fn from(why: super::CustomerRefusal) -> Self {
        Self::Customer(why)
    }
}

impl std::error::Error for Refusal {}

/// Staff's corrections to an order's contact, delivery and payment details, checked: every value
/// given is complete and valid (staff are told at once what is wrong, unlike a storefront's order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsUpdate {
    pub name: Option<String>,
    pub email: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub preferred_channel: Option<Channel>,
    pub shipping_method: Option<String>,
    pub delivery: Option<Delivery>,
    pub address: Option<Address>,
    /// Where the invoice goes (see [`super::Order::billing_address`]).
    pub billing_address: Option<Address>,
    pub payment_method: Option<PaymentMethod>,
}
