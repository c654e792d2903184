//! Webhook signatures: HMAC-SHA256 over the raw body bytes, compared in constant time.

use crate::primitives::hmac as mac;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::Mac;
use jiff::Timestamp;

/// How far a signed timestamp may be from now (Stripe's and our generic scheme's tolerance).
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("this source is not configured: its webhook secret is not set")]
    NotConfigured,
    #[error("the {0} header is missing")]
    Missing(&'static str),
    #[error("the {0} header is malformed")]
    Malformed(&'static str),
    #[error("the signature does not match the body")]
    Mismatch,
    #[error("the signature timestamp is more than 300 seconds away from now")]
    Stale,
    /// The provider's verification service could not be reached: retry later.
    #[error("the signature could not be verified now: {0}")]
    VerifierUnavailable(String),
}

/// Base64 HMAC-SHA256 of the body (Shopify, WooCommerce, AfterShip).
#[cfg(any(test, feature = "dev"))]
pub fn sign_base64(secret: &str, body: &[u8]) -> String {
    BASE64.encode(mac(secret.as_bytes(), &[body]).finalize().into_bytes())
}

/// Checks a base64 HMAC-SHA256 of the body sent in `header`.
pub fn verify_base64(
    header: &'static str,
    value: Option<&str>,
    secret: &str,
    body: &[u8],
) -> Result<(), SignatureError> {
    let value = value.ok_or(SignatureError::Missing(header))?;
    let signature = BASE64.decode(value.trim()).map_err(|_| SignatureError::Malformed(header))?;
    mac(secret.as_bytes(), &[body]).verify_slice(&signature).map_err(|_| SignatureError::Mismatch)
}

/// `t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}"}` (Stripe, the generic scheme, and the
/// status feed's outbound webhooks).
pub fn sign_timestamped(secret: &str, body: &[u8], at: Timestamp) -> String {
    sign_timestamped_with_each(&[secret], body, at)
}

/// `t=…,v1=…,v1=…`: one `v1` per secret (a new one and the previous while a receiver switches).
pub fn sign_timestamped_with_each(secrets: &[&str], body: &[u8], at: Timestamp) -> String {
    let t = at.as_second().to_string();
    let mut header = format!("t={t}");
    for secret in secrets {
        let signature = mac(secret.as_bytes(), &[t.as_bytes(), b".", body]).finalize().into_bytes();
        header.push_str(&format!(",v1={}", hex::encode(signature)));
    }
    header
}

/// Checks a `t=…,v1=…` header; any one of several `v1` values may match (secret rotation).
pub fn verify_timestamped(
    header: &'static str,
    value: Option<&str>,
    secret: &str,
    body: &[u8],
    now: Timestamp,
) -> Result<(), SignatureError> {
    let value = value.ok_or(SignatureError::Missing(header))?;
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for pair in value.split(',') {
        match pair.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v1)) => candidates.push(hex::decode(v1).map_err(|_| SignatureError::Malformed(header))?),
            _ => {}
        }
    }
    let t = timestamp.ok_or(SignatureError::Malformed(header))?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed(header));
    }
    let expected = mac(secret.as_bytes(), &[t.to_string().as_bytes(), b".", body]);
    if !candidates.iter().any(|c| expected.clone().verify_slice(c).is_ok()) {
        return Err(SignatureError::Mismatch);
    }
    if (now.as_second() - t).abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":1}"#;

    #[test]
    fn base64_round_trip_and_tamper() {
        let signature = sign_base64("s3cret", BODY);
        assert_eq!(verify_base64("X-Sig", Some(&signature), "s3cret", BODY), Ok(()));
        assert_eq!(verify_base64("X-Sig", Some(&signature), "other", BODY), Err(SignatureError::Mismatch));
        assert_eq!(verify_base64("X-Sig", Some(&signature), "s3cret", br#"{"id":2}"#), Err(SignatureError::Mismatch));
        assert_eq!(verify_base64("X-Sig", None, "s3cret", BODY), Err(SignatureError::Missing("X-Sig")));
        assert_eq!(verify_base64("X-Sig", Some("%%"), "s3cret", BODY), Err(SignatureError::Malformed("X-Sig")));
    }

    #[test]
    fn timestamped_accepts_any_v1_within_tolerance() {
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        let signed = sign_timestamped("s3cret", BODY, now);
        let rotated = format!("{},v1={}", signed, "00".repeat(32));
        assert_eq!(verify_timestamped("S", Some(&rotated), "s3cret", BODY, now), Ok(()));
        let later = Timestamp::from_second(now.as_second() + 301).unwrap();
        assert_eq!(verify_timestamped("S", Some(&signed), "s3cret", BODY, later), Err(SignatureError::Stale));
        assert_eq!(verify_timestamped("S", Some(&signed), "wrong", BODY, now), Err(SignatureError::Mismatch));
        assert_eq!(verify_timestamped("S", Some("v1=ab"), "s3cret", BODY, now), Err(SignatureError::Malformed("S")));
    }
}
