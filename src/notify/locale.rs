//! The words of every message, per locale, from the Fluent files in `locales/` (CLDR plural rules
//! included); numbers, money and dates written the way each locale writes them.

use crate::domain::Money;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use jiff::Timestamp;
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The locale every message falls back to.
pub const FALLBACK: &str = "en";

pub struct Catalog {
    bundles: Vec<(&'static str, FluentBundle<FluentResource>)>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);

/// The catalog, parsed once per process.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// The API and the logs say a refusal in English, as the catalog words it.
impl std::fmt::Display for crate::domain::Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&catalog().refusal(FALLBACK, self, |_, value| value.to_string()))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("locale {locale}: message {key}: {problem}")]
pub struct TextError {
    pub locale: String,
    pub key: String,
    pub problem: String,
}

impl Catalog {
    fn load() -> Self {
        let bundles = LOCALE_FILES
            .iter()
            .map(|(tag, source)| {
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(_, errors)| panic!("locales/{tag}.ftl does not parse: {errors:?}"));
                let language = tag.parse().unwrap_or_else(|_| panic!("locales/{tag}.ftl: not a language tag"));
                let mut bundle = FluentBundle::new_concurrent(vec![language]);
                bundle.set_use_isolating(false);
                bundle.add_resource(resource).unwrap_or_else(|errors| panic!("locales/{tag}.ftl: {errors:?}"));
                (*tag, bundle)
            })
            .collect();
        Self { bundles }
    }

    /// A staff action's refusal in `locale`, `word` giving each value's words (a status's name, say).
    pub fn refusal(
        &self,
        locale: &str,
        refusal: &crate::domain::Refusal,
        word: impl Fn(&str, &str) -> String,
    ) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in refusal.values() {
            args.set(name, word(name, &value));
        }
        self.text(locale, &refusal.key(), Some(&args)).unwrap_or_else(|_| refusal.key())
    }

    /// Every locale there is a file for.
    pub fn locales(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.bundles.iter().map(|(tag, _)| *tag)
    }

    fn bundle(&self, locale: &str) -> &FluentBundle<FluentResource> {
        let found = self.bundles.iter().find(|(tag, _)| *tag == locale);
        let fallback = || self.bundles.iter().find(|(tag, _)| *tag == FALLBACK).expect("locales/en.ftl exists");
        &found.unwrap_or_else(fallback).1
    }

    /// `wanted` when there is a file for it, else `default`, else the fallback.
    pub fn resolve<'a>(&self, wanted: &'a str, default: &'a str) -> &'a str {
        [wanted, default].into_iter().find(|tag| self.bundles.iter().any(|(t, _)| t == tag)).unwrap_or(FALLBACK)
    }

    pub fn has(&self, locale: &str, key: &str) -> bool {
        self.bundle(locale).has_message(key)
    }

    /// The message `key` in `locale` with `args`; an unknown key or a missing variable is an error.
    pub fn text(&self, locale: &str, key: &str, args: Option<&FluentArgs>) -> Result<String, TextError> {
        let error = |problem: String| TextError { locale: locale.into(), key: key.into(), problem };
        let bundle = self.bundle(locale);
        let pattern = bundle.get_message(key).and_then(|m| m.value()).ok_or_else(|| error("missing".into()))?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        match errors.first() {
            Some(problem) => Err(error(problem.to_string())),
            None => Ok(text),
        }
    }

    /// `1 234,50 EUR` in French, `1,234.50 EUR` in English.
    pub fn money(&self, locale: &str, money: Money) -> String {
        let decimal = self.text(locale, "number-decimal", None).unwrap_or_else(|_| ".".into());
        let group = self.text(locale, "number-group", None).unwrap_or_else(|_| ",".into());
        let exponent = money.currency.exponent();
        let unit = 10u64.pow(exponent);
        let abs = money.minor.unsigned_abs();
        let whole = (abs / unit).to_string();
        let mut grouped = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push_str(&group);
            }
            grouped.push(digit);
        }
        let sign = if money.minor < 0 { "-" } else { "" };
        let fraction = if exponent == 0 {
            String::new()
        } else {
            format!("{decimal}{:0width$}", abs % unit, width = exponent as usize)
        };
        format!("{sign}{grouped}{fraction} {}", money.currency.code())
    }

    fn date_parts(&self, locale: &str, at: Timestamp, zone: &jiff::tz::TimeZone) -> FluentArgs<'static> {
        let zoned = at.to_zoned(zone.clone());
        let civil = zoned.datetime();
        let month = self.text(locale, &format!("month-{}", civil.month()), None).unwrap_or_default();
        let mut args = FluentArgs::new();
        args.set("day", civil.day().to_string());
        args.set("month", month);
        args.set("year", civil.year().to_string());
        args.set("time", format!("{:02}:{:02}", civil.hour(), civil.minute()));
        args.set("zone", zoned.strftime("%Z").to_string());
        args
    }

    /// `23 Nov 2026`, the day in `zone`.
    pub fn date(&self, locale: &str, at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        self.text(locale, "date", Some(&self.date_parts(locale, at, zone))).unwrap_or_else(|_| at.to_string())
    }

    /// A calendar day (a date with no time or zone), as [`Catalog::date`] writes it.
    pub fn day(&self, locale: &str, day: jiff::civil::Date) -> String {
        let noon = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC);
        noon.map_or_else(|_| day.to_string(), |at| self.date(locale, at.timestamp(), &jiff::tz::TimeZone::UTC))
    }

    /// `23 Nov 2026, 11:00 CET`, in `zone`.
    pub fn datetime(&self, locale: &str, at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
        self.text(locale, "datetime", Some(&self.date_parts(locale, at, zone))).unwrap_or_else(|_| at.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn every_locale_file_is_loaded_and_resolves() {
        let locales: Vec<_> = catalog().locales().collect();
        for tag in ["en", "fr", "pl", "ru"] {
            assert!(locales.contains(&tag), "{tag} in {locales:?}");
        }
        assert_eq!(catalog().resolve("pl", "en"), "pl");
        assert_eq!(catalog().resolve("de", "fr"), "fr");
        assert_eq!(catalog().resolve("de", "xx"), "en");
    }

    /// A message one locale has and another lacks would fall back to English in a customer's email.
    #[test]
    fn every_locale_has_the_same_messages() {
        let keys = |source: &str| -> std::collections::BTreeSet<String> {
            source
                .lines()
                .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-'))
                .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim().to_string()))
                .collect()
        };
        let (_, english) = LOCALE_FILES.iter().find(|(tag, _)| *tag == FALLBACK).expect("en.ftl");
        let english = keys(english);
        assert!(english.len() > 100, "{} messages read", english.len());
        for (tag, source) in LOCALE_FILES.iter().filter(|(tag, _)| *tag != FALLBACK) {
            let theirs = keys(source);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{tag}.ftl lacks {missing:?} and has more {extra:?}");
        }
    }

    /// Every reason a staff action is refused is said in every locale, each value in its place.
    #[test]
    fn every_refusal_reads_in_every_locale() {
        use crate::domain::{ActionKind, CustomerRefusal, FulfilmentStatus, PaymentStatus, Refusal};
        let refusals = [
            Refusal::Transition { action: ActionKind::Ship, status: FulfilmentStatus::Delivered },
            Refusal::NoStockQuestion,
            Refusal::ChoiceNotOffered,
            Refusal::Unpaid(PaymentStatus::Unpaid),
            Refusal::NoSuchComplaint(7),
            Refusal::ComplaintSettled(7),
            Refusal::AllReturned,
            Refusal::NoSuchReturn(7),
            Refusal::ReturnAlready { number: 7, state: "approved" },
            Refusal::Customer(CustomerRefusal::NothingSaid),
            Refusal::RefundOverPaid,
            Refusal::NotAnAmount { text: "ten".into(), currency: "EUR".into() },
            Refusal::NotCashOnDelivery,
            Refusal::CollectionRecorded,
            Refusal::NotDeliveredYet,
            Refusal::PaidAlready("€25.50".into()),
            Refusal::OwedOnly("€25.50".into()),
            Refusal::SameParcel("1Z999".into()),
            Refusal::DayPassed("2020-01-06".into()),
            Refusal::UnknownItems(vec!["PEN-9".into()]),
        ];
        for locale in catalog().locales() {
            for refusal in &refusals {
                let key = refusal.key();
                assert!(catalog().has(locale, &key), "{locale}: {key}");
                let text = catalog().refusal(locale, refusal, |_, value| value.to_string());
                for (_, value) in refusal.values().iter().filter(|(name, _)| *name != "action" && *name != "state") {
                    assert!(text.contains(value.as_str()), "{locale}: {key} lacks {value}: {text}");
                }
            }
        }
        let english = Refusal::Transition { action: ActionKind::Ship, status: FulfilmentStatus::Delivered };
        assert_eq!(english.to_string(), "cannot ship an order that is delivered");
    }

    #[test]
    fn money_and_dates_read_right_in_each_locale() {
        let eur = Money::new(123_450, Currency::parse("EUR").unwrap());
        assert_eq!(catalog().money("en", eur), "1,234.50 EUR");
        assert_eq!(catalog().money("fr", eur), "1\u{202F}234,50 EUR");
        assert_eq!(catalog().money("pl", eur), "1\u{A0}234,50 EUR");
        assert_eq!(catalog().money("ru", Money::new(50, Currency::parse("RUB").unwrap())), "0,50 RUB");
        assert_eq!(catalog().money("en", Money::new(1_500, Currency::parse("JPY").unwrap())), "1,500 JPY");
        let at: Timestamp = "2026-11-23T10:05:00Z".parse().unwrap();
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(catalog().date("en", at, &utc), "23 Nov 2026");
        assert_eq!(catalog().date("fr", at, &utc), "23 nov. 2026");
        assert_eq!(catalog().datetime("ru", at, &utc), "23 нояб. 2026, 10:05 UTC");
        assert_eq!(catalog().date("pl", at, &utc), "23 lis 2026");
        // In the reader's zone: a Warsaw evening is the next day in Auckland.
        let evening: Timestamp = "2026-11-23T20:30:00Z".parse().unwrap();
        let warsaw = jiff::tz::TimeZone::get("Europe/Warsaw").unwrap();
        assert_eq!(catalog().datetime("pl", evening, &warsaw), "23 lis 2026, 21:30 CET");
        let auckland = jiff::tz::TimeZone::get("Pacific/Auckland").unwrap();
        assert_eq!(catalog().date("en", evening, &auckland), "24 Nov 2026");
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let subject = |locale: &str, count: i64| {
            let mut args = FluentArgs::new();
            args.set("number", "#1");
            args.set("total", "1 EUR");
            args.set("count", count);
            catalog().text(locale, "new_order-subject", Some(&args)).unwrap()
        };
        assert!(subject("en", 1).contains("1 item,") && subject("en", 2).contains("2 items"));
        assert!(subject("pl", 2).contains("2 produkty") && subject("pl", 5).contains("5 produktów"));
        assert!(
            subject("ru", 1).contains("1 товар,")
                && subject("ru", 3).contains("3 товара")
                && subject("ru", 11).contains("11 товаров")
        );
        assert!(subject("fr", 2).contains("2 articles"));
    }
}
