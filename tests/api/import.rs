use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_chinese_roster_with_a_bom_is_imported_whole() {
    let app = spawn_app().await;
    let event = app.event().await;
    let csv = "\u{FEFF}姓名,性别,年龄,婚姻状况,期望年龄,行动,沟通方式,回避,联系方式,同意分享联系方式\n\
               王芳,女,29,未婚,26-38,轮椅,口语;文字,,138000,是\n\
               刘斌,男,31,离异,25-35,,手语；文字,王芳,,否\n\
               赵磊,男,36,丧偶,,需引导,,,,\n";
    let res = app.import(&event, &app.admin, csv).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["imported"], 3);
    assert!(
        body["participants"][0]["join_url"]
            .as_str()
            .unwrap()
            .contains("/p/#")
    );
    let list: Value = app
        .participants(&event, &app.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["display_name"], "王芳");
    assert_eq!(list[0]["mobility"], "wheelchair");
    assert_eq!(list[0]["partner_age"], serde_json::json!([26, 38]));
    assert_eq!(list[0]["share_contact"], true);
    assert_eq!(
        list[1]["communication"],
        serde_json::json!(["sign", "text"])
    );
    assert_eq!(list[1]["avoid"], serde_json::json!([1]));
    assert_eq!(list[1]["marital_status"], "divorced");
    assert_eq!(list[2]["mobility"], "guided");
}

#[tokio::test]
async fn english_headers_and_references_to_earlier_participants_work() {
    let app = spawn_app().await;
    let event = app.event().await;
    app.participant(&event, "Existing", "female").await;
    let csv = "display_name,gender,age,marital_status,avoid,available,quiet\nNew,male,40,unmarried,1,2-6,yes\n";
    let res = app.import(&event, &app.admin, csv).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let list: Value = app
        .participants(&event, &app.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[1]["number"], 2);
    assert_eq!(list[1]["avoid"], serde_json::json!([1]));
    assert_eq!(list[1]["available"], serde_json::json!([2, 6]));
    assert_eq!(list[1]["quiet"], true);
}

#[tokio::test]
async fn one_bad_row_rejects_the_roster_with_every_bad_line_and_field_and_saves_nothing() {
    let app = spawn_app().await;
    let event = app.event().await;
    let csv = "姓名,性别,年龄,婚姻状况,期望年龄,行动,回避\n\
               好人,女,29,未婚,26-38,,\n\
               太小,男,20,未婚,,,\n\
               已婚,女,30,已婚,,,\n\
               范围,男,30,未婚,40-30,飞行,\n\
               回避,男,30,未婚,,,没这人\n";
    let res = app.import(&event, &app.admin, csv).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let got: Vec<(i64, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: Vec<(i64, String)> = [
        (3, "age"),
        (4, "marital_status"),
        (5, "partner_age"),
        (5, "mobility"),
        (6, "avoid[0]"),
    ]
    .iter()
    .map(|(l, f)| (*l, f.to_string()))
    .collect();
    assert_eq!(got, want);
    let list: Value = app
        .participants(&event, &app.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing was saved");
}

#[tokio::test]
async fn a_roster_with_unknown_or_missing_columns_is_rejected_before_any_row() {
    let app = spawn_app().await;
    let event = app.event().await;
    let res = app.import(&event, &app.admin, "姓名,鞋码\n王芳,37\n").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["header", "gender", "age", "marital_status"]);
    assert!(
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["line"] == 1)
    );
}

#[tokio::test]
async fn a_roster_that_is_not_utf8_gets_advice_on_how_to_save_it() {
    let app = spawn_app().await;
    let event = app.event().await;
    let gbk = b"\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\n".to_vec(); // 姓名,性别 in GBK
    let res = app
        .client
        .post(app.url(&format!("/api/events/{event}/participants/import")))
        .bearer_auth(&app.admin)
        .header("Accept-Language", "en")
        .body(gbk)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );
}

/// A roster is checked before the write transaction begins, so imports and
/// registrations made at the same moment race: each is stored whole, exactly
/// once, and no two guests share a number.
#[tokio::test]
async fn imports_and_registrations_at_the_same_moment_are_each_stored_whole_with_distinct_numbers()
{
    let app = spawn_app().await;
    let event = app.event().await;
    let roster = |who: &str| {
        let mut csv = String::from("display_name,gender,age,marital_status,avoid\n");
        for i in 0..150 {
            // Each line avoids the one before it, by name: resolved against the batch.
            let avoid = if i > 0 {
                format!("{who}{}", i - 1)
            } else {
                String::new()
            };
            csv.push_str(&format!("{who}{i},female,30,unmarried,{avoid}\n"));
        }
        csv
    };
    let (a, b) = (roster("A"), roster("B"));
    let singles = (0..10).map(|i| {
        let app = &app;
        let event = &event;
        async move {
            app.register(
                event,
                &app.admin,
                &crate::helpers::person(&format!("S{i}"), "male"),
            )
            .await
            .status()
        }
    });
    let (ra, rb, singles) = tokio::join!(
        app.import(&event, &app.admin, &a),
        app.import(&event, &app.admin, &b),
        futures_util::future::join_all(singles)
    );
    assert_eq!(ra.status(), StatusCode::CREATED);
    assert_eq!(rb.status(), StatusCode::CREATED);
    assert!(
        singles.iter().all(|s| *s == StatusCode::CREATED),
        "{singles:?}"
    );
    let list: Vec<Value> = app
        .participants(&event, &app.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 310);
    let mut numbers: Vec<i64> = list.iter().map(|p| p["number"].as_i64().unwrap()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers, (1..=310).collect::<Vec<_>>());
    // Each avoid list names the guest of its own roster's line before.
    let by_name: std::collections::HashMap<&str, &Value> = list
        .iter()
        .map(|p| (p["display_name"].as_str().unwrap(), p))
        .collect();
    for who in ["A", "B"] {
        let first = by_name[format!("{who}0").as_str()]["number"].clone();
        assert_eq!(
            by_name[format!("{who}1").as_str()]["avoid"],
            serde_json::json!([first])
        );
    }
}

#[tokio::test]
async fn the_roster_template_has_chinese_headers_and_an_example_that_imports_as_it_is() {
    let app = spawn_app().await;
    let res = app.get("/api/roster-template.csv", None).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.bytes().await.unwrap();
    assert!(
        body.starts_with("\u{FEFF}".as_bytes()),
        "a byte-order mark for Excel"
    );
    let text = std::str::from_utf8(&body).unwrap();
    let header = text.trim_start_matches('\u{FEFF}').lines().next().unwrap();
    assert!(header.starts_with("姓名,性别,"), "{header}");
    assert!(header.is_char_boundary(0) && !header.contains("display_name"));
    assert_eq!(text.lines().count(), 2, "the header and one example row");
    let event = app.event().await;
    let res = app.import(&event, &app.admin, text).await;
    assert_eq!(res.status(), 201);
    let roster: serde_json::Value = app
        .participants(&event, &app.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(roster[0]["display_name"], "王芳");
    assert_eq!(roster[0]["mobility"], "wheelchair");
}
