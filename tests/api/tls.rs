//! HTTPS with a certificate made in the test (`rcgen`): every view and the API
//! answer over TLS, the join links say `https://`, and plain HTTP on that port
//! gets no page.

use std::sync::Arc;

use blossom::app::{App, Settings, TlsFiles};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{self, pki_types::ServerName};

const ADMIN: &str = "tls-test-admin-token-0123456789abcdef";

/// The server on HTTPS with a fresh self-signed certificate for 127.0.0.1; the
/// port, and a client that trusts that certificate alone.
async fn https_app(dir: &std::path::Path) -> (u16, TlsConnector) {
    let made =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.join("blossom.db").display()),
        admin_token: ADMIN.into(),
        public_url: None,
        secret_file: dir.join("blossom.key"),
        web_dir: None,
        tls: Some(TlsFiles { cert, key }),
        clock: blossom::clock::Clock::system(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    };
    let app = App::build(settings).await.unwrap();
    assert!(
        app.state().public_url.starts_with("https://127.0.0.1:"),
        "{}",
        app.state().public_url
    );
    let port = app.port();
    tokio::spawn(async move { app.run_until(std::future::pending()).await.unwrap() });
    let mut roots = rustls::RootCertStore::empty();
    roots.add(made.cert.der().clone()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    (port, TlsConnector::from(Arc::new(config)))
}

/// One HTTP/1.1 request over TLS; the whole answer as text.
async fn get(port: u16, tls: &TlsConnector, path: &str, token: Option<&str>) -> String {
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let mut stream = tls.connect(name, tcp).await.expect("the TLS handshake");
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    // A peer that closes without TLS's close_notify still gave its whole answer.
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn every_view_and_the_api_answer_over_https_with_a_generated_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (port, tls) = https_app(dir.path()).await;
    for view in [
        "/",
        "/host/",
        "/p/",
        "/matchmaker/",
        "/projector/",
        "/admin/",
    ] {
        let answer = get(port, &tls, view, None).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{view}: {answer:.200}");
        assert!(answer.contains("<!doctype html>") || answer.contains("<!DOCTYPE html>"));
    }
    let events = get(port, &tls, "/api/events", Some(ADMIN)).await;
    assert!(events.starts_with("HTTP/1.1 200"), "{events:.300}");
    let refused = get(port, &tls, "/api/events", Some("not-a-token")).await;
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused:.300}");
}

#[tokio::test]
async fn plain_http_on_the_https_port_gets_no_page() {
    let dir = tempfile::tempdir().unwrap();
    let (port, _) = https_app(dir.path()).await;
    let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    tcp.write_all(b"GET /admin/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    // The TLS server reads the request as a broken handshake and closes the
    // connection: the read ends well within the time allowed, with no page.
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tcp.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the connection was closed, not left hanging");
    assert!(
        !String::from_utf8_lossy(&answer).contains("<html"),
        "a page over plain HTTP"
    );
}

#[tokio::test]
async fn a_certificate_that_does_not_fit_its_key_is_refused_at_start_with_both_names() {
    let dir = tempfile::tempdir().unwrap();
    let one = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let other = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
    std::fs::write(&cert, one.cert.pem()).unwrap();
    std::fs::write(&key, other.signing_key.serialize_pem()).unwrap();
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.path().join("b.db").display()),
        admin_token: ADMIN.into(),
        public_url: None,
        secret_file: dir.path().join("blossom.key"),
        web_dir: None,
        tls: Some(TlsFiles {
            cert: cert.clone(),
            key: key.clone(),
        }),
        clock: blossom::clock::Clock::system(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    };
    let err = App::build(settings).await.err().expect("refused");
    let text = err.to_string();
    assert!(text.contains("c.pem") && text.contains("k.pem"), "{text}");
}
