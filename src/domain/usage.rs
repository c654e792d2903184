//! What a shop used in a month, counted as the work happens, to bill by: orders, lifecycle events,
//! emails, SMS and their segments by destination country, feed deliveries.

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
    fn usage_adds_up_by_meter_and_country() {
        let mut usage = Usage::default();
        usage.add(Meter::Orders, 1).add(Meter::Emails, 2).sms(2, "PL").sms(1, "US");
        assert_eq!((usage.get(Meter::Orders), usage.get(Meter::Sms), usage.get(Meter::SmsSegments)), (1, 2, 3));
        assert_eq!(usage.segments_by_country().collect::<Vec<_>>(), [("PL", 2), ("US", 1)]);
        assert_eq!(month_of("2026-12-31T23:59:59Z".parse().unwrap()), "2026-12");
        assert_eq!(month_of("2027-01-01T00:00:00Z".parse().unwrap()), "2027-01");
    }
}
