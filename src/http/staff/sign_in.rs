//! Signing in and out: the sign-in page, its throttle, ending one's sessions.

use super::*;

#[derive(askama::Template)]
#[template(path = "staff/sign_in.html")]
pub(super) struct SignInPage<'a> {
    w: &'a Words,
    shop: &'a str,
    error: Option<String>,
}

pub(super) fn sign_in_page<S, Q>(app: &App<S, Q>, status: StatusCode, error: Option<String>) -> Response {
    let w = Words::of(app);
    render(status, &SignInPage { w: &w, shop: &app.settings.branding.name, error })
}

pub(super) async fn sign_in_form<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    headers: HeaderMap,
) -> Response {
    match session::open(&app, &headers).await {
        Ok(Some(_)) => Redirect::to(&staff_url(&app, "/staff/orders")).into_response(),
        Ok(None) => sign_in_page(&app, StatusCode::OK, None),
        Err(error) => crate::http::Problem::from(AppError::Store(error)).into_response(),
    }
}

pub(super) async fn sign_in<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    address: ClientAddress,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let w = Words::of(&app);
    if crate::http::status::cross_site(&headers) {
        return sign_in_page(&app, StatusCode::FORBIDDEN, Some(w.t("staff-refused")));
    }
    let field =
        |name: &str| form.as_ref().ok().and_then(|f| f.get(name)).map(|t| t.trim().to_string()).unwrap_or_default();
    let (account, token) = (field("name"), field("token"));
    let attempt = Attempt::new("staff", &address, Some(&account));
    match attempt.paused(&app).await {
        Ok(true) => return sign_in_page(&app, StatusCode::TOO_MANY_REQUESTS, Some(w.t("staff-paused"))),
        Ok(false) => {}
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    }
    let Some(account) = app.settings.staff.sign_in(&account, &token) else {
        let paused = attempt.failed(&app).await;
        tracing::warn!(paused, "staff sign-in refused");
        let (status, key) = match paused {
            true => (StatusCode::TOO_MANY_REQUESTS, "staff-paused"),
            false => (StatusCode::UNAUTHORIZED, "staff-wrong-token"),
        };
        return sign_in_page(&app, status, Some(w.t(key)));
    };
    let cookie = match session::start(&app, account).await {
        Ok(Some(cookie)) => cookie,
        Ok(None) => return sign_in_page(&app, StatusCode::SERVICE_UNAVAILABLE, Some(w.t("staff-no-session-key"))),
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    tracing::info!(staff = %account.name(), role = account.role().as_str(), "staff signed in");
    let mut response = Redirect::to(&staff_url(&app, "/staff/orders")).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

pub(super) async fn sign_out<S: OrderStore, Q: NoticeQueue>(State(app): State<Arc<App<S, Q>>>, _: Posted) -> Response {
    let mut response = Redirect::to(&staff_url(&app, "/staff/sign-in")).into_response();
    response.headers_mut().insert(header::SET_COOKIE, session::set_cookie(&app, "", 0));
    response
}

/// `POST /staff/sign-out-everywhere`: ends every session of the signed-in account, on every device
/// (a copied cookie included); an owner may end another account's (`account` in the form).
pub(super) async fn sign_out_everywhere<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    posted: Posted,
) -> Response {
    let session = &posted.session;
    let named = posted.field("account").unwrap_or(session.name());
    let w = Words::of(&app);
    // The account as configured (any case), or none: ending a name nobody has would end nothing.
    let Some(whose) = app.settings.staff.accounts().find(|a| a.name().eq_ignore_ascii_case(named)).map(|a| a.name())
    else {
        return message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-not-found"));
    };
    if whose != session.name() && !session.may(Role::Owner) {
        return message_page(&app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Owner.as_str()));
    }
    if let Err(error) = crate::app::access::end_sessions(&app, &session.actor(), whose).await {
        return crate::http::Problem::from(AppError::Store(error)).into_response();
    }
    if whose != session.name() {
        return message_page(&app, StatusCode::OK, &w.t1("staff-sessions-ended", "account", whose));
    }
    let mut response = Redirect::to(&staff_url(&app, "/staff/sign-in")).into_response();
    response.headers_mut().insert(header::SET_COOKIE, session::set_cookie(&app, "", 0));
    response
}
