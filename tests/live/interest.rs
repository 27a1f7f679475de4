//! Interest marks and matches over real WebSockets, on a manual clock: marking
//! during and after a date, changing a mark, the reveal (host only, once closed),
//! each guest seeing exactly their mutual matches, contacts only where both
//! consented, a restart that keeps every mark, and a guest of another event who
//! can touch nothing. Every mark is a row of `interest_marks`; none is logged.

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_at};
use super::{Ws, ask, connect, until};

const T0: i64 = 1_800_000_000_000;

/// Two rounds of a minute with two women and two men, each with their own
/// contact, all checked in; their registrations, phones and the host's console.
pub(super) async fn evening(app: &TestApp) -> (String, Vec<(Value, Ws)>, Ws) {
    let mut body = super::helpers::event_body();
    body["rounds"] = json!(2);
    body["round_seconds"] = json!(60);
    body["transition_seconds"] = json!(10);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let mut phones = Vec::new();
    for (i, (name, g)) in [
        ("Ann", "female"),
        ("Bo", "male"),
        ("Cai", "female"),
        ("Dan", "male"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut person = super::helpers::person(name, g);
        person["contact"] = json!(format!("wechat-{name}-{i}"));
        let p: Value = app
            .register(&event, &app.admin, &person)
            .await
            .json()
            .await
            .unwrap();
        let path = format!(
            "/api/events/{event}/participants/{}/check-in",
            p["id"].as_str().unwrap()
        );
        assert_eq!(
            app.post(&path, Some(&app.admin), &json!({})).await.status(),
            200
        );
        let (ws, welcome) = connect(app, p["token"].as_str().unwrap()).await;
        assert_eq!(welcome["state"]["marks"]["marks"], json!([]), "{welcome}");
        assert!(
            welcome["state"].get("matches").is_none(),
            "no matches before the reveal"
        );
        phones.push((p, ws));
    }
    let (mut host, welcome) = connect(app, &app.staff(&event, "host").await).await;
    assert_eq!(welcome["state"]["results"]["revealed"], false);
    let a = ask(&mut host, json!({"type": "event.start", "id": "s"})).await;
    assert_eq!(a["type"], "ack", "{a}");
    (event, phones, host)
}

/// The partner's number in a guest's latest `marks` frame for `round`.
pub(super) async fn partner_in(ws: &mut Ws, round: i64) -> i64 {
    let m = until(ws, |v| {
        v["type"] == "marks"
            && v["marks"]
                .as_array()
                .is_some_and(|m| m.len() as i64 >= round)
    })
    .await;
    m["marks"][(round - 1) as usize]["partner"]["number"]
        .as_i64()
        .unwrap()
}

/// The index of the first guest's partner in round 1 (read from the first
/// guest's `marks` frame: call it before anything else reads that phone).
pub(super) async fn partner_of_first(phones: &mut [(Value, Ws)]) -> usize {
    let n = partner_in(&mut phones[0].1, 1).await;
    phones.iter().position(|(p, _)| p["number"] == n).unwrap()
}

/// The first guest and their partner both say yes to round 1; the partner's index.
pub(super) async fn mutual_yes(phones: &mut [(Value, Ws)]) -> usize {
    let b = partner_of_first(phones).await;
    assert_eq!(mark(&mut phones[0].1, 1, "yes").await["type"], "ack");
    assert_eq!(mark(&mut phones[b].1, 1, "yes").await["type"], "ack");
    b
}

/// Runs the evening's two rounds to their close, as the host sees it.
pub(super) async fn close(app: &TestApp, host: &mut Ws) {
    app.clock.set(T0 + 61_000);
    app.clock.set(T0 + 71_000);
    app.clock.set(T0 + 132_000);
    until(host, |v| v["type"] == "phase" && v["phase"] == "closed").await;
}

/// The close, then the host's reveal, acknowledged and published.
pub(super) async fn close_and_reveal(app: &TestApp, host: &mut Ws) {
    close(app, host).await;
    let a = ask(host, json!({"type": "results.reveal", "id": "r"})).await;
    assert_eq!(a["type"], "ack", "{a}");
    until(host, |v| v["type"] == "results" && v["revealed"] == true).await;
}

pub(super) async fn mark(ws: &mut Ws, round: i64, choice: &str) -> Value {
    ask(ws, json!({"type": "interest.mark", "id": format!("m{round}{choice}"), "round": round, "choice": choice})).await
}

#[tokio::test]
async fn guests_mark_their_dates_and_the_reveal_shows_each_exactly_their_mutual_matches() {
    let mut app = spawn_app_at(T0).await;
    let (event, mut phones, mut host) = evening(&app).await;
    let numbers: Vec<i64> = phones
        .iter()
        .map(|(p, _)| p["number"].as_i64().unwrap())
        .collect();
    let mut partners = Vec::new();
    for (_, ws) in phones.iter_mut() {
        partners.push(partner_in(ws, 1).await);
    }
    let index = |n: i64| numbers.iter().position(|&x| x == n).unwrap();
    // During the date: Ann says yes; a wrong choice and a round not reached are refused.
    let bad = mark(&mut phones[0].1, 1, "maybe").await;
    assert_eq!(
        (bad["type"].as_str(), bad["code"].as_str()),
        (Some("error"), Some("bad_choice"))
    );
    let early = mark(&mut phones[0].1, 2, "yes").await;
    assert_eq!(early["code"], "no_date");
    assert_eq!(mark(&mut phones[0].1, 1, "yes").await["type"], "ack");
    let mine = until(&mut phones[0].1, |v| {
        v["type"] == "marks" && v["marks"][0]["choice"] == "yes"
    })
    .await;
    assert_eq!(mine["locked"], false);
    // Staff may not mark.
    let forbidden = mark(&mut host, 1, "yes").await;
    assert_eq!(forbidden["code"], "forbidden");

    // Ann's partner says yes too; the other pair say friend and yes.
    let ann_date = index(partners[0]);
    assert_eq!(mark(&mut phones[ann_date].1, 1, "yes").await["type"], "ack");
    let others: Vec<usize> = (1..4).filter(|&i| i != ann_date).collect();
    assert_eq!(
        mark(&mut phones[others[0]].1, 1, "friend").await["type"],
        "ack"
    );
    assert_eq!(
        mark(&mut phones[others[1]].1, 1, "yes").await["type"],
        "ack"
    );
    // Round 2 runs; the event closes; Ann marks round 2 no after the close.
    app.clock.set(T0 + 61_000);
    app.clock.set(T0 + 71_000);
    app.clock.set(T0 + 132_000);
    until(&mut host, |v| {
        v["type"] == "phase" && v["phase"] == "closed"
    })
    .await;
    assert_eq!(mark(&mut phones[0].1, 2, "no").await["type"], "ack");
    // A restart keeps every mark: they are rows, loaded back.
    let tokens: Vec<String> = phones
        .iter()
        .map(|(p, _)| p["token"].as_str().unwrap().to_string())
        .collect();
    let host_token = app.staff(&event, "host").await;
    drop(phones);
    drop(host);
    app.restart().await;
    let (mut ann, welcome) = connect(&app, &tokens[0]).await;
    let marks = &welcome["state"]["marks"]["marks"];
    assert_eq!(
        (marks[0]["choice"].as_str(), marks[1]["choice"].as_str()),
        (Some("yes"), Some("no")),
        "{welcome}"
    );
    // The other pair's friend: Cai (or Dan) withdraws consent to share a contact.
    let (mut friend, _) = connect(&app, &tokens[others[0]]).await;
    let c = ask(
        &mut friend,
        json!({"type": "consent.set", "id": "c", "share_contact": false}),
    )
    .await;
    assert_eq!(c["type"], "ack", "{c}");

    // Before the reveal the organiser's follow-up list is empty, and says why.
    let follow_path = format!("/api/events/{event}/matches");
    let before: Value = app
        .get(&follow_path, Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before, json!({"revealed": false, "matches": []}));

    // The reveal: the host, once closed.
    let (mut host, _) = connect(&app, &host_token).await;
    let a = ask(&mut host, json!({"type": "results.reveal", "id": "r"})).await;
    assert_eq!(a["type"], "ack", "{a}");
    let m = until(&mut ann, |v| v["type"] == "matches").await;
    let list = m["matches"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{m}");
    assert_eq!(
        (list[0]["number"].as_i64(), list[0]["kind"].as_str()),
        (Some(partners[0]), Some("date"))
    );
    assert_eq!(
        list[0]["contact"],
        format!("wechat-{}-{ann_date}", phones_name(ann_date))
    );
    let m = until(&mut friend, |v| v["type"] == "matches").await;
    assert_eq!(m["matches"][0]["kind"], "friend", "{m}");
    assert!(
        m["matches"][0]["contact"].is_null(),
        "no contact unless both consented: {m}"
    );
    let r = until(&mut host, |v| {
        v["type"] == "results" && v["revealed"] == true
    })
    .await;
    assert_eq!(r["matches"], 2, "{r}");
    // Locked now.
    assert_eq!(mark(&mut ann, 2, "yes").await["code"], "locked");
    // The report counts what happened, and only counts: the organiser's alone.
    let path = format!("/api/events/{event}/report");
    assert_eq!(app.get(&path, Some(&host_token)).await.status(), 403);
    let report: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    let a = &report["attendance"];
    assert_eq!(
        (
            a["registered"].as_i64(),
            a["came"].as_i64(),
            a["late"].as_i64()
        ),
        (Some(4), Some(4), Some(0)),
        "{report}"
    );
    assert_eq!(a["dates_held"], 4, "{report}");
    assert_eq!(
        a["dates_per_guest"],
        json!({"min": 2, "median": 2.0, "max": 2})
    );
    let o = &report["outcomes"];
    assert_eq!(
        (
            o["marked_every_date"].as_i64(),
            o["guests_with_dates"].as_i64()
        ),
        (Some(1), Some(4)),
        "{report}"
    );
    assert_eq!(
        (o["matches_date"].as_i64(), o["matches_friend"].as_i64()),
        (Some(1), Some(1)),
        "{report}"
    );
    assert_eq!(
        report["access"]["wheelchair_users"],
        Value::Null,
        "fewer than five: not shown"
    );
    // The organiser's follow-up list: both mutual pairs, named, with whether contacts
    // were shared (Ann's pair both consented; the friends did not). Not for the host.
    assert_eq!(app.get(&follow_path, Some(&host_token)).await.status(), 403);
    let follow: Value = app
        .get(&follow_path, Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(follow["revealed"], true);
    // The organiser sees both contacts of a pair who both consented, and none else.
    for m in follow["matches"].as_array().unwrap() {
        let contacts = [&m["a_contact"], &m["b_contact"]];
        if m["contacts_shared"] == true {
            assert!(
                contacts
                    .iter()
                    .all(|c| c.as_str().is_some_and(|c| c.starts_with("wechat-"))),
                "{m}"
            );
        } else {
            assert!(contacts.iter().all(|c| c.is_null()), "{m}");
        }
    }
    let mut pairs: Vec<(Vec<i64>, String, bool)> = follow["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let mut both = vec![
                m["a"]["number"].as_i64().unwrap(),
                m["b"]["number"].as_i64().unwrap(),
            ];
            both.sort();
            (
                both,
                m["kind"].as_str().unwrap().to_string(),
                m["contacts_shared"].as_bool().unwrap(),
            )
        })
        .collect();
    pairs.sort();
    let pair = |i: usize, j: usize| {
        let mut both = vec![numbers[i], numbers[j]];
        both.sort();
        both
    };
    let mut expected = vec![
        (pair(0, ann_date), "date".to_string(), true),
        (pair(others[0], others[1]), "friend".to_string(), false),
    ];
    expected.sort();
    assert_eq!(pairs, expected, "{follow}");
    // The exports: UTF-8 with a byte-order mark and Chinese headers, for Excel and WPS.
    let csv = |name: &'static str| {
        let path = format!("/api/events/{event}/exports/{name}");
        let app = &app;
        async move {
            let res = app.get(&path, Some(&app.admin)).await;
            assert_eq!(res.status(), 200, "{name}");
            assert!(
                res.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/csv")
            );
            let bytes = res.bytes().await.unwrap();
            assert!(
                bytes.starts_with("\u{FEFF}".as_bytes()),
                "{name} has a byte-order mark"
            );
            String::from_utf8(bytes[3..].to_vec()).unwrap()
        }
    };
    let attendance = csv("attendance.csv").await;
    let lines: Vec<&str> = attendance.lines().collect();
    assert_eq!(lines[0], "编号,姓名,签到时间,离场时间,约会场数");
    assert_eq!(lines.len(), 5, "{attendance}");
    assert!(
        lines[1..].iter().all(|l| l.ends_with(",2")),
        "two dates each: {attendance}"
    );
    let matches = csv("matches.csv").await;
    assert_eq!(matches.lines().count(), 3, "{matches}");
    assert!(
        matches.contains("牵手") && matches.contains("做朋友"),
        "{matches}"
    );
    let figures = csv("report.csv").await;
    assert!(
        figures.lines().any(|l| l == "结果,牵手配对,1,合计，对"),
        "{figures}"
    );
    // It names the event and its date first, then the figures in the report's
    // order, as a reader of the spreadsheet expects: attendance first.
    let named: Vec<&str> = figures.lines().skip(1).take(4).collect();
    assert_eq!(named[0], "活动,活动名称,Spring evening,", "{figures}");
    assert_eq!(named[3], "活动,日期和时间,2026-12-12 14:00,", "{figures}");
    let order: Vec<&str> = figures.lines().skip(5).take(2).collect();
    assert_eq!(
        order,
        ["出席,报名人数,4,合计，人", "出席,到场人数,4,合计，人"],
        "{figures}"
    );
    let host_csv = format!("/api/events/{event}/exports/matches.csv");
    assert_eq!(app.get(&host_csv, Some(&host_token)).await.status(), 403);
    // Every mark is its row; no mark is in the log.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM interest_marks")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(rows, 5);
    let log: Vec<(String, String)> = sqlx::query_as("SELECT kind, data FROM event_log")
        .fetch_all(&db)
        .await
        .unwrap();
    // The evening was logged (its start, its rounds, the reveal), so the check below
    // reads entries, not an empty log.
    for kind in ["event.start", "phase.changed", "results.revealed"] {
        assert!(log.iter().any(|(k, _)| k == kind), "{kind} in {log:?}");
    }
    assert!(
        log.iter().all(|(k, d)| !k.starts_with("interest")
            && !d.contains("\"yes\"")
            && !d.contains("friend")),
        "{log:?}"
    );
}

