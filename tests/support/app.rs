//! `spawn_app()`: the real server on a free port with a fresh database, and a
//! `TestApp` with a method per endpoint.
//!
//! The database is a fresh SQLite file per test, or, when `BLOSSOM_TEST_POSTGRES_URL`
//! names a PostgreSQL server (as `.ci/run` does), a fresh database created on it.

use blossom::app::{App, Settings};
use blossom::clock::Clock;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The device id every test phone sends with its `hello`, so a test that connects
/// a guest again with their link gets the same session (as one phone would).
pub const DEVICE: &str = "test-phone";

pub struct TestApp {
    pub base: String,
    /// The server's clock (manual for `spawn_app_at`).
    #[allow(dead_code)]
    pub clock: Clock,
    pub client: reqwest::Client,
    pub admin: String,
    settings: Settings,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

#[allow(dead_code)]
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match std::env::var("BLOSSOM_TEST_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            let name = format!("blossom_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&server)
                .await
                .expect("connect to the test PostgreSQL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .expect("create a test database");
            let (base, _) = server.rsplit_once('/').expect("a URL ending in /DATABASE");
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}", dir.join("blossom.db").display()),
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Clock::system()).await
}

/// The server on a manual clock, which moves only when the test moves it.
#[allow(dead_code)]
pub async fn spawn_app_at(start_ms: i64) -> TestApp {
    spawn_app_with(Clock::manual(start_ms)).await
}

/// The server with other limits on `/ws` per client address.
#[allow(dead_code)]
pub async fn spawn_app_with_ws(limits: blossom::app::WsLimits) -> TestApp {
    let mut app = spawn_app_with(Clock::system()).await;
    app.settings.ws_limits = limits;
    app.restart().await;
    app
}

async fn spawn_app_with(clock: Clock) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: fresh_database_url(dir.path()).await,
        admin_token: blossom::tokens::random_token(),
        public_url: Some("http://192.0.2.10:8080".into()),
        secret_file: dir.path().join("blossom.key"),
        web_dir: None,
        tls: None,
        clock: clock.clone(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    };
    let mut app = TestApp {
        clock,
        base: String::new(),
        client: reqwest::Client::new(),
        admin: settings.admin_token.clone(),
        settings,
        stop: None,
        task: None,
        _dir: dir,
    };
    app.start().await;
    app
}

impl TestApp {
    async fn start(&mut self) {
        let app = App::build(self.settings.clone())
            .await
            .expect("the server starts");
        self.base = format!("http://127.0.0.1:{}", app.port());
        let (tx, rx) = oneshot::channel();
        self.stop = Some(tx);
        self.task = Some(tokio::spawn(async move {
            app.run_until(async {
                let _ = rx.await;
            })
            .await
            .unwrap();
        }));
    }

    /// Stops the server and starts it again on the same database and key.
    pub async fn restart(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
        self.start().await;
    }

    /// Restarts with other retention settings (`--link-days`, `--erase-after-days`).
    #[allow(dead_code)]
    pub async fn restart_with(&mut self, retention: blossom::app::Retention) {
        self.settings.retention = retention;
        self.restart().await;
    }

