//! After delivery: the customer's answer to "did it arrive in good condition?", and returns (asked
//! on the status page within the return window, decided and received by staff, settled by the
//! provider's refund). A third axis beside fulfilment and payment: the order stays delivered.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What happened after delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AfterDelivery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub returns: Vec<ReturnCase>,
}

impl AfterDelivery {
    pub fn is_empty(&self) -> bool {
        self.arrival.is_none() && self.returns.is_empty()
    }
}

/// The customer's answer to "did it arrive in good condition?".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    pub ok: bool,
    pub at: Timestamp,
    /// What was wrong, in their words (for staff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<super::Private<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ReturnReason {
    ChangedMind,
    WrongItem,
    Damaged,
    NotAsDescribed,
    Other,
}

impl ReturnReason {
    pub const ALL: [ReturnReason; 5] =
        [Self::ChangedMind, Self::WrongItem, Self::Damaged, Self::NotAsDescribed, Self::Other];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Items of one order line sent back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    /// The line's position in the order, from 0.
    pub line: usize,
    pub quantity: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReturnState {
    Requested,
    Approved {
        #[serde(default)]
        instructions: Option<String>,
    },
    Rejected {
        reason: String,
    },
    Received {
        #[serde(default)]
        condition: Option<String>,
    },
    Refunded {
        at: Timestamp,
    },
}

impl ReturnState {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved { .. } => "approved",
            Self::Rejected { .. } => "rejected",
            Self::Received { .. } => "received",
            Self::Refunded { .. } => "refunded",
        }
    }
}

/// One return: what comes back, why, what it is worth, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnCase {
    /// 1 for the order's first return.
    pub number: u32,
    pub lines: Vec<ReturnLine>,
    pub reason: ReturnReason,
    /// What the items cost, to refund.
    pub amount_minor: i64,
    pub requested_at: Timestamp,
    #[serde(flatten)]
    pub state: ReturnState,
}
