//! Amounts in minor units of an ISO 4217 currency. No floats anywhere: storefronts send decimal
//! strings, which are parsed exactly.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code, upper case, known to the currency table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(iso_currency::Currency);

impl Currency {
    pub fn parse(code: &str) -> Option<Self> {
        iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase()).map(Self)
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point (2 for EUR, 0 for JPY, 3 for KWD).
    pub fn exponent(&self) -> u32 {
        self.0.exponent().map_or(0, u32::from)
    }

    /// Parses a decimal amount such as `"199.00"` into minor units. Rejects negative amounts, more
    /// decimals than the currency has (unless they are zeros), anything that is not a plain number, and
    /// amounts above [`super::limits::AMOUNT_MINOR`].
    pub fn parse_amount(&self, text: &str) -> Option<i64> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return None;
        }
        let exponent = self.exponent() as usize;
        let (kept, dropped) = fraction.split_at(fraction.len().min(exponent));
        if dropped.bytes().any(|b| b != b'0') {
            return None;
        }
        let mut minor: i64 = whole.parse().ok()?;
        for _ in 0..exponent {
            minor = minor.checked_mul(10)?;
        }
        let padded = format!("{kept:0<exponent$}");
        let fraction_minor: i64 = if padded.is_empty() { 0 } else { padded.parse().ok()? };
        minor.checked_add(fraction_minor).filter(|m| *m <= super::limits::AMOUNT_MINOR)
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::parse(&code).ok_or_else(|| format!("unknown currency {code}"))
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.code().to_string()
    }
}

/// An amount of money: minor units and their currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// `12.50`: the amount as a plain decimal, for URLs and machines.
    pub fn decimal(&self) -> String {
        let exponent = self.currency.exponent();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{abs}");
        }
        let unit = 10u64.pow(exponent);
        let width = exponent as usize;
        format!("{sign}{}.{:0width$}", abs / unit, abs % unit)
    }
}

/// `12.50 EUR`: unambiguous in every locale.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency.code())
    }
}

/// A tax rate in hundredths of a percent (`2300` is 23 %), from 0 to 100 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct TaxRate(u32);

impl TaxRate {
    /// From a fraction as storefronts send it (`0.23`); `None` outside 0–100 %.
    pub fn from_fraction(fraction: f64) -> Option<Self> {
        Self::from_percent(fraction * 100.0)
    }

    /// From a percentage (`23`, `7.5`); `None` outside 0–100 %.
    pub fn from_percent(percent: f64) -> Option<Self> {
        let hundredths = (percent * 100.0).round();
        (percent.is_finite() && (0.0..=10_000.0).contains(&hundredths)).then_some(Self(hundredths as u32))
    }
}

impl TryFrom<u32> for TaxRate {
    type Error = &'static str;

    fn try_from(hundredths: u32) -> Result<Self, Self::Error> {
        (hundredths <= 10_000).then_some(Self(hundredths)).ok_or("a tax rate above 100 %")
    }
}

impl From<TaxRate> for u32 {
    fn from(rate: TaxRate) -> u32 {
        rate.0
    }
}

/// `23 %`, `7.5 %`, `8.25 %`.
impl std::fmt::Display for TaxRate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, part) = (self.0 / 100, self.0 % 100);
        match part {
            0 => write!(f, "{whole} %"),
            p if p % 10 == 0 => write!(f, "{whole}.{} %", p / 10),
            p => write!(f, "{whole}.{p:02} %"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("eur").unwrap()
    }

    #[test]
    fn parses_decimal_strings_exactly() {
        assert_eq!(eur().parse_amount("199.00"), Some(19_900));
        assert_eq!(eur().parse_amount("0.1"), Some(10));
        assert_eq!(eur().parse_amount("7"), Some(700));
        assert_eq!(eur().parse_amount("19.990"), Some(1_999));
        assert_eq!(Currency::parse("JPY").unwrap().parse_amount("1500"), Some(1_500));
        assert_eq!(Currency::parse("KWD").unwrap().parse_amount("1.5"), Some(1_500));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        for bad in ["", "-1.00", "1.005", "1,00", "abc", ".5", "1e3", "99999999999999999999"] {
            assert_eq!(eur().parse_amount(bad), None, "{bad}");
        }
        assert!(Currency::parse("XYZ").is_none());
    }

    #[test]
    fn displays_with_the_currency_exponent() {
        assert_eq!(Money::new(19_900, eur()).to_string(), "199.00 EUR");
        assert_eq!(Money::new(5, eur()).to_string(), "0.05 EUR");
        assert_eq!(Money::new(1_500, Currency::parse("JPY").unwrap()).to_string(), "1500 JPY");
    }

    #[test]
    fn tax_rates_read_and_print_as_shops_write_them() {
        let shown = |rate: Option<TaxRate>| rate.map(|r| r.to_string());
        assert_eq!(shown(TaxRate::from_fraction(0.2)), Some("20 %".into()));
        assert_eq!(shown(TaxRate::from_fraction(0.0825)), Some("8.25 %".into()));
        assert_eq!(shown(TaxRate::from_percent(7.5)), Some("7.5 %".into()));
        assert_eq!(shown(TaxRate::from_percent(0.0)), Some("0 %".into()));
        assert_eq!(TaxRate::from_percent(100.5), None);
        assert_eq!(TaxRate::from_percent(-1.0), None);
        assert_eq!(TaxRate::from_percent(f64::NAN), None);
        // Stored as hundredths of a percent; a stored value above 100 % is refused on reading.
        assert_eq!(serde_json::to_string(&TaxRate::from_percent(23.0)).unwrap(), "2300");
        assert!(serde_json::from_str::<TaxRate>("10001").is_err());
    }
}
