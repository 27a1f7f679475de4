//! The organiser's CSV exports, made to open correctly in Excel and WPS: UTF-8 with
//! a byte-order mark, CRLF line ends, Chinese headers, times in the event's own
//! time zone.
//!
//! - `attendance.csv`: the roster with arrival, departure and dates held;
//! - `matches.csv`: the mutual matches for follow-up (empty before the reveal);
//! - `report.csv`: the report's figures, a row each.
//!
//! Never a one-sided mark: `matches.csv` lists mutual matches only.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::Principal;
use crate::core::live::interest::MatchKind;
use crate::core::{report, roster_csv};
use crate::db::participants;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(attendance))
        .routes(routes!(matches))
        .routes(routes!(report_csv))
        .routes(routes!(roster_template))
}

/// The roster template (anyone: it holds no one's data): Chinese column names and
/// one example guest, ready to fill in with Excel or WPS and import.
#[utoipa::path(get, path = "/api/roster-template.csv", tag = "participants",
    responses((status = 200, content_type = "text/csv", body = String)))]
async fn roster_template() -> impl IntoResponse {
    csv_file("roster-template.csv", roster_csv::template())
}

/// A CSV body with its byte-order mark, for download. Every cell goes through
/// [`spreadsheet_safe`]: a name, a contact or a note a guest typed never becomes a
/// formula in the organiser's spreadsheet.
pub(super) fn csv_file(name: &str, rows: Vec<Vec<String>>) -> impl IntoResponse + use<> {
    // CRLF line ends, as Excel and WPS write them.
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from("\u{FEFF}".as_bytes()));
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()));
    }
    let body = w.into_inner().unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
}

/// A cell as a spreadsheet shows it typed (OWASP's CSV injection advice): text that
/// begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so
/// `=HYPERLINK(…)` stays text and a contact `+8613800138000` is not read as a number.
/// The numbers these files hold (badge numbers, counts, figures) are never negative,
/// so they stay numbers.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// "2026-12-12 14:03" in the time zone the event's start was written in.
pub(super) fn local(ms: Option<i64>, offset: UtcOffset) -> String {
    let Some(ms) = ms else {
        return String::new();
    };
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| {
            let t = t.to_offset(offset);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        })
        .unwrap_or_default()
}

async fn setup(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<
    (
        UtcOffset,
        report::Records,
        Vec<participants::ParticipantRow>,
    ),
    ApiError,
> {
    let (event, records, people) = super::report::organisers_records(state, who, id).await?;
    let offset = OffsetDateTime::parse(&event.starts_at, &Rfc3339)
        .map(|t| t.offset())
        .unwrap_or(UtcOffset::UTC);
    Ok((offset, records, people))
}

/// The roster with arrival, departure and dates held. Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/exports/attendance.csv", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn attendance(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (offset, records, people) = setup(&state, &who, &id).await?;
    let mut held: HashMap<&str, usize> = HashMap::new();
    for d in &records.dates {
        *held.entry(&d.a).or_default() += 1;
        *held.entry(&d.b).or_default() += 1;
    }
    let mut rows = vec![
        ["编号", "姓名", "签到时间", "离场时间", "约会场数"]
            .map(String::from)
            .to_vec(),
    ];
    for p in people.iter().filter(|p| !p.is_withdrawn()) {
        rows.push(vec![
            p.number.to_string(),
            p.display_name.clone(),
            local(p.checked_in_at, offset),
            local(p.left_at, offset),
            held.get(p.id.as_str()).copied().unwrap_or(0).to_string(),
        ]);
    }
    Ok(csv_file("attendance.csv", rows))
}

