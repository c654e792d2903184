//! One order's page: what it shows, the actions the role may take, their forms.

use super::customer::{erase_customer, save_customer_note};
use super::*;

/// One line of an order's history or messages, as staff read it.
pub struct Line {
    pub at: String,
    pub what: String,
    pub detail: String,
}

#[derive(askama::Template)]
#[template(path = "staff/order.html")]
pub(super) struct OrderPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    order: &'a Order,
    /// Whether the account may act at all (not a viewer), and whether on money (the owner).
    acts: bool,
    owner: bool,
    /// Whether it may cancel this order (the owner when money is held or received).
    may_cancel: bool,
    path: String,
    placed: String,
    total: String,
    subtotal: String,
    shipping: String,
    tax: String,
    discount: Option<String>,
    items: Vec<(String, String, u32, String)>,
    address: Vec<String>,
    /// The billing address, when the customer gave one apart from the shipping address.
    billing: Vec<String>,
    /// What the order needs before it can go on, in words (while it needs attention).
    problems: Vec<String>,
    /// What the correction forms start from.
    edit: Edit,
    contact: Vec<String>,
    note: Option<String>,
    payment: String,
    timeline: Vec<Line>,
    messages: Vec<Line>,
    actions: Vec<&'static str>,
    /// Fresh on every showing of the page: part of its forms' idempotency key.
    nonce: String,
    /// The choices the open missing-stock question offered the customer.
    stock_offer: Vec<&'static str>,
    /// The order's returns: number, what, why, amount, state, and whether staff can act on it.
    returns: Vec<ReturnRow>,
    /// The order's complaints: number, kind, the customer's words, and how settled (if it is).
    complaints: Vec<(u32, String, String, Option<String>)>,
    error: Option<String>,
}

/// A return as staff see it.
pub struct ReturnRow {
    pub number: u32,
    pub items: String,
    pub reason: String,
    pub amount: String,
    pub state: String,
    /// `decide` (approve or refuse) or `receive`, or nothing to do.
    pub next: Option<&'static str>,
}

/// The order's details as the correction forms show them, to change what is wrong.
#[derive(Default)]
pub(super) struct Edit {
    name: String,
    email: String,
    phone: String,
    shipping_method: String,
    payment_method: &'static str,
    channel: &'static str,
    /// What is still owed, as a decimal (the payment form's amount).
    owed: String,
    cash_on_delivery: bool,
    address: AddressFields,
    billing: AddressFields,
}

#[derive(Default)]
pub(super) struct AddressFields {
    recipient: String,
    company: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    region: String,
    country: String,
}

impl AddressFields {
    fn of(address: Option<&crate::domain::Address>) -> Self {
        let Some(a) = address else { return Self::default() };
        let line = |n: usize| a.lines.get(n).cloned().unwrap_or_default();
        Self {
            recipient: a.recipient.clone().unwrap_or_default(),
            company: a.company.clone().unwrap_or_default(),
            line1: line(0),
            line2: a.lines.iter().skip(1).cloned().collect::<Vec<_>>().join(", "),
            postal_code: a.postal_code.clone().unwrap_or_default(),
            city: a.city.clone(),
            region: a.region.clone().unwrap_or_default(),
            country: a.country.clone(),
        }
    }
}

impl Edit {
    fn of(order: &Order) -> Self {
        let customer = &order.customer;
        let shown = |p: Option<&crate::domain::Private<String>>| p.map(|v| v.expose().clone()).unwrap_or_default();
        Self {
            name: shown(customer.name.as_ref()),
            email: shown(customer.email.as_ref().or(customer.email_as_given.as_ref())),
            phone: shown(customer.phone.as_ref().or(customer.phone_as_given.as_ref())),
            address: AddressFields::of(order.shipping.address.as_ref().map(|a| a.expose())),
            billing: AddressFields::of(customer.billing_address.as_ref().map(|a| a.expose())),
            shipping_method: order.shipping.method.clone(),
            payment_method: order.payment.method.map_or("", |m| m.as_str()),
            channel: customer.channel.as_str(),
            // What is owed; for the courier's collection not yet recorded, what they were to collect.
            owed: match order.cash_to_reconcile() && order.payment.collection.is_none() {
                true => order.money(order.totals.total_minor).decimal(),
                false => order.money((order.totals.total_minor - order.payment.received_minor()).max(0)).decimal(),
            },
            cash_on_delivery: order.payment.method == Some(crate::domain::PaymentMethod::CashOnDelivery),
        }
    }
}

