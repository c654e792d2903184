//! Email through Amazon SES v2 `SendEmail`, and what SES reports about an email afterwards (bounces,
//! complaints), matched to its notice by the email's tags.

use super::{Message, NoticeRef, Sender, outcome};
use crate::domain::{DeliveryOutcome, Private};
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, MessageTag};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use std::collections::HashMap;

/// SES errors that no retry can fix for this message (a rejected or malformed recipient).
const REFUSALS: &[&str] = &["MessageRejected", "BadRequestException", "NotFoundException"];

#[derive(Clone)]
pub struct SesEmail {
    client: Client,
    from: String,
    /// Where a customer's reply goes: a person, not the sending address.
    reply_to: Private<String>,
    /// The configuration set whose event destination reports bounces and complaints.
    configuration_set: Option<String>,
}

impl SesEmail {
    /// Sends as the shop's sender, replies to its support address, through its configuration set.
    pub fn new(client: Client, settings: &crate::config::Settings) -> Self {
        Self {
            client,
            from: settings.sender_email.clone(),
            reply_to: settings.support_email.clone(),
            configuration_set: settings.ses_configuration_set.clone(),
        }
    }
}

/// The tags naming an email's order and notice. SES allows only `[A-Za-z0-9_-]` in a tag value, so
/// the ids are base64url-encoded (whose alphabet is exactly that).
const ORDER_TAG: &str = "orderflow-order";
const NOTICE_TAG: &str = "orderflow-notice";
/// The shop's, on the emails of any shop but the default one.
const SHOP_TAG: &str = "orderflow-shop";

fn tag(name: &str, value: &str) -> MessageTag {
    MessageTag::builder().name(name).value(URL_SAFE_NO_PAD.encode(value)).build().expect("name and value are set")
}

/// The email tags that let a later bounce or complaint find `about`.
pub fn email_tags(about: &NoticeRef) -> Vec<MessageTag> {
    let shop = (!about.shop.is_default()).then(|| tag(SHOP_TAG, about.shop.as_str()));
    [tag(ORDER_TAG, &about.order_id), tag(NOTICE_TAG, about.notice_id.as_str())].into_iter().chain(shop).collect()
}

/// What SES reported about an email it had accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feedback {
    /// The address does not work (a permanent bounce) or its owner marked the email as spam: the
    /// notice counts as refused. `reason` names the kind, never the address.
    Undeliverable { about: NoticeRef, reason: String },
    /// Nothing to do: a transient bounce (SES retried already), another event, or an email that
    /// is not one of ours.
    Ignored { reason: String },
}

/// The `detail` of an SES event on EventBridge (`Email Bounced`, `Email Complaint Received`), as
/// published through a configuration set's event destination.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventDetail {
    event_type: String,
    mail: Mail,
    bounce: Option<Bounce>,
    complaint: Option<Complaint>,
}