    /// The bytes of the SQLite database file and its write-ahead log (`None` on
    /// PostgreSQL): what a copy of the disk would hold.
    #[allow(dead_code)]
    pub fn database_bytes(&self) -> Option<Vec<u8>> {
        let path = self.database_url().strip_prefix("sqlite://")?;
        let path = path.split('?').next().unwrap_or(path);
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-journal"] {
            if let Ok(b) = std::fs::read(format!("{path}{suffix}")) {
                all.extend(b);
            }
        }
        Some(all)
    }

    pub fn database_url(&self) -> &str {
        &self.settings.database_url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut req = self
            .client
            .get(self.url(path))
            .header("Accept-Language", "en");
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Response {
        let mut req = self
            .client
            .request(method, self.url(path))
            .header("Accept-Language", "en")
            .json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    /// Claims a guest's join link from the tests' phone (device [`DEVICE`]) and
    /// returns the session the `welcome` gave it: the token a guest acts with over
    /// HTTP. Claiming again from the same device gives the same session.
    pub async fn session(&self, link: &str) -> String {
        use futures_util::{SinkExt, StreamExt};
        use tokio_tungstenite::tungstenite::Message;
        let url = self.url("/ws").replace("http://", "ws://");
        let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let hello = json!({"type": "hello", "token": link, "device": DEVICE});
        ws.send(Message::Text(hello.to_string().into()))
            .await
            .unwrap();
        loop {
            let msg = tokio::time::timeout(std::time::Duration::from_secs(15), ws.next())
                .await
                .expect("a welcome in time")
                .unwrap()
                .unwrap();
            if let Message::Text(t) = msg {
                let v: Value = serde_json::from_str(&t).unwrap();
                assert_eq!(v["type"], "welcome", "claiming a link: {v}");
                return v["session"]
                    .as_str()
                    .expect("a guest's session")
                    .to_string();
            }
        }
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.send_json(reqwest::Method::POST, path, token, body)
            .await
    }

    pub async fn create_event(&self, body: &Value) -> Response {
        self.post("/api/events", Some(&self.admin), body).await
    }

    /// Creates a valid event and returns its id.
    pub async fn event(&self) -> String {
        let res = self.create_event(&event_body()).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn register(&self, event: &str, token: &str, body: &Value) -> Response {
        self.post(
            &format!("/api/events/{event}/participants"),
            Some(token),
            body,
        )
        .await
    }

    /// Registers a valid participant and returns the 201 body.
    pub async fn participant(&self, event: &str, name: &str, gender: &str) -> Value {
        let res = self
            .register(event, &self.admin.clone(), &person(name, gender))
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    pub async fn participants(&self, event: &str, token: &str) -> Response {
        self.get(&format!("/api/events/{event}/participants"), Some(token))
            .await
    }

    pub async fn import(&self, event: &str, token: &str, csv: &str) -> Response {
        self.client
            .post(self.url(&format!("/api/events/{event}/participants/import")))
            .header("Accept-Language", "en")
            .header("Content-Type", "text/csv")
            .bearer_auth(token)
            .body(csv.to_string())
            .send()
            .await
            .unwrap()
    }

    /// Creates a staff account and returns its token.
    pub async fn staff(&self, event: &str, role: &str) -> String {
        let res = self
            .post(
                &format!("/api/events/{event}/staff"),
                Some(&self.admin),
                &json!({"role": role, "name": "Test"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

pub fn event_body() -> Value {
    json!({
        "title": "Spring evening",
        "venue": "Federation hall",
        "starts_at": "2026-12-12T14:00:00+08:00",
        "rounds": 8,
        "interpreters": 1,
        "tables": [
            {"label": "1", "accessible": true, "quiet": false},
            {"label": "2", "accessible": false, "quiet": true},
            {"label": "3"}
        ],
        "rooms": [{"label": "A"}, {"label": "B"}],
        "desks": [{"label": "Desk 1"}]
    })
}

/// Whether `needle`'s bytes stand anywhere in `haystack`.
#[allow(dead_code)]
pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

pub fn person(name: &str, gender: &str) -> Value {
    json!({
        "display_name": name,
        "gender": gender,
        "age": 30,
        "marital_status": "unmarried",
        "contact": "13800000000",
        "share_contact": true
    })
}

/// A guest registered at the door by staff: as [`person`], without the consent to
/// share a contact (only ever the guest's own).
pub fn walk_in(name: &str, gender: &str) -> Value {
    let mut p = person(name, gender);
    p.as_object_mut().unwrap().remove("share_contact");
    p
}

/// The `{field, message}` list of a 422 answer, as `field` names.
pub async fn error_fields(res: Response) -> Vec<String> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: Value = res.json().await.unwrap();
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}
