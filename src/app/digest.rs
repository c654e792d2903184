//! The owner's weekly digest of returns and complaints (run by the scheduler): on Monday from 08:00
//! in the shop's time zone, once a week, how many returns and complaints the past week brought, by
//! reason, and what they are worth; nothing when the week brought none.

use super::App;
use crate::domain::{ComplaintKind, ReturnReason};
use crate::notify::locale::catalog;
use crate::notify::{Message, NoticeRef, Sender};
use crate::store::{OrderStore, Pointer, StoreError};
use jiff::{SignedDuration, Timestamp, ToSpan};

/// What a digest counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    pub week: String,
    pub returns: Vec<(ReturnReason, usize)>,
    pub complaints: Vec<(ComplaintKind, usize)>,
}

/// Sends the digest of the week before this one, once, when it is due; `None` when it is not due
/// or was sent. `sender` is the email sender (the owner's address is in the settings).
pub async fn weekly_digest<S: OrderStore, Q, D: Sender>(
    app: &App<S, Q>,
    sender: &D,
) -> Result<Option<Digest>, StoreError> {
    let zone = &app.settings.branding.time_zone;
    let now = app.clock.now().to_zoned(zone.clone());
    let monday = now.date() - (now.date().weekday().to_monday_zero_offset() as i64).days();
    let Ok(due) = monday.at(8, 0, 0, 0).to_zoned(zone.clone()) else { return Ok(None) };
    if now < due {
        return Ok(None);
    }
    let week = format!("digest-{}", monday);
    if app.store.is_done(&week).await? {
        return Ok(None);
    }
    let end = monday.to_zoned(zone.clone()).map(|z| z.timestamp()).unwrap_or_else(|_| due.timestamp());
    let start = end - SignedDuration::from_hours(7 * 24);
    let within = |at: Timestamp| at >= start && at < end;
    let mut digest = Digest { week: monday.to_string(), ..Digest::default() };
    let mut returns = std::collections::BTreeMap::<&str, (ReturnReason, usize)>::new();
    let mut complaints = std::collections::BTreeMap::<&str, (ComplaintKind, usize)>::new();
    for id in app.store.pointed_orders(&Pointer::AfterSales).await?.into_iter().take(1000) {
        let Some(order) = app.store.get(&id).await? else { continue };
        for case in order.after_delivery.returns.iter().filter(|r| within(r.requested_at)) {
            returns.entry(case.reason.as_str()).or_insert((case.reason, 0)).1 += 1;
        }
        for complaint in order.after_delivery.complaints.iter().filter(|c| within(c.opened_at)) {
            complaints.entry(complaint.kind.as_str()).or_insert((complaint.kind, 0)).1 += 1;
        }
    }
    digest.returns = returns.into_values().collect();
    digest.complaints = complaints.into_values().collect();
    // A week without returns or complaints says nothing (nor does the first run after a deploy).
    if digest.returns.is_empty() && digest.complaints.is_empty() {
        app.store.mark_done(&week, app.clock.now() + SignedDuration::from_hours(60 * 24)).await?;
        tracing::info!(week = %digest.week, "weekly digest: nothing to say");
        return Ok(None);
    }
    let message = render(&digest, &app.settings.branding.locale);
    let about = NoticeRef::new(&app.settings.shop, "digest", crate::domain::NoticeId::new(week.clone()));
    match sender.send(&about, &app.settings.owner_email, &message).await {
        crate::domain::DeliveryOutcome::Sent => {}
        other => {
            tracing::warn!(outcome = ?other, "weekly digest not sent; tried again next run");
            return Ok(None);
        }
    }
    app.store.mark_done(&week, app.clock.now() + SignedDuration::from_hours(60 * 24)).await?;
    tracing::info!(week = %digest.week, "weekly digest sent");
    Ok(Some(digest))
}

/// The digest as an email in the shop's language.
fn render(digest: &Digest, locale: &str) -> Message {
    let words = catalog();
    // Counts go in as numbers, so that each language's plural rules choose the words.
    let say_counted = |key: &str, args: &[(&str, String)], count: Option<usize>| {
        let mut fluent = fluent_bundle::FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        if let Some(count) = count {
            fluent.set("count", count as i64);
        }
        words.text(locale, key, Some(&fluent)).unwrap_or_default()
    };
    let say = |key: &str, args: &[(&str, String)]| say_counted(key, args, None);
    let subject = say("digest-subject", &[("week", digest.week.clone())]);
    let mut lines = vec![say("digest-intro", &[("week", digest.week.clone())])];
    for (reason, count) in &digest.returns {
        let label = say(&format!("return-reason-{}", reason.as_str()), &[]);
        lines.push(say_counted("digest-returns", &[("reason", label)], Some(*count)));
    }
    for (kind, count) in &digest.complaints {
        let label = say(&format!("complaint-kind-{}", kind.as_str()), &[]);
        lines.push(say_counted("digest-complaints", &[("kind", label)], Some(*count)));
    }
    let escape = crate::primitives::escape_html;
    let html = format!(
        "<!DOCTYPE html><html lang=\"{locale}\"><meta charset=\"utf-8\"><title>{}</title><body>{}</body></html>",
        escape(&subject),
        lines.iter().map(|l| format!("<p>{}</p>", escape(l))).collect::<String>()
    );
    Message::Email { subject, html, text: lines.join("\n\n") }
}
