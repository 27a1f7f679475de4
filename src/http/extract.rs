//! Request extractors: the client's language, who is calling, and JSON bodies whose
//! errors name the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::{ApiError, AppState};
use crate::core::{FieldError, Lang};
use crate::db::participants::{self, ParticipantRow};
use crate::db::staff::{self, StaffRow};
use crate::roster::Actor;
use crate::tokens;

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(lang_of(parts))
    }
}

fn lang_of(parts: &Parts) -> Lang {
    parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Whoever the bearer token belongs to.
#[derive(Debug, Clone)]
pub enum Principal {
    /// The organiser (`--admin-token`): every event.
    Admin,
    Staff(StaffRow),
    Participant(Box<ParticipantRow>),
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let lang = lang_of(parts);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::unauthorized(lang))?;
        let hash = tokens::hash(token);
        if hash == *state.admin_token_hash {
            return Ok(Principal::Admin);
        }
        let db = &state.db;
        if let Some(s) = staff::find_by_token_hash(db, &hash)
            .await
            .map_err(|e| ApiError::internal(lang, e))?
        {
            return Ok(Principal::Staff(s));
        }
        if let Some(p) = participants::find_by_token_hash(db, &hash)
            .await
            .map_err(|e| ApiError::internal(lang, e))?
        {
            return Ok(Principal::Participant(Box::new(p)));
        }
        Err(ApiError::unauthorized(lang))
    }
}

impl Principal {
    pub fn require_admin(&self, lang: Lang) -> Result<Actor, ApiError> {
        match self {
            Principal::Admin => Ok(Actor::Admin),
            _ => Err(ApiError::forbidden(
                lang,
                "只有组织者（管理员令牌）可以这样做。",
                "Only the organiser (admin token) may do this.",
            )),
        }
    }

    /// The host or a matchmaker of this event (or the admin): people who may read and
    /// change participants' data. The projector may not.
    pub fn require_staff(&self, event_id: &str, lang: Lang) -> Result<Actor, ApiError> {
        match self {
            Principal::Staff(s) if s.event_id == event_id && s.role != "projector" => {
                Ok(Actor::Staff(s.id.clone()))
            }
            Principal::Staff(s) if s.event_id == event_id => Err(ApiError::forbidden(
                lang,
                "投影屏账号不能查看参与者资料。",
                "The projector account cannot see participants' data.",
            )),
            other => other.require_any_staff(event_id, lang),
        }
    }

    /// Any staff account of this event, the projector included (or the admin).
    pub fn require_any_staff(&self, event_id: &str, lang: Lang) -> Result<Actor, ApiError> {
        match self {
            Principal::Admin => Ok(Actor::Admin),
            Principal::Staff(s) if s.event_id == event_id => Ok(Actor::Staff(s.id.clone())),
            Principal::Staff(_) => Err(ApiError::forbidden(
                lang,
                "这个令牌属于另一场活动。",
                "This token belongs to a different event.",
            )),
            Principal::Participant(_) => Err(ApiError::forbidden(
                lang,
                "参与者令牌不能做这件事；请使用工作人员令牌。",
                "A participant token cannot do this; use a staff token.",
            )),
        }
    }
}

/// A JSON body. Syntax errors answer 400; a field of the wrong type or an unknown
/// field answers 422 naming the field.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let lang = lang_of(&parts);
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| {
                ApiError::bad_request(lang.pick(
                    "无法读取请求内容（可能过大）。",
                    "Could not read the body (it may be too large).",
                ))
            })?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(&mut de) {
            Ok(v) => Ok(ApiJson(v)),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    return Err(ApiError::bad_request(lang.pick(
                        format!("请求内容不是有效的 JSON：{inner}"),
                        format!("The body is not valid JSON: {inner}"),
                    )));
                }
                let field = if path == "." { String::new() } else { path };
                let message = lang.pick(
                    format!("格式不对：{inner}"),
                    format!("Wrong shape: {inner}"),
                );
                Err(ApiError::invalid(
                    lang,
                    vec![FieldError {
                        field,
                        message,
                        line: None,
                    }],
                ))
            }
        }
    }
}
