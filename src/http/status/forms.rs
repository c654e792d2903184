//! The customer's after-delivery forms (arrival, return, complaint), each read as its own type and
//! sent through one handler.

use super::*;

/// What one of the after-delivery forms asks, read from its fields (the token and key apart).
pub(super) trait Ask: serde::de::DeserializeOwned {
    /// `None`: not a request the page sends.
    fn request(self) -> Option<AfterDeliveryRequest>;
}

/// `POST /track/{id}/arrival`: yes or no, and what is wrong.
#[derive(serde::Deserialize)]
pub(super) struct ArrivalAsk {
    answer: String,
    note: Option<String>,
}

impl Ask for ArrivalAsk {
    fn request(self) -> Option<AfterDeliveryRequest> {
        let ok = match self.answer.as_str() {
            "yes" => true,
            "no" => false,
            _ => return None,
        };
        Some(AfterDeliveryRequest::Arrival { ok, note: filled(self.note) })
    }
}

/// `POST /track/{id}/return`: how many of each line (`quantity-{n}`) and why.
#[derive(serde::Deserialize)]
pub(super) struct ReturnAsk {
    reason: crate::domain::ReturnReason,
    #[serde(flatten)]
    quantities: HashMap<String, String>,
}

impl Ask for ReturnAsk {
    fn request(self) -> Option<AfterDeliveryRequest> {
        let lines = self
            .quantities
            .iter()
            .filter_map(|(name, value)| {
                let line = name.strip_prefix("quantity-")?.parse().ok()?;
                Some(crate::domain::ReturnLine { line, quantity: value.parse().ok()? })
            })
            .collect();
        Some(AfterDeliveryRequest::Return { lines, reason: self.reason })
    }
}

/// `POST /track/{id}/complaint`: what is wrong, within the warranty.
#[derive(serde::Deserialize)]
pub(super) struct ComplaintAsk {
    kind: crate::domain::ComplaintKind,
    description: Option<String>,
}

impl Ask for ComplaintAsk {
    fn request(self) -> Option<AfterDeliveryRequest> {
        Some(AfterDeliveryRequest::Complaint {
            kind: self.kind,
            description: filled(self.description).unwrap_or_default(),
        })
    }
}

/// Typed text: trimmed, and none when blank.
fn filled(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// One of the after-delivery forms: its key and origin checked, read as `A` (a form that does not
/// read is one the page does not send), applied, and answered as the customer reads it.
pub(super) async fn after_delivery_form<S: OrderStore, Q: NoticeQueue, A: Ask>(
    State(app): State<Arc<App<S, Q>>>,
    base: crate::http::shops::BasePath,
    Segments(order_id): Segments<String>,
    headers: axum::http::HeaderMap,
    crate::http::FormBody(form): crate::http::FormBody<HashMap<String, String>>,
) -> Response {
    let visitor = Visitor::of(&app, &headers);
    let token = match page_form(&visitor, &headers, &order_id, &form) {
        Ok(token) => token,
        Err(refused) => return *refused,
    };
    let fields = serde_json::to_value(&form).ok();
    let Some(request) = fields.and_then(|f| serde_json::from_value::<A>(f).ok()).and_then(A::request) else {
        return visitor.page(StatusCode::BAD_REQUEST, "page-not-understood");
    };
    visitor.answer(&base, &order_id, &token, after_delivery(&app, &order_id, &token, request).await)
}
