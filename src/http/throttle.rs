//! Where a request really came from ([`ClientAddress`]), which the sign-in throttle
//! ([`crate::app::throttle`]) counts wrong attempts by, and how strong a token is.

use axum::extract::{ConnectInfo, FromRequestParts};
use std::net::SocketAddr;

pub use crate::app::throttle::{Attempt, PAUSE};

/// The address a request came from, as the platform saw it: API Gateway's
/// `requestContext.http.sourceIp` in Lambda, the socket's peer under `orderflow dev`. Never a header
/// the client writes (`X-Forwarded-For` starts with whatever the client put there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    pub fn of(parts: &http::request::Parts) -> Self {
        let gateway = match parts.extensions.get::<lambda_http::request::RequestContext>() {
            Some(lambda_http::request::RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
            _ => None,
        };
        let socket =
            || parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip().to_string());
        Self(gateway.or_else(socket).unwrap_or_else(|| "unknown".into()))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts))
    }
}

/// About how many bits of entropy `token` has if its characters were drawn at random from the
/// classes it uses: what a guesser must cover at best. Used to refuse tokens under 128 bits.
pub fn token_bits(token: &str) -> f64 {
    /// A class of characters and how many it has.
    type Class = (fn(char) -> bool, f64);
    let classes: [Class; 5] = [
        (|c| c.is_ascii_lowercase(), 26.0),
        (|c| c.is_ascii_uppercase(), 26.0),
        (|c| c.is_ascii_digit(), 10.0),
        (|c| c.is_ascii() && !c.is_ascii_alphanumeric(), 33.0),
        (|c| !c.is_ascii(), 100.0),
    ];
    let pool: f64 = classes.iter().filter(|(is, _)| token.chars().any(is)).map(|(_, size)| size).sum();
    if pool <= 1.0 {
        return 0.0;
    }
    token.chars().count() as f64 * pool.log2()
}

/// The least a sign-in or bearer token may have.
pub const TOKEN_BITS: f64 = 128.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_plain_tokens_are_under_128_bits_and_random_ones_over() {
        assert!(token_bits("") < TOKEN_BITS);
        assert!(token_bits("hunter2") < TOKEN_BITS);
        assert!(token_bits("test-admin-token") < TOKEN_BITS);
        assert!(token_bits(&"a".repeat(20)) < TOKEN_BITS);
        // `openssl rand -hex 16` and `-base64 24`.
        assert!(token_bits("9f86d081884c7d659a2feaa0c55ad015") >= TOKEN_BITS);
        assert!(token_bits("q3Zr8xPm1VbN7tYw4KcH2sJf6LdA") >= TOKEN_BITS);
    }

    #[test]
    fn the_address_is_the_platforms_not_a_header() {
        let request = http::Request::builder()
            .header("x-forwarded-for", "1.2.3.4, 198.51.100.20")
            .extension(ConnectInfo(SocketAddr::from(([203, 0, 113, 5], 40000))))
            .body(())
            .unwrap();
        assert_eq!(ClientAddress::of(&request.into_parts().0).0, "203.0.113.5");
        let mut context = lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext::default();
        context.http.source_ip = Some("198.51.100.20".into());
        let lambda = http::Request::builder()
            .header("x-forwarded-for", "1.2.3.4, 198.51.100.20")
            .extension(lambda_http::request::RequestContext::ApiGatewayV2(context))
            .body(())
            .unwrap();
        assert_eq!(ClientAddress::of(&lambda.into_parts().0).0, "198.51.100.20");
        let bare = http::Request::builder().header("x-forwarded-for", "1.2.3.4").body(()).unwrap();
        assert_eq!(ClientAddress::of(&bare.into_parts().0).0, "unknown");
    }
}
