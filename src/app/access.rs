//! Who acts in the back office, and the audit trail of what they did and saw.

use super::App;
use crate::config::{ADMIN_ACCOUNT, Account};
use crate::domain::{ActionKind, Role};
use crate::notify::NoticeQueue;
use crate::store::{AuditEntry, OrderStore, StoreError};

/// The door an account came in by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Door {
    /// The back-office pages, signed in.
    Page,
    /// The JSON API, with the admin token or an account's own.
    Api,
}

/// Who acts on an order from the back office: an account, its role and its door.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub account: String,
    pub role: Role,
    pub door: Door,
}

impl Actor {
    pub fn new(account: &Account, door: Door) -> Self {
        Self { account: account.name().to_string(), role: account.role(), door }
    }

    /// The timeline's source: `backoffice` for the admin token's scripts, else `staff:<name>`.
    pub fn source(&self) -> String {
        match (self.door, self.account.as_str()) {
            (Door::Api, ADMIN_ACCOUNT) => "backoffice".to_string(),
            (_, name) => format!("staff:{name}"),
        }
    }
}

/// What an audit line records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audited {
    /// A staff action on an order, done or refused.
    Action(ActionKind),
    /// A customer's card (their orders, contacts and staff's note) opened.
    CustomerCard,
    /// An order read whole through the API (contacts and addresses included).
    OrderRead,
    /// Every session of an account ended.
    SessionsEnded,
    /// The audit trail itself read.
    AuditRead,
    /// A customer's personal data erased.
    Erase,
}

impl Audited {
    pub fn name(self) -> &'static str {
        match self {
            Self::Action(kind) => kind.as_str(),
            Self::CustomerCard => "customer-card",
            Self::OrderRead => "order-read",
            Self::SessionsEnded => "sessions-ended",
            Self::AuditRead => "audit-read",
            Self::Erase => "erase",
        }
    }
}

/// Records what `by` did or saw of `subject` on the audit trail (`done`: false when refused).
pub async fn audit<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    by: &Actor,
    what: Audited,
    subject: &str,
    done: bool,
) -> Result<(), StoreError> {
    let entry = AuditEntry {
        at: app.clock.now(),
        account: by.account.clone(),
        role: by.role,
        via: <&str>::from(by.door).to_string(),
        what: what.name().to_string(),
        subject: subject.to_string(),
        outcome: if done { "done" } else { "refused" }.to_string(),
    };
    app.store.record_audit(&entry).await
}

/// The session version of `account`: a session made under an older one is over.
pub async fn session_version<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>, account: &str) -> Result<u64, StoreError> {
    app.store.session_version(account).await
}

/// Ends every session of `account` (on its own page, or the owner for anyone), on the audit trail.
pub async fn end_sessions<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    by: &Actor,
    account: &str,
) -> Result<u64, StoreError> {
    let version = app.store.end_sessions(account).await?;
    audit(app, by, Audited::SessionsEnded, account, true).await?;
    tracing::info!(staff = %by.account, ended = account, "sessions ended");
    Ok(version)
}

/// One day's audit trail (UTC), latest first; reading it is on the trail too.
pub async fn trail<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    by: &Actor,
    day: jiff::civil::Date,
) -> Result<Vec<AuditEntry>, StoreError> {
    let entries = app.store.audit_trail(day).await?;
    audit(app, by, Audited::AuditRead, &day.to_string(), true).await?;
    Ok(entries)
}
