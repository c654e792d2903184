//! How an order is split into items and put back together (docs/ARCHITECTURE.md, "Data model"):
//! a small **head** rewritten on every change (statuses, payment and shipment summaries, duties,
//! problems, version), the **details** written at intake and when staff correct them (customer,
//! shipping, the first lines), further **line chunks** for long orders, one item per **notice**,
//! one per **return or complaint** (what a customer's page adds), and one per **event** (timeline
//! entry and/or provider event id). No item grows with the order's history.

use crate::domain::Cancellation;
use crate::domain::attention::{HoldReason, Problem};
use crate::domain::{Customer, LineItem, Payment, Shipping, Totals};
use crate::domain::{Duties, ExceptionKind, Shipment, StockIssue};
use crate::domain::{FulfilmentStatus, Notice, NoticeState, Order, OrderSource, Private};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Lines kept in the details item and in each further chunk: at the longest allowed name and SKU,
/// 30 lines stay under 16 KB.
pub const LINES_PER_ITEM: usize = 30;
/// Problems kept on the head (an order whose every line is broken names the first ones).
pub const PROBLEMS_KEPT: usize = 20;

/// What every change may touch, and what the back office's list and the scheduler read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub id: String,
    pub number: String,
    pub source: OrderSource,
    pub placed_at: Timestamp,
    pub received_at: Timestamp,
    pub status: FulfilmentStatus,
    pub payment: Payment,
    pub totals: Totals,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_reason: Option<HoldReason>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attention: Vec<Problem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<Cancellation>,
    #[serde(default)]
    pub shipment: Shipment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_issue: Option<StockIssue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<ExceptionKind>,
    #[serde(default)]
    pub duties: Duties,
    #[serde(default, skip_serializing_if = "crate::domain::AfterDelivery::is_empty")]
    pub after_delivery: crate::domain::AfterDelivery,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storefront_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_request: Option<crate::domain::CancelRequest>,
    pub version: u64,
}

/// Written at intake, and again only when staff correct the customer or the delivery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Details {
    pub customer: Customer,
    pub shipping: Shipping,
    pub status_token: Private<String>,
    /// The first [`LINES_PER_ITEM`] lines; the rest are in `chunks` further items.
    pub items: Vec<LineItem>,
    #[serde(default)]
    pub chunks: u32,
}

impl Head {
    pub fn of(order: &Order) -> Self {
        Head {
            id: order.id.clone(),
            number: order.number.clone(),
            source: order.source,
            placed_at: order.placed_at,
            received_at: order.received_at,
            status: order.status,
            payment: order.payment.clone(),
            totals: order.totals,
            hold_reason: order.hold_reason,
            attention: order.attention.iter().take(PROBLEMS_KEPT).cloned().collect(),
            cancellation: order.cancellation.clone(),
            shipment: order.shipment.clone(),
            stock_issue: order.stock_issue.clone(),
            exception: order.exception,
            duties: order.duties,
            // Returns and complaints are items of their own ([`Case`]): the head keeps the arrival answer.
            after_delivery: crate::domain::AfterDelivery {
                arrival: order.after_delivery.arrival.clone(),
                ..Default::default()
            },
            storefront_at: order.storefront_at,
            cancel_request: order.cancel_request,
            version: order.version,
        }
    }
}

impl Details {
    pub fn of(order: &Order) -> Self {
        Details {
            customer: order.customer.clone(),
            shipping: order.shipping.clone(),
            status_token: order.status_token.clone(),
            items: order.items.iter().take(LINES_PER_ITEM).cloned().collect(),
            chunks: (order.items.len().saturating_sub(1) / LINES_PER_ITEM) as u32,
        }
    }
}

/// The lines beyond the details' own, [`LINES_PER_ITEM`] per item, numbered from 1.
pub fn chunks(order: &Order) -> impl Iterator<Item = (u32, &[LineItem])> {
    order.items.chunks(LINES_PER_ITEM).enumerate().skip(1).map(|(n, lines)| (n as u32, lines))
}

/// Whether two versions of an order have the same head (apart from the version itself).
pub fn same_head(a: &Order, b: &Order) -> bool {
    let (mut a, b) = (Head::of(a), Head::of(b));
    a.version = b.version;
    a == b
}

