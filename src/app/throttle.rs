//! Limits on guessing a secret: wrong staff tokens on the sign-in page and wrong bearer tokens on the
//! admin API pause further attempts, counted per address the request really came from and, for
//! sign-in, per account named in the attempt. No address or name is stored: only a digest of it.

use super::App;
use crate::http::throttle::ClientAddress;
use crate::notify::NoticeQueue;
use crate::store::{OrderStore, StoreError};
use jiff::SignedDuration;

/// Wrong attempts from one address before attempts from it pause.
pub const FAILURES_PER_ADDRESS: u32 = 5;
/// Wrong attempts naming one account, from anywhere, before sign-in to it pauses: rotating
/// addresses does not buy more guesses.
pub const FAILURES_PER_ACCOUNT: u32 = 20;
/// How long a pause lasts.
pub const PAUSE: SignedDuration = SignedDuration::from_mins(15);

/// What one attempt is counted against: its address, and the account it names if any.
pub struct Attempt {
    keys: Vec<(String, u32)>,
}

fn digest(kind: &str, value: &str) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    hash.update(kind.as_bytes());
    hash.update(b"\0");
    hash.update(value.as_bytes());
    format!("{kind}:{}", hex::encode(&hash.finalize()[..12]))
}

impl Attempt {
    /// An attempt from `address` at `door` (`staff`, `admin`), naming `account` when it does.
    pub fn new(door: &str, address: &ClientAddress, account: Option<&str>) -> Self {
        let mut keys = vec![(digest(&format!("{door}-address"), &address.0), FAILURES_PER_ADDRESS)];
        if let Some(account) = account.filter(|a| !a.is_empty()) {
            keys.push((digest(&format!("{door}-account"), &account.to_ascii_lowercase()), FAILURES_PER_ACCOUNT));
        }
        Self { keys }
    }

    /// Whether attempts like this one are paused now (even the right token waits).
    pub async fn paused<S: OrderStore, Q: NoticeQueue>(&self, app: &App<S, Q>) -> Result<bool, StoreError> {
        let now = app.clock.now();
        for (key, allowed) in &self.keys {
            if app.store.failed_sign_ins(key, now).await? >= *allowed {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Counts a wrong attempt; whether attempts like it are paused from now on.
    pub async fn failed<S: OrderStore, Q: NoticeQueue>(&self, app: &App<S, Q>) -> bool {
        let now = app.clock.now();
        let mut paused = false;
        for (key, allowed) in &self.keys {
            let failures = app.store.count_failed_sign_in(key, now, PAUSE).await.unwrap_or(*allowed);
            paused |= failures >= *allowed;
        }
        paused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_counts_against_its_address_and_the_account_it_names() {
        let address = ClientAddress("203.0.113.5".into());
        assert_eq!(Attempt::new("staff", &address, Some("Alice")).keys.len(), 2);
        assert_eq!(Attempt::new("staff", &address, None).keys.len(), 1);
        let (a, b) = (Attempt::new("staff", &address, Some("alice")), Attempt::new("staff", &address, Some("ALICE")));
        assert_eq!(a.keys, b.keys, "one account whatever its case");
        assert_ne!(Attempt::new("admin", &address, None).keys, Attempt::new("staff", &address, None).keys);
    }
}
