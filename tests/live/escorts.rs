//! Volunteers and escorts over real WebSockets: two volunteers racing for one task,
//! one gets it; a change of tables makes a task for each escorted guest whose
//! table changes, the guest's phone says who is coming, and a restart keeps them;
//! a volunteer reads a guest's number, name, need and communication modes only.

use serde_json::{Value, json};

use super::helpers::{self, TestApp};
use super::{Ws, ask, connect, until};

const T0: i64 = 1_800_000_000_000;

/// Registers a guest who needs `escort`, their phone scans the badge, they check in.
async fn escorted(app: &TestApp, event: &str, name: &str, gender: &str, escort: &str) -> Value {
    let mut body = helpers::person(name, gender);
    body["escort"] = json!(escort);
    body["notes_for_partner"] = json!("请慢慢说");
    let p: Value = app
        .register(event, &app.admin, &body)
        .await
        .json()
        .await
        .unwrap();
    let path = format!(
        "/api/events/{event}/participants/{}",
        p["id"].as_str().unwrap()
    );
    let record: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(record["escort"], escort);
    app.session(p["token"].as_str().unwrap()).await;
    let path = format!(
        "/api/events/{event}/participants/{}/check-in",
        p["id"].as_str().unwrap()
    );
    assert_eq!(
        app.post(&path, Some(&app.admin), &json!({})).await.status(),
        200
    );
    p
}