fn phones_name(i: usize) -> &'static str {
    ["Ann", "Bo", "Cai", "Dan"][i]
}

#[tokio::test]
async fn the_reveal_waits_for_the_close_and_a_guest_of_another_event_touches_nothing() {
    let app = spawn_app_at(T0).await;
    let (_, mut phones, mut host) = evening(&app).await;
    let early = ask(&mut host, json!({"type": "results.reveal", "id": "r"})).await;
    assert_eq!(early["code"], "not_finished", "{early}");
    // A guest may not reveal.
    let guest = ask(
        &mut phones[0].1,
        json!({"type": "results.reveal", "id": "r"}),
    )
    .await;
    assert_eq!(guest["code"], "forbidden");
    // A guest of another event marks round 1: they had no date there.
    let (_, mut elsewhere, _) = evening(&app).await;
    let other = mark(&mut elsewhere[0].1, 1, "yes").await;
    assert_eq!(
        other["type"], "ack",
        "their own date in their own event: {other}"
    );
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT event_id, COUNT(*) FROM interest_marks GROUP BY event_id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        counts.len(),
        1,
        "the mark went to its own event only: {counts:?}"
    );
    // A message in the client's language.
    let (mut zh, _) = super::connect_lang(&app, phones[1].0["token"].as_str().unwrap(), "zh").await;
    let bad = mark(&mut zh, 1, "maybe").await;
    assert!(bad["message"].as_str().unwrap().contains("选项"), "{bad}");
}

