//! Which shop a thing belongs to. One deployment may serve many shops; every key, path and message
//! of one carries its [`ShopId`].

use serde::{Deserialize, Serialize};

/// A shop's name in keys, paths (`/s/<shop>/…`) and the secret store: 1 to 32 lowercase ASCII
/// letters, digits and hyphens, beginning with a letter or digit. Checked once, where it enters,
/// so that it can go into a key or a path as it is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShopId(String);

/// A shop name that is not one (see [`ShopId`]).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a shop's name is 1 to 32 lowercase letters, digits and hyphens, beginning with a letter or digit")]
pub struct InvalidShopId;

impl ShopId {
    /// The longest name.
    pub const MAX_LEN: usize = 32;
    /// The shop of a single-shop deployment, and of the paths without `/s/<shop>`: its items keep
    /// the keys of a table from before shops (nothing to migrate).
    pub const DEFAULT: &'static str = "default";

    pub fn parse(name: &str) -> Result<Self, InvalidShopId> {
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        let valid = (1..=Self::MAX_LEN).contains(&name.len()) && name.chars().all(allowed) && !name.starts_with('-');
        valid.then(|| Self(name.to_string())).ok_or(InvalidShopId)
    }

    /// [`ShopId::DEFAULT`].
    pub fn default_shop() -> Self {
        Self(Self::DEFAULT.to_string())
    }

    pub fn is_default(&self) -> bool {
        self.0 == Self::DEFAULT
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ShopId {
    fn default() -> Self {
        Self::default_shop()
    }
}

impl TryFrom<String> for ShopId {
    type Error = InvalidShopId;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name)
    }
}

impl From<ShopId> for String {
    fn from(shop: ShopId) -> Self {
        shop.0
    }
}

impl std::str::FromStr for ShopId {
    type Err = InvalidShopId;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::parse(name)
    }
}

impl std::fmt::Display for ShopId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

vocabulary! {
    /// Whether a shop is served: a suspended shop's webhooks, pages and messages are refused (its
    /// data kept) until it is resumed; a removed one is refused as a suspended one is, and its
    /// data erased once its grace period ends (resumed before then, it is a shop again).
    #[derive(Default)]
    pub enum ShopState {
        #[default]
        Active,
        Suspended,
        Removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shop_name_is_short_lowercase_and_safe_in_a_key_or_a_path() {
        for good in ["default", "north", "shop-2", "7eleven", &"a".repeat(32)] {
            assert_eq!(ShopId::parse(good).map(|s| s.to_string()).as_deref(), Ok(good));
        }
        for bad in ["", "-north", "North", "nörth", "a/b", "a#b", "s p", "a.b", &"a".repeat(33)] {
            assert_eq!(ShopId::parse(bad), Err(InvalidShopId), "{bad:?}");
        }
        assert!(serde_json::from_str::<ShopId>("\"a#b\"").is_err(), "checked when read, too");
        assert!(ShopId::default().is_default());
    }
}
