//! A link has a few connections open at most: a guest's three, staff ten. One
//! more is refused at `hello` with `too_many_connections`; closing one frees a
//! place.

use std::time::Duration;

use super::helpers::spawn_app;
use super::{arrive, connect};

#[tokio::test]
async fn a_guests_link_opens_three_connections_and_a_fourth_waits_for_one_to_close() {
    let app = spawn_app().await;
    let event = app.event().await;
    let guest = arrive(&app, &event, "A", "female").await;
    let token = guest["token"].as_str().unwrap();
    let mut open = Vec::new();
    for _ in 0..3 {
        let (ws, welcome) = connect(&app, token).await;
        assert_eq!(welcome["type"], "welcome", "{welcome}");
        open.push(ws);
    }
    let (_, refused) = connect(&app, token).await;
    assert_eq!(refused["code"], "too_many_connections", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("close one"),
        "{refused}"
    );
    // Staff links have more room, and are counted apart.
    let host = app.staff(&event, "host").await;
    let mut consoles = Vec::new();
    for _ in 0..10 {
        let (ws, welcome) = connect(&app, &host).await;
        assert_eq!(welcome["type"], "welcome", "{welcome}");
        consoles.push(ws);
    }
    let (_, refused) = connect(&app, &host).await;
    assert_eq!(refused["code"], "too_many_connections", "{refused}");
    // One page closes: the next one gets in (once the server has seen it go).
    drop(open.pop());
    let mut welcomed = false;
    for _ in 0..50 {
        let (_ws, again) = connect(&app, token).await;
        if again["type"] == "welcome" {
            welcomed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(welcomed, "a closed connection's place was never freed");
}
