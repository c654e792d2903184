//! Email through Amazon SES v2 `SendEmail`.

use super::{Message, Sender, outcome};
use crate::domain::{DeliveryOutcome, Private};
use aws_sdk_sesv2::Client;
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent};

/// SES errors that no retry can fix for this message (a rejected or malformed recipient).
const REFUSALS: &[&str] = &["MessageRejected", "BadRequestException", "NotFoundException"];

#[derive(Clone)]
pub struct SesEmail {
    client: Client,
    from: String,
    /// Where a customer's reply goes: a person, not the sending address.
    reply_to: Private<String>,
}

impl SesEmail {
    pub fn new(client: Client, from: impl Into<String>, reply_to: Private<String>) -> Self {
        Self { client, from: from.into(), reply_to }
    }
}

fn content(text: &str) -> Content {
    Content::builder().data(text).charset("UTF-8").build().expect("data is set")
}

impl Sender for SesEmail {
    async fn send(&self, to: &Private<String>, message: &Message) -> DeliveryOutcome {
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
            .send()
            .await;
        outcome(result, REFUSALS)
    }
}
