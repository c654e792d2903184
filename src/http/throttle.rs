//! Limits on guessing a secret: wrong staff tokens on the sign-in page and wrong bearer tokens on the
//! admin API pause further attempts, counted per address the request really came from and, for
//! sign-in, per account named in the attempt. No address or name is stored: only a digest of it.

use crate::store::{OrderStore, StoreError};
use axum::extract::{ConnectInfo, FromRequestParts};
use jiff::{SignedDuration, Timestamp};
use std::net::SocketAddr;

/// Wrong attempts from one address before attempts from it pause.
pub const FAILURES_PER_ADDRESS: u32 = 5;
/// Wrong attempts naming one account, from anywhere, before sign-in to it pauses: rotating
/// addresses does not buy more guesses.
pub const FAILURES_PER_ACCOUNT: u32 = 20;
/// How long a pause lasts.
pub const PAUSE: SignedDuration = SignedDuration::from_mins(15);

/// The address a request came from, as the platform saw it: API Gateway's
/// `requestContext.http.sourceIp` in Lambda, the socket's peer under `orderflow dev`. Never a header
/// the client writes (`X-Forwarded-For` starts with whatever the client put there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    pub fn of(parts: &http::request::Parts) -> Self {
        let gateway = match parts.extensions.get::<lambda_http::request::RequestContext>() {
            Some(lambda_http::request::RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
            _ => None,
        };
        let socket =
            || parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip().to_string());
        Self(gateway.or_else(socket).unwrap_or_else(|| "unknown".into()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

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
    pub async fn paused(&self, store: &impl OrderStore, now: Timestamp) -> Result<bool, StoreError> {
        for (key, allowed) in &self.keys {
            if store.failed_sign_ins(key, now).await? >= *allowed {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Counts a wrong attempt; whether attempts like it are paused from now on.
    pub async fn failed(&self, store: &impl OrderStore, now: Timestamp) -> bool {
        let mut paused = false;
        for (key, allowed) in &self.keys {
            let failures = store.count_failed_sign_in(key, now, PAUSE).await.unwrap_or(*allowed);
            paused |= failures >= *allowed;
        }
        paused
    }
}

/// About how many bits of entropy `token` has if its characters were drawn at random from the
/// classes it uses: what a guesser must cover at best. Used to refuse tokens under 128 bits.
pub fn token_bits(token: &str) -> f64 {
    /// A class of characters and how many it has.
    type Class = (fn(char) -> bool, f64);
    let classes: [Class; 5] = [
        (|c| c.is_ascii_lowercase(), 26.0),
        (|c| c.is_ascii_uppercase(), 26.0),
        (|c| c.is_ascii_digit(), 10.0),
        (|c| c.is_ascii() && !c.is_ascii_alphanumeric(), 33.0),
        (|c| !c.is_ascii(), 100.0),
    ];
    let pool: f64 = classes.iter().filter(|(is, _)| token.chars().any(is)).map(|(_, size)| size).sum();
    if pool <= 1.0 {
        return 0.0;
    }
    token.chars().count() as f64 * pool.log2()
}

/// The least a sign-in or bearer token may have.
pub const TOKEN_BITS: f64 = 128.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_plain_tokens_are_under_128_bits_and_random_ones_over() {
        assert!(token_bits("") < TOKEN_BITS);
        assert!(token_bits("hunter2") < TOKEN_BITS);
        assert!(token_bits("test-admin-token") < TOKEN_BITS);
        assert!(token_bits(&"a".repeat(20)) < TOKEN_BITS);
        // `openssl rand -hex 16` and `-base64 24`.
        assert!(token_bits("9f86d081884c7d659a2feaa0c55ad015") >= TOKEN_BITS);
        assert!(token_bits("q3Zr8xPm1VbN7tYw4KcH2sJf6LdA") >= TOKEN_BITS);
    }

    #[test]
    fn the_address_is_the_platforms_not_a_header() {
        let request = http::Request::builder()
            .header("x-forwarded-for", "1.2.3.4, 198.51.100.20")
            .extension(ConnectInfo(SocketAddr::from(([203, 0, 113, 5], 40000))))
            .body(())
            .unwrap();
        assert_eq!(ClientAddress::of(&request.into_parts().0).0, "203.0.113.5");
        let mut context = lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext::default();
        context.http.source_ip = Some("198.51.100.20".into());
        let lambda = http::Request::builder()
            .header("x-forwarded-for", "1.2.3.4, 198.51.100.20")
            .extension(lambda_http::request::RequestContext::ApiGatewayV2(context))
            .body(())
            .unwrap();
        assert_eq!(ClientAddress::of(&lambda.into_parts().0).0, "198.51.100.20");
        let bare = http::Request::builder().header("x-forwarded-for", "1.2.3.4").body(()).unwrap();
        assert_eq!(ClientAddress::of(&bare.into_parts().0).0, "unknown");
    }

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
