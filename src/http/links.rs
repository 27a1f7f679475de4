//! A guest's join link at the HTTP edge: a new one (a lost phone), its QR code while
//! no phone holds it, and the record of every time staff were shown one. Only the
//! organiser reads an existing link; host and matchmakers give a new one instead.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::Principal;
use super::participants::{RegisteredView, load};
use crate::core::Lang;
use crate::db::participants::ParticipantRow;
use crate::qr;
use crate::records::registration::{Actor, Registered};
use crate::state::AppState;
use crate::tokens::TokenKind;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reissue))
        .routes(routes!(qr_svg))
        .routes(routes!(qr_png))
}

/// Issue a new join link (a lost phone, a leaked link); the old one and the phone
/// holding it stop working. For a withdrawn guest (the organiser only) it ends
/// their phone's session, which kept their data readable, and answers 204.
#[utoipa::path(post, path = "/api/events/{id}/participants/{pid}/token", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 200, body = RegisteredView), (status = 204, description = "A withdrawn guest's phone session ended"),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
async fn reissue(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<axum::response::Response, ApiError> {
    let actor = who.require_staff(&id)?;
    if matches!(actor, Actor::Admin) && load(&state, &id, &pid).await?.is_withdrawn() {
        state
            .records()
            .end_session(&id, &pid, &actor, state.clock.now())
            .await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let token = state
        .records()
        .reissue_token(&id, &pid, &actor, state.clock.now())
        .await?;
    // Connections opened with the old token close.
    let p = load(&state, &id, &pid).await?;
    let r = Registered {
        id: p.id,
        number: p.number,
        display_name: p.display_name,
        token,
    };
    Ok(Json(RegisteredView::new(&state, r).with_qr(lang)).into_response())
}

/// The participant's current join link, re-derived from the server's key.
pub fn join_url_of(state: &AppState, p: &ParticipantRow) -> String {
    state.join_url(
        &state
            .key
            .derive(TokenKind::Participant, &p.id, p.token_version),
    )
}

/// Records in the event log that staff were shown guests' join links (a QR code,
/// the badge sheet): who, when, whose, and how. The link itself is never logged.
pub async fn log_links_shown(
    state: &AppState,
    event_id: &str,
    actor: &Actor,
    participants: &[&str],
    via: &str,
) -> Result<(), ApiError> {
    let data = serde_json::json!({ "participants": participants, "via": via });
    crate::db::log::record(
        &state.db,
        event_id,
        &actor.log_name(),
        "participant.link_shown",
        data,
        state.clock.now(),
    )
    .await?;
    Ok(())
}

/// Only the organiser reads a guest's existing link, and only while no phone has
/// claimed it: host and matchmakers re-issue instead (the guest scans the new one
/// at once, and nobody else holds it).
pub fn may_show_links(who: &Principal, event_id: &str) -> Result<Actor, ApiError> {
    let actor = who.require_staff(event_id)?;
    if matches!(actor, Actor::Admin) {
        return Ok(actor);
    }
    Err(ApiError::forbidden(
        "只有组织者可以查看来宾现有的加入链接。来宾丢了手机或链接：请为 TA 重新发放链接（“新链接”），让 TA 当面扫码。",
        "Only the organiser may read a guest's existing join link. A guest who lost their phone or link: re-issue it (\"new link\") and let them scan it in front of you.",
    ))
}

async fn badge_link(
    state: &AppState,
    id: &str,
    pid: &str,
) -> Result<(ParticipantRow, String), ApiError> {
    let p = load(state, id, pid).await?;
    if p.is_withdrawn() {
        return Err(ApiError::ParticipantWithdrawn);
    }
    if p.claimed_at.is_some() {
        return Err(ApiError::conflict(
            "这个链接已在本人手机上，不能再显示。如需新链接，请重新发放。",
            "This link is already on the guest's own phone and cannot be shown again. To give a new one, re-issue it.",
        ));
    }
    let url = join_url_of(state, &p);
    Ok((p, url))
}

/// The participant's join link as an SVG QR code.
#[utoipa::path(get, path = "/api/events/{id}/participants/{pid}/qr.svg", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
async fn qr_svg(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = may_show_links(&who, &id)?;
    let (p, url) = badge_link(&state, &id, &pid).await?;
    log_links_shown(&state, &id, &actor, &[&p.id], "qr.svg").await?;
    let label = lang.pick(
        format!("{} 号 {} 的加入二维码", p.number, p.display_name),
        format!("Join QR code of no. {} {}", p.number, p.display_name),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        qr::svg(&url, 300, &label),
    ))
}

/// The participant's join link as a PNG QR code.
#[utoipa::path(get, path = "/api/events/{id}/participants/{pid}/qr.png", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
async fn qr_png(
    State(state): State<AppState>,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = may_show_links(&who, &id)?;
    let (p, url) = badge_link(&state, &id, &pid).await?;
    log_links_shown(&state, &id, &actor, &[&p.id], "qr.png").await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        qr::png(&url, 8),
    ))
}
