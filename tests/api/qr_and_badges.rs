use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

/// Decodes the single QR code in a greyscale or RGB PNG.
pub fn decode_png(bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[(y * w + x) * channels]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code");
    grids[0].decode().unwrap().1
}

#[tokio::test]
async fn a_participants_png_qr_code_decodes_back_to_their_join_link() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "王芳", "female").await;
    let pid = a["id"].as_str().unwrap();
    let res = app
        .get(
            &format!("/api/events/{event}/participants/{pid}/qr.png"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    let link = decode_png(&res.bytes().await.unwrap());
    assert_eq!(link, a["join_url"].as_str().unwrap());
}

#[tokio::test]
async fn after_a_reissue_the_qr_code_carries_the_new_link() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let pid = a["id"].as_str().unwrap();
    let new: Value = app
        .post(
            &format!("/api/events/{event}/participants/{pid}/token"),
            Some(&app.admin),
            &serde_json::json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .get(
            &format!("/api/events/{event}/participants/{pid}/qr.png"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(
        decode_png(&res.bytes().await.unwrap()),
        new["join_url"].as_str().unwrap()
    );
}

#[tokio::test]
async fn the_svg_qr_code_is_an_image_with_a_name() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let pid = a["id"].as_str().unwrap();
    let res = app
        .get(
            &format!("/api/events/{event}/participants/{pid}/qr.svg"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    assert!(
        svg.contains("<svg role=\"img\" aria-label=\"Join QR code of no. 1 A\""),
        "{}",
        &svg[..200]
    );
}

#[tokio::test]
async fn the_badge_sheet_has_a_large_print_badge_with_a_qr_code_for_each_registered_person() {
    let app = spawn_app().await;
    let event = app.event().await;
    app.participant(&event, "王芳", "female").await;
    let b = app.participant(&event, "<Bob>", "male").await;
    let gone = app.participant(&event, "Gone", "male").await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        gone["id"].as_str().unwrap()
    );
    app.send_json(
        reqwest::Method::DELETE,
        &path,
        Some(&app.admin),
        &serde_json::json!({}),
    )
    .await;
    let res = app
        .get(&format!("/api/events/{event}/badges"), Some(&app.admin))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    // Styled by the one stylesheet of the paper, which the print page links too.
    assert!(html.contains("/css/print.css\""), "{html}");
    let css = app.get("/css/print.css", None).await.text().await.unwrap();
    assert!(css.contains("size: A4 portrait"), "{css}");
    assert_eq!(
        html.matches("class=\"badge\"").count(),
        2,
        "withdrawn people get no badge"
    );
    assert_eq!(html.matches("<svg").count(), 2);
    // The worn part carries number and name; the code is on the tear-off slip.
    for badge in html.split("class=\"badge\"").skip(1) {
        let worn = &badge[..badge.find("class=\"slip\"").unwrap()];
        assert!(!worn.contains("<svg"), "{worn}");
    }
    assert_eq!(html.matches("用本人手机扫码后撕下").count(), 2);
    assert!(html.contains("王芳"));
    assert!(
        html.contains("&lt;Bob&gt;") && !html.contains("<Bob>"),
        "names are escaped"
    );
    assert!(html.contains("<div class=\"number\">2</div>"));
    assert!(
        !html.contains(b["token"].as_str().unwrap()),
        "tokens travel only inside QR codes"
    );
}

#[tokio::test]
async fn the_event_join_qr_code_is_an_svg_for_the_projector() {
    let app = spawn_app().await;
    let event = app.event().await;
    let res = app
        .get(
            &format!("/api/events/{event}/join-qr.svg"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Spring evening"));
}

#[tokio::test]
async fn only_the_organiser_reads_a_guests_link_and_each_showing_is_logged() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let b = app.participant(&event, "B", "male").await;
    let pid = a["id"].as_str().unwrap();
    let paths = [
        format!("/api/events/{event}/participants/{pid}/qr.svg"),
        format!("/api/events/{event}/participants/{pid}/qr.png"),
        format!("/api/events/{event}/badges"),
    ];
    // Host and matchmakers never read a guest's link: they re-issue one instead.
    for role in ["host", "matchmaker"] {
        let staff = app.staff(&event, role).await;
        for path in &paths {
            let res = app.get(path, Some(&staff)).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{role} {path}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let body: Value = res.json().await.unwrap();
            assert!(
                body["detail"].as_str().unwrap().contains("re-issue"),
                "{body}"
            );
        }
    }
    for path in &paths {
        assert_eq!(
            app.get(path, Some(&app.admin)).await.status(),
            StatusCode::OK
        );
    }
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT actor, data, at FROM event_log WHERE kind = 'participant.link_shown' ORDER BY seq",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(log.len(), 3, "{log:?}");
    let data: Vec<Value> = log
        .iter()
        .map(|(actor, d, at)| {
            assert_eq!(actor, "admin");
            assert!(*at > 0);
            assert!(!d.contains(a["token"].as_str().unwrap()), "{d}");
            serde_json::from_str(d).unwrap()
        })
        .collect();
    assert_eq!(data[0]["via"], "qr.svg");
    assert_eq!(data[0]["participants"], serde_json::json!([pid]));
    assert_eq!(data[1]["via"], "qr.png");
    assert_eq!(data[2]["via"], "badges");
    assert_eq!(
        data[2]["participants"],
        serde_json::json!([pid, b["id"].as_str().unwrap()])
    );
}

#[tokio::test]
async fn a_link_on_a_phone_is_never_shown_again_and_its_badge_prints_without_a_slip() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "Ann", "female").await;
    let b = app.participant(&event, "Bo", "male").await;
    app.session(a["token"].as_str().unwrap()).await;
    let pid = a["id"].as_str().unwrap();
    for kind in ["qr.svg", "qr.png"] {
        let res = app
            .get(
                &format!("/api/events/{event}/participants/{pid}/{kind}"),
                Some(&app.admin),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{kind}");
        let body: Value = res.json().await.unwrap();
        assert!(
            body["detail"].as_str().unwrap().contains("re-issue"),
            "{body}"
        );
    }
    let html = app
        .get(&format!("/api/events/{event}/badges"), Some(&app.admin))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(html.matches("class=\"badge\"").count(), 2);
    assert_eq!(html.matches("<svg").count(), 1, "only Bo's slip has a code");
    assert!(html.contains("链接已在本人手机上"));
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let (data,): (String,) = sqlx::query_as(
        "SELECT data FROM event_log WHERE kind = 'participant.link_shown' ORDER BY seq DESC",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let data: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        data["participants"],
        serde_json::json!([b["id"].as_str().unwrap()]),
        "only links still unclaimed were shown"
    );
}

#[tokio::test]
async fn one_guests_badge_can_be_reprinted_alone_and_a_withdrawn_guest_has_none() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "王芳", "female").await;
    app.participant(&event, "刘斌", "male").await;
    let pid = a["id"].as_str().unwrap();
    let res = app
        .get(
            &format!("/api/events/{event}/badges?participant={pid}"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert_eq!(html.matches("class=\"badge\"").count(), 1);
    assert!(html.contains("王芳") && !html.contains("刘斌"));
    let res = app
        .get(
            &format!("/api/events/{event}/badges?participant=nobody"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn table_signs_give_every_table_room_and_desk_a_page_with_its_marks_in_words() {
    let app = spawn_app().await;
    let event = app.event().await;
    let path = format!("/api/events/{event}/table-signs");
    let res = app.get(&path, Some(&app.admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    // event_body(): three tables (1 accessible, 2 quiet), two rooms, one desk.
    assert_eq!(html.matches("class=\"sign\"").count(), 6, "{html}");
    assert_eq!(
        html.matches("无障碍（轮椅可用）").count(),
        1,
        "table 1 alone"
    );
    assert!(html.contains("安静区") && html.contains("lang=\"en\">Quiet area"));
    assert!(html.contains("class=\"paper signs a4\""));
    let a5 = app.get(&format!("{path}?size=A5"), Some(&app.admin)).await;
    assert!(
        a5.text()
            .await
            .unwrap()
            .contains("class=\"paper signs a5\"")
    );
    let bad = app
        .get(&format!("{path}?size=letter"), Some(&app.admin))
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let host = app.staff(&event, "host").await;
    assert_eq!(
        app.get(&path, Some(&host)).await.status(),
        StatusCode::FORBIDDEN
    );
}
