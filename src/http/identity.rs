//! `POST /api/events/{id}/participants/{pid}/confirm`: the organiser confirms a
//! guest's phone that could not confirm itself (five wrong tries, or a contact
//! whose digits prove nothing), by typing the six-digit code that phone shows, so
//! the phone confirmed is the one in front of them, not whichever holds the link.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::ApiJson;
use super::extract::Principal;
use crate::core::{FieldError, Lang};
use crate::db::participants;
use crate::records::links::Confirmed;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(confirm))
}

/// The code the guest's phone shows.
#[derive(Debug, Default, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// Six digits.
    pub code: Option<String>,
}

/// Confirm a guest's phone by the code it shows (organiser only).
#[utoipa::path(post, path = "/api/events/{id}/participants/{pid}/confirm", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    request_body = ConfirmInput,
    responses((status = 204, description = "The phone is confirmed"), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
pub async fn confirm(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
    body: ApiJson<ConfirmInput>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_admin()?;
    events::load(&state, &id).await?;
    let code = body.value.code.unwrap_or_default();
    if !body.errors.is_empty() || code.trim().is_empty() {
        let mut errors = body.errors;
        if code.trim().is_empty() && !errors.iter().any(|e| e.field == "code") {
            errors.push(FieldError::required("code", lang));
        }
        return Err(ApiError::Invalid(errors));
    }
    let p = participants::find(&state.db, &id, &pid)
        .await?
        .ok_or(ApiError::ParticipantNotFound)?;
    let done = state
        .records()
        .confirm_code(&p, &code, &actor.log_name(), state.clock.now())
        .await?;
    if done != Confirmed::Yes {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "code",
            lang,
            "确认码不对：请核对来宾手机屏幕上显示的六位数字。",
            "That is not the code: check the six digits shown on the guest's phone.",
        )]));
    }
    Ok(StatusCode::NO_CONTENT)
}
