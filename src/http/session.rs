//! The back office's sessions: a signed cookie naming the account, its expiry, the account's
//! session version and a fingerprint of the account as configured. It is signed with `SESSION_KEY`
//! (random, in the secret store, never derived from a token) and checked on every request against
//! the settings (a removed account, or one whose token or role changed, has no session) and the
//! table (a session made before the account's sessions were ended is over).

use crate::app::access::{Actor, Door};
use crate::app::{App, AppError};
use crate::config::Account;
use crate::domain::Role;
use crate::notify::NoticeQueue;
use crate::store::{OrderStore, StoreError};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

const COOKIE: &str = "orderflow_staff";
/// How long a session lasts.
pub(super) const LASTS: SignedDuration = SignedDuration::from_hours(8);

/// A signed-in account, as its cookie and the settings say.
pub(super) struct Session {
    account: Account,
    /// The cookie's value, which the form token is derived from.
    cookie: String,
    /// The key it was signed with (the current one, or the one before while it changes).
    key: Vec<u8>,
}

pub(super) fn mac(key: &[u8], parts: &[&[u8]]) -> String {
    crate::primitives::hmac_hex(key, parts, 20)
}

impl Session {
    pub fn name(&self) -> &str {
        self.account.name()
    }

    pub fn role(&self) -> Role {
        self.account.role()
    }

    /// Whether the account's role reaches `role`.
    pub fn may(&self, role: Role) -> bool {
        self.role() >= role
    }

    /// The account as it acts on an order from the pages.
    pub fn actor(&self) -> Actor {
        Actor::new(&self.account, Door::Page)
    }

    /// The form token of this session: every post carries it back.
    pub fn form_token(&self) -> String {
        mac(&self.key, &[b"form|", self.cookie.as_bytes()])
    }

    /// Whether `given` is this session's form token (compared in constant time).
    pub fn is_form_token(&self, given: &str) -> bool {
        bool::from(subtle::ConstantTimeEq::ct_eq(self.form_token().as_bytes(), given.as_bytes()))
    }
}

fn fingerprint(key: &[u8], account: &Account) -> String {
    mac(key, &[b"account|", &account.fingerprint()])
}

/// A new session's cookie for `account`, under its current session version; none when no
/// `SESSION_KEY` is set.
pub(super) async fn start<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    account: &Account,
) -> Result<Option<HeaderValue>, StoreError> {
    let Some(key) = app.settings.staff.session_key() else { return Ok(None) };
    let version = crate::app::access::session_version(app, account.name()).await?;
    let expires = app.clock.now() + LASTS;
    let payload = format!("{}|{}|{version}|{}", account.name(), expires.as_second(), fingerprint(key, account));
    let payload = URL_SAFE_NO_PAD.encode(payload);
    let signature = mac(key, &[b"session|", payload.as_bytes()]);
    Ok(Some(set_cookie(app, &format!("{payload}.{signature}"), LASTS.as_secs())))
}

/// The session a request's cookie opens, if any: signed with a current key, not expired, its
/// account configured as it was, and made since the account's sessions were last ended.
pub(super) async fn open<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    headers: &HeaderMap,
) -> Result<Option<Session>, StoreError> {
    let cookies = headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok());
    let Some(value) = cookies.flat_map(|c| c.split(';')).find_map(|c| c.trim().strip_prefix("orderflow_staff=")) else {
        return Ok(None);
    };
    let Some((payload, signature)) = value.split_once('.') else { return Ok(None) };
    let signed_with = app.settings.staff.session_keys().find(|key| {
        let expected = mac(key, &[b"session|", payload.as_bytes()]);
        bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), signature.as_bytes()))
    });
    let Some(key) = signed_with else { return Ok(None) };
    let decoded = URL_SAFE_NO_PAD.decode(payload).ok().and_then(|d| String::from_utf8(d).ok()).unwrap_or_default();
    let mut parts = decoded.split('|');
    let (Some(name), Some(expires), Some(version), Some(print), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let expires = expires.parse().ok().and_then(|s| Timestamp::from_second(s).ok());
    let Some(account) = app.settings.staff.account(name) else { return Ok(None) };
    let live = expires.is_some_and(|expires| expires > app.clock.now());
    if !live || fingerprint(key, account) != print {
        return Ok(None);
    }
    if version.parse::<u64>().ok() != Some(crate::app::access::session_version(app, name).await?) {
        return Ok(None);
    }
    Ok(Some(Session { account: account.clone(), cookie: value.to_string(), key: key.to_vec() }))
}

