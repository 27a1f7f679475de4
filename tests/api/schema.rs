//! The schema as the live engine and the coming capabilities use it, on SQLite and
//! PostgreSQL alike: dates by round and table label, interest marks by round and
//! person, yes, friend or no.

use crate::helpers::spawn_app;

#[tokio::test]
async fn dates_are_keyed_by_round_and_table_and_marks_by_round_and_person() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "Ann", "female").await;
    let b = app.participant(&event, "Bo", "male").await;
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let date = |round: i64, table: &str| {
        sqlx::query("INSERT INTO dates (event_id, round, table_label, a_id, b_id, interpreter) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(event.clone())
            .bind(round)
            .bind(table.to_string())
            .bind(a.to_string())
            .bind(b.to_string())
    };
    date(1, "1").execute(&db).await.unwrap();
    assert!(
        date(1, "1").execute(&db).await.is_err(),
        "one date a table a round"
    );
    date(2, "1").execute(&db).await.unwrap();
    let mark = |round: i64, from: &str, to: &str, choice: &str| {
        sqlx::query("INSERT INTO interest_marks (event_id, round, from_id, to_id, choice, marked_at) VALUES ($1, $2, $3, $4, $5, 0)")
            .bind(event.clone())
            .bind(round)
            .bind(from.to_string())
            .bind(to.to_string())
            .bind(choice.to_string())
    };
    for choice in ["yes", "friend", "no"] {
        let round = match choice {
            "yes" => 1,
            "friend" => 2,
            _ => 3,
        };
        mark(round, a, b, choice).execute(&db).await.unwrap();
    }
    assert!(
        mark(1, b, a, "maybe").execute(&db).await.is_err(),
        "yes, friend or no only"
    );
    assert!(
        mark(1, a, b, "no").execute(&db).await.is_err(),
        "one mark a person a round"
    );
    mark(1, b, a, "yes").execute(&db).await.unwrap();
    let rows = blossom::db::live::dates(&db, &event).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].round, rows[0].table_label.as_str()), (1, "1"));
}
