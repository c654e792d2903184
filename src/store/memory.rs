//! An in-memory [`OrderStore`] with the DynamoDB adapter's semantics (the head conditional on the
//! version, notices on their revision, provider events written once, notice claims with leases,
//! the due and status indexes, parked events, pointers), for unit tests and benchmarks that must not
//! depend on the emulator.

use super::ParkedEvent;
use super::{Atomicity, EventRecord, Listed, Plan, Pointer, Stage, StoreError};
use super::{CustomerNotes, History, Listings, Orders, Parking, Pointers, Sequences, Sessions, Trails};
use crate::domain::TimelineEntry;
use crate::domain::{FulfilmentStatus, NoticeState, Order};
use jiff::Timestamp;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// The order as stored after `plan`: the head and details from `after` when written (else as they
/// were), each planned notice with its next revision, no timeline and no seen events.
fn written(after: &Order, current: Option<&Order>, plan: &Plan<'_>) -> Order {
    let mut next = match current {
        Some(current) if !plan.head => current.clone(),
        _ => after.clone(),
    };
    next.timeline.clear();
    next.seen_events.clear();
    next.notices = current.map(|c| c.notices.clone()).unwrap_or_default();
    for (notice, new) in &plan.notices {
        let mut stored = (*notice).clone();
        stored.revision = if *new { 0 } else { notice.revision + 1 };
        next.notices.insert(stored.id.clone(), stored);
    }
    next
}

#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Tables>>,
}

#[derive(Default)]
struct Tables {
    /// Each order as stored: no timeline, no seen events (those are `events`).
    orders: HashMap<String, Order>,
    events: HashMap<String, BTreeMap<String, EventRecord>>,
    parked: BTreeMap<(String, String), ParkedEvent>,
    pointers: HashMap<String, String>,
    /// Orders the sweep moved on from, until when (cleared by the order's next write).
    postponed: HashMap<String, Timestamp>,
    /// Failed sign-ins by who: how many, until when.
    sign_ins: HashMap<String, (u32, Timestamp)>,
    /// A customer's orders and staff's note about them, by pointer key.
    customers: HashMap<String, Vec<String>>,
    notes: HashMap<String, super::StaffNote>,
    done: std::collections::HashSet<String>,
    invoices: HashMap<String, u64>,
    /// Usage counts by month.
    usage: HashMap<String, BTreeMap<String, u64>>,
    /// What limits are checked against, by what and window.
    tallies: HashMap<String, u64>,
    unmatched: BTreeMap<String, super::UnmatchedEvent>,
    sessions: HashMap<String, u64>,
    audit: Vec<super::AuditEntry>,
}

