use blossom::app::{App, Settings};
use serde_json::Value;

const ADMIN: &str = "demo-test-admin-token-0123456789abcdef";

/// A demo server's settings in `dir`: SQLite there, its own key file beside it.
fn demo_settings(dir: &std::path::Path) -> Settings {
    Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.join("demo.db").display()),
        admin_token: ADMIN.into(),
        public_url: None,
        secret_file: dir.join("blossom.key"),
        web_dir: None,
        tls: None,
        clock: blossom::clock::Clock::system(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    }
}

#[tokio::test]
async fn the_demo_event_has_a_realistic_mix_of_needs_and_every_account() {
    let dir = tempfile::tempdir().unwrap();
    let settings = demo_settings(dir.path());
    let app = App::build(settings.clone()).await.unwrap();
    assert!(
        app.public_url_is_loopback(),
        "a loopback bind warns that phones cannot reach it"
    );
    let info = blossom::demo::ensure(app.state(), 1_764_400_000_000)
        .await
        .unwrap();
    assert_eq!(info.participants, 40);
    let roles: Vec<&str> = info.staff.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        roles,
        vec![
            "captioner",
            "host",
            "matchmaker",
            "projector",
            "volunteer",
            "volunteer"
        ]
    );
    let text = blossom::demo::describe(app.state(), &info, Some(ADMIN));
    assert!(
        text.contains(&format!("/admin/#{ADMIN}"))
            && text.contains("/host/#")
            && text.contains("/p/#")
    );
    // A token the organiser set is theirs: never printed.
    let text = blossom::demo::describe(app.state(), &info, None);
    assert!(!text.contains(ADMIN), "{text}");
    assert!(text.contains("/admin/#<your admin token>"), "{text}");

    // A second start finds the event and adds nothing.
    let again = blossom::demo::ensure(app.state(), 1_764_400_000_000)
        .await
        .unwrap();
    assert_eq!(again.event_id, info.event_id);
    assert_eq!(blossom::db::events::count(app.db()).await.unwrap(), 1);

    let rows = blossom::db::participants::list(app.db(), &info.event_id)
        .await
        .unwrap();
    let count = |f: &dyn Fn(&blossom::db::participants::ParticipantRow) -> bool| {
        rows.iter().filter(|p| f(p)).count()
    };
    assert!(count(&|p| p.mobility == "wheelchair") >= 4);
    assert!(count(&|p| p.mobility == "guided") >= 2);
    assert!(count(&|p| p.mobility == "limited") >= 2);
    assert!(count(&|p| p.communication.contains("sign")) >= 4);
    assert!(count(&|p| p.max_consecutive.is_some()) >= 3);
    assert!(
        count(&|p| p.available_from.is_some_and(|f| f > 1)) >= 2,
        "late arrivals"
    );
    assert!(count(&|p| p.companion != 0) >= 2);
    let tables = blossom::db::events::tables(app.db(), &info.event_id)
        .await
        .unwrap();
    assert!(tables.iter().any(|t| t.accessible != 0) && tables.iter().any(|t| t.accessible == 0));
    assert_eq!(
        blossom::db::events::rooms(app.db(), &info.event_id)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        blossom::db::events::desks(app.db(), &info.event_id)
            .await
            .unwrap()
            .len(),
        2
    );
    let _: Value = serde_json::to_value(&info.title).unwrap();
}

#[tokio::test]
async fn a_server_started_with_another_key_file_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.path().join("b.db").display()),
        admin_token: ADMIN.into(),
        public_url: Some("http://192.0.2.1:8080".into()),
        secret_file: dir.path().join("one.key"),
        web_dir: None,
        tls: None,
        clock: blossom::clock::Clock::system(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    };
    let app = App::build(settings.clone()).await.unwrap();
    assert!(!app.public_url_is_loopback());
    drop(app);
    let other = Settings {
        secret_file: dir.path().join("two.key"),
        ..settings.clone()
    };
    let err = App::build(other)
        .await
        .err()
        .expect("another key is refused");
    assert!(err.to_string().contains("two.key"), "{err}");
    assert!(
        App::build(settings).await.is_ok(),
        "the original key still works"
    );
}

#[tokio::test]
async fn an_admin_token_shorter_than_32_characters_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", dir.path().join("c.db").display()),
        admin_token: "admin".into(),
        public_url: None,
        secret_file: dir.path().join("c.key"),
        web_dir: None,
        tls: None,
        clock: blossom::clock::Clock::system(),
        retention: Default::default(),
        trusted_proxies: Vec::new(),
        ws_limits: Default::default(),
        instance_name: None,
        advertise: None,
    };
    let err = App::build(settings)
        .await
        .err()
        .expect("a short token is refused");
    let text = err.to_string();
    assert!(
        text.contains("5 characters") && text.contains("at least 32"),
        "{text}"
    );
}

/// The organiser's token `blossom serve --demo` prints, started in `dir`.
fn demo_token(dir: &std::path::Path) -> String {
    use std::io::{BufRead, BufReader};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_blossom"))
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env_remove("BLOSSOM_ADMIN_TOKEN")
        .env_remove("DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    let mut token = None;
    for line in out.lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("Admin token (kept in ") {
            assert!(rest.contains("blossom.admin-token"), "{line}");
            token = line.rsplit(' ').next().map(str::to_string);
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    token.expect("the demo says where its admin token is kept")
}

#[cfg(unix)]
#[test]
fn the_demo_keeps_its_admin_token_beside_the_database_so_the_organisers_link_survives_a_restart() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let first = demo_token(dir.path());
    let file = dir.path().join("blossom.admin-token");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "readable by its owner alone");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), first);
    assert_eq!(
        demo_token(dir.path()),
        first,
        "the same token after a restart"
    );
}

#[tokio::test]
async fn short_rounds_shorten_the_demo_evening_until_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let settings = demo_settings(dir.path());
    let app = App::build(settings).await.unwrap();
    let info = blossom::demo::ensure(app.state(), 1_764_400_000_000)
        .await
        .unwrap();
    assert!(
        blossom::demo::short_rounds(app.state(), 1_764_400_000_000)
            .await
            .unwrap()
    );
    let event = blossom::db::events::find(app.db(), &info.event_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            event.round_seconds,
            event.transition_seconds,
            event.break_seconds,
            event.rounds
        ),
        (90, 30, 60, 8)
    );
    assert!(event.organiser.contains("残疾人联合会"));
}

#[tokio::test]
async fn the_demo_evening_has_a_programme_with_every_kind_of_segment() {
    let dir = tempfile::tempdir().unwrap();
    let settings = demo_settings(dir.path());
    let app = App::build(settings).await.unwrap();
    let info = blossom::demo::ensure(app.state(), 1_764_400_000_000)
        .await
        .unwrap();
    let event = blossom::db::events::find(app.db(), &info.event_id)
        .await
        .unwrap()
        .unwrap();
    let programme: Value = serde_json::from_str(&event.programme.unwrap()).unwrap();
    let mut kinds: Vec<&str> = programme["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "closing",
            "dates",
            "game",
            "introductions",
            "opening",
            "other",
            "reveal",
            "talent"
        ]
    );
}
