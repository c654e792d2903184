//! Erasure of a customer's personal data: on their request (`orderflow customers erase`, or the
//! owner on the customer's card), and by the sweep once an archived order's retention period is
//! over. What is erased and what is kept for the accounts: [`crate::domain::Order::erase_personal`].

use super::update_order;
use crate::store::{OrderStore, Pointer, StoreError};
use jiff::Timestamp;

/// The orders a customer's erasure went through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Erased {
    pub orders: Vec<String>,
}

/// Erases the customer with this email or phone (as stored: an email, or a phone in E.164) from
/// every one of their orders, and staff's note about them.
pub async fn erase_customer<S: OrderStore>(store: &S, contact: &str, now: Timestamp) -> Result<Erased, StoreError> {
    let customer = Pointer::customer(contact);
    let orders = store.pointed_orders(&customer).await?;
    let mut contacts = vec![contact.to_string()];
    for order_id in &orders {
        contacts.extend(erase_order(store, order_id, now).await?);
    }
    // Staff's note, under each of their contacts (found by email, they may have given a phone too).
    for contact in &contacts {
        store.forget_customer_note(&Pointer::customer(contact)).await?;
    }
    tracing::info!(orders = orders.len(), "customer erased");
    Ok(Erased { orders })
}

/// Erases the customer's personal data from one order: its head and details, its history's notes,
/// and its links from the customer's email and phone; returns those contacts (none when it was
/// erased before).
pub async fn erase_order<S: OrderStore>(store: &S, order_id: &str, now: Timestamp) -> Result<Vec<String>, StoreError> {
    let Some(order) = store.get(order_id).await? else { return Ok(Vec::new()) };
    let contacts: Vec<String> =
        [&order.customer.email, &order.customer.phone].into_iter().flatten().map(|c| c.expose().clone()).collect();
    update_order(store, order, |o| o.erase_personal(now)).await?;
    store.erase_history(order_id).await?;
    for contact in &contacts {
        store.unlink_customer(&Pointer::customer(contact), order_id).await?;
    }
    tracing::info!(order_id, "personal data erased");
    Ok(contacts)
}