async fn volunteer(app: &TestApp, event: &str, name: &str) -> (Ws, Value) {
    let res = app
        .post(
            &format!("/api/events/{event}/staff"),
            Some(&app.admin),
            &json!({"role": "volunteer", "name": name, "contact": "13900000000"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (mut ws, welcome) = connect(app, &token).await;
    assert_eq!(welcome["role"], "volunteer");
    assert_eq!(
        ask(&mut ws, json!({"type": "volunteer.on", "id": "on"})).await["type"],
        "ack"
    );
    (ws, welcome)
}

#[tokio::test]
async fn two_volunteers_racing_for_one_task_one_gets_it_and_the_guest_is_told_who() {
    let app = helpers::spawn_app_at(T0).await;
    let event = app.event().await;
    let ann = escorted(&app, &event, "Ann", "female", "guide").await;
    let (mut phone, _) = connect(&app, ann["token"].as_str().unwrap()).await;
    let (mut a, welcome) = volunteer(&app, &event, "志愿者 小李").await;
    // A volunteer reads nothing of the guests beyond their tasks.
    let keys: Vec<&String> = welcome["state"].as_object().unwrap().keys().collect();
    assert!(
        !keys
            .iter()
            .any(|k| ["people", "tables", "desks", "rooms"].contains(&k.as_str())),
        "{keys:?}"
    );
    let (mut b, _) = volunteer(&app, &event, "志愿者 小王").await;
    let asked = json!({"type": "escort.ask", "id": "ask", "to": "洗手间"});
    assert_eq!(ask(&mut phone, asked).await["type"], "ack");
    let shown = until(&mut a, |f| {
        f["type"] == "escorts" && f["tasks"].as_array().is_some_and(|t| !t.is_empty())
    })
    .await;
    let task = &shown["tasks"][0];
    assert_eq!(
        (
            task["to"].as_str(),
            task["need"].as_str(),
            task["state"].as_str()
        ),
        (Some("洗手间"), Some("guide"), Some("open"))
    );
    assert_eq!(task["name"], "Ann");
    assert_eq!(task["communication"], json!(["speech"]));
    assert!(
        !shown.to_string().contains("请慢慢说"),
        "never a note for partners"
    );
    assert_eq!(shown["self"]["on_shift"], true);
    let id = task["task"].as_str().unwrap().to_string();
    // Both tap at once.
    let take = |n: &str| json!({"type": "escort.take", "id": n, "task": id});
    super::send(&mut a, take("ta")).await;
    super::send(&mut b, take("tb")).await;
    let ra = until(&mut a, |f| f["id"] == "ta").await;
    let rb = until(&mut b, |f| f["id"] == "tb").await;
    let acks = [&ra, &rb].iter().filter(|r| r["type"] == "ack").count();
    assert_eq!(acks, 1, "{ra} {rb}");
    let lost = if ra["type"] == "ack" { &rb } else { &ra };
    assert_eq!(lost["code"], "taken", "{lost}");
    let coming = until(&mut phone, |f| {
        f["type"] == "escort" && f["state"] == "taken"
    })
    .await;
    let who = if ra["type"] == "ack" {
        "小李"
    } else {
        "小王"
    };
    assert_eq!(coming["volunteer"], who, "{coming}");
    // Off shift, a volunteer takes nothing.
    assert_eq!(
        ask(&mut b, json!({"type": "volunteer.off", "id": "off"})).await["type"],
        "ack"
    );
    let again = ask(
        &mut b,
        json!({"type": "escort.take", "id": "t2", "task": id}),
    )
    .await;
    assert!(again["code"] == "off_shift", "{again}");
    // The guest declines; the task is over for everyone.
    let cancel = json!({"type": "escort.cancel", "id": "c", "task": id});
    assert_eq!(ask(&mut phone, cancel).await["type"], "ack");
    let none = until(&mut phone, |f| {
        f["type"] == "escort" && f["state"] == "none"
    })
    .await;
    assert!(none["task"].is_null());
    // The host sees the tasks; the projector and the matchmakers nothing of them.
    let (_, host) = connect(&app, &app.staff(&event, "host").await).await;
    assert_eq!(host["state"]["escorts"]["tasks"][0]["state"], "cancelled");
    for role in ["projector", "matchmaker"] {
        let (_, w) = connect(&app, &app.staff(&event, role).await).await;
        assert!(w["state"].get("escorts").is_none(), "{role}: {w}");
    }
}

#[tokio::test]
async fn a_change_of_tables_makes_a_task_for_each_escorted_guest_whose_table_changes_and_a_restart_keeps_them()
 {
    let mut app = helpers::spawn_app_at(T0).await;
    let mut body = helpers::event_body();
    body["rounds"] = json!(3);
    body["round_seconds"] = json!(60);
    body["transition_seconds"] = json!(60);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    for (i, name) in ["Ann", "Bo", "Cai", "Dan", "Eve", "Fu"].iter().enumerate() {
        let g = if i % 2 == 0 { "female" } else { "male" };
        escorted(&app, &event, name, g, "push").await;
    }
    let host_token = app.staff(&event, "host").await;
    let (mut host, _) = connect(&app, &host_token).await;
    assert_eq!(
        ask(&mut host, json!({"type": "event.start", "id": "s"})).await["type"],
        "ack"
    );
    let round1 = until(&mut host, |f| f["type"] == "tables").await;
    app.clock.advance(60_000);
    until(&mut host, |f| {
        f["type"] == "phase" && f["phase"] == "transition"
    })
    .await;
    let round2 = until(&mut host, |f| f["type"] == "tables" && f["round"] == 2).await;
    let table = |t: &Value, n: i64| {
        t["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["numbers"].as_array().unwrap().contains(&json!(n)))
            .map(|r| r["table"].clone())
    };
    let (_, w) = connect(&app, &host_token).await;
    let tasks = w["state"]["escorts"]["tasks"].as_array().unwrap().clone();
    let mut movers = 0;
    for n in 1..=6 {
        let (from, to) = (table(&round1, n), table(&round2, n));
        let task = tasks.iter().find(|t| t["number"] == n);
        let moves = to.is_some() && to != from;
        assert_eq!(
            task.is_some(),
            moves,
            "no. {n}: {from:?} → {to:?}: {tasks:?}"
        );
        if let Some(t) = task {
            movers += 1;
            assert_eq!(Some(t["to"].clone()), to);
            assert_eq!(t["to_kind"], "table");
            assert_eq!(t["need"], "push");
            assert_eq!(t["by"], w["state"]["phase"]["ends_at"]);
        }
    }
    assert!(movers > 0, "someone changes tables: {round1} {round2}");
    // A restart keeps the tasks as they were.
    drop(host);
    app.restart().await;
    let (_, again) = connect(&app, &host_token).await;
    assert_eq!(again["state"]["escorts"]["tasks"], json!(tasks));
}

#[tokio::test]
async fn the_organiser_certifies_hours_a_purge_keeps_them_and_a_volunteer_can_be_erased() {
    let app = helpers::spawn_app_at(T0).await;
    let event = app.event().await;
    // A contact is kept for volunteers only.
    let res = app
        .post(
            &format!("/api/events/{event}/staff"),
            Some(&app.admin),
            &json!({"role": "host", "name": "主持人", "contact": "13800000000"}),
        )
        .await;
    assert_eq!(helpers::error_fields(res).await, vec!["contact"]);
    let ann = escorted(&app, &event, "Ann", "female", "guide").await;
    escorted(&app, &event, "Bo", "male", "none").await;
    let (mut phone, _) = connect(&app, ann["token"].as_str().unwrap()).await;
    let (mut v, _) = volunteer(&app, &event, "志愿者 小李").await;
    assert_eq!(
        ask(&mut phone, json!({"type": "escort.ask", "id": "a"})).await["type"],
        "ack"
    );
    for verb in ["escort.take", "escort.arrived", "escort.done"] {
        let a = ask(&mut v, json!({"type": verb, "id": verb, "task": "e1"})).await;
        assert_eq!(a["type"], "ack", "{verb}: {a}");
    }
    app.clock.advance(95 * 60_000);
    assert_eq!(
        ask(&mut v, json!({"type": "volunteer.off", "id": "off"})).await["type"],
        "ack"
    );
    let path = format!("/api/events/{event}/volunteers");
    let list: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    let me = &list[0];
    assert_eq!(
        (me["hours"].as_f64(), me["tasks_done"].as_i64()),
        (Some(1.5), Some(1)),
        "{list}"
    );
    assert_eq!(me["on_shift"], false);
    let sid = me["id"].as_str().unwrap().to_string();
    // The organiser starts and ends a shift for them.
    let shift = format!("/api/events/{event}/volunteers/{sid}/shift");
    for on in [true, false] {
        let res = app
            .post(&shift, Some(&app.admin), &json!({ "on": on }))
            .await;
        assert_eq!(res.status(), 204);
    }
    let res = app.post(&shift, Some(&app.admin), &json!({})).await;
    assert_eq!(res.status(), 422);
    // volunteers.csv, read back by a CSV parser.
    let res = app
        .get(
            &format!("/api/events/{event}/exports/volunteers.csv"),
            Some(&app.admin),
        )
        .await;
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    assert!(helpers::contains(&bytes, "\r\n"));
    let mut rows = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "姓名",
            "联系方式",
            "签到时间",
            "签退时间",
            "服务时长（小时）",
            "完成任务数"
        ]
    );
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(
        (&row[0], &row[1], &row[4], &row[5]),
        ("志愿者 小李", "13900000000", "1.5", "1")
    );
    // The evening closes and is purged: the certificate outlives the guests' data.
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    for verb in ["event.start", "event.end"] {
        assert_eq!(
            ask(&mut host, json!({"type": verb, "id": verb})).await["type"],
            "ack"
        );
    }
    drop((host, phone, v));
    let purge = app
        .post(
            &format!("/api/events/{event}/purge"),
            Some(&app.admin),
            &json!({}),
        )
        .await;
    assert_eq!(purge.status(), 204);
    let list: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    let me = &list[0];
    assert_eq!(me["name"], "志愿者 小李");
    assert!(me["contact"].is_null());
    assert_eq!(
        (me["hours"].as_f64(), me["tasks_done"].as_i64()),
        (Some(1.5), Some(1)),
        "{list}"
    );
    // A volunteer erased: name, contact and hours gone.
    let erase = app
        .post(
            &format!("/api/events/{event}/volunteers/{sid}/erase"),
            Some(&app.admin),
            &json!({}),
        )
        .await;
    assert_eq!(erase.status(), 204);
    let list: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(
        (
            list[0]["name"].as_str(),
            list[0]["shifts"].as_array().map(Vec::len)
        ),
        (Some(""), Some(0))
    );
}

/// A scripted evening (eight guests, all needing an escort; four rounds; two
/// volunteers who take every move but the last of each change of tables, which
/// nobody takes): the report's escort figures. `cargo test --test live scripted --
/// --nocapture` prints them.
#[tokio::test]
async fn a_scripted_evening_gives_the_escort_figures() {
    let app = helpers::spawn_app_at(T0).await;
    let mut body = helpers::event_body();
    body["rounds"] = json!(4);
    body["round_seconds"] = json!(300);
    body["transition_seconds"] = json!(120);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let needs = ["guide", "push", "company", "push"];
    for i in 0..8 {
        let g = if i % 2 == 0 { "female" } else { "male" };
        escorted(&app, &event, &format!("G{i}"), g, needs[i % 4]).await;
    }
    let (mut a, _) = volunteer(&app, &event, "志愿者 小李").await;
    let (mut b, _) = volunteer(&app, &event, "志愿者 小王").await;
    let host_token = app.staff(&event, "host").await;
    let (mut host, _) = connect(&app, &host_token).await;
    assert_eq!(
        ask(&mut host, json!({"type": "event.start", "id": "s"})).await["type"],
        "ack"
    );
    for round in 1..4 {
        app.clock.advance(300_000);
        until(&mut host, |f| {
            f["type"] == "phase" && f["phase"] == "transition"
        })
        .await;
        let (_, w) = connect(&app, &host_token).await;
        let open: Vec<String> = w["state"]["escorts"]["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["state"] == "open" && t["reason"] == "move")
            .map(|t| t["task"].as_str().unwrap().to_string())
            .collect();
        // All but the last are taken within a minute and done; nobody takes the last.
        let taken = open.len().saturating_sub(1);
        for (i, task) in open.iter().take(taken).enumerate() {
            app.clock.advance(10_000);
            let v = if i % 2 == 0 { &mut a } else { &mut b };
            for verb in ["escort.take", "escort.arrived", "escort.done"] {
                let r = ask(
                    v,
                    json!({"type": verb, "id": format!("{verb}{round}{i}"), "task": task}),
                )
                .await;
                assert_eq!(r["type"], "ack", "{verb} {task}: {r}");
            }
        }
        // The change of tables waits for the last one, three minutes at most.
        app.clock.advance(120_000 + 180_000);
        until(&mut host, |f| {
            f["type"] == "phase" && f["phase"] == "round" && f["round"] == round + 1
        })
        .await;
    }
    assert_eq!(
        ask(&mut host, json!({"type": "event.end", "id": "e"})).await["type"],
        "ack"
    );
    let report: Value = app
        .get(&format!("/api/events/{event}/report"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    let figures = &report["escorts"];
    println!("escort figures of the scripted evening: {figures}");
    let tasks = figures["tasks"].as_u64().unwrap();
    assert!(tasks >= 3, "{figures}");
    // One move in each of the three changes of tables was left to nobody; a move
    // done stays done (it is not made again by the next step).
    assert_eq!(figures["moved_alone"], 3, "{figures}");
    assert!(
        figures["taken_within_two_minutes"].as_u64().unwrap() >= 1,
        "{figures}"
    );
}
