//! Which shop's items a store reads and writes.

use super::{DUE_SHARDS, LEGACY_DUE_SHARD, due_shard, stage_key};
use crate::domain::ShopId;
use crate::store::Stage;
use jiff::Timestamp;

/// Where a shop's items are kept ([`ShopId`]): the default shop's keys are those of a table from
/// before shops (nothing to move); every other shop's partition keys, and its partitions of both
/// indexes, begin with `S#<shop>#`, which no key of the default shop does. A store is scoped to one
/// shop: it can neither read nor write another's items.
#[derive(Clone, Debug, Default)]
pub(super) struct Scope(String);

impl Scope {
    pub(super) fn of(shop: &ShopId) -> Self {
        if shop.is_default() { Self::default() } else { Self(format!("S#{shop}#")) }
    }

    /// `key` (a partition key, or an index's partition) in this shop.
    pub(super) fn key(&self, key: &str) -> String {
        format!("{}{key}", self.0)
    }

    /// The shop's key `pk` without the shop; none when it is another shop's.
    pub(super) fn strip<'a>(&self, pk: &'a str) -> Option<&'a str> {
        let key = pk.strip_prefix(self.0.as_str())?;
        // The default shop's keys never begin with another shop's mark.
        (!self.0.is_empty() || !key.starts_with("S#")).then_some(key)
    }

    pub(super) fn order(&self, order_id: &str) -> String {
        self.key(&format!("ORDER#{order_id}"))
    }

    /// The order id of an order item's partition key in this shop.
    pub(super) fn order_id<'a>(&self, pk: &'a str) -> Option<&'a str> {
        self.strip(pk)?.strip_prefix("ORDER#")
    }

    pub(super) fn stage(&self, stage: Stage) -> String {
        self.key(stage_key(stage))
    }

    /// The `by-due` partition of an order's due items: one of the default shop's shards; an added
    /// shop's one partition of its own (the shop is what spreads the keys, and its idle sweep is
    /// one query a minute).
    pub(super) fn due_shard(&self, order_id: &str) -> String {
        match self.0.is_empty() {
            true => due_shard(order_id),
            false => self.key(ADDED_SHOP_DUE),
        }
    }

    /// Every `by-due` partition the sweep reads for this shop: the default shop's shards and the
    /// one of before them, or an added shop's one.
    pub(super) fn due_shards(&self) -> Vec<String> {
        match self.0.is_empty() {
            true => (0..DUE_SHARDS).map(|n| format!("DUE#{n:02}")).chain([LEGACY_DUE_SHARD.to_string()]).collect(),
            false => vec![self.key(ADDED_SHOP_DUE)],
        }
    }

    pub(super) fn due(&self, order_id: &str, at: Option<Timestamp>) -> (Option<String>, Option<i64>) {
        (at.map(|_| self.due_shard(order_id)), at.map(|t| t.as_second()))
    }
}

/// An added shop's `by-due` partition (after its mark).
const ADDED_SHOP_DUE: &str = "DUE";

/// The shop whose item has partition key `pk` (none: not a shop's key of any kind we make).
pub fn shop_of_key(pk: &str) -> Option<ShopId> {
    match pk.strip_prefix("S#") {
        Some(rest) => ShopId::parse(rest.split_once('#')?.0).ok(),
        None => Some(ShopId::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default shop keeps a single-shop table's keys; another shop's keys and index partitions
    /// are its own, and neither reads the other's.
    #[test]
    fn a_shop_reads_its_own_keys_only() {
        let (default, north) = (Scope::of(&ShopId::default()), Scope::of(&ShopId::parse("north").unwrap()));
        assert_eq!(default.order("1001"), "ORDER#1001");
        assert_eq!(north.order("1001"), "S#north#ORDER#1001");
        assert_eq!(default.order_id("ORDER#1001"), Some("1001"));
        assert_eq!(north.order_id("S#north#ORDER#1001"), Some("1001"));
        assert_eq!(default.order_id("S#north#ORDER#1001"), None);
        assert_eq!(north.order_id("ORDER#1001"), None);
        assert_eq!(Scope::of(&ShopId::parse("nor").unwrap()).order_id("S#north#ORDER#1001"), None);
        assert_eq!(north.stage(Stage::Open), "S#north#open");
        assert_eq!((north.due_shard("1001"), north.due_shard("1002")), ("S#north#DUE".into(), "S#north#DUE".into()));
        assert_eq!(north.due_shards(), ["S#north#DUE"], "one query a minute for an added shop");
        assert_eq!(default.due_shard("1001"), due_shard("1001"));
        assert_eq!(default.due_shards().len(), 9);
        assert_eq!(shop_of_key("S#north#ORDER#1001"), ShopId::parse("north").ok());
        assert_eq!(shop_of_key("ORDER#1001"), Some(ShopId::default()));
        assert_eq!(shop_of_key("S#North#ORDER#1001"), None);
    }
}
