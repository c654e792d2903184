//! What a shop used in a month, counted as the work happens, to bill by: orders, lifecycle events,
//! emails, SMS and their segments by destination country, feed deliveries; and what it stored, as
//! the month's close counts it.

use jiff::Timestamp;
use std::collections::BTreeMap;

vocabulary! {
    /// One thing counted. SMS segments are counted per destination country besides
    /// (`sms_segments.US`).
    pub enum Meter {
        /// An order received (its first head write).
        Orders,
        /// A change of an order's status (placed, paid, packed, shipped, a carrier's news…).
        Events,
        Emails,
        Sms,
        SmsSegments,
        FeedDeliveries,
        /// The items the shop had in the table when the month closed (counted then, not added to).
        StoredItems,
        /// Their size as DynamoDB bills storage (names and values), when the month closed.
        StoredBytes,
    }
}

/// What each counted thing costs the host, in US dollars (us-east-1 on-demand list prices, arm64,
/// from BENCHMARKS.md): an order's whole lifecycle (Lambda, DynamoDB, SQS, and publishing its feed),
/// an email (SES), an SMS segment (SNS at the US rate: other countries' differ, see AWS's price
/// list), a feed delivery to one subscriber, a byte stored for a month ($0.25 a GB).
pub const PRICES: [(Meter, f64); 5] = [
    (Meter::Orders, 0.000_136_4),
    (Meter::Emails, 0.000_1),
    (Meter::SmsSegments, 0.005_81),
    (Meter::FeedDeliveries, 0.000_002_9),
    (Meter::StoredBytes, 0.25 / 1e9),
];

/// The estimated cost of `usage` at [`PRICES`].
pub fn estimated_cost(usage: &Usage) -> f64 {
    PRICES.iter().map(|(meter, price)| usage.get(*meter) as f64 * price).sum()
}

/// The month before `at`'s (UTC): the one a close is for.
pub fn previous_month(at: Timestamp) -> String {
    month_before(&month_of(at)).expect("a month as month_of writes it")
}

/// The month before `month` (`2027-01` → `2026-12`); none for what is not a month.
pub fn month_before(month: &str) -> Option<String> {
    let (year, number) = month.split_once('-')?;
    let (year, number): (i32, u8) = (year.parse().ok()?, number.parse().ok()?);
    match number {
        1 => Some(format!("{:04}-12", year - 1)),
        2..=12 => Some(format!("{year:04}-{:02}", number - 1)),
        _ => None,
    }
}

/// A month as usage is kept: `2026-12` (UTC).
pub fn month_of(at: Timestamp) -> String {
    let date = at.to_zoned(jiff::tz::TimeZone::UTC).date();
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Counts by name: a [`Meter`]'s, or `sms_segments.<country>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage(BTreeMap<String, u64>);

impl Usage {
    pub fn of(counts: BTreeMap<String, u64>) -> Self {
        Self(counts)
    }

    pub fn add(&mut self, meter: Meter, n: u64) -> &mut Self {
        self.add_named(meter.as_str(), n)
    }

    /// One SMS sent in `segments` parts to `country` (ISO 3166 alpha-2, `??` when unknown): the
    /// message, its segments, and its segments to that country.
    pub fn sms(&mut self, segments: u64, country: &str) -> &mut Self {
        self.add(Meter::Sms, 1).add(Meter::SmsSegments, segments);
        self.add_named(&format!("{}.{country}", Meter::SmsSegments.as_str()), segments)
    }

    fn add_named(&mut self, name: &str, n: u64) -> &mut Self {
        if n > 0 {
            *self.0.entry(name.to_string()).or_default() += n;
        }
        self
    }

    pub fn get(&self, meter: Meter) -> u64 {
        self.0.get(meter.as_str()).copied().unwrap_or(0)
    }

    /// The counts by name.
    pub fn counts(&self) -> &BTreeMap<String, u64> {
        &self.0
    }

    /// SMS segments by destination country.
    pub fn segments_by_country(&self) -> impl Iterator<Item = (&str, u64)> {
        let prefix = format!("{}.", Meter::SmsSegments.as_str());
        self.0.iter().filter_map(move |(name, n)| Some((name.strip_prefix(&prefix)?, *n)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_month_before_crosses_the_year() {
        assert_eq!(previous_month("2027-01-01T00:00:10Z".parse().unwrap()), "2026-12");
        assert_eq!(previous_month("2026-12-31T23:59:59Z".parse().unwrap()), "2026-11");
        assert_eq!(month_before("2027-01").as_deref(), Some("2026-12"));
        assert_eq!(month_before("2026-13"), None);
        assert_eq!(month_before("soon"), None);
    }

    #[test]
    fn usage_adds_up_by_meter_and_country() {
        let mut usage = Usage::default();
        usage.add(Meter::Orders, 1).add(Meter::Emails, 2).sms(2, "PL").sms(1, "US");
        assert_eq!((usage.get(Meter::Orders), usage.get(Meter::Sms), usage.get(Meter::SmsSegments)), (1, 2, 3));
        assert_eq!(usage.segments_by_country().collect::<Vec<_>>(), [("PL", 2), ("US", 1)]);
        assert_eq!(month_of("2026-12-31T23:59:59Z".parse().unwrap()), "2026-12");
        assert_eq!(month_of("2027-01-01T00:00:00Z".parse().unwrap()), "2027-01");
    }
}