/// The correction forms: each sends the `update` action with its part of the details.
pub(super) const UPDATES: [&str; 4] = ["update-contact", "update-address", "update-billing", "update-method"];

/// The forms the page offers: what the domain allows the order now ([`Order::allows`]), the
/// correction forms for `update`; returns and complaints have their forms by each case.
pub(super) fn allowed(order: &Order, role: Role) -> Vec<&'static str> {
    use crate::domain::ActionKind as A;
    use strum::IntoEnumIterator;
    let mut actions = Vec::new();
    for kind in A::iter().filter(|kind| order.allows(*kind) && order.role_for(*kind) <= role) {
        match kind {
            A::Update => {
                let ships = order.shipping.delivery == crate::domain::Delivery::Ship;
                actions.extend(UPDATES.into_iter().filter(|u| ships || *u != "update-address"));
            }
            A::ReturnApprove | A::ReturnReject | A::ReturnReceived | A::ComplaintResolve => {}
            other => actions.push(other.as_str()),
        }
    }
    actions
}

pub(super) async fn order_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    Segments(order_id): Segments<String>,
) -> Response {
    show_order(&app, &session, &order_id, StatusCode::OK, None).await
}

pub(super) async fn show_order<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let w = Words::of(app);
    let order = match crate::app::backoffice::order_whole(app, order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let zone = &app.settings.branding.time_zone;
    let when = |at: Timestamp| catalog().datetime(&w.locale, at, zone);
    let money = |minor: i64| order.money(minor).to_string();
    // The total as the customer paid it too, when that was in another currency.
    let both = |minor: i64| match order.totals.presented(minor) {
        Some(paid) => format!("{} ({paid})", order.money(minor)),
        None => money(minor),
    };
    let expose = |p: &Option<crate::domain::Private<String>>| p.as_ref().map(|v| v.expose().clone());
    let address = order.shipping.address.as_ref().map(|a| a.expose().label()).unwrap_or_default();
    let billing = order.customer.billing_address.as_ref().map(|a| a.expose().label()).unwrap_or_default();
    let contact = [expose(&order.customer.name), expose(&order.customer.email), expose(&order.customer.phone)]
        .into_iter()
        .flatten()
        .collect();
    let timeline = order
        .timeline()
        .iter()
        .rev()
        .map(|e| Line {
            at: when(e.at),
            what: w.event(&e.event),
            detail: [Some(e.source.clone()), e.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "),
        })
        .collect();
    let messages = order
        .notices()
        .values()
        .map(|n| {
            let state = match n.state {
                crate::domain::NoticeState::Sent { at } => w.t1("staff-message-sent", "at", &when(at)),
                crate::domain::NoticeState::Failed { .. } => w.t("staff-message-failed"),
                _ => w.t("staff-message-waiting"),
            };
            let (kind, channel) = w.notice(n);
            let to = w.t(&format!("staff-to-{}", n.audience.as_str()));
            Line { at: when(n.created_at), what: kind, detail: format!("{to} · {channel} · {state}") }
        })
        .collect();
    let method = order.payment.method.map_or("—".to_string(), |m| w.t(&format!("staff-method-{}", m.as_str())));
    let page = OrderPage {
        w: &w,
        shop: &app.settings.branding.name,
        staff: session.name(),
        form_token: &session.form_token(),
        path: order_path(app, &order.id),
        placed: when(order.placed_at),
        total: both(order.totals.total_minor),
        subtotal: money(order.totals.subtotal_minor),
        shipping: format!("{} · {}", order.shipping.method, money(order.totals.shipping_minor)),
        tax: money(order.totals.tax_minor),
        discount: (order.totals.discount_minor != 0).then(|| money(order.totals.discount_minor)),
        items: order
            .items
            .iter()
            .map(|l| (l.sku.clone().unwrap_or_default(), l.name.clone(), l.quantity, money(l.unit_price_minor)))
            .collect(),
        address,
        billing,
        problems: order.attention.iter().map(|p| w.t(&format!("problem-{}", p.kind().as_str()))).collect(),
        edit: Edit::of(&order),
        contact,
        note: expose(&order.customer.note),
        payment: format!(
            "{method} · {} · {}",
            w.t(&format!("staff-payment-{}", order.payment.status.as_str())),
            money(order.payment.received_minor())
        ),
        timeline,
        messages,
        actions: allowed(&order, session.role()),
        acts: session.may(Role::Staff),
        owner: session.may(Role::Owner),
        may_cancel: session.may(order.role_for(crate::domain::ActionKind::Cancel)),
        nonce: {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_or_else(|_| String::new(), |()| hex::encode(bytes))
        },
        stock_offer: order.stock_issue.iter().flat_map(|issue| issue.offer.iter().map(|o| <&str>::from(*o))).collect(),
        returns: order
            .after_delivery
            .returns
            .iter()
            .map(|r| ReturnRow {
                number: r.number,
                items: r
                    .lines
                    .iter()
                    .filter_map(|l| order.items.get(l.line).map(|i| format!("{} × {}", l.quantity, i.name)))
                    .collect::<Vec<_>>()
                    .join(", "),
                reason: w.t(&format!("return-reason-{}", r.reason.as_str())),
                amount: money(r.amount_minor),
                state: w.t(&match r.state {
                    // "Mark received" is the action's label: the state has its own key.
                    crate::domain::ReturnState::Received { .. } => "staff-return-received-state".to_string(),
                    _ => format!("staff-return-{}", r.state.name()),
                }),
                next: match r.state {
                    crate::domain::ReturnState::Requested => Some("decide"),
                    crate::domain::ReturnState::Approved { .. } => Some("receive"),
                    _ => None,
                },
            })
            .collect(),
        complaints: order
            .after_delivery
            .complaints
            .iter()
            .map(|c| {
                let settled = c.resolved.as_ref().map(|r| {
                    let note = r.note.clone().map(|n| format!(" · {n}")).unwrap_or_default();
                    format!(
                        "{}{note} · {} · {}",
                        w.t(&format!("staff-resolution-{}", r.resolution.as_str())),
                        r.by,
                        when(r.at)
                    )
                });
                (c.number, w.t(&format!("complaint-kind-{}", c.kind.as_str())), c.description.expose().clone(), settled)
            })
            .collect(),
        error,
        order: &order,
    };
    render(status, &page)
}

/// `POST /staff/orders/{id}/{action}`: an action from the order's page, as the JSON API takes it.
pub(super) async fn order_action<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Segments((order_id, action)): Segments<(String, String)>,
    posted: Posted,
) -> Response {
    let Posted { session, fields, form } = posted;
    if action == "customer-erase" {
        return erase_customer(&app, &session, &order_id, form.get("confirm").map(String::as_str)).await;
    }
    if !session.may(Role::Staff) {
        let refused = Words::of(&app).t1("staff-role-needed", "role", Role::Staff.as_str());
        return show_order(&app, &session, &order_id, StatusCode::FORBIDDEN, Some(refused)).await;
    }
    if action == "customer-note" {
        let note = form.get("note").map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        return save_customer_note(&app, &session, &order_id, note).await;
    }
    let body = form_body(&fields, &app.settings.branding.time_zone);
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let named = if UPDATES.contains(&action.as_str()) { "update" } else { action.as_str() };
    let staff_action = match admin::staff_action(named, &bytes, &app.settings.intake) {
        Ok(staff_action) => staff_action,
        Err(problem) => {
            return show_order(&app, &session, &order_id, StatusCode::BAD_REQUEST, Some(problem.detail)).await;
        }
    };
    // The idempotency key: the form's token, the action, the page's nonce and a digest of what was
    // asked. A double click (the same page, the same fields) applies the action once; the same form
    // sent again from the page shown after it (a second call, a second refund of the same amount)
    // is another action.
    let asked = {
        use sha2::Digest;
        hex::encode(&sha2::Sha256::digest(&bytes)[..8])
    };
    let nonce = form.get("nonce").map(String::as_str).unwrap_or_default();
    let key = form.get("form_token").map(|t| format!("{t}-{action}-{nonce}-{asked}"));
    match act_on_order(&app, &order_id, &staff_action, key.as_deref(), &session.actor()).await {
        Ok(_) => Redirect::to(&order_path(&app, &order_id)).into_response(),
        Err(ActError::NotFound) => message_page(&app, StatusCode::NOT_FOUND, &Words::of(&app).t("staff-not-found")),
        Err(ActError::Forbidden(role)) => {
            let refused = Words::of(&app).t1("staff-role-needed", "role", role.as_str());
            show_order(&app, &session, &order_id, StatusCode::FORBIDDEN, Some(refused)).await
        }
        Err(ActError::Store(error)) => crate::http::Problem::from(AppError::Store(error)).into_response(),
        Err(ActError::Refused(refusal)) => {
            let refused = Words::of(&app).refusal(&refusal);
            show_order(&app, &session, &order_id, StatusCode::CONFLICT, Some(refused)).await
        }
        Err(error) => show_order(&app, &session, &order_id, StatusCode::CONFLICT, Some(error.to_string())).await,
    }
}

