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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complaints: Vec<Complaint>,
}

impl AfterDelivery {
    pub fn is_empty(&self) -> bool {
        self.arrival.is_none() && self.returns.is_empty() && self.complaints.is_empty()
    }
}

vocabulary! {
    /// What a complaint is about.
    pub enum ComplaintKind {
        Damaged,
        MissingItem,
        WrongItem,
        /// A fault that shows in use: the warranty.
        Defect,
    }
}

vocabulary! {
    /// How staff settled a complaint.
    pub enum Resolution {
        Repair,
        Replacement,
        Refund,
        Rejected,
    }
}

/// A complaint (or warranty claim): what, in the customer's words, and how it was settled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// 1 for the order's first.
    pub number: u32,
    pub kind: ComplaintKind,
    pub description: super::Private<String>,
    pub opened_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Resolved>,
}

/// A replacement sent for a complaint, followed by its own tracking number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replacement {
    pub carrier: String,
    pub tracking_number: crate::domain::TrackingNumber,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_url: Option<String>,
    pub shipped_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub resolution: Resolution,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<Replacement>,
    /// What staff tell the customer (the reason of a rejection, what happens next).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub by: String,
    pub at: Timestamp,
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

vocabulary! {
    pub enum ReturnReason {
        ChangedMind,
        WrongItem,
        Damaged,
        NotAsDescribed,
        Other,
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
        /// Named apart from the case's own `reason` (the state is flattened into the case).
        #[serde(rename = "rejection")]
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

impl ReturnCase {
    /// Whether it waits for the shop: to decide, to receive or to refund.
    pub fn is_open(&self) -> bool {
        matches!(self.state, ReturnState::Requested | ReturnState::Approved { .. } | ReturnState::Received { .. })
    }
}

impl Complaint {
    /// Whether it waits for the shop to settle it.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

/// Why something the customer asked on their page is not possible now. The words are the API's and
/// the logs'; the page says it in the customer's language by its name (`refusal-*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum CustomerRefusal {
    #[error("the question is not open")]
    AnsweredAlready,
    #[error("a problem can be reported once the order is delivered")]
    ComplaintBeforeDelivery,
    #[error("the warranty ended on {}", .0.strftime("%Y-%m-%d"))]
    WarrantyEnded(jiff::Timestamp),
    #[error("say what is wrong")]
    NothingSaid,
    #[error("returns open once the order is delivered")]
    ReturnBeforeDelivery,
    #[error("the return window closed on {}", .0.strftime("%Y-%m-%d"))]
    ReturnWindowClosed(jiff::Timestamp),
    #[error("choose items and quantities that can still be returned")]
    NothingToReturn,
    #[error("{0} problems reported on this order are still open")]
    TooManyOpenComplaints(usize),
    #[error("no more problems can be reported on this order")]
    TooManyComplaints,
    #[error("no more returns can be asked for on this order")]
    TooManyReturns,
    #[error("the order can no longer be cancelled from its page")]
    CancelTooLate,
}

impl CustomerRefusal {
    /// The catalog key of the customer's words for it.
    pub fn key(self) -> String {
        format!("refusal-{}", <&str>::from(self))
    }

    /// The count it names (open complaints).
    pub fn count(self) -> Option<usize> {
        match self {
            Self::TooManyOpenComplaints(n) => Some(n),
            _ => None,
        }
    }

    /// The moment it names (a window's or the warranty's end).
    pub fn until(self) -> Option<jiff::Timestamp> {
        match self {
            Self::WarrantyEnded(at) | Self::ReturnWindowClosed(at) => Some(at),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The state is flattened into the case: no field of a state may share a name with the case's.
    #[test]
    fn every_return_state_reads_back_as_written() {
        let at: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        for state in [
            ReturnState::Requested,
            ReturnState::Approved { instructions: Some("Post it".into()) },
            ReturnState::Rejected { reason: "Worn".into() },
            ReturnState::Received { condition: Some("as new".into()) },
            ReturnState::Refunded { at },
        ] {
            let case = ReturnCase {
                number: 1,
                lines: vec![ReturnLine { line: 0, quantity: 1 }],
                reason: ReturnReason::Damaged,
                amount_minor: 100,
                requested_at: at,
                state,
            };
            let json = serde_json::to_string(&case).unwrap();
            assert_eq!(serde_json::from_str::<ReturnCase>(&json).unwrap(), case, "{json}");
        }
    }
}
