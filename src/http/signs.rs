//! `GET /api/events/{id}/table-signs`: a sign for every table (桌牌), the number
//! huge enough to read across the hall, with its access marks in words (无障碍:
//! a wheelchair can reach it; 安静: the quiet area), then a sign for each private
//! chat room and matchmaker desk, so guests and volunteers find every place. One
//! sign a page, A4 or A5, landscape, both languages.

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::Principal;
use super::paper;
use crate::core::Lang;
use crate::qr::escape;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(table_signs))
}

/// The paper the signs are printed on.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignPaper {
    /// `a4` (the default) or `a5`, landscape either way.
    pub size: Option<String>,
}

/// One sign: what kind of place, its name, its marks.
fn sign(kind: (&str, &str), label: &str, marks: &[(&str, &str)], title: &str) -> String {
    let marks: String = marks
        .iter()
        .map(|(zh, en)| format!("<li>{zh} <span lang=\"en\">{en}</span></li>"))
        .collect();
    let marks = if marks.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"marks\">{marks}</ul>")
    };
    format!(
        "<section class=\"sign\" aria-label=\"{zh} {label}\"><p class=\"kind\">{zh} <span lang=\"en\">{en}</span></p>\
         <p class=\"label\">{label}</p>{marks}<p class=\"event\">{title}</p></section>",
        zh = kind.0,
        en = kind.1,
        label = escape(label),
    )
}

/// A sign for every table, private chat room and matchmaker desk (organiser).
#[utoipa::path(get, path = "/api/events/{id}/table-signs", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), SignPaper),
    responses((status = 200, content_type = "text/html", body = String), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn table_signs(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    Query(paper_size): Query<SignPaper>,
) -> Result<impl IntoResponse, ApiError> {
    who.require_admin()?;
    let size = match paper_size
        .size
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("a4") => "a4",
        Some("a5") => "a5",
        Some(other) => {
            return Err(ApiError::Invalid(vec![crate::core::FieldError::new(
                "size",
                lang,
                format!("纸张“{other}”不可用：请用 a4 或 a5。"),
                format!("There is no paper size \"{other}\": use a4 or a5."),
            )]));
        }
    };
    let event = events::load(&state, &id).await?;
    let title = escape(&event.title);
    let mut body = String::new();
    for t in crate::db::events::tables(&state.db, &id).await? {
        let mut marks = Vec::new();
        if t.accessible != 0 {
            marks.push(("无障碍（轮椅可用）", "Accessible (wheelchair)"));
        }
        if t.quiet != 0 {
            marks.push(("安静区", "Quiet area"));
        }
        body.push_str(&sign(("桌号", "Table"), &t.label, &marks, &title));
    }
    for r in crate::db::events::rooms(&state.db, &id).await? {
        let marks: &[(&str, &str)] = if r.accessible != 0 {
            &[("无障碍（轮椅可用）", "Accessible (wheelchair)")]
        } else {
            &[]
        };
        body.push_str(&sign(
            ("约会私聊区", "Private chat"),
            &r.label,
            marks,
            &title,
        ));
    }
    for d in crate::db::events::desks(&state.db, &id).await? {
        body.push_str(&sign(
            ("红娘服务区", "Matchmaker desk"),
            &d.label,
            &[],
            &title,
        ));
    }
    let hint = lang.pick(
        "用浏览器打印本页（横向，实际大小）：每页一张桌牌。",
        "Print this page from the browser (landscape, actual size): one sign a page.",
    );
    let heading = format!("{} · {}", lang.pick("桌牌", "Table signs"), event.title);
    Ok(paper::html(paper::document(
        &state,
        lang,
        &format!("signs {size}"),
        &heading,
        &hint,
        &body,
    )))
}