fn pointer_key(pointer: &Pointer) -> String {
    match pointer {
        Pointer::Payment(provider, reference) => format!("{}#{reference}", provider.as_str()),
        Pointer::Tracking(number) => format!("track#{number}"),
        Pointer::Number(number) => format!("number#{number}"),
        Pointer::Customer(contact) => format!("customer#{}", contact.expose()),
        Pointer::AfterSales => "aftersales".to_string(),
    }
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn tables(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.inner.lock().expect("the store lock")
    }

    /// How many orders are stored.
    pub fn len(&self) -> usize {
        self.tables().orders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Everything stored, as one comparable value: proves that a rejected request wrote nothing.
    /// What is stored, in short: every kind of item but the two a refused or unmatched request
    /// writes on purpose (see [`MemoryStore::counters`]).
    pub fn fingerprint(&self) -> String {
        let tables = self.tables();
        let mut orders: Vec<String> = tables
            .orders
            .values()
            .map(|o| {
                let notices: Vec<String> = o.notices.values().map(|n| format!("{}@{}", n.id, n.revision)).collect();
                format!("{}:{}:{notices:?}", o.id, o.version)
            })
            .collect();
        orders.sort();
        let events: usize = tables.events.values().map(BTreeMap::len).sum();
        let customers: usize = tables.customers.values().map(Vec::len).sum();
        let mut notes: Vec<String> = tables.notes.iter().map(|(k, n)| format!("{k}:{}", n.at)).collect();
        notes.sort();
        format!(
            "{orders:?} {events} {} {} {:?} {customers} {notes:?} {} {}",
            tables.parked.len(),
            tables.pointers.len(),
            tables.postponed.len(),
            tables.done.len(),
            tables.invoices.len()
        )
    }

    /// The failed sign-in counters and the notes of events that matched no order: what a wrong
    /// token and an event for an unknown order are meant to write.
    pub fn counters(&self) -> String {
        let tables = self.tables();
        format!("{} {}", tables.sign_ins.len(), tables.unmatched.len())
    }
}

impl Orders for MemoryStore {
    async fn get(&self, order_id: &str) -> Result<Option<Order>, StoreError> {
        Ok(self.tables().orders.get(order_id).cloned())
    }

    async fn status_token(&self, order_id: &str) -> Result<Option<crate::domain::Private<String>>, StoreError> {
        Ok(self.tables().orders.get(order_id).map(|o| o.status_token.clone()))
    }

    async fn save(&self, before: Option<&Order>, after: &Order, atomicity: Atomicity) -> Result<(), StoreError> {
        let plan = Plan::of(before, after);
        if plan.is_empty() {
            return Ok(());
        }
        let mut tables = self.tables();
        let stored = tables.orders.get(&after.id);
        let head_holds = match (before, stored) {
            (None, None) => true,
            (Some(before), Some(stored)) => stored.version == before.version,
            _ => false,
        };
        let notices_hold =
            plan.notices.iter().all(|(notice, new)| match stored.and_then(|s| s.notices.get(&notice.id)) {
                None => *new,
                Some(current) => !new && current.revision == notice.revision,
            });
        let known = tables.events.get(&after.id);
        let duplicate = plan.events.iter().any(|r| r.is_dedupe() && known.is_some_and(|k| k.contains_key(&r.key)));
        if plan.relaxed(atomicity) && plan.head && head_holds && duplicate {
            // The head went first, as in DynamoDB; its one event was there already.
            let next = written(after, stored, &plan);
            tables.orders.insert(after.id.clone(), next);
            return Err(StoreError::Duplicate);
        }
        if plan.head && !head_holds || !notices_hold {
            return Err(StoreError::Conflict);
        }
        if duplicate {
            return Err(StoreError::Duplicate);
        }
        let next = written(after, stored, &plan);
        tables.orders.insert(after.id.clone(), next);
        tables.postponed.remove(&after.id);
        for pointer in &plan.pointers {
            if let Pointer::Customer(_) | Pointer::AfterSales = pointer {
                let orders = tables.customers.entry(pointer_key(pointer)).or_default();
                if !orders.contains(&after.id) {
                    orders.push(after.id.clone());
                }
                continue;
            }
            tables.pointers.insert(pointer_key(pointer), after.id.clone());
        }
        let events = tables.events.entry(after.id.clone()).or_default();
        for record in plan.events {
            events.insert(record.key.clone(), record);
        }
        Ok(())
    }

    async fn claim_notice(
        &self,
        order_id: &str,
        notice_id: &crate::domain::NoticeId,
        now: Timestamp,
        lease_until: Timestamp,
        attempt: u64,
    ) -> Result<Option<Order>, StoreError> {
        let mut tables = self.tables();
        let Some(order) = tables.orders.get_mut(order_id) else { return Ok(None) };
        let Some(notice) = order.notices.get_mut(notice_id) else { return Ok(None) };
        let claimable = match notice.state {
            NoticeState::Queued => true,
            NoticeState::Sending { lease_until, .. } => lease_until <= now,
            _ => false,
        };
        if !claimable {
            return Ok(None);
        }
        notice.state = NoticeState::Sending { lease_until, attempt };
        notice.attempts += 1;
        notice.revision += 1;
        Ok(Some(order.clone()))
    }
}

impl History for MemoryStore {
    async fn history(&self, order_id: &str) -> Result<Vec<TimelineEntry>, StoreError> {
        let tables = self.tables();
        let records = tables.events.get(order_id).into_iter().flat_map(|events| events.values().cloned());
        Ok(EventRecord::timeline(records))
    }

    async fn erase_history(&self, order_id: &str) -> Result<(), StoreError> {
        for record in self.tables().events.get_mut(order_id).into_iter().flat_map(|e| e.values_mut()) {
            if let Some(entry) = record.entry.as_mut() {
                entry.note = None;
            }
        }
        Ok(())
    }
}

impl Parking for MemoryStore {
    async fn park(&self, event: &ParkedEvent, _keep_until: Timestamp) -> Result<(), StoreError> {
        self.tables().parked.entry((event.order_id().to_string(), event.dedupe_key())).or_insert_with(|| event.clone());
        Ok(())
    }

    async fn parked(&self, order_id: &str) -> Result<Vec<ParkedEvent>, StoreError> {
        Ok(self.tables().parked.iter().filter(|((id, _), _)| id == order_id).map(|(_, e)| e.clone()).collect())
    }

    async fn unpark(&self, event: &ParkedEvent) -> Result<(), StoreError> {
        self.tables().parked.remove(&(event.order_id().to_string(), event.dedupe_key()));
        Ok(())
    }
}

impl Pointers for MemoryStore {
    async fn find_pointer(&self, pointer: &Pointer) -> Result<Option<String>, StoreError> {
        Ok(self.tables().pointers.get(&pointer_key(pointer)).cloned())
    }

    async fn pointed_orders(&self, pointer: &Pointer) -> Result<Vec<String>, StoreError> {
        let tables = self.tables();
        let mut ids: Vec<&Order> = tables
            .customers
            .get(&pointer_key(pointer))
            .into_iter()
            .flatten()
            .filter_map(|id| tables.orders.get(id))
            .collect();
        ids.sort_by_key(|o| std::cmp::Reverse(o.placed_at));
        Ok(ids.into_iter().map(|o| o.id.clone()).collect())
    }

    async fn unlink_customer(&self, customer: &Pointer, order_id: &str) -> Result<(), StoreError> {
        if let Some(orders) = self.tables().customers.get_mut(&pointer_key(customer)) {
            orders.retain(|id| id != order_id);
        }
        Ok(())
    }
}

impl Listings for MemoryStore {
    async fn open_orders(&self) -> Result<Vec<Order>, StoreError> {
        let tables = self.tables();
        let mut orders: Vec<Order> = tables.orders.values().filter(|o| o.waits_on_staff()).cloned().collect();
        orders.sort_by(|a, b| (b.placed_at, &b.id).cmp(&(a.placed_at, &a.id)));
        Ok(orders)
    }

    async fn finished_page(
        &self,
        status: FulfilmentStatus,
        limit: i32,
        after: Option<&str>,
    ) -> Result<Listed, StoreError> {
        let tables = self.tables();
        let mut orders: Vec<&Order> =
            tables.orders.values().filter(|o| Stage::of(o) == Stage::Finished(status)).collect();
        orders.sort_by(|a, b| (b.placed_at, &b.id).cmp(&(a.placed_at, &a.id)));
        Ok(Listed::page(orders, after, limit.max(1) as usize))
    }

    async fn due_orders(&self, now: Timestamp, limit: i32) -> Result<Vec<String>, StoreError> {
        let tables = self.tables();
        let mut due: Vec<(Timestamp, String)> = tables
            .orders
            .values()
            .filter_map(|o| {
                let at = tables.postponed.get(&o.id).copied().or(o.next_due_at())?;
                (at <= now).then(|| (at, o.id.clone()))
            })
            .collect();
        due.sort();
        Ok(due.into_iter().take(limit.max(0) as usize).map(|(_, id)| id).collect())
    }

    async fn postpone(&self, order_id: &str, until: Timestamp) -> Result<(), StoreError> {
        self.tables().postponed.insert(order_id.to_string(), until);
        Ok(())
    }
}

impl Sessions for MemoryStore {
    async fn count_failed_sign_in(
        &self,
        who: &str,
        now: Timestamp,
        window: jiff::SignedDuration,
    ) -> Result<u32, StoreError> {
        let mut tables = self.tables();
        let entry = tables.sign_ins.entry(who.to_string()).or_insert((0, now + window));
        if entry.1 <= now {
            *entry = (0, now + window);
        }
        entry.0 += 1;
        Ok(entry.0)
    }

    async fn failed_sign_ins(&self, who: &str, now: Timestamp) -> Result<u32, StoreError> {
        Ok(self.tables().sign_ins.get(who).filter(|(_, until)| *until > now).map_or(0, |(n, _)| *n))
    }

    async fn session_version(&self, account: &str) -> Result<u64, StoreError> {
        Ok(self.tables().sessions.get(account).copied().unwrap_or(0))
    }

    async fn end_sessions(&self, account: &str) -> Result<u64, StoreError> {
        let mut tables = self.tables();
        let version = tables.sessions.entry(account.to_string()).or_insert(0);
        *version += 1;
        Ok(*version)
    }
}

impl CustomerNotes for MemoryStore {
    async fn customer_note(&self, customer: &Pointer) -> Result<Option<super::StaffNote>, StoreError> {
        Ok(self.tables().notes.get(&pointer_key(customer)).cloned())
    }

    async fn set_customer_note(&self, customer: &Pointer, note: &super::StaffNote) -> Result<(), StoreError> {
        self.tables().notes.insert(pointer_key(customer), note.clone());
        Ok(())
    }

    async fn forget_customer_note(&self, customer: &Pointer) -> Result<(), StoreError> {
        self.tables().notes.remove(&pointer_key(customer));
        Ok(())
    }
}

impl Sequences for MemoryStore {
    async fn invoice_number(&self, order_id: &str) -> Result<u64, StoreError> {
        let mut tables = self.tables();
        let next = tables.invoices.len() as u64 + 1;
        Ok(*tables.invoices.entry(order_id.to_string()).or_insert(next))
    }

    async fn is_done(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.tables().done.contains(key))
    }

    async fn mark_done(&self, key: &str, _keep_until: Timestamp) -> Result<(), StoreError> {
        self.tables().done.insert(key.to_string());
        Ok(())
    }
}

