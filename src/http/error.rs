//! One error type for every route, answered as `application/problem+json` (RFC 9457)
//! with a `detail` a person can act on, in their language. Internal details (database
//! errors) are logged, never sent.
//!
//! An [`ApiError`] says what went wrong, not in which words: a handler returns it
//! (mostly through `?` and the `From` impls below) without knowing the caller's
//! language, and [`in_their_language`] picks the words from `Accept-Language` when
//! the answer leaves. The words of a refusal particular to one route come with it
//! in both languages ([`Words`]).

use std::borrow::Cow;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::core::live::{Refusal, refusal};
use crate::core::{FieldError, Lang};
use crate::live::{Failure, StartError};
use crate::records::registration;

/// A sentence in Chinese and in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    zh: Cow<'static, str>,
    en: Cow<'static, str>,
}

impl Words {
    pub fn new(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Words {
        Words {
            zh: zh.into(),
            en: en.into(),
        }
    }

    fn pick(&self, lang: Lang) -> String {
        lang.pick(&*self.zh, &*self.en).to_string()
    }
}

/// What went wrong; the words are chosen when the answer is rendered.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// 401: no token, or one that opens nothing.
    Unauthorized,
    /// 403: this caller may not do this.
    Forbidden(Words),
    /// 403: a withdrawn guest's phone, on a route other than their data and erasure.
    Withdrawn,
    /// 403: a guest's phone not yet confirmed as theirs.
    ConfirmNeeded,
    /// 404 with words of its own.
    NotFound(Words),
    EventNotFound,
    ParticipantNotFound,
    StaffNotFound,
    /// 404: an `/api/` path that names no route.
    NoRoute,
    /// 405: a route that exists, called with a method it does not take.
    MethodNotAllowed,
    /// 409 with words of its own.
    Conflict(Words),
    /// 409: the participant has withdrawn.
    ParticipantWithdrawn,
    /// 400: the body is not valid JSON (serde's message).
    BadJson(String),
    /// 400: the body could not be read (cut off).
    BodyUnreadable,
    /// 413: the body is larger than the limit.
    TooLarge,
    /// 422: each field to fix, already in the caller's language (the core's
    /// validation writes them).
    Invalid(Vec<FieldError>),
    /// 429: ask again in this many whole seconds (`Retry-After`).
    RateLimited {
        secs: u64,
    },
    /// 409: the live evening's rules refused the command.
    Refused(Refusal),
    /// 503: valid, but it could not be saved; nothing changed.
    Unavailable,
    /// 503: the event's live state cannot be read, so the event is stopped.
    StateUnreadable(String),
    /// 500: logged with its cause, never sent.
    Internal(String),
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
    /// A 500 whose cause is logged.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    pub fn forbidden(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        ApiError::Forbidden(Words::new(zh, en))
    }

    pub fn not_found(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        ApiError::NotFound(Words::new(zh, en))
    }

    pub fn conflict(zh: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Self {
        ApiError::Conflict(Words::new(zh, en))
    }

    /// Too many requests: wait at least a whole second.
    pub fn rate_limited(wait: std::time::Duration) -> Self {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        ApiError::RateLimited { secs: secs.max(1) }
    }

    /// A body that could not be read: too large, or cut off.
    pub fn body_rejected(status: StatusCode) -> Self {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ApiError::BodyUnreadable
        }
    }

    fn status(&self) -> StatusCode {
        use ApiError::*;
        match self {
            Unauthorized => StatusCode::UNAUTHORIZED,
            Forbidden(_) | Withdrawn | ConfirmNeeded => StatusCode::FORBIDDEN,
            NotFound(_) | EventNotFound | ParticipantNotFound | StaffNotFound | NoRoute => {
                StatusCode::NOT_FOUND
            }
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Conflict(_) | ParticipantWithdrawn | Refused(_) => StatusCode::CONFLICT,
            BadJson(_) | BodyUnreadable => StatusCode::BAD_REQUEST,
            TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Unavailable | StateUnreadable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem's `title` (and the last part of its `type`).
    fn title(&self) -> &'static str {
        use ApiError::*;
        match self {
            Unauthorized => "unauthorized",
            Forbidden(_) => "forbidden",
            Withdrawn => "withdrawn",
            ConfirmNeeded => "confirm_needed",
            NotFound(_) | EventNotFound | ParticipantNotFound | StaffNotFound | NoRoute => {
                "not_found"
            }
            MethodNotAllowed => "method_not_allowed",
            Conflict(_) | ParticipantWithdrawn => "conflict",
            Refused(r) => r.code(),
            BadJson(_) | BodyUnreadable => "bad_request",
            TooLarge => "too_large",
            Invalid(_) => "validation_failed",
            RateLimited { .. } => "rate_limited",
            Unavailable => "unavailable",
            StateUnreadable(_) => "state_unreadable",
            Internal(_) => "internal",
        }
    }

    /// What went wrong and what to do, in `lang`.
    fn detail(&self, lang: Lang) -> String {
        use ApiError::*;
        let words = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        match self {
            Unauthorized => words(
                "需要有效的令牌：请在 Authorization 头中发送 “Bearer <令牌>”。",
                "A valid token is needed: send \"Authorization: Bearer <token>\".",
            ),
            Forbidden(w) | NotFound(w) | Conflict(w) => w.pick(lang),
            Withdrawn => words(
                "您已退出本场活动。您仍可以查看保存的资料，并申请删除。",
                "You have withdrawn from this event. You can still read what is stored about you, and ask for it to be erased.",
            ),
            ConfirmNeeded => words(
                "请先在手机上确认这是您本人的手机：输入您登记的手机号码的最后四位。",
                "First confirm on the phone that it is yours: type the last four digits of the phone number you registered.",
            ),
            EventNotFound => words("没有这个活动。", "There is no such event."),
            ParticipantNotFound => words(
                "本活动没有这位参与者。",
                "This event has no such participant.",
            ),
            StaffNotFound => words(
                "这场活动没有这个工作人员账号。",
                "This event has no such staff account.",
            ),
            NoRoute => words(
                "没有这个接口：可用的接口见 /api/openapi.json。",
                "No such route: the routes are listed in /api/openapi.json.",
            ),
            MethodNotAllowed => words(
                "这个接口不支持该请求方法：见 /api/openapi.json。",
                "This route does not take that method: see /api/openapi.json.",
            ),
            ParticipantWithdrawn => words(
                "这位参与者已退出活动；如需恢复，请重新登记。",
                "This participant has withdrawn; register them again to bring them back.",
            ),
            BadJson(e) => lang.pick(
                format!("请求内容不是有效的 JSON：{e}"),
                format!("The body is not valid JSON: {e}"),
            ),
            BodyUnreadable => words("无法读取请求内容。", "Could not read the body."),
            TooLarge => words(
                "请求内容太大（上限 2 MB）：请把名单分成几份导入。",
                "The body is too large (2 MB at most): import the roster in parts.",
            ),
            Invalid(errors) => {
                let n = errors.len();
                lang.pick(
                    format!("有 {n} 处需要修改，详见 errors；没有保存任何内容。"),
                    format!("{n} problem(s) to fix, listed in errors; nothing was saved."),
                )
            }
            RateLimited { secs } => lang.pick(
                format!("请求太频繁了：请 {secs} 秒后再试。"),
                format!("Too many requests in a short time: try again in {secs} s."),
            ),
            Refused(r) => r.text(lang),
            Unavailable => words(
                "没能保存，什么都没有改变。请再试一次。",
                "This could not be saved, so nothing changed. Try again.",
            ),
            StateUnreadable(_) => words(
                "这场活动的进行状态无法读取，活动已停止。请联系技术人员。",
                "This event's live state cannot be read, so the event is stopped. Please call for technical help.",
            ),
            Internal(_) => words(
                "服务器出错了，没有保存任何内容。请稍后再试；若一直出现，请联系技术人员。",
                "Something went wrong on the server and nothing was saved. Try again; if it persists, ask the technical staff.",
            ),
        }
    }

    /// The answer in `lang`.
    pub fn render(&self, lang: Lang) -> Response {
        let status = self.status();
        let title = self.title();
        let errors = match self {
            ApiError::Invalid(errors) => errors.clone(),
            _ => Vec::new(),
        };
        let body = Problem {
            kind: format!("/problems/{title}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail: self.detail(lang),
            errors,
        };
        let mut res = (status, axum::Json(body)).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::RateLimited { secs } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(*secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// An error not yet in the caller's words, carried on its answer to
/// [`in_their_language`].
#[derive(Clone)]
struct Unrendered(ApiError);

impl IntoResponse for ApiError {
    /// Rendered in the default language, and carried along for
    /// [`in_their_language`] to render again in the caller's. An internal cause is
    /// logged here, once.
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(cause) => tracing::error!(%cause, "internal error"),
            ApiError::StateUnreadable(cause) => tracing::error!(%cause, "live state unreadable"),
            _ => {}
        }
        let mut res = self.render(Lang::default());
        res.extensions_mut().insert(Unrendered(self));
        res
    }
}

/// Renders every error answer in the language the request asked for.
pub async fn in_their_language(request: Request, next: Next) -> Response {
    let lang = super::lang::lang_from(request.headers());
    let mut res = next.run(request).await;
    match res.extensions_mut().remove::<Unrendered>() {
        Some(Unrendered(e)) => e.render(lang),
        None => res,
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<Vec<FieldError>> for ApiError {
    fn from(errors: Vec<FieldError>) -> Self {
        ApiError::Invalid(errors)
    }
}

impl From<registration::Error> for ApiError {
    fn from(e: registration::Error) -> Self {
        use registration::Error::*;
        match e {
            EventNotFound => ApiError::EventNotFound,
            ParticipantNotFound => ApiError::ParticipantNotFound,
            StaffNotFound => ApiError::StaffNotFound,
            Withdrawn => ApiError::ParticipantWithdrawn,
            Unavailable => ApiError::Unavailable,
            Started => ApiError::conflict(
                "活动已经开始，不能再修改设置。",
                "The evening has started, so its setup can no longer be changed.",
            ),
            Invalid(errors) => ApiError::Invalid(errors),
            Db(e) => e.into(),
        }
    }
}

impl From<Failure> for ApiError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Refused(r) if r == refusal::UNKNOWN_PARTICIPANT => {
                ApiError::ParticipantNotFound
            }
            Failure::Refused(r) => ApiError::Refused(r),
            Failure::Unavailable => ApiError::Unavailable,
        }
    }
}

impl From<StartError> for ApiError {
    fn from(e: StartError) -> Self {
        match e {
            StartError::Db(e) => e.into(),
            StartError::Unreadable(why) => ApiError::StateUnreadable(why),
            // Another instance runs the evening; the caller tries again (and a
            // load balancer may send it there).
            StartError::Elsewhere { .. } => ApiError::Unavailable,
        }
    }
}