pub fn same_details(a: &Order, b: &Order) -> bool {
    a.customer == b.customer && a.shipping == b.shipping && a.items == b.items && a.status_token == b.status_token
}

/// One return or complaint of an order, in an item of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned: Option<crate::domain::ReturnCase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<crate::domain::Complaint>,
}

impl Case {
    /// Its item's sort key after the prefix: `R001` for return 1, `C001` for complaint 1.
    pub fn key(&self) -> String {
        match (&self.returned, &self.complaint) {
            (Some(r), _) => format!("R{:03}", r.number),
            (_, Some(c)) => format!("C{:03}", c.number),
            (None, None) => "X".into(),
        }
    }
}

/// The order's returns and complaints as items.
pub fn cases(order: &Order) -> impl Iterator<Item = Case> + '_ {
    let returns = order.after_delivery.returns.iter().map(|r| Case { returned: Some(r.clone()), complaint: None });
    let complaints =
        order.after_delivery.complaints.iter().map(|c| Case { returned: None, complaint: Some(c.clone()) });
    returns.chain(complaints)
}

/// The cases a change writes: those new or changed since `before` (all of them when `before` still
/// held them in its head).
pub fn changed_cases(before: Option<&Order>, after: &Order) -> Vec<Case> {
    let known: Vec<Case> = match before {
        Some(before) if !before.cases_in_head => cases(before).collect(),
        _ => Vec::new(),
    };
    cases(after).filter(|case| !known.contains(case)).collect()
}

/// The order from its items. Its timeline and seen events are empty: they are not read with it.
/// A head written before cases had items of their own still holds them: they are read from it.
pub fn assemble(
    head: Head,
    details: Details,
    more_lines: Vec<LineItem>,
    notices: Vec<Notice>,
    cases: Vec<Case>,
) -> Order {
    let mut items = details.items;
    items.extend(more_lines);
    let mut after_delivery = head.after_delivery;
    let head_held = !after_delivery.returns.is_empty() || !after_delivery.complaints.is_empty();
    let cases_in_head = head_held && cases.is_empty();
    if !cases_in_head {
        after_delivery.returns = cases.iter().filter_map(|c| c.returned.clone()).collect();
        after_delivery.returns.sort_by_key(|r| r.number);
        after_delivery.complaints = cases.iter().filter_map(|c| c.complaint.clone()).collect();
        after_delivery.complaints.sort_by_key(|c| c.number);
    }
    Order {
        id: head.id,
        number: head.number,
        source: head.source,
        placed_at: head.placed_at,
        received_at: head.received_at,
        status: head.status,
        payment: head.payment,
        customer: details.customer,
        shipping: details.shipping,
        items,
        totals: head.totals,
        status_token: details.status_token,
        timeline: Vec::new(),
        notices: notices.into_iter().map(|n| (n.id.clone(), n)).collect::<BTreeMap<_, _>>(),
        seen_events: BTreeSet::new(),
        hold_reason: head.hold_reason,
        attention: head.attention,
        cancellation: head.cancellation,
        shipment: head.shipment,
        stock_issue: head.stock_issue,
        exception: head.exception,
        duties: head.duties,
        after_delivery,
        storefront_at: head.storefront_at,
        cancel_request: head.cancel_request,
        cases_in_head,
        version: head.version,
    }
}

/// The order's returns and complaints still open, kept on its head for the lists: what each is and
/// where it stands, without its lines or anybody's words (those stay in the case's own item), so
/// that the head stays small and no personal data is in an index.
pub fn open_cases(order: &Order) -> Vec<Case> {
    use crate::domain::{Complaint, ReturnCase, ReturnState};
    let returns = order.after_delivery.returns.iter().filter(|r| r.is_open()).map(|r| {
        let state = match r.state {
            ReturnState::Approved { .. } => ReturnState::Approved { instructions: None },
            ReturnState::Received { .. } => ReturnState::Received { condition: None },
            ref other => other.clone(),
        };
        Case { returned: Some(ReturnCase { lines: Vec::new(), state, ..r.clone() }), complaint: None }
    });
    let complaints = order.after_delivery.complaints.iter().filter(|c| c.is_open()).map(|c| Case {
        returned: None,
        complaint: Some(Complaint { description: Private::new(String::new()), ..c.clone() }),
    });
    returns.chain(complaints).collect()
}

