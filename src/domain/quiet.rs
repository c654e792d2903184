//! Quiet hours for SMS: nobody is texted at night in their own time zone unless it cannot wait.
//! A country spanning several zones is quiet while any of them is, so nobody is woken.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// The quiet part of the day, in local time (may span midnight, as the default 21:00–08:00 does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    pub start: Time,
    pub end: Time,
}

impl Default for QuietHours {
    fn default() -> Self {
        Self { start: Time::constant(21, 0, 0, 0), end: Time::constant(8, 0, 0, 0) }
    }
}

impl QuietHours {
    /// Reads `21:00-08:00`.
    pub fn parse(text: &str) -> Option<Self> {
        let (start, end) = text.split_once('-')?;
        Some(Self { start: start.trim().parse().ok()?, end: end.trim().parse().ok()? })
    }

    fn is_quiet(&self, local: Time) -> bool {
        if self.start <= self.end {
            local >= self.start && local < self.end
        } else {
            local >= self.start || local < self.end
        }
    }

    /// When a non-urgent SMS may go to someone in `zones`: `None` if now, else the first moment
    /// when none of the zones is quiet.
    pub fn next_allowed(&self, now: Timestamp, zones: &[TimeZone]) -> Option<Timestamp> {
        let quiet_in = |at: Timestamp| zones.iter().any(|tz| self.is_quiet(at.to_zoned(tz.clone()).time()));
        if !quiet_in(now) {
            return None;
        }
        // The end of the quiet hours in each zone, then the latest of those that is allowed for all.
        let mut candidates: Vec<Timestamp> = zones
            .iter()
            .filter_map(|tz| {
                let local = now.to_zoned(tz.clone());
                let today = local.date().to_datetime(self.end).to_zoned(tz.clone()).ok()?;
                let end = if today.timestamp() > now { today } else { today.checked_add(1.day()).ok()? };
                Some(end.timestamp())
            })
            .collect();
        candidates.sort();
        candidates.into_iter().find(|at| !quiet_in(*at)).or(Some(now + jiff::SignedDuration::from_hours(12)))
    }
}

/// The time zones people in a country live in (ISO 3166 alpha-2); empty when unknown.
pub fn zones_for_country(country: &str) -> Vec<TimeZone> {
    let names: &[&str] = match country {
        "US" => &["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
        "CA" => &["America/Halifax", "America/Toronto", "America/Winnipeg", "America/Edmonton", "America/Vancouver"],
        "RU" => &["Europe/Kaliningrad", "Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"],
        "AU" => &["Australia/Perth", "Australia/Adelaide", "Australia/Sydney"],
        "BR" => &["America/Manaus", "America/Sao_Paulo"],
        "MX" => &["America/Mexico_City", "America/Tijuana"],
        "GB" => &["Europe/London"],
        "IE" => &["Europe/Dublin"],
        "PT" => &["Europe/Lisbon"],
        "FR" | "MC" => &["Europe/Paris"],
        "BE" => &["Europe/Brussels"],
        "NL" => &["Europe/Amsterdam"],
        "LU" => &["Europe/Luxembourg"],
        "DE" => &["Europe/Berlin"],
        "AT" => &["Europe/Vienna"],
        "CH" => &["Europe/Zurich"],
        "IT" => &["Europe/Rome"],
        "ES" => &["Europe/Madrid"],
        "PL" => &["Europe/Warsaw"],
        "CZ" => &["Europe/Prague"],
        "SK" => &["Europe/Bratislava"],
        "HU" => &["Europe/Budapest"],
        "DK" => &["Europe/Copenhagen"],
        "SE" => &["Europe/Stockholm"],
        "NO" => &["Europe/Oslo"],
        "FI" => &["Europe/Helsinki"],
        "EE" => &["Europe/Tallinn"],
        "LV" => &["Europe/Riga"],
        "LT" => &["Europe/Vilnius"],
        "UA" => &["Europe/Kyiv"],
        "BY" => &["Europe/Minsk"],
        "RO" => &["Europe/Bucharest"],
        "BG" => &["Europe/Sofia"],
        "GR" => &["Europe/Athens"],
        "TR" => &["Europe/Istanbul"],
        "IL" => &["Asia/Jerusalem"],
        "AE" => &["Asia/Dubai"],
        "IN" => &["Asia/Kolkata"],
        "CN" => &["Asia/Shanghai"],
        "JP" => &["Asia/Tokyo"],
        "KR" => &["Asia/Seoul"],
        "SG" => &["Asia/Singapore"],
        "NZ" => &["Pacific/Auckland"],
        "ZA" => &["Africa/Johannesburg"],
        "KZ" => &["Asia/Almaty"],
        _ => &[],
    };
    names.iter().filter_map(|name| TimeZone::get(name).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn waits_for_the_morning_in_the_customers_zone() {
        let quiet = QuietHours::default();
        let warsaw = zones_for_country("PL");
        assert_eq!(quiet.next_allowed(at("2026-11-23T12:00:00Z"), &warsaw), None);
        // 22:30 in Warsaw (UTC+1 in November): wait for 08:00 there.
        assert_eq!(quiet.next_allowed(at("2026-11-23T21:30:00Z"), &warsaw), Some(at("2026-11-24T07:00:00Z")));
        // 06:00 in Warsaw: later the same morning.
        assert_eq!(quiet.next_allowed(at("2026-11-24T05:00:00Z"), &warsaw), Some(at("2026-11-24T07:00:00Z")));
    }

    #[test]
    fn a_country_with_several_zones_waits_until_all_are_awake() {
        let quiet = QuietHours::default();
        let us = zones_for_country("US");
        // 16:30 in New York, 13:30 in Los Angeles.
        assert_eq!(quiet.next_allowed(at("2026-11-23T21:30:00Z"), &us), None);
        // 22:00 in New York, 19:00 in Los Angeles: New York sleeps, so wait for its morning, when
        // Los Angeles (05:00) still sleeps; so 08:00 in Los Angeles.
        assert_eq!(quiet.next_allowed(at("2026-11-24T03:00:00Z"), &us), Some(at("2026-11-24T16:00:00Z")));
        assert_eq!(
            QuietHours::parse("22:00-07:30"),
            Some(QuietHours { start: Time::constant(22, 0, 0, 0), end: Time::constant(7, 30, 0, 0) })
        );
    }
}
