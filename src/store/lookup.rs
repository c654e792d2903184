//! Customers' lookup keys: a customer's orders are found by a keyed digest of their email or
//! phone (HMAC-SHA-256 with `LOOKUP_KEY`), so that nobody who reads the table can tell whose they
//! are, nor enumerate phone numbers back from them. `LOOKUP_KEY` may hold a new key and the former
//! one while it changes (the first writes, both are read), and pointers written before keys
//! existed (a bare SHA-256) are still read, so no order is lost from its customer's card.

use crate::domain::Private;

#[derive(Clone, Default)]
pub struct LookupKeys {
    keys: Vec<Private<Vec<u8>>>,
}

impl std::fmt::Debug for LookupKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LookupKeys({} keys)", self.keys.len())
    }
}

/// A contact as it is looked up: an email in lower case, a phone number's digits and `+`.
pub fn normal(contact: &str) -> String {
    match contact.contains('@') {
        true => contact.trim().to_lowercase(),
        false => contact.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect(),
    }
}

impl LookupKeys {
    /// `LOOKUP_KEY`: one key, or the new and the former separated by a space; each of at least 128
    /// bits.
    pub fn read(value: Option<&str>) -> Result<Self, String> {
        let keys: Vec<&str> = value.unwrap_or_default().split_whitespace().collect();
        if keys.is_empty() {
            return Err("LOOKUP_KEY is required: make one with `openssl rand -hex 32`".into());
        }
        if let Some(weak) =
            keys.iter().find(|k| crate::http::throttle::token_bits(k) < crate::http::throttle::TOKEN_BITS)
        {
            return Err(format!(
                "LOOKUP_KEY is too short (about {:.0} bits; at least 128 are needed)",
                crate::http::throttle::token_bits(weak)
            ));
        }
        Ok(Self { keys: keys.iter().map(|k| Private::new(k.as_bytes().to_vec())).collect() })
    }

    /// The digest a customer's pointers are written under.
    pub fn digest(&self, contact: &str) -> String {
        self.digests(contact).swap_remove(0)
    }

    /// Every digest a customer's pointers may have been written under: each key's, then the bare
    /// digest of pointers written before keys.
    pub fn digests(&self, contact: &str) -> Vec<String> {
        use sha2::Digest;
        let normal = normal(contact);
        let mut digests: Vec<String> =
            self.keys.iter().map(|key| crate::primitives::hmac_hex(key.expose(), &[normal.as_bytes()], 16)).collect();
        digests.push(hex::encode(&sha2::Sha256::digest(normal.as_bytes())[..16]));
        digests
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_is_found_under_the_new_key_the_former_and_the_bare_digest() {
        let (old, new) = ("lookup-old-7e2a9c4f1b8d3e6a", "lookup-new-3c8e1a7f4d2b9e5a");
        let before = LookupKeys::read(Some(old)).unwrap();
        let during = LookupKeys::read(Some(&format!("{new} {old}"))).unwrap();
        let written = before.digest("Ada@Example.com ");
        assert_eq!(written, before.digest("ada@example.com"), "an email in any case");
        assert!(during.digests("ada@example.com").contains(&written));
        assert_ne!(during.digest("ada@example.com"), written, "written under the new key");
        let bare = during.digests("+48 601 234 567").pop().unwrap();
        assert_eq!(bare, during.digests("+48601234567").pop().unwrap());
        assert_ne!(during.digest("+48601234567"), bare, "keyed, not a bare hash of the number");
        assert!(LookupKeys::read(None).is_err() && LookupKeys::read(Some("short")).is_err());
    }
}