#[derive(Deserialize)]
struct Mail {
    #[serde(default)]
    tags: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bounce {
    bounce_type: String,
    bounce_sub_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Complaint {
    complaint_feedback_type: Option<String>,
}

/// Reads an SES event's detail; an event that cannot be read is ignored (and logged by the caller).
pub fn read_feedback(detail: &serde_json::Value) -> Feedback {
    let ignored = |reason: &str| Feedback::Ignored { reason: reason.to_string() };
    let Ok(event) = EventDetail::deserialize(detail) else {
        return ignored("not an SES sending event");
    };
    let decoded = |name: &str| {
        let value = event.mail.tags.get(name)?.first()?;
        String::from_utf8(URL_SAFE_NO_PAD.decode(value).ok()?).ok()
    };
    let (Some(order_id), Some(notice_id)) = (decoded(ORDER_TAG), decoded(NOTICE_TAG)) else {
        return ignored("the email carries no notice tags");
    };
    let shop = match decoded(SHOP_TAG).map(|name| crate::domain::ShopId::parse(&name)) {
        None => crate::domain::ShopId::default(),
        Some(Ok(shop)) => shop,
        Some(Err(_)) => return ignored("the email's shop tag names no shop"),
    };
    let about = NoticeRef::new(&shop, order_id, crate::domain::NoticeId::new(notice_id));
    let reason = match (event.event_type.as_str(), &event.bounce, &event.complaint) {
        ("Bounce", Some(bounce), _) if bounce.bounce_type == "Permanent" => {
            let kind = bounce.bounce_sub_type.as_deref().unwrap_or("General");
            format!("bounced ({kind})")
        }
        ("Bounce", Some(bounce), _) => return ignored(&format!("a {} bounce", bounce.bounce_type.to_lowercase())),
        ("Complaint", _, Some(complaint)) => {
            let kind = complaint.complaint_feedback_type.as_deref().unwrap_or("unspecified");
            format!("complaint ({kind})")
        }
        (other, _, _) => return ignored(&format!("event type {other}")),
    };
    Feedback::Undeliverable { about, reason }
}

fn content(text: &str) -> Content {
    Content::builder().data(text).charset("UTF-8").build().expect("data is set")
}

impl Sender for SesEmail {
    async fn send(&self, about: &NoticeRef, to: &Private<String>, message: &Message) -> DeliveryOutcome {
        let Message::Email { subject, html, text } = message else {
            return DeliveryOutcome::Refused { reason: "not an email message".into() };
        };
        let body = Body::builder().html(content(html)).text(content(text)).build();
        let email = aws_sdk_sesv2::types::Message::builder().subject(content(subject)).body(body).build();
        let result = self
            .client
            .send_email()
            .from_email_address(&self.from)
            .reply_to_addresses(self.reply_to.expose())
            .destination(Destination::builder().to_addresses(to.expose()).build())
            .content(EmailContent::builder().simple(email).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .set_email_tags(Some(email_tags(about)))
            .send()
            .await;
        outcome(result, REFUSALS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, about: &NoticeRef, extra: serde_json::Value) -> serde_json::Value {
        let tags: serde_json::Map<_, _> = email_tags(about)
            .iter()
            .map(|t| (t.name().to_string(), json!([t.value()])))
            .chain([("ses:configuration-set".to_string(), json!(["orderflow-email"]))])
            .collect();
        let mut detail = json!({ "eventType": kind, "mail": { "messageId": "m-1", "tags": tags } });
        detail.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        detail
    }

    #[test]
    fn tags_carry_any_ids_in_the_characters_ses_allows_and_come_back() {
        for shop in ["default", "north"] {
            let shop = crate::domain::ShopId::parse(shop).unwrap();
            let about = NoticeRef::new(&shop, "G/2001 ü+=", "shipped.customer.email".into());
            the_tags_come_back(about);
        }
    }

    fn the_tags_come_back(about: NoticeRef) {
        for tag in email_tags(&about) {
            assert!(tag.value().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{tag:?}");
        }
        let bounced =
            event("Bounce", &about, json!({ "bounce": { "bounceType": "Permanent", "bounceSubType": "NoEmail" } }));
        assert_eq!(
            read_feedback(&bounced),
            Feedback::Undeliverable { about: about.clone(), reason: "bounced (NoEmail)".into() }
        );
        let complaint = event("Complaint", &about, json!({ "complaint": { "complaintFeedbackType": "abuse" } }));
        assert_eq!(read_feedback(&complaint), Feedback::Undeliverable { about, reason: "complaint (abuse)".into() });
    }

    #[test]
    fn transient_bounces_other_events_and_untagged_emails_are_ignored() {
        let about = NoticeRef::new(&Default::default(), "1", "n".into());
        let transient = event("Bounce", &about, json!({ "bounce": { "bounceType": "Transient" } }));
        assert!(matches!(read_feedback(&transient), Feedback::Ignored { .. }));
        assert!(matches!(read_feedback(&event("Delivery", &about, json!({}))), Feedback::Ignored { .. }));
        let untagged = json!({ "eventType": "Bounce", "mail": {}, "bounce": { "bounceType": "Permanent" } });
        assert!(matches!(read_feedback(&untagged), Feedback::Ignored { .. }));
        assert!(matches!(read_feedback(&json!("nonsense")), Feedback::Ignored { .. }));
        let mut not_a_shop = event("Complaint", &about, json!({ "complaint": {} }));
        not_a_shop["mail"]["tags"]["orderflow-shop"] = json!([URL_SAFE_NO_PAD.encode("a#b")]);
        assert!(matches!(read_feedback(&not_a_shop), Feedback::Ignored { .. }));
    }
}