/// A staff form as the JSON body the same action takes on the API: blank fields are left out,
/// numbers and checkboxes take their type, a list is one value per line or per repeated field, a
/// dotted name (`shipping.address.city`) is a field of an object, and a time the browser gives
/// without a zone (a date, or a date and time) is the shop's local time.
pub(super) fn form_body(fields: &[(String, String)], zone: &jiff::tz::TimeZone) -> serde_json::Value {
    const NUMBERS: [&str; 3] = ["return", "complaint", "answer_within_hours"];
    const LOCAL_TIMES: [&str; 2] = ["next_call_at", "estimated_delivery"];
    let local_time = |value: &str| -> Option<String> {
        let time = match value.contains('T') {
            true => value.parse::<jiff::civil::DateTime>().ok()?,
            // A day alone: its noon, which no zone moves to another day.
            false => value.parse::<jiff::civil::Date>().ok()?.at(12, 0, 0, 0),
        };
        Some(time.to_zoned(zone.clone()).ok()?.timestamp().to_string())
    };
    const FLAGS: [&str; 2] = ["ship_unpaid", "unpaid"];
    const LISTS: [&str; 2] = ["items", "offer"];
    const MAX_DEPTH: usize = 3;
    let mut body = serde_json::Map::new();
    for (name, value) in fields {
        let (name, value) = (name.as_str(), value.trim());
        if name == "form_token" || name == "nonce" || value.is_empty() {
            continue;
        }
        if LISTS.contains(&name) {
            let entry = body.entry(name).or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let Some(list) = entry.as_array_mut() {
                list.extend(value.lines().map(str::trim).filter(|l| !l.is_empty()).map(serde_json::Value::from));
            }
        } else if FLAGS.contains(&name) {
            body.insert(name.into(), serde_json::Value::Bool(true));
        } else if let Some(number) = value.parse::<i64>().ok().filter(|_| NUMBERS.contains(&name)) {
            body.insert(name.into(), number.into());
        } else if let Some(at) = local_time(value).filter(|_| LOCAL_TIMES.contains(&name)) {
            body.insert(name.into(), at.into());
        } else if name.split('.').count() > MAX_DEPTH {
            // Deeper than any body the API takes (`shipping.address.line1`): left out, as an
            // unknown field would be, rather than nested as deep as a stranger likes.
            continue;
        } else if let Some((object, field)) = name.rsplit_once('.') {
            let mut target = &mut body;
            for part in object.split('.') {
                let entry = target.entry(part).or_insert_with(|| serde_json::Value::Object(Default::default()));
                if !entry.is_object() {
                    // `a=1&a.b=2`: the object wins.
                    *entry = serde_json::Value::Object(Default::default());
                }
                target = entry.as_object_mut().expect("made an object above");
            }
            target.insert(field.into(), value.into());
        } else {
            body.insert(name.into(), value.into());
        }
    }
    serde_json::Value::Object(body)
}
