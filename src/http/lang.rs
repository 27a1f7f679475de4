//! The caller's language, from `Accept-Language` (Chinese when it names neither).

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::core::Lang;

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(lang_of(parts))
    }
}

pub fn lang_of(parts: &Parts) -> Lang {
    lang_from(&parts.headers)
}

pub fn lang_from(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}
