//! Small helpers written once: HMAC-SHA256 of several parts under a key (webhook signatures, session
//! cookies, the status page's form keys, customers' lookup keys), text put into HTML outside a
//! template (escaped as the templates escape it), and the wait before trying again.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC-SHA256 of `parts`, one after the other, under `key`; [`Mac::verify_slice`] compares it
/// in constant time, `finalize` gives the digest.
pub fn hmac(key: &[u8], parts: &[&[u8]]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac
}

/// The first `bytes` bytes of [`hmac`], in hex.
pub fn hmac_hex(key: &[u8], parts: &[&[u8]], bytes: usize) -> String {
    hex::encode(&hmac(key, parts).finalize().into_bytes()[..bytes])
}

/// `text` with `&`, `<`, `>` and quotes escaped (askama's HTML escaper, the one the templates use).
pub fn escape_html(text: &str) -> String {
    let Ok(safe) = askama::filters::escape(text, askama::filters::Html);
    safe.to_string()
}

/// How long to wait before `attempt` (1 for the first retry): `first`, multiplied by `factor` for
/// each retry after it, never more than `cap`.
pub fn backoff(
    first: jiff::SignedDuration,
    factor: i32,
    attempt: u32,
    cap: jiff::SignedDuration,
) -> jiff::SignedDuration {
    (1..attempt).fold(first, |wait, _| wait.checked_mul(factor).unwrap_or(cap).min(cap)).min(cap)
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    #[test]
    fn waits_grow_by_their_factor_up_to_the_cap() {
        let waits: Vec<i64> = (1..=8)
            .map(|attempt| super::backoff(SignedDuration::from_secs(30), 2, attempt, SignedDuration::from_mins(15)))
            .map(|wait| wait.as_secs())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 900, 900, 900]);
    }
    #[test]
    fn text_is_escaped_as_the_templates_escape_it() {
        assert_eq!(super::escape_html("<b>Tom & \"Jerry\"</b>"), "&#60;b&#62;Tom &#38; &#34;Jerry&#34;&#60;/b&#62;");
    }
}
