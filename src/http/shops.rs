//! Which shop a request is for, from its path alone (no header a client writes): `/s/<shop>/…` is
//! that shop's `/…`, anything else the default shop's. The request goes to that shop's router with
//! the shop's part of the path taken off, and a [`BasePath`] for the links and redirects it answers.

use super::Problem;
use crate::domain::ShopId;
use crate::shops::Shops;
use axum::response::{IntoResponse, Response};
use http::{Request, StatusCode, Uri};

/// The path a shop's links begin with: empty for the default shop, `/s/<shop>` for another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    pub fn of(shop: &ShopId) -> Self {
        if shop.is_default() { Self::default() } else { Self(format!("/s/{shop}")) }
    }

    /// `path` (beginning with `/`) under this base.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// Read by handlers that link or redirect: the default shop's when the request came in directly.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for BasePath {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<BasePath>().cloned().unwrap_or_default())
    }
}

/// The paths served under `/s/<shop>`: every route (the webhooks, the admin API, the staff's
/// pages, the customer's page and forms).
const SHOP_PATHS: [&str; 6] = ["/webhooks/", "/admin/", "/staff", "/orders/", "/track/", "/t/"];

/// The shop `uri` names and the path within it; `Err` for a `/s/…` path that names no shop (nor
/// the default shop, whose paths are the unprefixed ones) or a route not served under a shop.
pub fn split(uri: &Uri) -> Result<(ShopId, Uri), Problem> {
    let path = uri.path();
    let Some(rest) = path.strip_prefix("/s/") else { return Ok((ShopId::default(), uri.clone())) };
    let (name, within) = rest.split_once('/').map_or((rest, ""), |(name, within)| (name, within));
    // The default shop has its one address, without `/s/`.
    let shop = ShopId::parse(name).ok().filter(|shop| !shop.is_default()).ok_or_else(unknown)?;
    let within = format!("/{within}");
    if !SHOP_PATHS.iter().any(|served| within.starts_with(served)) {
        return Err(Problem::not_found());
    }
    let with_query = match uri.query() {
        Some(query) => format!("{within}?{query}"),
        None => within,
    };
    let uri = Uri::builder().path_and_query(with_query).build().map_err(|_| Problem::not_found())?;
    Ok((shop, uri))
}

fn unknown() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "unknown-shop", "No such shop", "no shop of this name is served here")
}

/// Answers `request` with its shop's router.
pub async fn dispatch<B>(shops: &Shops<axum::Router>, mut request: Request<B>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let (shop, uri) = match split(request.uri()) {
        Ok(found) => found,
        Err(problem) => return problem.into_response(),
    };
    let router = match shops.get(&shop).await {
        Ok(Some(router)) => router,
        Ok(None) => return unknown().into_response(),
        Err(error) => {
            tracing::error!(%error, "a shop's services could not be built");
            let detail = "this shop cannot be served now; retry later";
            return Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", detail)
                .into_response();
        }
    };
    *request.uri_mut() = uri;
    request.extensions_mut().insert(BasePath::of(&shop));
    match tower::ServiceExt::oneshot(router, request.map(axum::body::Body::new)).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// One router in front of every shop's: what `orderflow dev` and the tests serve (a function's
/// Lambda handler calls [`dispatch`] itself).
pub fn front(routers: std::sync::Arc<Shops<axum::Router>>) -> axum::Router {
    axum::Router::new().fallback(move |request: axum::extract::Request| {
        let routers = routers.clone();
        async move { dispatch(&routers, request).await }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shop_is_named_by_the_path_alone() {
        let split = |uri: &str| split(&uri.parse().unwrap()).map(|(shop, uri)| (shop.to_string(), uri.to_string()));
        assert_eq!(split("/webhooks/orders/generic").unwrap(), ("default".into(), "/webhooks/orders/generic".into()));
        assert_eq!(
            split("/s/north/webhooks/orders/generic?x=1").unwrap(),
            ("north".into(), "/webhooks/orders/generic?x=1".into())
        );
        assert_eq!(split("/s/north/track/7").unwrap(), ("north".into(), "/track/7".into()));
        for refused in [
            "/s/North/webhooks/orders/generic",
            "/s/a%23b/admin/orders",
            "/s//admin/orders",
            "/s/north",
            "/s/north/x",
            "/s/default/webhooks/orders/generic",
        ] {
            assert!(split(refused).is_err(), "{refused}");
        }
        assert_eq!(BasePath::of(&ShopId::parse("north").unwrap()).join("/track/7"), "/s/north/track/7");
        assert_eq!(BasePath::default().join("/track/7"), "/track/7");
    }
}
