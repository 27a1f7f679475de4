//! Request extractors: who is calling, and JSON bodies whose
//! errors name the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::lang::lang_of;
pub use crate::auth::Principal;
use crate::core::FieldError;
use crate::core::fields::Reader;
use crate::limits::Caller;
use crate::records::registration::Actor;
use crate::state::AppState;

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
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
            .ok_or(ApiError::Unauthorized)?;
        let who = crate::auth::lookup(
            &state.db,
            &state.admin_token_hash,
            token,
            state.retention,
            state.clock.now(),
        )
        .await?
        .ok_or(ApiError::Unauthorized)?;
        // Each caller's own limit, once they are known (see `limits`).
        let (caller, id) = match &who {
            Principal::Admin => (Caller::Organiser, ""),
            Principal::Staff(s) => (Caller::Staff, s.id.as_str()),
            Principal::Participant(p) | Principal::FormerGuest(p) | Principal::Withdrawn(p) => {
                (Caller::Guest, p.id.as_str())
            }
        };
        state
            .limits
            .check(caller, id)
            .map_err(ApiError::rate_limited)?;
        Ok(who)
    }
}

impl Principal {
    /// Which fields of a guest's record this caller may read (see `core::fields`).
    pub fn reader(&self) -> Reader {
        match self {
            Principal::Admin => Reader::Organiser,
            Principal::Staff(s) => Reader::of_staff(s.role),
            // A guest reads their own record through `/api/me`, never this way.
            Principal::Participant(_) | Principal::FormerGuest(_) | Principal::Withdrawn(_) => {
                Reader::Projector
            }
        }
    }

    pub fn require_admin(&self) -> Result<Actor, ApiError> {
        match self {
            Principal::Admin => Ok(Actor::Admin),
            _ => Err(ApiError::forbidden(
                "只有组织者（管理员令牌）可以这样做。",
                "Only the organiser (admin token) may do this.",
            )),
        }
    }

    /// The host or a matchmaker of this event (or the admin): people who may read and
    /// change participants' data. The projector may not.
    pub fn require_staff(&self, event_id: &str) -> Result<Actor, ApiError> {
        match self {
            Principal::Staff(s) if s.event_id == event_id && s.role.is_desk() => {
                Ok(Actor::Staff(s.id.clone()))
            }
            Principal::Staff(s) if s.event_id == event_id => Err(ApiError::forbidden(
                "投影屏和字幕员账号不能查看参与者资料。",
                "The projector and captioner accounts cannot see participants' data.",
            )),
            other => other.require_any_staff(event_id),
        }
    }

    /// Any staff account of this event, the projector included (or the admin).
    pub fn require_any_staff(&self, event_id: &str) -> Result<Actor, ApiError> {
        match self {
            Principal::Admin => Ok(Actor::Admin),
            Principal::Staff(s) if s.event_id == event_id => Ok(Actor::Staff(s.id.clone())),
            Principal::Staff(_) => Err(ApiError::forbidden(
                "这个令牌属于另一场活动。",
                "This token belongs to a different event.",
            )),
            Principal::Participant(_) | Principal::FormerGuest(_) | Principal::Withdrawn(_) => {
                Err(ApiError::forbidden(
                    "参与者令牌不能做这件事；请使用工作人员令牌。",
                    "A participant token cannot do this; use a staff token.",
                ))
            }
        }
    }
}

/// A raw body (a CSV roster), whose rejections (too large, unreadable) are problems
/// like every other error.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state)
            .await
            .map(ApiBytes)
            .map_err(|e| ApiError::body_rejected(e.status()))
    }
}

/// A JSON body, read leniently so that every badly typed field is reported at once.
/// Syntax errors answer 400. A field of the wrong type, or an unknown field, is
/// removed and noted in `errors`, and the rest is still parsed into `value`, so the
/// handler can add its own checks and answer one 422 listing everything.
pub struct ApiJson<T> {
    pub value: T,
    /// Type errors, by field.
    pub errors: Vec<FieldError>,
    /// Top-level fields sent as `null` (for updates: "clear this field").
    pub nulls: Vec<String>,
}

/// At most this many wrongly typed fields are reported from one body.
const MAX_TYPE_ERRORS: usize = 50;

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let lang = lang_of(&parts);
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| ApiError::body_rejected(e.status()))?;
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::BadJson(e.to_string()))?;
        let nulls = match &value {
            serde_json::Value::Object(map) => map
                .iter()
                .filter(|(_, v)| v.is_null())
                .map(|(k, _)| k.clone())
                .collect(),
            _ => Vec::new(),
        };
        let mut errors = Vec::new();
        loop {
            match serde_path_to_error::deserialize::<_, T>(value.clone()) {
                Ok(v) => {
                    return Ok(ApiJson {
                        value: v,
                        errors,
                        nulls,
                    });
                }
                Err(e) => {
                    let segments: Vec<String> = e.path().iter().map(segment_key).collect();
                    let inner = e.into_inner().to_string();
                    // The path names the bad field itself, an unknown one included.
                    errors.push(FieldError {
                        field: e_path(&segments),
                        message: lang.pick(
                            format!("格式不对：{inner}"),
                            format!("Wrong type or name: {inner}"),
                        ),
                        line: None,
                    });
                    let removed = remove_at(&mut value, &segments);
                    if !removed || errors.len() >= MAX_TYPE_ERRORS {
                        return Err(ApiError::Invalid(errors));
                    }
                }
            }
        }
    }
}

fn segment_key(s: &serde_path_to_error::Segment) -> String {
    match s {
        serde_path_to_error::Segment::Seq { index } => format!("[{index}]"),
        serde_path_to_error::Segment::Map { key } => key.clone(),
        serde_path_to_error::Segment::Enum { variant } => variant.clone(),
        serde_path_to_error::Segment::Unknown => "?".into(),
    }
}

/// `["tables", "[1]", "label"]` → `tables[1].label`.
fn e_path(segments: &[String]) -> String {
    let mut out = String::new();
    for s in segments {
        if !s.starts_with('[') && !out.is_empty() {
            out.push('.');
        }
        out.push_str(s);
    }
    out
}

/// Removes the object field at `path`, so parsing can go on past it. A bad element
/// of a list removes the whole list, which keeps the indices of other errors true.
/// False when nothing could be removed.
fn remove_at(value: &mut serde_json::Value, path: &[String]) -> bool {
    let mut path: Vec<&str> = path.iter().map(String::as_str).collect();
    while path.last().is_some_and(|s| s.starts_with('[')) {
        path.pop();
    }
    let Some(key) = path.pop().map(str::to_string) else {
        return false;
    };
    let mut cur = value;
    for seg in path {
        let next = match seg.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(i) => i.parse::<usize>().ok().and_then(|i| cur.get_mut(i)),
            None => cur.get_mut(seg),
        };
        match next {
            Some(v) => cur = v,
            None => return false,
        }
    }
    cur.as_object_mut()
        .is_some_and(|map| map.remove(&key).is_some())
}
