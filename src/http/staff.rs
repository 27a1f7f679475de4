//! `/api/events/{id}/staff`: accounts for the host, matchmakers and the projector.

use crate::tokens::TokenKind;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::ApiJson;
use super::extract::Principal;
use crate::core::live::Role;
use crate::core::validation::{self, Errors, merge_errors};
use crate::core::{FieldError, Lang};
use crate::db::staff;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(revoke))
        .routes(routes!(reissue))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffInput {
    /// `host`, `matchmaker`, `projector` (the hall display), `captioner` or
    /// `volunteer`.
    pub role: Option<String>,
    pub name: Option<String>,
    /// A volunteer's contact (for their certificate of hours); volunteers only.
    pub contact: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffCreated {
    pub id: String,
    pub role: String,
    pub name: String,
    /// Shown once; keep it safe.
    pub token: String,
    /// The staff member's page, token in the fragment: `/host/#<token>`.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaffView {
    pub id: String,
    pub role: String,
    pub name: String,
    /// Whether the account's link works (`false` once switched off).
    pub active: bool,
    /// The staff member's sign-in link (its token in the fragment), re-derived so
    /// the organiser can hand it out again. Absent once switched off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

fn parse(input: StaffInput, lang: Lang) -> Result<(Role, String, Option<String>), Vec<FieldError>> {
    let mut e = Errors::default();
    let role = match input.role.as_deref().map(str::trim) {
        None => {
            e.push(FieldError::required("role", lang));
            None
        }
        Some(r) if Role::of_staff(r).is_some() => Role::of_staff(r),
        Some(r) => {
            e.push(FieldError::new(
                "role",
                lang,
                format!("未知的角色“{r}”：可填 host（主持人）、matchmaker（红娘）、projector（投影屏）、captioner（字幕员）或 volunteer（志愿者）。"),
                format!("Unknown role \"{r}\": use host, matchmaker, projector, captioner or volunteer."),
            ));
            None
        }
    };
    let name = validation::text("name", input.name.as_deref(), 40, lang, &mut e);
    let contact = validation::optional_text("contact", input.contact.as_deref(), 200, lang, &mut e);
    if contact.is_some() && role.is_some_and(|r| r != Role::Volunteer) {
        e.push(FieldError::new(
            "contact",
            lang,
            "只有志愿者账号记录联系方式（用于服务时长证明）。",
            "Only a volunteer's account keeps a contact (for their certificate of hours).",
        ));
    }
    e.finish(|| (role.unwrap(), name.unwrap(), contact))
}

/// Create a staff account for the event (admin).
#[utoipa::path(post, path = "/api/events/{id}/staff", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")), request_body = StaffInput,
    responses((status = 201, body = StaffCreated), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn create(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    body: ApiJson<StaffInput>,
) -> Result<(StatusCode, Json<StaffCreated>), ApiError> {
    let actor = who.require_admin()?;
    let (role, name, contact) =
        merge_errors(body.errors, parse(body.value, lang)).map_err(ApiError::Invalid)?;
    let new = staff::NewStaff {
        role,
        name: &name,
        contact: contact.as_deref(),
    };
    let (sid, token) = state
        .records()
        .create_staff(&id, new, &actor, state.clock.now())
        .await?;
    let url = state.staff_url(role.as_str(), &token);
    Ok((
        StatusCode::CREATED,
        Json(StaffCreated {
            id: sid,
            role: role.as_str().to_string(),
            name,
            token,
            url,
        }),
    ))
}

/// The event's staff accounts with their sign-in links (admin only).
#[utoipa::path(get, path = "/api/events/{id}/staff", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = [StaffView]), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn list(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<StaffView>>, ApiError> {
    who.require_admin()?;
    events::load(&state, &id).await?;
    let rows = staff::list(&state.db, &id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| {
                let active = s.active != 0;
                let url = active.then(|| {
                    let token = state.key.derive(TokenKind::Staff, &s.id, s.token_version);
                    state.staff_url(s.role.as_str(), &token)
                });
                StaffView {
                    url,
                    active,
                    id: s.id,
                    role: s.role.as_str().to_string(),
                    name: s.name,
                }
            })
            .collect(),
    ))
}

/// Switch a staff link off (admin). Its token gets 401 over HTTP and `unauthorized`
/// at `hello`; open connections with it get `revoked` and close. The account stays
/// in the list and the log; a new link can be issued later.
#[utoipa::path(delete, path = "/api/events/{id}/staff/{sid}", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("sid" = String, Path, description = "Staff account id")),
    responses((status = 204, description = "Switched off (or already off)"), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
async fn revoke(
    State(state): State<AppState>,
    who: Principal,
    Path((id, sid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_admin()?;
    state
        .records()
        .revoke_staff_link(&id, &sid, &actor, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issue a new link for a staff account (admin): the old one stops working at once,
/// open connections with it close. Shown once, like a new account's.
#[utoipa::path(post, path = "/api/events/{id}/staff/{sid}/token", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("sid" = String, Path, description = "Staff account id")),
    responses((status = 201, body = StaffCreated), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem)))]
async fn reissue(
    State(state): State<AppState>,
    who: Principal,
    Path((id, sid)): Path<(String, String)>,
) -> Result<(StatusCode, Json<StaffCreated>), ApiError> {
    let actor = who.require_admin()?;
    let (row, token) = state
        .records()
        .reissue_staff_link(&id, &sid, &actor, state.clock.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(StaffCreated {
            url: state.staff_url(row.role.as_str(), &token),
            id: row.id,
            role: row.role.as_str().to_string(),
            name: row.name,
            token,
        }),
    ))
}
