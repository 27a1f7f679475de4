//! One error type for every route, answered as `application/problem+json` (RFC 9457)
//! with a `detail` a person can act on, in their language. Internal details (database
//! errors) are logged, never sent.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::core::{FieldError, Lang};
use crate::registration;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    title: &'static str,
    detail: String,
    errors: Vec<FieldError>,
    internal: Option<String>,
    /// Whole seconds to wait before asking again (`Retry-After`), for 429.
    retry_after: Option<u64>,
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// What went wrong and what to do, in the client's language.
    pub detail: String,
    /// For validation problems: each bad field (and, for imports, its line).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl ApiError {
    fn new(status: StatusCode, title: &'static str, detail: String) -> Self {
        ApiError {
            status,
            title,
            detail,
            errors: Vec::new(),
            internal: None,
            retry_after: None,
        }
    }

    /// Too many requests: 429, with `Retry-After` in whole seconds (at least 1).
    pub fn rate_limited(lang: Lang, wait: std::time::Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let secs = secs.max(1);
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            lang.pick(
                format!("请求太频繁了：请 {secs} 秒后再试。"),
                format!("Too many requests in a short time: try again in {secs} s."),
            ),
        );
        e.retry_after = Some(secs);
        e
    }

    pub fn unauthorized(lang: Lang) -> Self {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            lang.pick(
                "需要有效的令牌：请在 Authorization 头中发送 “Bearer <令牌>”。",
                "A valid token is needed: send \"Authorization: Bearer <token>\".",
            ),
        )
    }

    pub fn forbidden(lang: Lang, zh: &str, en: &str) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang.pick(zh, en))
    }

    /// A withdrawn guest's phone, on a route other than their data and erasure.
    pub fn withdrawn(lang: Lang) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "withdrawn",
            lang.pick(
                "您已退出本场活动。您仍可以查看保存的资料，并申请删除。",
                "You have withdrawn from this event. You can still read what is stored about you, and ask for it to be erased.",
            ),
        )
    }

    /// A guest's phone not yet confirmed as theirs (`/problems/confirm_needed`).
    pub fn confirm_needed(lang: Lang) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "confirm_needed",
            lang.pick(
                "请先在手机上确认这是您本人的手机：输入您登记的手机号码的最后四位。",
                "First confirm on the phone that it is yours: type the last four digits of the phone number you registered.",
            ),
        )
    }

    pub fn not_found(lang: Lang, zh: &str, en: &str) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", lang.pick(zh, en))
    }

    pub fn conflict(lang: Lang, zh: &str, en: &str) -> Self {
        ApiError::new(StatusCode::CONFLICT, "conflict", lang.pick(zh, en))
    }

    pub fn bad_request(detail: String) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    pub fn invalid(lang: Lang, errors: Vec<FieldError>) -> Self {
        let n = errors.len();
        ApiError {
            errors,
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                lang.pick(
                    format!("有 {n} 处需要修改，详见 errors；没有保存任何内容。"),
                    format!("{n} problem(s) to fix, listed in errors; nothing was saved."),
                ),
            )
        }
    }

    pub fn internal(lang: Lang, cause: impl std::fmt::Display) -> Self {
        ApiError {
            internal: Some(cause.to_string()),
            ..ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                lang.pick(
                    "服务器出错了，没有保存任何内容。请稍后再试；若一直出现，请联系技术人员。",
                    "Something went wrong on the server and nothing was saved. Try again; if it persists, ask the technical staff.",
                ),
            )
        }
    }

    /// A body that could not be read: too large, or cut off.
    pub fn body_rejected(lang: Lang, status: StatusCode) -> Self {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                "too_large",
                lang.pick(
                    "请求内容太大（上限 2 MB）：请把名单分成几份导入。",
                    "The body is too large (2 MB at most): import the roster in parts.",
                ),
            )
        } else {
            ApiError::new(
                status,
                "bad_request",
                lang.pick("无法读取请求内容。", "Could not read the body."),
            )
        }
    }

    /// An `/api/` path that names no route.
    pub fn no_route(lang: Lang) -> Self {
        ApiError::not_found(
            lang,
            "没有这个接口：可用的接口见 /api/openapi.json。",
            "No such route: the routes are listed in /api/openapi.json.",
        )
    }

    /// A route that exists, called with a method it does not take.
    pub fn method_not_allowed(lang: Lang) -> Self {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            lang.pick(
                "这个接口不支持该请求方法：见 /api/openapi.json。",
                "This route does not take that method: see /api/openapi.json.",
            ),
        )
    }

    /// The live evening refused or could not save a command.
    pub fn live(lang: Lang, failure: crate::live::Failure) -> Self {
        match failure {
            crate::live::Failure::Refused(crate::core::live::Refusal::UnknownParticipant) => {
                ApiError::participant_not_found(lang)
            }
            crate::live::Failure::Refused(r) => {
                ApiError::new(StatusCode::CONFLICT, r.code(), r.text(lang))
            }
            crate::live::Failure::Unavailable => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                lang.pick(
                    "没能保存，什么都没有改变。请再试一次。",
                    "This could not be saved, so nothing changed. Try again.",
                ),
            ),
        }
    }

    /// The event's live engine could not be started.
    pub fn live_start(lang: Lang, e: crate::live::StartError) -> Self {
        match e {
            crate::live::StartError::Db(e) => ApiError::internal(lang, e),
            crate::live::StartError::Unreadable(why) => ApiError {
                internal: Some(why),
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "state_unreadable",
                    lang.pick(
                        "这场活动的进行状态无法读取，活动已停止。请联系技术人员。",
                        "This event's live state cannot be read, so the event is stopped. Please call for technical help.",
                    ),
                )
            },
        }
    }

    pub fn event_not_found(lang: Lang) -> Self {
        ApiError::not_found(lang, "没有这个活动。", "There is no such event.")
    }

    pub fn participant_not_found(lang: Lang) -> Self {
        ApiError::not_found(
            lang,
            "本活动没有这位参与者。",
            "This event has no such participant.",
        )
    }

    /// Maps a roster error; needs the language its messages go out in.
    pub fn from_roster(lang: Lang, e: registration::Error) -> Self {
        match e {
            registration::Error::EventNotFound => ApiError::event_not_found(lang),
            registration::Error::ParticipantNotFound => ApiError::participant_not_found(lang),
            registration::Error::StaffNotFound => ApiError::not_found(
                lang,
                "这场活动没有这个工作人员账号。",
                "This event has no such staff account.",
            ),
            registration::Error::Withdrawn => ApiError::conflict(
                lang,
                "这位参与者已退出活动；如需恢复，请重新登记。",
                "This participant has withdrawn; register them again to bring them back.",
            ),
            registration::Error::Invalid(errors) => ApiError::invalid(lang, errors),
            registration::Error::Db(e) => ApiError::internal(lang, e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Some(cause) = &self.internal {
            tracing::error!(%cause, "internal error");
        }
        let body = Problem {
            kind: format!("/problems/{}", self.title),
            title: self.title.to_string(),
            status: self.status.as_u16(),
            detail: self.detail,
            errors: self.errors,
        };
        let mut res = (self.status, axum::Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}