/// The session cookie (or, with an empty value and no age, its removal).
pub(super) fn set_cookie<S, Q>(app: &App<S, Q>, value: &str, max_age: i64) -> HeaderValue {
    let secure = if app.settings.branding.public_base_url.starts_with("https://") { "; Secure" } else { "" };
    let path = super::shops::BasePath::of(&app.settings.shop).join("/staff");
    let cookie = format!("{COOKIE}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&cookie).expect("a cookie of safe characters")
}

/// A page handler's session: without one, the sign-in page.
impl<S: OrderStore, Q: NoticeQueue> FromRequestParts<Arc<App<S, Q>>> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App<S, Q>>) -> Result<Self, Self::Rejection> {
        match open(app, &parts.headers).await {
            Ok(Some(session)) => Ok(session),
            Ok(None) => {
                Err(Redirect::to(&super::shops::BasePath::of(&app.settings.shop).join("/staff/sign-in"))
                    .into_response())
            }
            Err(error) => Err(super::Problem::from(AppError::Store(error)).into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::config::Settings;
    use crate::notify::memory::MemoryQueue;
    use crate::store::MemoryStore;
    use sha2::Digest;

    const OLD_KEY: &str = "old-session-key-6b1e9c3a7f2d5e8a";
    const NEW_KEY: &str = "new-session-key-2d8f4a6c1e9b3a7d";
    const TOKEN: &str = "alice-token-3f9a7c2e-5d1b8e4a9c";

    fn app(accounts: &str, key: &str, store: &MemoryStore) -> App<MemoryStore, MemoryQueue> {
        let settings = Settings::example(&[("STAFF_ACCOUNTS", accounts), ("SESSION_KEY", key)]);
        App::new(
            store.clone(),
            MemoryQueue::default(),
            Arc::new(settings),
            Clock::fixed("2026-12-03T10:00:00Z".parse().unwrap()),
        )
    }

    fn alice(role: &str) -> String {
        format!("alice:{}:{role}", hex::encode(sha2::Sha256::digest(TOKEN)))
    }

    async fn cookie(app: &App<MemoryStore, MemoryQueue>) -> HeaderMap {
        let account = app.settings.staff.sign_in("alice", TOKEN).expect("alice signs in").clone();
        let set = start(app, &account).await.unwrap().expect("a session key is set");
        let value = set.to_str().unwrap().split(';').next().unwrap().to_string();
        HeaderMap::from_iter([(header::COOKIE, value.parse().unwrap())])
    }

    #[tokio::test]
    async fn a_new_session_key_keeps_the_old_ones_sessions_while_both_are_set() {
        let store = MemoryStore::new();
        let headers = cookie(&app(&alice("owner"), OLD_KEY, &store)).await;
        let rotating = app(&alice("owner"), &format!("{NEW_KEY} {OLD_KEY}"), &store);
        assert!(open(&rotating, &headers).await.unwrap().is_some(), "signed with the old key, still open");
        let fresh = cookie(&rotating).await;
        let rotated = app(&alice("owner"), NEW_KEY, &store);
        assert!(open(&rotated, &fresh).await.unwrap().is_some(), "new sessions are signed with the new key");
        assert!(open(&rotated, &headers).await.unwrap().is_none(), "the old key gone, its sessions are over");
    }

    #[tokio::test]
    async fn an_account_changed_or_removed_has_no_session() {
        let store = MemoryStore::new();
        let headers = cookie(&app(&alice("owner"), OLD_KEY, &store)).await;
        let session = open(&app(&alice("owner"), OLD_KEY, &store), &headers).await.unwrap().unwrap();
        assert_eq!((session.name(), session.role()), ("alice", Role::Owner));
        assert!(open(&app(&alice("staff"), OLD_KEY, &store), &headers).await.unwrap().is_none(), "role changed");
        let other_token =
            format!("alice:{}:owner", hex::encode(sha2::Sha256::digest("another-token-9e8d7c6b5a4f3e2d")));
        assert!(open(&app(&other_token, OLD_KEY, &store), &headers).await.unwrap().is_none(), "token changed");
        let bob = format!("bob:{}", hex::encode(sha2::Sha256::digest(TOKEN)));
        assert!(open(&app(&bob, OLD_KEY, &store), &headers).await.unwrap().is_none(), "account removed");
        let forged =
            HeaderMap::from_iter([(header::COOKIE, "orderflow_staff=YWxpY2V8OTk5OTk5OTk5OXwwfA.00".parse().unwrap())]);
        assert!(open(&app(&alice("owner"), OLD_KEY, &store), &forged).await.unwrap().is_none());
    }
}
