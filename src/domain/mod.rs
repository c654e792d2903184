//! The pure core: orders, their statuses, what to tell whom. No I/O and no AWS types here.

/// Declares a closed vocabulary: a unit-only enum whose one string form (snake_case, the same for
/// serde and strum) is derived once, with `as_str`, parsing (`FromStr`) and `iter()`. Extra derives
/// and variant attributes (`#[default]`, `#[strum(serialize = …)]`) pass through.
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
            strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($body)* }

        impl $name {
            /// The string form: as stored, in paths and in the catalog's keys.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }
    };
}

pub mod attention;
pub mod carrier;
pub mod contact;
pub mod duties;
pub mod intake;
pub mod limits;
pub mod link;
pub mod money;
pub mod notice;
pub mod order;
pub mod payment;
pub mod private;
pub mod quiet;
pub mod returns;
mod rules;
pub mod shop;
pub mod staff;
pub mod status;
pub mod storefront;
#[cfg(test)]
pub(crate) mod testing;
pub mod timeline;
pub mod usage;

pub use attention::{HoldReason, Problem, ProblemKind};
pub use carrier::{
    CARRIER_STATUSES, CarrierProvider, CarrierStatus, ExceptionKind, Shipment, TrackingEvent, TrackingNumber,
    carrier_status,
};
pub use contact::{Address, Calls, Customer, Delivery, Shipping};
pub use duties::{AfterSales, Duties};
pub use intake::{AddressDraft, DetailsDraft, IntakeDefaults, ItemDraft, OrderDraft, Reception};
pub use limits::InvalidField;
pub use money::{Currency, Money, TaxRate};
pub use notice::{Audience, Channel, Notice, NoticeId, NoticeKind, NoticeState};
pub use order::{CancelRequest, LineItem, Order, Totals};
pub use payment::{
    Authorization, CancelCause, Cancellation, Fault, Payment, PaymentChange, PaymentEvent, PaymentOutcome,
    PaymentProvider, PaymentTerms, Release, ReleaseAnswer, Reporter, Reports,
};
pub use private::Private;
pub use returns::{
    AfterDelivery, Arrival, Complaint, ComplaintKind, CustomerRefusal, Replacement, Resolution, Resolved, ReturnCase,
    ReturnLine, ReturnReason, ReturnState,
};
pub use rules::{DeliveryOutcome, Refund, StorefrontOutcome};
pub use shop::{InvalidShopId, ShopId, ShopState};
pub use staff::{
    ActionKind, CallOutcome, CallRequest, Decider, DetailsUpdate, OutOfStockRequest, PickupRequest, ReceivedPayment,
    ReceivedVia, Refusal, RefusalKind, ResendRequest, Role, ShipRequest, StaffAction, StockDecision, StockIssue,
    StockOption,
};
pub use status::{FulfilmentStatus, OrderSource, PaymentMethod, PaymentStatus};
pub use storefront::{Fulfilment, StorefrontChange, StorefrontEvent};
pub use timeline::{TimelineEntry, TimelineEvent};
