//! The rules that change an order, one file per concern; the types they work on are the domain's
//! other modules, which depend on none of these.

mod attention;
mod fulfilment;
mod ledger;
mod payment;
mod privacy;
mod requests;
mod returns;
mod storefront;
mod tracking;

pub use ledger::DeliveryOutcome;
pub use payment::Refund;
pub use storefront::StorefrontOutcome;
