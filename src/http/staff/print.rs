//! Printing: an order's invoice or packing slip, a day's packing slips.

use super::customer::customer_card;
use super::*;
use crate::app::backoffice;

#[derive(askama::Template)]
#[template(path = "staff/print.html")]
pub(super) struct PrintPage<'a> {
    w: &'a Words,
    shop: &'a str,
    /// `A4` or `letter`.
    paper: &'a str,
    documents: Vec<Document>,
}

/// A packing slip or an invoice, ready to print.
pub struct Document {
    pub invoice: bool,
    pub title: String,
    pub number: String,
    pub date: String,
    pub seller: Vec<String>,
    pub address: Vec<String>,
    pub shipping_method: String,
    pub note: Option<String>,
    pub lines: Vec<DocumentLine>,
    /// Whether any line says its tax (the invoice then has the tax columns).
    pub taxed: bool,
    /// "Prices include tax", when they do.
    pub tax_note: Option<String>,
    pub totals: Vec<(String, String)>,
    pub payment: String,
}

/// One item on a packing slip or an invoice (prices on invoices only).
pub struct DocumentLine {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub price: String,
    /// The line's tax rate and tax, as the storefront gave them (empty when it did not).
    pub tax_rate: String,
    pub tax: String,
    pub total: String,
}

#[derive(serde::Deserialize)]
pub(super) struct PrintQuery {
    paper: Option<String>,
    /// More orders' packing slips in one print: ids separated by commas.
    orders: Option<String>,
}

pub(super) async fn print_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    Segments((order_id, document)): Segments<(String, String)>,
    Query(query): Query<PrintQuery>,
) -> Response {
    let w = Words::of(&app);
    let invoice = match document.as_str() {
        "invoice" => true,
        "packing-slip" => false,
        "customer" => return customer_card(&app, &session, &order_id).await,
        _ => return message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
    };
    let mut ids = vec![order_id];
    if !invoice {
        ids.extend(listed(query.orders.as_deref().unwrap_or_default()));
    }
    print(&app, &w, &ids, invoice, query.paper.as_deref()).await
}

/// Order ids separated by commas.
pub(super) fn listed(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(',').map(str::trim).filter(|i| !i.is_empty()).map(String::from)
}

/// `GET /staff/packing-slips?orders=…&orders=…`: the packing slips of the orders ticked on the list.
pub(super) async fn packing_slips<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    _session: Session,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let w = Words::of(&app);
    let ids: Vec<String> = query.iter().filter(|(name, _)| name == "orders").flat_map(|(_, ids)| listed(ids)).collect();
    if ids.is_empty() {
        return message_page(&app, StatusCode::BAD_REQUEST, &w.t("staff-none-ticked"));
    }
    let paper = query.iter().find(|(name, _)| name == "paper").map(|(_, paper)| paper.as_str());
    print(&app, &w, &ids, false, paper).await
}

/// Up to 50 packing slips, or one invoice (numbered on its first print), ready to print.
pub(super) async fn print<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    w: &Words,
    ids: &[String],
    invoice: bool,
    paper: Option<&str>,
) -> Response {
    let papers = match backoffice::papers(app, ids, invoice).await {
        Ok(Ok(papers)) => papers,
        Ok(Err(_missing)) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let documents = papers
        .iter()
        .map(|paper| {
            let number = match paper.invoice_number {
                Some(n) => format!("{}{n:06}", app.settings.invoice.prefix),
                None => paper.order.number.clone(),
            };
            document_of(app, w, &paper.order, invoice, number)
        })
        .collect();
    let paper = if paper == Some("letter") { "letter" } else { "A4" };
    render(StatusCode::OK, &PrintPage { w, shop: &app.settings.branding.name, paper, documents })
}

pub(super) fn document_of<S, Q>(app: &App<S, Q>, w: &Words, order: &Order, invoice: bool, number: String) -> Document {
    let money = |minor: i64| order.money(minor).to_string();
    let zone = &app.settings.branding.time_zone;
    let seller = &app.settings.invoice;
    let mut totals = vec![(w.t("staff-subtotal"), money(order.totals.subtotal_minor))];
    if order.totals.discount_minor != 0 {
        totals.push((w.t("staff-discount"), format!("−{}", money(order.totals.discount_minor))));
    }
    totals.extend([
        (w.t("staff-shipping"), money(order.totals.shipping_minor)),
        (w.t("staff-tax"), money(order.totals.tax_minor)),
        (w.t("staff-total"), money(order.totals.total_minor)),
    ]);
    // Paid in another currency than the shop's: the total as the customer paid it, too.
    if let Some(paid) = order.totals.presented(order.totals.total_minor) {
        totals.push((w.t1("staff-paid-in", "currency", paid.currency.code()), paid.to_string()));
    }
    let method = order.payment.method.map_or("—".to_string(), |m| w.t(&format!("staff-method-{}", m.as_str())));
    Document {
        invoice,
        title: w.t(if invoice { "staff-invoice" } else { "staff-packing-slip" }),
        number,
        date: catalog().date(&w.locale, if invoice { app.clock.now() } else { order.placed_at }, zone),
        seller: [
            Some(seller.legal_name.clone()),
            seller.address.clone(),
            seller.tax_id.clone().map(|t| w.t1("staff-tax-id", "id", &t)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        // The invoice to who pays, the packing slip to where the goods go.
        address: if invoice { order.billing_address() } else { order.shipping.address.as_ref().map(|a| a.expose()) }
            .map(crate::domain::Address::label)
            .unwrap_or_else(|| order.customer.name.iter().map(|n| n.expose().clone()).collect()),
        shipping_method: order.shipping.method.clone(),
        note: order.customer.note.as_ref().map(|n| n.expose().clone()).filter(|_| !invoice),
        lines: order
            .items
            .iter()
            .map(|l| DocumentLine {
                sku: l.sku.clone().unwrap_or_default(),
                name: l.name.clone(),
                quantity: l.quantity,
                price: money(l.unit_price_minor),
                tax_rate: l.tax_rate.map(|r| r.to_string()).unwrap_or_default(),
                tax: l.tax_minor.map(money).unwrap_or_default(),
                total: money(l.unit_price_minor.saturating_mul(i64::from(l.quantity))),
            })
            .collect(),
        taxed: order.items.iter().any(|l| l.tax_minor.is_some() || l.tax_rate.is_some()),
        tax_note: order.totals.prices_include_tax.then(|| w.t("staff-prices-include-tax")),
        totals: if invoice { totals } else { Vec::new() },
        payment: format!("{method} · {}", w.t(&format!("staff-payment-{}", order.payment.status.as_str()))),
    }
}
