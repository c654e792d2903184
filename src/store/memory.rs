//! An in-memory [`OrderStore`] with the DynamoDB adapter's semantics (conditional writes on the
//! version, notice claims with leases, the due and status indexes, parked events, pointers), for
//! unit tests and benchmarks that must not depend on the emulator.

use super::{Expect, OrderPage, OrderStore, OrderSummary, Pointer, StoreError};
use crate::domain::{FulfilmentStatus, NoticeState, Order, PaymentEvent};
use jiff::Timestamp;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Tables>>,
}

#[derive(Default)]
struct Tables {
    orders: HashMap<String, Order>,
    parked: BTreeMap<(String, String), PaymentEvent>,
    pointers: HashMap<String, String>,
}

fn pointer_key(pointer: &Pointer) -> String {
    match pointer {
        Pointer::Payment(provider, reference) => format!("{}#{reference}", provider.as_str()),
        Pointer::Tracking(number) => format!("track#{number}"),
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
}

impl OrderStore for MemoryStore {
    async fn get(&self, order_id: &str) -> Result<Option<Order>, StoreError> {
        Ok(self.tables().orders.get(order_id).cloned())
    }

    async fn put(&self, order: &Order, expect: Expect) -> Result<(), StoreError> {
        let mut tables = self.tables();
        let current = tables.orders.get(&order.id).map(|o| o.version);
        let allowed = match expect {
            Expect::New => current.is_none(),
            Expect::Version(version) => current == Some(version),
        };
        if !allowed {
            return Err(StoreError::Conflict);
        }
        tables.orders.insert(order.id.clone(), order.clone());
        Ok(())
    }

    async fn claim_notice(
        &self,
        order_id: &str,
        notice_id: &str,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<Option<Order>, StoreError> {
        let mut tables = self.tables();
        let Some(order) = tables.orders.get_mut(order_id) else { return Ok(None) };
        let Some(notice) = order.notices.get_mut(notice_id) else { return Ok(None) };
        let claimable = match notice.state {
            NoticeState::Queued => true,
            NoticeState::Sending { lease_until } => lease_until <= now,
            _ => false,
        };
        if !claimable {
            return Ok(None);
        }
        notice.state = NoticeState::Sending { lease_until };
        notice.attempts += 1;
        order.version += 1;
        Ok(Some(order.clone()))
    }

    async fn due_orders(&self, now: Timestamp, limit: i32) -> Result<Vec<String>, StoreError> {
        let tables = self.tables();
        let mut due: Vec<(Timestamp, String)> = tables
            .orders
            .values()
            .filter_map(|o| o.next_due_at().filter(|at| *at <= now).map(|at| (at, o.id.clone())))
            .collect();
        due.sort();
        Ok(due.into_iter().take(limit.max(0) as usize).map(|(_, id)| id).collect())
    }

    async fn park(&self, event: &PaymentEvent, _keep_until: Timestamp) -> Result<(), StoreError> {
        self.tables().parked.entry((event.order_id.clone(), event.dedupe_key())).or_insert_with(|| event.clone());
        Ok(())
    }

    async fn parked(&self, order_id: &str) -> Result<Vec<PaymentEvent>, StoreError> {
        Ok(self.tables().parked.iter().filter(|((id, _), _)| id == order_id).map(|(_, e)| e.clone()).collect())
    }

    async fn unpark(&self, event: &PaymentEvent) -> Result<(), StoreError> {
        self.tables().parked.remove(&(event.order_id.clone(), event.dedupe_key()));
        Ok(())
    }

    async fn put_pointer(&self, pointer: &Pointer, order_id: &str) -> Result<(), StoreError> {
        self.tables().pointers.insert(pointer_key(pointer), order_id.to_string());
        Ok(())
    }

    async fn find_pointer(&self, pointer: &Pointer) -> Result<Option<String>, StoreError> {
        Ok(self.tables().pointers.get(&pointer_key(pointer)).cloned())
    }

    async fn list_by_status(
        &self,
        status: FulfilmentStatus,
        limit: i32,
        after: Option<&str>,
    ) -> Result<OrderPage, StoreError> {
        let tables = self.tables();
        let mut orders: Vec<&Order> = tables.orders.values().filter(|o| o.status == status).collect();
        orders.sort_by(|a, b| (b.placed_at, &b.id).cmp(&(a.placed_at, &a.id)));
        let start = after.and_then(|cursor| orders.iter().position(|o| o.id == cursor)).map_or(0, |i| i + 1);
        let page: Vec<OrderSummary> = orders[start..]
            .iter()
            .take(limit.max(1) as usize)
            .map(|o| OrderSummary {
                order_id: o.id.clone(),
                number: o.number.clone(),
                status: o.status,
                payment_status: o.payment.status,
                total: o.money(o.totals.total_minor).to_string(),
                placed_at: o.placed_at,
            })
            .collect();
        let next = (start + page.len() < orders.len()).then(|| page.last().map(|o| o.order_id.clone())).flatten();
        Ok(OrderPage { orders: page, next })
    }
}
