//! `GET /api/events/{id}/badges`: a printable A4 page of large-print badges (name,
//! number, QR code) for the check-in desk.

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::Principal;
use super::links::join_url_of;
use super::paper;
use crate::core::Lang;
use crate::db::participants;
use crate::qr::{self, escape};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(badges))
}

/// Which badges to print.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BadgeFilter {
    /// Only this guest's badge (to reprint it after a new link).
    pub participant: Option<String>,
}

/// Large-print badges for every registered participant, six to an A4 page: the
/// part worn all evening carries the number and name only; the guest's join link
/// is a QR code on a tear-off slip beside it (scanned with their own phone, then
/// torn off), or, once a phone holds the link, a note that it does.
#[utoipa::path(get, path = "/api/events/{id}/badges", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    params(("id" = String, Path, description = "Event id"), BadgeFilter),
    responses((status = 200, content_type = "text/html", body = String), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn badges(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    Query(filter): Query<BadgeFilter>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = super::links::may_show_links(&who, &id)?;
    let event = events::load(&state, &id).await?;
    let rows = participants::list(&state.db, &id).await?;
    let rows: Vec<_> = rows
        .iter()
        .filter(|p| !p.is_withdrawn())
        .filter(|p| filter.participant.as_ref().is_none_or(|only| *only == p.id))
        .collect();
    if let Some(only) = &filter.participant
        && rows.is_empty()
    {
        return Err(
            if participants::find(&state.db, &id, only).await?.is_some() {
                ApiError::ParticipantWithdrawn
            } else {
                ApiError::ParticipantNotFound
            },
        );
    }
    let shown: Vec<&str> = rows
        .iter()
        .filter(|p| p.claimed_at.is_none())
        .map(|p| p.id.as_str())
        .collect();
    if !shown.is_empty() {
        super::links::log_links_shown(&state, &id, &actor, &shown, "badges").await?;
    }
    let title = escape(&event.title);
    let mut html = String::new();
    for p in rows {
        let name = escape(&p.display_name);
        let slip = if p.claimed_at.is_some() {
            "<div class=\"slip\"><p class=\"held\">链接已在本人手机上<br><span lang=\"en\">The link is on the guest's own phone</span></p></div>".to_string()
        } else {
            let label = format!(
                "{} {} · {}",
                lang.pick("加入二维码", "Join QR code"),
                p.number,
                p.display_name
            );
            format!(
                "<div class=\"slip\">{}<p class=\"tear\">用本人手机扫码后撕下<br><span lang=\"en\">Scan with your own phone, then tear off</span></p></div>",
                qr::svg(&join_url_of(&state, p), 170, &label),
            )
        };
        html.push_str(&format!(
            "<section class=\"badge\" aria-label=\"{} {}\"><div class=\"worn\"><div class=\"event\">{title}</div>\
             <div class=\"who\"><div class=\"number\">{}</div><div class=\"name\">{name}</div></div></div>{slip}</section>",
            p.number, name, p.number,
        ));
    }
    let hint = lang.pick(
        "用浏览器打印本页（A4，实际大小），沿虚线剪开。右边的二维码条只属于本人：请当面交给本人，用本人手机扫码后撕下，胸牌上只留号码和名字。",
        "Print this page from the browser (A4, actual size) and cut along the dashed lines. The QR slip on the right belongs to one person: hand it over in person; they scan it with their own phone and tear it off, so the badge they wear shows only number and name.",
    );
    let heading = format!("{} · {}", lang.pick("胸牌", "Badges"), event.title);
    Ok(paper::html(paper::document(
        &state, lang, "badges", &heading, &hint, &html,
    )))
}
