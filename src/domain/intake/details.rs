//! The shop's defaults for reading contacts, and a change of an order's contact and delivery
//! details as sent (staff's forms, a storefront's update), checked field by field as intake checks
//! a new order's.

use super::*;

/// Shop-wide defaults that intake falls back on.
#[derive(Clone, Debug)]
pub struct IntakeDefaults {
    pub locale: String,
    /// ISO 3166 region used to read phone numbers written without a country code.
    pub phone_region: String,
}

impl IntakeDefaults {
    /// A phone number as someone typed it, in E.164: a national one is read in the shop's region.
    pub fn phone_e164(&self, typed: &str) -> Option<String> {
        e164(typed, &self.phone_region).ok()
    }
}

/// A [`DetailsUpdate`] as sent: the generic order schema's `customer`, `shipping` and `payment`
/// objects, every field optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DetailsDraft {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<Channel>,
    pub shipping_method: Option<String>,
    pub delivery: Option<Delivery>,
    pub address: Option<AddressDraft>,
    pub billing_address: Option<AddressDraft>,
    pub payment_method: Option<PaymentMethod>,
}

impl DetailsDraft {
    /// The contact and delivery details a storefront's order states (to follow its changes).
    pub fn of_order(draft: &OrderDraft) -> Self {
        Self {
            name: draft.customer_name.clone(),
            email: draft.email.clone(),
            phone: draft.phone.clone(),
            address: draft.address.clone().filter(|_| draft.delivery == Delivery::Ship),
            // An empty one is no news: the storefront's update changes nothing about it.
            billing_address: draft.billing_address.clone().filter(|b| billing_address_of(b).is_some()),
            ..Self::default()
        }
    }

    /// Checks each value on its own, as a storefront's update needs: an empty value is no news, and
    /// one that cannot be used is left out (and returned) without dropping the others.
    pub fn check_each(mut self, defaults: &IntakeDefaults) -> (DetailsUpdate, Vec<InvalidField>) {
        let blank = |value: &Option<String>| value.as_deref().is_some_and(|v| v.trim().is_empty());
        for field in [&mut self.name, &mut self.email, &mut self.phone, &mut self.shipping_method] {
            if blank(field) {
                *field = None;
            }
        }
        let mut left_out = Vec::new();
        // Each failure names one field group; at most one round per group.
        for _ in 0..7 {
            match self.clone().check(defaults) {
                Ok(update) => return (update, left_out),
                Err(invalid) => {
                    let field = invalid.field.as_str();
                    match field {
                        "customer.name" => self.name = None,
                        "customer.email" => self.email = None,
                        "customer.phone" => self.phone = None,
                        "shipping.method" => self.shipping_method = None,
                        "customer.billing_address" => self.billing_address = None,
                        _ if field.starts_with("shipping.address") => self.address = None,
                        _ => return (DetailsUpdate::default(), vec![invalid]),
                    }
                    left_out.push(invalid);
                }
            }
        }
        (DetailsUpdate::default(), left_out)
    }

    /// Checks every value given. National phone numbers are read in the given address's country, or
    /// the shop's.
    pub fn check(self, defaults: &IntakeDefaults) -> Result<DetailsUpdate, InvalidField> {
        let given = |value: Option<String>, field: &str| -> Result<Option<String>, InvalidField> {
            match value {
                None => Ok(None),
                Some(value) if value.chars().count() > limits::TEXT => {
                    Err(InvalidField::new(field, format!("longer than {} characters", limits::TEXT)))
                }
                Some(value) => {
                    text(Some(value), limits::TEXT).map(Some).ok_or_else(|| InvalidField::new(field, "empty"))
                }
            }
        };
        let email = given(self.email, "customer.email")?;
        if email.as_deref().is_some_and(|e| !is_email(e)) {
            return Err(InvalidField::new("customer.email", "not a valid email address"));
        }
        let address = match self.address {
            None => None,
            Some(draft) => {
                let address = address_of(&draft);
                if address.lines.is_empty() {
                    return Err(InvalidField::new("shipping.address.line1", "required"));
                }
                if address.city.is_empty() {
                    return Err(InvalidField::new("shipping.address.city", "required"));
                }
                if !address.has_country_code() {
                    return Err(InvalidField::new("shipping.address.country", "use the two-letter ISO 3166 code"));
                }
                Some(address)
            }
        };
        let billing_address = match self.billing_address {
            None => None,
            Some(draft) => {
                Some(billing_address_of(&draft).ok_or_else(|| InvalidField::new("customer.billing_address", "empty"))?)
            }
        };
        let region = phone_region(address.as_ref(), defaults);
        let phone = given(self.phone, "customer.phone")?.map(|p| e164(&p, region)).transpose()?;
        Ok(DetailsUpdate {
            name: given(self.name, "customer.name")?,
            email,
            phone,
            preferred_channel: self.preferred_channel,
            shipping_method: given(self.shipping_method, "shipping.method")?,
            delivery: self.delivery,
            address,
            billing_address,
            payment_method: self.payment_method,
        })
    }
}
