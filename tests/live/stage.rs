//! The stage over real WebSockets: the captioner's page sees the stage alone and
//! its lines reach every screen; only a consenting guest goes on stage, and
//! withdrawing ends it at once; a poll is counted only after the close and only
//! from five answers, and no screen or log line shows anyone's answer; the engine
//! captions a desk call with number and desk only, and never a `come_to_me`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Ws, arrive, ask, connect, helpers, until};

const T0: i64 = 1_800_000_000_000;

async fn event_with(app: &helpers::TestApp, guests: usize) -> (String, Vec<(Value, Ws)>) {
    let event: Value = app
        .create_event(&helpers::event_body())
        .await
        .json()
        .await
        .unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let mut phones = Vec::new();
    for i in 0..guests {
        let g = if i % 2 == 0 { "female" } else { "male" };
        let mut p = arrive(app, &event, &format!("Guest{i}"), g).await;
        let (ws, welcome) = connect(app, p["token"].as_str().unwrap()).await;
        // The phone's own session stands for the guest over HTTP.
        p["session"] = welcome["session"].clone();
        phones.push((p, ws));
    }
    (event, phones)
}

fn keys(welcome: &Value) -> BTreeSet<String> {
    welcome["state"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_captioner_sees_only_the_stage_and_their_lines_reach_every_screen() {
    let app = helpers::spawn_app_at(T0).await;
    let (event, mut phones) = event_with(&app, 2).await;
    let token = app.staff(&event, "captioner").await;
    let (mut captioner, welcome) = connect(&app, &token).await;
    assert_eq!(welcome["role"], "captioner");
    let four: BTreeSet<String> = ["captions", "poll", "programme", "spotlight"]
        .map(String::from)
        .into();
    assert_eq!(keys(&welcome), four, "{welcome}");
    let line = ask(
        &mut captioner,
        json!({"type": "caption.send", "id": "c", "text": "大家好", "speaker": "主持人"}),
    )
    .await;
    assert_eq!(line["type"], "ack", "{line}");
    let c = until(&mut phones[0].1, |f| f["type"] == "captions").await;
    assert_eq!(c["lines"][0]["text"], "大家好");
    let fixed = ask(
        &mut captioner,
        json!({"type": "caption.fix", "id": "f", "line": 1, "text": "大家晚上好"}),
    )
    .await;
    assert_eq!(fixed["type"], "ack", "{fixed}");
    // Nothing else is theirs to do, and no guest's record is theirs to read.
    let announce = ask(
        &mut captioner,
        json!({"type": "announce", "id": "a", "text": "hi"}),
    )
    .await;
    assert_eq!(announce["code"], "forbidden", "{announce}");
    let res = app
        .get(&format!("/api/events/{event}/participants"), Some(&token))
        .await;
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn only_a_consenting_guest_goes_on_stage_and_taking_consent_back_ends_it_at_once() {
    let app = helpers::spawn_app_at(T0).await;
    let (event, mut phones) = event_with(&app, 2).await;
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    let (mut projector, _) = connect(&app, &app.staff(&event, "projector").await).await;
    let ann = phones[0].0["id"].clone();
    let spot = json!({"type": "spotlight.set", "id": "s", "participant": ann});
    assert_eq!(ask(&mut host, spot.clone()).await["code"], "not_on_stage");
    let intro = |on_stage: bool| json!({"type": "intro.set", "id": "i", "text": "我喜欢唱歌，也喜欢手语舞。", "on_stage": on_stage});
    assert_eq!(ask(&mut phones[0].1, intro(false)).await["type"], "ack");
    assert_eq!(ask(&mut host, spot.clone()).await["code"], "not_on_stage");
    assert_eq!(ask(&mut phones[0].1, intro(true)).await["type"], "ack");
    // The host reads the introduction of a guest who consented; the other guest's
    // phone reads nothing of it yet.
    let intros = until(&mut host, |f| {
        f["type"] == "intros" && f["intros"].as_array().is_some_and(|a| !a.is_empty())
    })
    .await;
    assert_eq!(intros["intros"][0]["intro"], "我喜欢唱歌，也喜欢手语舞。");
    assert_eq!(ask(&mut host, spot).await["type"], "ack");
    let c = until(&mut host, |f| f["type"] == "captions").await;
    assert!(
        c["lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["text"].as_str().unwrap().ends_with("号嘉宾上台")),
        "{c}"
    );
    for ws in [&mut phones[1].1, &mut projector] {
        let s = until(ws, |f| {
            f["type"] == "spotlight" && f["participant"].is_object()
        })
        .await;
        // Names are off on this projector: going on stage is consent to the name.
        assert_eq!(s["participant"]["name"], "Guest0", "{s}");
        assert_eq!(s["participant"]["intro"], "我喜欢唱歌，也喜欢手语舞。");
    }
    assert_eq!(ask(&mut phones[0].1, intro(false)).await["type"], "ack");
    let s = until(&mut projector, |f| f["type"] == "spotlight").await;
    assert!(s["participant"].is_null(), "{s}");
    // The log keeps that an introduction was set, never its words.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log = blossom::db::log::list(&db, &event).await.unwrap();
    assert!(log.iter().any(|e| e.kind == "intro.set"));
    assert!(
        log.iter().all(|e| !e.data.contains("唱歌")),
        "no introduction in the log"
    );
}

#[tokio::test]
async fn a_poll_is_counted_after_the_close_from_five_answers_and_no_screen_or_log_shows_an_answer()
{
    let app = helpers::spawn_app_at(T0).await;
    let (event, mut phones) = event_with(&app, 6).await;
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    let open = json!({"type": "poll.open", "id": "o", "question": "最佳才艺？", "options": ["唱歌", "手语舞", "朗诵"]});
    assert_eq!(ask(&mut host, open.clone()).await["type"], "ack");
    assert_eq!(ask(&mut host, open).await["code"], "poll_open");
    let answer =
        |option: i64| json!({"type": "poll.answer", "id": "a", "poll": "q1", "option": option});
    assert_eq!(ask(&mut phones[0].1, answer(7)).await["code"], "bad_choice");
    for (i, option) in [0, 1, 1, 2, 1].into_iter().enumerate() {
        let a = ask(&mut phones[i].1, answer(option)).await;
        assert_eq!(a["type"], "ack", "{a}");
    }
    // Changed: the first guest chooses again.
    assert_eq!(ask(&mut phones[0].1, answer(1)).await["type"], "ack");
    let mine = until(&mut phones[0].1, |f| f["type"] == "poll" && f["mine"] == 1).await;
    assert!(
        mine["results"].is_null(),
        "nothing counted while open: {mine}"
    );
    let staff = until(&mut host, |f| f["type"] == "poll" && f["answered"] == 5).await;
    assert!(staff.get("mine").is_none(), "{staff}");
    assert!(staff["results"].is_null());
    let close = json!({"type": "poll.close", "id": "c", "poll": "q1"});
    assert_eq!(ask(&mut host, close).await["type"], "ack");
    let shown = until(&mut phones[5].1, |f| {
        f["type"] == "poll" && f["open"] == false
    })
    .await;
    assert_eq!(shown["results"], json!([0, 4, 1]), "{shown}");
    assert_eq!(shown["mine"], Value::Null, "the sixth guest did not answer");
    assert_eq!(
        ask(&mut phones[5].1, answer(0)).await["code"],
        "poll_closed"
    );
    // A second question with too few answers: counts withheld.
    let open = json!({"type": "poll.open", "id": "o2", "question": "下一首？", "options": ["甜蜜蜜", "月亮代表我的心"]});
    assert_eq!(ask(&mut host, open).await["type"], "ack");
    let a = ask(
        &mut phones[2].1,
        json!({"type": "poll.answer", "id": "b", "poll": "q2", "option": 0}),
    )
    .await;
    assert_eq!(a["type"], "ack");
    let close = json!({"type": "poll.close", "id": "c2", "poll": "q2"});
    assert_eq!(ask(&mut host, close).await["type"], "ack");
    let shown = until(&mut host, |f| {
        f["type"] == "poll" && f["poll"] == "q2" && f["open"] == false
    })
    .await;
    assert!(shown["results"].is_null(), "{shown}");
    assert_eq!(shown["answered"], 1);
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log = blossom::db::log::list(&db, &event).await.unwrap();
    let answered: Vec<_> = log.iter().filter(|e| e.kind == "poll.answered").collect();
    assert_eq!(answered.len(), 7);
    assert!(
        answered.iter().all(|e| !e.data.contains("option")),
        "an answer is never logged with its option"
    );
}

#[tokio::test]
async fn the_engine_captions_a_desk_call_with_number_and_desk_only_and_never_a_come_to_me() {
    let app = helpers::spawn_app_at(T0).await;
    let (event, mut phones) = event_with(&app, 2).await;
    let (mut mm, _) = connect(&app, &app.staff(&event, "matchmaker").await).await;
    let a = ask(
        &mut phones[0].1,
        json!({"type": "desk.join", "id": "j", "reason": "access", "note": "a ramp, please"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let bo = phones[1].0["id"].clone();
    let a = ask(
        &mut mm,
        json!({"type": "desk.join", "id": "k", "reason": "advice", "participant": bo, "come_to_me": true}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    for id in ["n1", "n2"] {
        let a = ask(
            &mut mm,
            json!({"type": "desk.next", "id": id, "desk": "Desk 1"}),
        )
        .await;
        // The second desk.next may find the only desk busy: either way, go on.
        assert!(a["type"] == "ack" || a["type"] == "error", "{a}");
    }
    let c = until(&mut phones[1].1, |f| {
        f["type"] == "captions" && !f["lines"].as_array().unwrap().is_empty()
    })
    .await;
    let lines = c["lines"].as_array().unwrap();
    assert_eq!(
        lines.len(),
        1,
        "one call captioned, the come-to-me not: {c}"
    );
    let n = phones[0].0["number"].as_i64().unwrap();
    assert_eq!(
        lines[0]["en"],
        format!("No. {n}, please come to matchmaker desk Desk 1")
    );
    let text = c.to_string();
    assert!(!text.contains("ramp") && !text.contains("access"), "{text}");
}

#[tokio::test]
async fn my_data_shows_my_introduction_and_answers_and_erasure_takes_them_and_my_name_as_a_speaker()
{
    let app = helpers::spawn_app_at(T0).await;
    let (event, mut phones) = event_with(&app, 2).await;
    let ann = phones[0].0.clone();
    let session = ann["session"].as_str().unwrap().to_string();
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    let intro = json!({"type": "intro.set", "id": "i", "text": "我喜欢唱歌。", "on_stage": true});
    assert_eq!(ask(&mut phones[0].1, intro).await["type"], "ack");
    let open = json!({"type": "poll.open", "id": "o", "question": "最佳才艺？", "options": ["唱歌", "朗诵"]});
    assert_eq!(ask(&mut host, open).await["type"], "ack");
    let answer = json!({"type": "poll.answer", "id": "a", "poll": "q1", "option": 1});
    assert_eq!(ask(&mut phones[0].1, answer).await["type"], "ack");
    let spot = json!({"type": "spotlight.set", "id": "s", "participant": ann["id"]});
    assert_eq!(ask(&mut host, spot).await["type"], "ack");
    let line = json!({"type": "caption.send", "id": "c", "text": "谢谢大家", "speaker": "Guest0"});
    assert_eq!(ask(&mut host, line).await["type"], "ack");

    let mine: Value = app
        .get("/api/me/data", Some(&session))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["intro"]["text"], "我喜欢唱歌。", "{mine}");
    assert_eq!(mine["intro"]["on_stage"], true);
    assert_eq!(
        mine["poll_answers"],
        json!([{"question": "最佳才艺？", "answer": "朗诵"}])
    );
    // The other guest's data holds none of it.
    let bo = phones[1].0["session"].as_str().unwrap().to_string();
    let theirs: Value = app
        .get("/api/me/data", Some(&bo))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        theirs["intro"].is_null() && theirs["poll_answers"] == json!([]),
        "{theirs}"
    );

    drop(phones);
    drop(host);
    let pid = ann["id"].as_str().unwrap();
    let path = format!("/api/events/{event}/participants/{pid}/erase");
    let res = app.post(&path, Some(&app.admin), &json!({})).await;
    assert_eq!(res.status(), 204);
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let saved = blossom::db::live::load(&db, &event).await.unwrap().unwrap();
    let live = blossom::core::live::saved::from_json(&saved).unwrap();
    assert!(live.stage.intros.is_empty());
    assert!(live.stage.polls[0].answers.is_empty());
    assert!(live.stage.spotlight.is_none());
    assert!(
        live.captions
            .lines
            .iter()
            .all(|l| l.speaker.as_deref() != Some("Guest0")),
        "{:?}",
        live.captions.lines
    );
}
