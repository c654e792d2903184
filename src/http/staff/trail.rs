//! What the owner reads: the audit trail, provider events that matched no order.

use super::*;

#[derive(askama::Template)]
#[template(path = "staff/unmatched.html")]
pub(super) struct UnmatchedPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    /// Source, what it named, its event id, when first seen.
    events: Vec<(String, String, String, String)>,
}

/// `/staff/unmatched`: provider events that named no order orderflow knows, set aside after a day of
/// retries (a payment for an order placed elsewhere, a parcel shipped outside orderflow).
pub(super) async fn unmatched_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
) -> Response {
    let events = match crate::app::backoffice::unmatched(&app).await {
        Ok(events) => events,
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let w = Words::of(&app);
    let zone = &app.settings.branding.time_zone;
    let events = events
        .into_iter()
        .map(|e| (e.provider, e.named, e.event_id, catalog().datetime(w.lang(), e.first_at, zone)))
        .collect();
    let token = session.form_token();
    let page =
        UnmatchedPage { w: &w, shop: &app.settings.branding.name, staff: session.name(), form_token: &token, events };
    render(StatusCode::OK, &page)
}

#[derive(askama::Template)]
#[template(path = "staff/audit.html")]
pub(super) struct AuditPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    day: jiff::civil::Date,
    entries: Vec<(String, crate::store::AuditEntry)>,
}

#[derive(serde::Deserialize)]
pub(super) struct AuditQuery {
    day: Option<jiff::civil::Date>,
}

/// `/staff/audit?day=2026-12-03`: who did and saw what that day (UTC), for the owner.
pub(super) async fn audit_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let w = Words::of(&app);
    if !session.may(Role::Owner) {
        return message_page(&app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Owner.as_str()));
    }
    let today = app.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let day = query.ok().and_then(|Query(q)| q.day).unwrap_or(today);
    let entries = match crate::app::access::trail(&app, &session.actor(), day).await {
        Ok(entries) => entries,
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let zone = &app.settings.branding.time_zone;
    let entries = entries.into_iter().map(|e| (catalog().datetime(w.lang(), e.at, zone), e)).collect();
    let token = session.form_token();
    render(
        StatusCode::OK,
        &AuditPage {
            w: &w,
            shop: &app.settings.branding.name,
            staff: session.name(),
            form_token: &token,
            day,
            entries,
        },
    )
}
