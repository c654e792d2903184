//! Links from outside (staff, storefronts, settings) that a page or a message shows, or that
//! orderflow calls: only web links. A `javascript:` or `data:` link on the customer's page would run
//! script on the shop's origin when clicked; a relative one would point into orderflow itself.

use super::{InvalidField, limits};

/// `text` as a web link: `https`, or `http` to a loopback host (development), with a host and
/// no credentials, at most [`limits::TRACKING_URL`] characters. Else why not, naming `field`.
pub fn web_link(field: &str, text: &str) -> Result<String, InvalidField> {
    let refuse = |why: &str| InvalidField::new(field, why.to_string());
    let text = text.trim();
    if text.chars().count() > limits::TRACKING_URL {
        return Err(refuse(&format!("longer than {} characters", limits::TRACKING_URL)));
    }
    let url = url::Url::parse(text).map_err(|_| refuse("must be a whole https:// link"))?;
    let Some(host) = url.host() else { return Err(refuse("must be a whole https:// link")) };
    let loopback = match host {
        url::Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(refuse("must be an https:// link")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("must not carry a user name or password"));
    }
    Ok(url.to_string())
}

/// Whether `text` is a web link ([`web_link`]).
pub fn is_web_link(text: &str) -> bool {
    web_link("link", text).is_ok()
}

/// A setting's link template (`{number}`, `{reference}`, `{amount}`, `{currency}`, `{return}`,
/// `{due}` filled in when used), checked as it will be once filled: a web link whose host no
/// placeholder chooses (an order number comes from the storefront).
pub fn link_template(field: &str, template: &str) -> Result<(), InvalidField> {
    let fill = |n: &str| {
        ["{number}", "{reference}", "{amount}", "{currency}", "{return}", "{due}"]
            .iter()
            .fold(template.to_string(), |text, placeholder| text.replace(placeholder, n))
    };
    let host = |text: String| -> Result<Option<String>, InvalidField> {
        Ok(url::Url::parse(&web_link(field, &text)?).ok().and_then(|u| u.host_str().map(str::to_string)))
    };
    if host(fill("1001"))? != host(fill("2002"))? {
        return Err(InvalidField::new(field, "the link's host must not be a placeholder"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_links_and_loopback_http_pass() {
        for good in [
            "https://www.dhl.com/track?id=JJD000390007783459182",
            "  https://tools.usps.com/go/TrackConfirmAction?tLabels=9400  ",
            "http://127.0.0.1:3000/track/1",
            "http://localhost:8080/hook",
            "http://[::1]:9000/",
        ] {
            assert!(is_web_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(document.cookie)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//evil.example/track",
            "/staff/orders",
            "track?id=1",
            "http://carrier.example/track?id=1",
            "http://localhost.evil.example/",
            "http://127.0.0.1.nip.io/",
            "ftp://carrier.example/",
            "file:///etc/passwd",
            "https://user:pass@carrier.example/",
            "https://",
            "",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
        let long = format!("https://carrier.example/{}", "a".repeat(limits::TRACKING_URL));
        assert_eq!(web_link("tracking_url", &long).unwrap_err().field, "tracking_url");
    }

    #[test]
    fn templates_are_checked_as_filled_in() {
        assert!(link_template("REVIEW_URL", "https://shop.example/review?order={number}").is_ok());
        assert!(link_template("PAYMENT_LINK", "https://pay.example/{number}/{amount}").is_ok());
        assert!(link_template("REVIEW_URL", "javascript:review({number})").is_err());
        assert!(link_template("PAYMENT_LINK", "https://{reference}.pay.example/").is_err());
    }
}
