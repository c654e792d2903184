//! `orderflow preview`: every message in every locale and channel, written with an index page; a few
//! emails looked at in a real browser (screenshots kept in `test-artifacts/`).

mod support;

use orderflow::notify::locale::catalog;
use orderflow::notify::preview;

#[tokio::test]
async fn previews_cover_every_kind_locale_and_channel_and_render_in_a_browser() {
    let dir = std::env::temp_dir().join(support::unique("orderflow-previews-"));
    let index = preview::write(&dir).expect("previews are written");
    let page = std::fs::read_to_string(&index).unwrap();
    let locales = catalog().locales().count();
    assert_eq!(
        page.matches("<tr><td>").count(),
        locales * 102,
        "46 kinds, for the owner or the customer (both for cancellations, failed and overdue payments), email and SMS, per locale"
    );
    for locale in catalog().locales() {
        assert!(dir.join(locale).join("shipped.customer.email.html").exists());
        assert!(dir.join(locale).join("shipped.customer.sms.txt").exists());
    }
    for (locale, name, shot) in [
        ("en", "order_received.customer.email", "email-order-received-en.png"),
        ("ru", "shipped.customer.email", "email-shipped-ru.png"),
        ("pl", "out_of_stock.customer.email", "email-out-of-stock-pl.png"),
        ("en", "needs_attention.owner.email", "email-needs-attention-en.png"),
    ] {
        let file = dir.join(locale).join(format!("{name}.html"));
        let url = format!("file://{}", file.display());
        let dom =
            String::from_utf8_lossy(&support::chromium(&url, &["--dump-dom".to_string()]).await.stdout).to_string();
        assert!(dom.contains("#100012345"), "{name} in {locale} renders: {dom}");
        support::screenshot(&url, shot).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}
