//! A shop's secrets (its webhook secrets, admin token, session and lookup keys, provider keys),
//! kept in its record sealed with AES-256-GCM under the deployment's `SHOPS_KEY` (which lives in
//! the deployment's secret): a shop adds no secret of its own to pay for, and a sealed value opens
//! only as the shop it was sealed for (the shop's name is the cipher's associated data).

use crate::domain::ShopId;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The key that seals every shop's secrets, from the deployment secret's `SHOPS_KEY`.
pub struct SealingKey(LessSafeKey);

/// Sealed secrets: a random nonce and the cipher text, base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    nonce: String,
    data: String,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("SHOPS_KEY must be at least {} characters of random text", SealingKey::MIN_LEN)]
    WeakKey,
    #[error("the shop's secrets do not open with this deployment's SHOPS_KEY")]
    DoesNotOpen,
}

impl SealingKey {
    pub const MIN_LEN: usize = 24;

    /// The key of `text` (its SHA-256): any random text of [`Self::MIN_LEN`] characters or more.
    pub fn read(text: &str) -> Result<Self, SealError> {
        use sha2::Digest;
        if text.trim().len() < Self::MIN_LEN {
            return Err(SealError::WeakKey);
        }
        let bytes = sha2::Sha256::digest(text.trim().as_bytes());
        let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| SealError::WeakKey)?;
        Ok(Self(LessSafeKey::new(key)))
    }

    pub fn seal(&self, shop: &ShopId, secrets: &BTreeMap<String, String>) -> Sealed {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the system random source is available");
        let mut data = serde_json::to_vec(secrets).expect("names and values serialise");
        self.0
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), aad(shop), &mut data)
            .expect("a few kilobytes are within AES-GCM's limits");
        Sealed { nonce: STANDARD.encode(nonce), data: STANDARD.encode(data) }
    }

    pub fn open(&self, shop: &ShopId, sealed: &Sealed) -> Result<BTreeMap<String, String>, SealError> {
        let nonce: [u8; NONCE_LEN] =
            STANDARD.decode(&sealed.nonce).ok().and_then(|n| n.try_into().ok()).ok_or(SealError::DoesNotOpen)?;
        let mut data = STANDARD.decode(&sealed.data).map_err(|_| SealError::DoesNotOpen)?;
        let plain = self
            .0
            .open_in_place(Nonce::assume_unique_for_key(nonce), aad(shop), &mut data)
            .map_err(|_| SealError::DoesNotOpen)?;
        serde_json::from_slice(plain).map_err(|_| SealError::DoesNotOpen)
    }
}

fn aad(shop: &ShopId) -> Aad<Vec<u8>> {
    Aad::from(format!("orderflow-shop:{shop}").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_open_only_with_the_key_and_as_the_shop_they_were_sealed_for() {
        let key = SealingKey::read("a-random-key-of-enough-length-31f9").unwrap();
        let (north, south) = (ShopId::parse("north").unwrap(), ShopId::parse("south").unwrap());
        let secrets = BTreeMap::from([("ADMIN_TOKEN".to_string(), "north-admin-token-7d1e".to_string())]);
        let sealed = key.seal(&north, &secrets);
        assert_eq!(key.open(&north, &sealed), Ok(secrets.clone()));
        assert!(!sealed.data.contains("north-admin"), "sealed, not encoded");
        assert_ne!(key.seal(&north, &secrets), sealed, "a new nonce each time");
        assert_eq!(key.open(&south, &sealed), Err(SealError::DoesNotOpen), "moved to another shop's record");
        let other = SealingKey::read("another-random-key-of-enough-length").unwrap();
        assert_eq!(other.open(&north, &sealed), Err(SealError::DoesNotOpen));
        let mut tampered = sealed.clone();
        tampered.data = STANDARD.encode(b"nothing sealed here at all");
        assert_eq!(key.open(&north, &tampered), Err(SealError::DoesNotOpen));
        assert_eq!(SealingKey::read("short").err(), Some(SealError::WeakKey));
    }
}