impl super::Meters for MemoryStore {
    async fn count(&self, month: &str, usage: &crate::domain::usage::Usage) -> Result<(), StoreError> {
        let mut tables = self.tables();
        let kept = tables.usage.entry(month.to_string()).or_default();
        for (name, n) in usage.counts() {
            *kept.entry(name.clone()).or_default() += n;
        }
        Ok(())
    }

    async fn usage(&self, month: &str) -> Result<crate::domain::usage::Usage, StoreError> {
        Ok(crate::domain::usage::Usage::of(self.tables().usage.get(month).cloned().unwrap_or_default()))
    }

    async fn tally(&self, what: &str, window: &str, _keep_until: Timestamp) -> Result<u64, StoreError> {
        let mut tables = self.tables();
        let count = tables.tallies.entry(format!("{what}#{window}")).or_default();
        *count += 1;
        Ok(*count)
    }
}

impl Trails for MemoryStore {
    async fn record_audit(&self, entry: &super::AuditEntry) -> Result<(), StoreError> {
        self.tables().audit.push(entry.clone());
        Ok(())
    }

    async fn audit_trail(&self, day: jiff::civil::Date) -> Result<Vec<super::AuditEntry>, StoreError> {
        let tables = self.tables();
        let of_day = tables.audit.iter().rev().filter(|e| e.at.to_zoned(jiff::tz::TimeZone::UTC).date() == day);
        Ok(of_day.take(500).cloned().collect())
    }

    async fn note_unmatched(&self, event: &super::UnmatchedEvent) -> Result<Timestamp, StoreError> {
        let mut tables = self.tables();
        Ok(tables.unmatched.entry(event.key()).or_insert_with(|| event.clone()).first_at)
    }

    async fn unmatched_events(&self) -> Result<Vec<super::UnmatchedEvent>, StoreError> {
        let mut events: Vec<_> = self.tables().unmatched.values().cloned().collect();
        events.sort_by_key(|e| std::cmp::Reverse(e.first_at));
        events.truncate(100);
        Ok(events)
    }
}
