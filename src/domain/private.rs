//! Personal data (names, emails, phone numbers, addresses) lives in [`Private`], whose `Debug` and
//! `Display` never print the value, so it cannot leak into logs by accident.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A value that must never appear in logs. Read it with [`Private::expose`] where it is really needed
/// (rendering a message, calling a provider).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Private<T>(T);

impl<T> Private<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Private<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<T> fmt::Display for Private<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let email = Private::new("ada@example.com".to_string());
        assert_eq!(format!("{email:?} {email}"), "[redacted] [redacted]");
        assert_eq!(email.expose(), "ada@example.com");
    }
}