/// The order as the lists read it ([`crate::store::Listed`]): its head and open cases, its details
/// unread (no customer, address, lines or notices).
pub fn listed(head: Head, open_cases: Vec<Case>) -> Order {
    let unread = Details {
        customer: Customer {
            name: None,
            email: None,
            phone: None,
            email_as_given: None,
            phone_as_given: None,
            channel: crate::domain::Channel::Email,
            locale: String::new(),
            note: None,
            calls: Default::default(),
            billing_address: None,
            erased_at: None,
        },
        shipping: Shipping { method: String::new(), delivery: Default::default(), address: None },
        status_token: Private::new(String::new()),
        items: Vec::new(),
        chunks: 0,
    };
    assemble(head, unread, Vec::new(), Vec::new(), open_cases)
}

/// When the scheduler must look at the order for its own duties (payment, stock, after-sales).
pub fn head_due(order: &Order) -> Option<Timestamp> {
    order.next_payment_duty().into_iter().chain(order.next_fulfilment_duty()).min()
}

/// When the scheduler must look at a notice: a queued one at its redrive time, a claimed one when its
/// lease runs out; never once it is settled.
pub fn notice_due(notice: &Notice) -> Option<Timestamp> {
    match notice.state {
        NoticeState::Queued => Some(notice.redrive_at),
        NoticeState::Sending { lease_until, .. } => Some(lease_until),
        NoticeState::Sent { .. } | NoticeState::Failed { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{draft, receive_draft};
    use crate::domain::{ComplaintKind, ReturnLine, ReturnReason, ReturnState};

    fn with_cases() -> Order {
        let mut order = receive_draft(draft()).unwrap();
        let at: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        for number in 1..=2 {
            order.after_delivery.returns.push(crate::domain::ReturnCase {
                number,
                lines: vec![ReturnLine { line: 0, quantity: 1 }],
                reason: ReturnReason::Other,
                amount_minor: 100,
                requested_at: at,
                state: ReturnState::Rejected { reason: "Worn".into() },
            });
        }
        order.after_delivery.complaints.push(crate::domain::Complaint {
            number: 1,
            kind: ComplaintKind::Damaged,
            description: Private::new("Torn".into()),
            opened_at: at,
            resolved: None,
        });
        order
    }

    /// Nothing a customer's page adds is in the head: each case is an item, read back in place.
    #[test]
    fn returns_and_complaints_are_items_of_their_own() {
        let order = with_cases();
        let head = Head::of(&order);
        assert!(head.after_delivery.returns.is_empty() && head.after_delivery.complaints.is_empty());
        let items: Vec<Case> = cases(&order).collect();
        assert_eq!(items.iter().map(Case::key).collect::<Vec<_>>(), ["R001", "R002", "C001"]);
        let read = assemble(head, Details::of(&order), Vec::new(), Vec::new(), items.into_iter().rev().collect());
        assert_eq!((read.after_delivery, read.cases_in_head), (order.after_delivery.clone(), false));
        // A change writes only the cases it made or changed.
        let mut after = order.clone();
        after.after_delivery.complaints[0].resolved = None;
        after.after_delivery.returns[1].state = ReturnState::Requested;
        assert_eq!(changed_cases(Some(&order), &after).iter().map(Case::key).collect::<Vec<_>>(), ["R002"]);
    }

    /// A head written when cases lived in it is read with them, and its next write moves them all.
    #[test]
    fn a_head_that_still_holds_its_cases_is_read_and_moved() {
        let order = with_cases();
        let mut head = Head::of(&order);
        head.after_delivery = order.after_delivery.clone();
        let read = assemble(head, Details::of(&order), Vec::new(), Vec::new(), Vec::new());
        assert_eq!((&read.after_delivery, read.cases_in_head), (&order.after_delivery, true));
        assert_eq!(changed_cases(Some(&read), &read).len(), 3);
    }
}
