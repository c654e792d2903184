//! SMS through Amazon SNS `Publish` to an E.164 number.

use super::{Message, NoticeRef, Sender, outcome};
use crate::domain::{DeliveryOutcome, Private};
use aws_sdk_sns::Client;
use aws_sdk_sns::types::MessageAttributeValue;

/// SNS errors that no retry can fix for this message (an invalid or opted-out number).
const REFUSALS: &[&str] = &["InvalidParameter", "InvalidParameterValue", "OptedOut"];

#[derive(Clone)]
pub struct SnsSms {
    client: Client,
}

impl SnsSms {
    pub fn new(client: Client) -> Self {
        Self { client }
    }
}

impl Sender for SnsSms {
    async fn send(&self, _about: &NoticeRef, to: &Private<String>, message: &Message) -> DeliveryOutcome {
        let Message::Sms { text } = message else {
            return DeliveryOutcome::Refused { reason: "not an SMS message".into() };
        };
        let transactional = MessageAttributeValue::builder()
            .data_type("String")
            .string_value("Transactional")
            .build()
            .expect("data type is set");
        let result = self
            .client
            .publish()
            .phone_number(to.expose())
            .message(text)
            .message_attributes("AWS.SNS.SMS.SMSType", transactional)
            .send()
            .await;
        outcome(result, REFUSALS)
    }
}