/// The mutual matches for follow-up: both guests' numbers and names, the kind, and
/// whether contacts were exchanged. Only after the reveal (before it, the header
/// alone). Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/exports/matches.csv", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn matches(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (_, records, people) = setup(&state, &who, &id).await?;
    let mut rows = vec![
        [
            "嘉宾编号",
            "嘉宾姓名",
            "对方编号",
            "对方姓名",
            "类型",
            "已交换联系方式",
            "嘉宾联系方式",
            "对方联系方式",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for m in super::report::with_contacts(&records, &people) {
        rows.push(vec![
            m.a.number.to_string(),
            m.a.name,
            m.b.number.to_string(),
            m.b.name,
            match m.kind {
                MatchKind::Date => "牵手",
                MatchKind::Friend => "做朋友",
            }
            .into(),
            if m.contacts_shared { "是" } else { "否" }.into(),
            m.a_contact.unwrap_or_default(),
            m.b_contact.unwrap_or_default(),
        ]);
    }
    Ok(csv_file("matches.csv", rows))
}

/// Chinese names for the report's figures, by their JSON key, in the page's order,
/// with what each figure is and its unit (a section's is empty; `min`, `median`,
/// `max` and `p90` take their unit from the figure above them).
const LABELS: &[(&str, &str, &str)] = &[
    ("attendance", "出席", ""),
    ("access", "无障碍", ""),
    ("chat", "私聊区", ""),
    ("desks", "红娘服务区", ""),
    ("outcomes", "结果", ""),
    ("escorts", "志愿者引导", ""),
    ("tasks", "引导任务", "合计，次"),
    ("guests", "得到引导的嘉宾", "合计，人"),
    (
        "taken_within_two_minutes",
        "两分钟内有人接的任务",
        "合计，次",
    ),
    ("minutes_to_arrival", "志愿者到达用时", "分钟"),
    ("moved_alone", "无人陪同走动", "合计，次"),
    ("registered", "报名人数", "合计，人"),
    ("came", "到场人数", "合计，人"),
    ("late", "迟到人数", "合计，人"),
    ("left_early", "提前离场人数", "合计，人"),
    ("dates_planned", "计划约会场数", "合计，场"),
    ("dates_held", "实际约会场数", "合计，场"),
    ("dates_per_guest", "每人约会场数", "每位到场嘉宾，场"),
    ("min", "最少", ""),
    ("median", "中位数", ""),
    ("max", "最多", ""),
    ("p90", "第90百分位", ""),
    ("wheelchair_users", "轮椅使用者", "合计，人"),
    ("wheelchair_dates", "轮椅使用者的约会", "合计，场"),
    ("wheelchair_dates_accessible", "其中在无障碍桌", "合计，场"),
    ("interpreter_dates", "有手语翻译的约会", "合计，场"),
    ("quiet_table_dates", "安静桌约会", "合计，场"),
    ("rests_taken", "嘉宾主动要求的休息", "合计，次"),
    (
        "rounds_sat_out",
        "轮空（到场但这一轮没有约会）",
        "合计，人次",
    ),
    ("invitations", "私聊邀请", "合计，次"),
    ("accepted", "接受的邀请", "合计，次"),
    ("accepted_share", "接受比例", "比例，0–1"),
    ("rooms_used", "用过的私聊室", "合计，间"),
    ("room_minutes", "私聊时长", "合计，分钟"),
    ("chats_held", "进行的私聊", "合计，次"),
    ("tickets", "排队号数", "合计，张"),
    ("by_reason", "按原因", "合计，张"),
    ("advice", "咨询建议", "合计，张"),
    ("help", "需要帮助", "合计，张"),
    ("about_someone", "关于某位嘉宾", "合计，张"),
    ("other", "其他", "合计，张"),
    ("wait_minutes", "等待时间", "分钟"),
    ("service_minutes", "服务时间", "分钟"),
    ("no_shows", "叫号未到", "合计，人次"),
    ("visits", "红娘接待", "合计，次"),
    ("guests_with_dates", "有约会的嘉宾", "合计，人"),
    ("marked_every_date", "每场都做了选择的嘉宾", "合计，人"),
    ("marked_share", "每场都做了选择的比例", "比例，0–1"),
    ("matches_date", "牵手配对", "合计，对"),
    ("matches_friend", "朋友配对", "合计，对"),
    ("contacts_exchanged", "交换了联系方式的配对", "合计，对"),
];

/// What a figure is and its unit: its own, else the figure above it (a median of
/// waits is in minutes).
fn unit(keys: &[&str]) -> String {
    keys.iter()
        .rev()
        .find_map(|k| {
            LABELS
                .iter()
                .find(|(key, _, u)| key == k && !u.is_empty())
                .map(|(_, _, u)| (*u).to_string())
        })
        .unwrap_or_default()
}

fn label(key: &str, top: bool) -> String {
    // "access" is a section at the top and a reason under `by_reason`.
    if key == "access" && !top {
        return "无障碍协助".into();
    }
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or_else(|| key.to_string(), |(_, v, _)| (*v).to_string())
}

/// Where `key` comes in the report: the order of [`LABELS`], which is the page's.
fn place(key: &str) -> usize {
    LABELS
        .iter()
        .position(|(k, _, _)| *k == key)
        .unwrap_or(LABELS.len())
}

/// An object's fields in the report's order (a JSON object's own order is by name).
fn in_order(m: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut fields: Vec<_> = m.iter().collect();
    fields.sort_by_key(|(k, _)| place(k));
    fields
}

fn flatten<'a>(
    section: &str,
    path: &str,
    keys: &mut Vec<&'a str>,
    v: &'a Value,
    rows: &mut Vec<Vec<String>>,
) {
    let row = |value: String| vec![section.into(), path.into(), value, unit(keys)];
    match v {
        Value::Object(m) => {
            for (k, v) in in_order(m) {
                let name = label(k, false);
                let p = if path.is_empty() {
                    name
                } else {
                    format!("{path} · {name}")
                };
                keys.push(k);
                flatten(section, &p, keys, v, rows);
                keys.pop();
            }
        }
        Value::Null => rows.push(row("少于5人，不显示".into())),
        Value::Number(n) => {
            let text = match n.as_f64() {
                Some(f) if n.is_f64() => format!("{:.2}", f)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string(),
                _ => n.to_string(),
            };
            rows.push(row(text));
        }
        other => rows.push(row(other.to_string())),
    }
}

