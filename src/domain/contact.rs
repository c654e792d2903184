//! Who ordered and where the goods go: the customer and how to reach them, the delivery and its
//! address. Personal data is in [`Private`].

use super::{Channel, Private};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// `None` when the storefront sent no name anywhere (a draft order without a customer).
    pub name: Option<Private<String>>,
    pub email: Option<Private<String>>,
    /// E.164, e.g. `+48601234567`.
    pub phone: Option<Private<String>>,
    /// An email address that could not be read, kept as given for the shop; never written to.
    #[serde(default)]
    pub email_as_given: Option<Private<String>>,
    /// A phone number that could not be read, kept as given for the shop; never used for SMS.
    #[serde(default)]
    pub phone_as_given: Option<Private<String>>,
    /// The channel the customer hears back on (when they can be reached at all).
    pub channel: Channel,
    /// Lower-case language tag, e.g. `en`, `fr`.
    pub locale: String,
    /// The customer's note to the shop (a gift message, delivery instructions), cut to
    /// `limits::NOTE` characters: for staff, never shown to customers.
    #[serde(default)]
    pub note: Option<Private<String>>,
    /// Staff's calls that went unanswered since the last one that reached them.
    #[serde(default)]
    pub calls: Calls,
    /// Who pays, where the invoice goes, when the storefront gave it apart from the shipping
    /// address (see [`super::Order::billing_address`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Private<Address>>,
    /// When the customer's personal data was erased: their name is [`ERASED`], and nothing else of
    /// theirs is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<jiff::Timestamp>,
}

/// What stands in for erased personal data.
pub const ERASED: &str = "[erased]";

/// The shop's phone calls to the customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calls {
    pub missed: u32,
    /// When staff will call again, as they said.
    pub next_at: Option<jiff::Timestamp>,
}

impl Customer {
    /// The address or number to reach the customer on `channel`, if they gave one.
    pub fn contact(&self, channel: Channel) -> Option<&Private<String>> {
        match channel {
            Channel::Email => self.email.as_ref(),
            Channel::Sms => self.phone.as_ref(),
        }
    }

    /// Whether any message can reach the customer.
    pub fn is_reachable(&self) -> bool {
        self.email.is_some() || self.phone.is_some()
    }

    /// The channel to use: SMS when preferred and possible, else email when given, else SMS.
    pub fn choose_channel(&mut self, preferred: Option<Channel>) {
        self.channel = match (preferred, &self.email, &self.phone) {
            (Some(Channel::Sms), _, Some(_)) => Channel::Sms,
            (_, None, Some(_)) => Channel::Sms,
            _ => Channel::Email,
        };
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    pub lines: Vec<String>,
    /// Empty when the storefront sent none (the order then needs attention).
    pub city: String,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, upper case; kept as given when it is not one (the order then needs
    /// attention).
    pub country: String,
}

impl Address {
    pub fn has_country_code(&self) -> bool {
        self.country.len() == 2 && self.country.chars().all(|c| c.is_ascii_uppercase())
    }

    /// This address as a billing address worth keeping: `None` when it is the shipping address
    /// (storefronts send both, often alike).
    pub fn apart_from(self, shipping: Option<&Address>) -> Option<Address> {
        (Some(&self) != shipping).then_some(self)
    }

    /// The address as written on a parcel or an invoice, one line each: recipient, company,
    /// street, postal code and city, region, country.
    pub fn label(&self) -> Vec<String> {
        let mut label: Vec<String> = [&self.recipient, &self.company].into_iter().flatten().cloned().collect();
        label.extend(self.lines.iter().cloned());
        let town = [self.postal_code.as_deref(), Some(self.city.as_str())].into_iter().flatten();
        label.push(town.filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" "));
        label.extend(self.region.iter().cloned());
        label.push(self.country.clone());
        label.retain(|line| !line.is_empty());
        label
    }
}

/// Whether a carrier brings the goods, the customer collects them, or there is nothing to deliver
/// (digital goods, a sale handed over at the till).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    #[default]
    Ship,
    Pickup,
    #[serde(rename = "none")]
    NotNeeded,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipping {
    /// The storefront's name for the method, e.g. "Standard shipping"; empty when none was chosen.
    pub method: String,
    pub delivery: Delivery,
    pub address: Option<Private<Address>>,
}