#[tokio::test]
async fn marks_written_together_keep_the_later_of_two_for_the_same_date() {
    use blossom::core::live::{InterestRow, Row};
    let app = spawn_app_at(T0).await;
    let (event, phones, _host) = evening(&app).await;
    let id = |i: usize| phones[i].0["id"].as_str().unwrap().to_string();
    let mark = |from: usize, to: usize, choice: &'static str, at: i64| {
        Row::Interest(InterestRow::Mark {
            from: id(from),
            to: id(to),
            round: 1,
            choice,
            at,
        })
    };
    let rows = vec![
        mark(0, 1, "yes", 1),
        mark(2, 3, "no", 2),
        mark(0, 1, "friend", 3),
    ];
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    blossom::db::live::write_rows(&mut tx, &event, &rows)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let stored: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT from_id, choice, marked_at FROM interest_marks WHERE event_id = $1 ORDER BY marked_at",
    )
    .bind(&event)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        stored,
        vec![
            (id(2), "no".to_string(), 2),
            (id(0), "friend".to_string(), 3)
        ]
    );
}

#[tokio::test]
async fn the_organisers_later_record_of_a_paper_form_wins_over_an_earlier_phone_setting() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, _host) = evening(&app).await;
    let ann = &mut phones[0].1;
    // Ann says yes on her phone (registration said yes too: the helper's default is
    // flipped first so the change shows).
    for share in [false, true] {
        let c = ask(
            ann,
            json!({"type": "consent.set", "id": format!("c{share}"), "share_contact": share}),
        )
        .await;
        assert_eq!(c["type"], "ack", "{c}");
        until(ann, |v| v["type"] == "marks" && v["share_contact"] == share).await;
    }
    // Then she hands in a paper form saying no, and the organiser records it.
    let path = format!(
        "/api/events/{event}/participants/{}",
        phones[0].0["id"].as_str().unwrap()
    );
    let res = app
        .send_json(
            reqwest::Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"share_contact": false}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let ann = &mut phones[0].1;
    let m = until(ann, |v| v["type"] == "marks" && v["share_contact"] == false).await;
    assert_eq!(m["share_contact"], false, "{m}");
}
