//! What every answer tells the browser (issue 13): the pages come from the binary,
//! and every page and API answer carries the security headers.

use reqwest::StatusCode;

use crate::helpers::spawn_app;

#[tokio::test]
async fn every_page_and_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/host/",
        "/p/",
        "/js/live.js",
        "/healthz",
        "/api/events",
        "/nothing",
    ] {
        let res = app.get(path, Some(&app.admin)).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn the_pages_are_served_from_the_binary_not_from_a_folder() {
    // The test's working directory has a `web` folder; the server was given none.
    let app = spawn_app().await;
    let res = app.get("/matchmaker/", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert_eq!(
        body,
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/web/matchmaker/index.html"
        ))
        .unwrap()
    );
}

#[tokio::test]
async fn the_database_and_its_companion_files_are_readable_by_their_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("blossom.db");
    let settings = blossom::app::Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", db.display()),
        admin_token: blossom::tokens::random_token(),
        public_url: None,
        secret_file: dir.path().join("blossom.key"),
        web_dir: None,
        tls: None,
        clock: blossom::clock::Clock::system(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    };
    let app = blossom::app::App::build(settings).await.unwrap();
    // A write, so that the write-ahead log and its index exist.
    blossom::demo::ensure(app.state(), 1_764_400_000_000)
        .await
        .unwrap();
    for name in [
        "blossom.db",
        "blossom.db-wal",
        "blossom.db-shm",
        "blossom.key",
    ] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: {mode:o}");
    }
}
