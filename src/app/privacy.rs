//! Erasure of a customer's personal data: on their request (`orderflow customers erase`, or the
//! owner on the customer's card), and by the sweep once an archived order's retention period is
//! over. What is erased and what is kept for the accounts: [`crate::domain::Order::erase_personal`].

use super::update_order;
use crate::store::lookup::normal;
use crate::store::{OrderStore, Pointer, StoreError};
use jiff::Timestamp;

/// The orders a customer's erasure went through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub orders: Vec<String>,
}

/// Erases the customer of `order_id` (by the contact it gives, or that order alone when it gives
/// none); `None` when there is no such order.
pub async fn erase_customer_of<S: OrderStore>(
    store: &S,
    order_id: &str,
    now: Timestamp,
) -> Result<Option<Vec<String>>, StoreError> {
    let Some(order) = store.get(order_id).await? else { return Ok(None) };
    let contact = [&order.customer.email, &order.customer.phone].into_iter().flatten().next();
    match contact {
        Some(contact) => erase_customer(store, contact.expose(), now).await.map(|erased| Some(erased.orders)),
        None => erase_order(store, order_id, now).await.map(Some),
    }
}

/// Erases the customer with this email or phone (as stored: an email, or a phone in E.164) from
/// every one of their orders: those found by it, and by the other contacts those orders give (a
/// customer found by email who also gave a phone), until no new order turns up; then staff's note
/// about them.
pub async fn erase_customer<S: OrderStore>(store: &S, contact: &str, now: Timestamp) -> Result<Erased, StoreError> {
    let mut contacts = vec![normal(contact)];
    let mut orders: Vec<String> = Vec::new();
    let mut next = 0;
    while let Some(contact) = contacts.get(next).cloned() {
        next += 1;
        let customer = Pointer::customer(&contact);
        for order_id in store.pointed_orders(&customer).await? {
            if orders.contains(&order_id) {
                continue;
            }
            for found in erase_order(store, &order_id, now).await? {
                if !contacts.contains(&normal(&found)) {
                    contacts.push(normal(&found));
                }
            }
            // The link searched by too: the order's contacts may have been corrected since.
            store.unlink_customer(&customer, &order_id).await?;
            orders.push(order_id);
        }
        store.forget_customer_note(&customer).await?;
    }
    tracing::info!(orders = orders.len(), "customer erased");
    Ok(Erased { orders })
}

/// Erases the customer's personal data from one order: its history's notes and its links from the
/// customer's email and phone first, then its head and details (which mark it done, so an erasure
/// cut short is done again whole); returns those contacts (none when it was erased before). Staff's
/// note about the customer goes with their last order.
pub async fn erase_order<S: OrderStore>(store: &S, order_id: &str, now: Timestamp) -> Result<Vec<String>, StoreError> {
    let Some(order) = store.get(order_id).await? else { return Ok(Vec::new()) };
    let contacts: Vec<String> =
        [&order.customer.email, &order.customer.phone].into_iter().flatten().map(|c| c.expose().clone()).collect();
    store.erase_history(order_id).await?;
    for contact in &contacts {
        store.unlink_customer(&Pointer::customer(contact), order_id).await?;
    }
    update_order(store, order, |o| o.erase_personal(now)).await?;
    for contact in &contacts {
        let customer = Pointer::customer(contact);
        if store.pointed_orders(&customer).await?.is_empty() {
            store.forget_customer_note(&customer).await?;
        }
    }
    tracing::info!(order_id, "personal data erased");
    Ok(contacts)
}
