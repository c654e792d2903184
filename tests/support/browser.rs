//! Headless Chromium driven over the DevTools protocol: open a page, fill and send its forms as a
//! person would, read what it shows. The pages carry no script; the protocol's own evaluation is
//! how the test types and clicks (it is not subject to the page's Content-Security-Policy).

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::AsyncBufReadExt;
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One Chromium with one tab, closed when dropped.
pub struct Browser {
    process: tokio::process::Child,
    profile: std::path::PathBuf,
    socket: Socket,
    next_id: u64,
    /// How many pages have fired their load event.
    loads: u64,
}

impl Browser {
    /// Starts headless Chromium (Debian's package, installed by `make test`) at `width` × `height`.
    pub async fn start(width: u32, height: u32) -> Self {
        let profile = std::env::temp_dir().join(super::unique("orderflow-chromium-"));
        std::fs::create_dir_all(&profile).unwrap();
        let mut process = tokio::process::Command::new("chromium")
            .args(super::CHROMIUM_FLAGS)
            .args([
                "--remote-debugging-port=0",
                &format!("--window-size={width},{height}"),
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("chromium runs (make test installs it)");
        // Chromium says where its DevTools endpoint listens on its first lines of output.
        let mut lines = tokio::io::BufReader::new(process.stderr.take().unwrap()).lines();
        let port = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(rest) = line.strip_prefix("DevTools listening on ws://127.0.0.1:") {
                    return rest.split('/').next().unwrap().to_string();
                }
            }
            panic!("chromium exited before listening");
        })
        .await
        .expect("chromium listens within 30 s");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let targets: Value =
            reqwest::get(format!("http://127.0.0.1:{port}/json/list")).await.unwrap().json().await.unwrap();
        let page = targets.as_array().unwrap().iter().find(|t| t["type"] == "page").expect("a tab");
        let url = page["webSocketDebuggerUrl"].as_str().unwrap();
        let (socket, _) = tokio_tungstenite::connect_async(url).await.expect("the tab's DevTools socket");
        let mut browser = Self { process, profile, socket, next_id: 0, loads: 0 };
        browser.call("Page.enable", json!({})).await;
        browser
    }

    /// Sends one DevTools command and waits for its answer (events in between are let pass).
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket.send(Message::text(command)).await.unwrap();
        loop {
            let message = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("no answer to {method} within 30 s"))
                .expect("the socket stays open")
                .unwrap();
            let Message::Text(text) = message else { continue };
            let answer: Value = serde_json::from_str(text.as_str()).unwrap();
            self.count_load(&answer);
            if answer["id"] == id {
                assert!(answer.get("error").is_none(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    pub async fn eval(&mut self, expression: &str) -> Value {
        let result = self.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true })).await;
        assert!(result.get("exceptionDetails").is_none(), "{expression}: {result}");
        result["result"]["value"].clone()
    }

    fn count_load(&mut self, message: &Value) {
        if message["method"] == "Page.loadEventFired" {
            self.loads += 1;
        }
    }

    /// Opens `url` and waits until it has loaded.
    pub async fn open(&mut self, url: &str) {
        let loads = self.loads;
        self.call("Page.navigate", json!({ "url": url })).await;
        self.settle(loads).await;
    }

    /// Waits for the load event of the page a navigation, form or link led to (`loads`: the count
    /// before it began; the event may come before the command's own answer).
    async fn settle(&mut self, loads: u64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while self.loads == loads {
            let message = tokio::time::timeout_at(deadline, self.socket.next())
                .await
                .unwrap_or_else(|_| {
                    panic!("no page loaded within 30 s: a form the browser would not send, or a link to nowhere?")
                })
                .expect("the socket stays open")
                .unwrap();
            let Message::Text(text) = message else { continue };
            let event: Value = serde_json::from_str(text.as_str()).unwrap();
            self.count_load(&event);
        }
    }

    /// Fails unless the page shows an element matching `selector` (a CSS selector).
    pub async fn expect(&mut self, selector: &str) {
        let script = format!("document.querySelector({selector:?}) !== null");
        assert_eq!(self.eval(&script).await, true, "no {selector} on {}: {}", self.url().await, self.text().await);
    }

    /// Fills the form `form` (a CSS selector) with `fields` (name → value; a checkbox is ticked by
    /// any value) and presses its submit button, then waits for the page that answers.
    pub async fn submit(&mut self, form: &str, fields: &[(&str, &str)]) {
        self.submit_pressing(form, fields, "button[type=submit], button:not([type])").await;
    }

    /// As [`Browser::submit`], pressing the form's button `button` (a CSS selector within it).
    pub async fn submit_pressing(&mut self, form: &str, fields: &[(&str, &str)], button: &str) {
        let fields =
            serde_json::to_string(&fields.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect::<Vec<_>>())
                .unwrap();
        let script = format!(
            r#"(() => {{
                const form = document.querySelector({form:?});
                if (!form) return "no form {form}";
                for (const [name, value] of {fields}) {{
                    const field = form.elements.namedItem(name);
                    if (!field) return "no field " + name;
                    if (field.type === "checkbox") field.checked = true; else field.value = value;
                }}
                const button = form.querySelector({button:?});
                if (button) button.click(); else form.submit();
                return "sent";
            }})()"#
        );
        let loads = self.loads;
        assert_eq!(self.eval(&script).await, "sent", "{form}");
        self.settle(loads).await;
    }

    /// Follows the link `link` (a CSS selector), as a click does.
    pub async fn click(&mut self, link: &str) {
        let script = format!(
            "(() => {{ const a = document.querySelector({link:?}); if (!a) return false; a.click(); return true; }})()"
        );
        let loads = self.loads;
        assert_eq!(self.eval(&script).await, true, "no {link}");
        self.settle(loads).await;
    }

    /// The page's address.
    pub async fn url(&mut self) -> String {
        self.eval("location.href").await.as_str().unwrap().to_string()
    }

    /// The text the page shows.
    pub async fn text(&mut self) -> String {
        self.eval("document.body.innerText").await.as_str().unwrap_or_default().to_string()
    }

    /// Takes a screenshot of the page into `test-artifacts/{name}` and checks it is a picture.
    pub async fn screenshot(&mut self, name: &str) -> std::path::PathBuf {
        use base64::Engine as _;
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" })).await;
        let png = base64::engine::general_purpose::STANDARD.decode(shot["data"].as_str().unwrap()).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{name} is a real picture");
        let artifacts = orderflow::local::repo_root().join("test-artifacts");
        std::fs::create_dir_all(&artifacts).unwrap();
        let path = artifacts.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.process.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
