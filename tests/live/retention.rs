//! Links end a retention period after the close (`--link-days`, 30 by default):
//! staff links stop working; a guest's link shows them their own matches and
//! does nothing else. Closing the event does not cut off the reveal.

use serde_json::json;

use super::helpers::spawn_app_at;
use super::interest::{close, evening, mutual_yes};
use super::{ask, connect};

const T0: i64 = 1_800_000_000_000;
const DAY: i64 = 86_400_000;

#[tokio::test]
async fn thirty_days_after_the_close_staff_links_end_and_a_guest_sees_only_their_matches() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, mut host) = evening(&app).await;
    let b = mutual_yes(&mut phones).await;
    let partner = phones[b].0["number"].as_i64().unwrap();
    close(&app, &mut host).await;
    let closed_at = T0 + 132_000;
    // Days after the close, the host still reveals.
    let host_token = app.staff(&event, "host").await;
    app.clock.set(closed_at + 2 * DAY);
    let (mut late_host, _) = connect(&app, &host_token).await;
    let a = ask(&mut late_host, json!({"type": "results.reveal", "id": "r"})).await;
    assert_eq!(a["type"], "ack", "{a}");
    let ann = phones[0].0["token"].as_str().unwrap().to_string();
    drop(phones);
    drop(host);
    drop(late_host);

    // One moment before the thirty days: every link still works.
    app.clock.set(closed_at + 30 * DAY - 1);
    let path = format!("/api/events/{event}");
    assert_eq!(app.get(&path, Some(&host_token)).await.status(), 200);
    let (mut phone, _) = connect(&app, &ann).await;
    let c = ask(
        &mut phone,
        json!({"type": "consent.set", "id": "c", "share_contact": true}),
    )
    .await;
    // (Refused, but by the evening's rules: the results are out.)
    assert_eq!(c["code"], "locked", "{c}");
    drop(phone);

    // Thirty days: the staff link is nobody's, over HTTP and at hello.
    app.clock.set(closed_at + 30 * DAY);
    assert_eq!(app.get(&path, Some(&host_token)).await.status(), 401);
    let (_, refused) = connect(&app, &host_token).await;
    assert_eq!(
        (refused["type"].as_str(), refused["code"].as_str()),
        (Some("error"), Some("unauthorized")),
        "{refused}"
    );
    // The guest still sees their match, and can change nothing.
    let (mut phone, welcome) = connect(&app, &ann).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    let matches = welcome["state"]["matches"]["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 1, "{welcome}");
    assert_eq!(matches[0]["number"], partner);
    for verb in [
        json!({"type": "consent.set", "id": "c2", "share_contact": false}),
        json!({"type": "desk.join", "id": "d", "reason": "advice"}),
        json!({"type": "interest.mark", "id": "m", "round": 1, "choice": "no"}),
    ] {
        let e = ask(&mut phone, verb).await;
        assert_eq!(e["code"], "link_ended", "{e}");
    }
    let me = app.get("/api/me", Some(&app.session(&ann).await)).await;
    assert_eq!(me.status(), 200);
    // The organiser's token never ends.
    assert_eq!(app.get(&path, Some(&app.admin)).await.status(), 200);
}
