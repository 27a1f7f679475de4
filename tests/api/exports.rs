//! The organiser's CSV files, read back as a spreadsheet would read them.

use crate::helpers::{person, spawn_app};

/// A CSV export's rows, its byte-order mark taken off, read by a CSV parser.
async fn rows(app: &crate::helpers::TestApp, event: &str, name: &str) -> Vec<Vec<String>> {
    let res = app
        .get(
            &format!("/api/events/{event}/exports/{name}"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), 200, "{name}");
    let bytes = res.bytes().await.unwrap();
    let text = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap().to_vec();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[tokio::test]
async fn a_name_that_a_spreadsheet_would_run_is_written_as_typed_and_numbers_stay_numbers() {
    let app = spawn_app().await;
    let event = app.event().await;
    let names = [
        r#"=HYPERLINK("http://x","y")"#,
        "+86 王芳",
        "-李丽",
        "@张伟",
        "刘=斌",
    ];
    for (i, name) in names.iter().enumerate() {
        let g = if i % 2 == 0 { "female" } else { "male" };
        let res = app.register(&event, &app.admin, &person(name, g)).await;
        assert_eq!(res.status(), 201, "{name}: {:?}", res.text().await);
    }
    let got = rows(&app, &event, "attendance.csv").await;
    assert_eq!(got[0][1], "姓名");
    let shown: Vec<&str> = got[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        shown,
        [
            r#"'=HYPERLINK("http://x","y")"#,
            "'+86 王芳",
            "'-李丽",
            "'@张伟",
            "刘=斌",
        ]
    );
    for (i, r) in got[1..].iter().enumerate() {
        assert_eq!(r[0].parse::<i64>().unwrap(), i as i64 + 1, "{r:?}");
        assert_eq!(r[4].parse::<i64>().unwrap(), 0, "{r:?}");
    }
    // The report's figures are numbers a spreadsheet can add up.
    let figures = rows(&app, &event, "report.csv").await;
    let registered: Vec<&Vec<String>> = figures.iter().filter(|r| r[1] == "报名人数").collect();
    assert_eq!(registered.len(), 1, "{figures:?}");
    assert_eq!(registered[0][2], "5");
}