/// The programme as run (a row a segment: planned and actual minutes), the
/// caption lines and spotlights, and each poll's counts (withheld under five).
fn stage_rows(v: &Value, rows: &mut Vec<Vec<String>>) {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut row = |section: &str, what: String, value: String, unit: &str| {
        rows.push(vec![section.into(), what, value, unit.into()]);
    };
    for s in v["programme"].as_array().into_iter().flatten() {
        let actual = s["actual_minutes"]
            .as_f64()
            .map_or_else(|| "未进行".to_string(), |m| format!("{m}"));
        let value = format!("计划 {}，实际 {actual}", s["planned_minutes"]);
        row("活动流程", text(&s["title"]), value, "分钟");
    }
    row(
        "活动流程",
        "字幕".into(),
        v["captions_sent"].to_string(),
        "合计，行",
    );
    row(
        "活动流程",
        "上台展示".into(),
        v["spotlights"].to_string(),
        "合计，次",
    );
    for p in v["polls"].as_array().into_iter().flatten() {
        let value = match p["results"].as_array() {
            Some(counts) => p["options"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(counts)
                .map(|(o, n)| format!("{} {n} 票", text(o)))
                .collect::<Vec<_>>()
                .join("，"),
            None => format!("{} 人回答，少于5人，不显示", p["answered"]),
        };
        row("投票", text(&p["question"]), value, "合计，票");
    }
}

/// The report's figures, one row each: section, figure, value. Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/exports/report.csv", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn report_csv(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let figures = super::report::figures(&state, &who, &id).await?;
    let event = super::events::load(&state, &id).await?;
    let when = event
        .starts_at
        .get(..16)
        .unwrap_or(&event.starts_at)
        .replace('T', " ");
    let mut rows = vec![["部分", "项目", "数值", "说明"].map(String::from).to_vec()];
    // The event it is the report of, as the paper report's first page names it.
    for (what, value) in [
        ("活动名称", event.title.as_str()),
        ("主办单位", event.organiser.as_str()),
        ("地点", event.venue.as_str()),
        ("日期和时间", when.as_str()),
    ] {
        rows.push(vec![
            "活动".into(),
            what.into(),
            value.into(),
            String::new(),
        ]);
    }
    if let Value::Object(sections) = &figures {
        for (key, v) in in_order(sections) {
            if key == "stage" {
                stage_rows(v, &mut rows);
                continue;
            }
            let mut keys = vec![key.as_str()];
            flatten(&label(key, true), "", &mut keys, v, &mut rows);
        }
    }
    let date = event.starts_at.get(..10).unwrap_or("");
    let name = if date.bytes().all(|b| b.is_ascii_digit() || b == b'-') && !date.is_empty() {
        format!("report-{date}.csv")
    } else {
        "report.csv".to_string()
    };
    Ok(csv_file(&name, rows))
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn text_that_a_spreadsheet_would_run_or_reread_is_kept_as_typed() {
        for (cell, shown) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+8613800138000", "'+8613800138000"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("王芳", "王芳"),
            ("12", "12"),
            ("0.5", "0.5"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(cell), shown, "{cell:?}");
        }
    }
}
