//! The web pages, built into the binary (`web/` at compile time, by `rust-embed`),
//! so that the binary copied alone to a server serves every view from any working
//! directory. `--web-dir` serves a folder instead, for editing pages without a
//! rebuild.
//!
//! As a static file server would: `/host/` is `host/index.html`, `/host` redirects
//! to `/host/`, a content type from the file's extension, an `ETag` from its hash
//! (`If-None-Match` answers 304), and 404 for anything else.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "web/"]
struct Pages;

/// The page or file at `uri`, from the binary.
pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    // Percent-encoded paths name no page here: every file name is plain ASCII.
    if path.contains("..") || path.contains('%') || path.contains('\\') {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let Some(found) = Pages::get(&file) else {
        // A folder named without its slash: where the browser should look, so that
        // the page's relative links resolve.
        if Pages::get(&format!("{path}/index.html")).is_some() {
            let to = format!("/{path}/");
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
        }
        return StatusCode::NOT_FOUND.into_response();
    };
    let tag = etag(&found.metadata.sha256_hash());
    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else if method == Method::HEAD {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(found.data.into_owned()))
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(found.metadata.mimetype()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    // Pages change with the binary: the browser asks again each time (a 304 when
    // nothing changed), so an upgraded server never runs yesterday's script.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn etag(hash: &[u8; 32]) -> String {
    let mut s = String::with_capacity(2 + 32);
    s.push('"');
    for b in &hash[..16] {
        s.push_str(&format!("{b:02x}"));
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(path: &str, headers: HeaderMap) -> Response {
        serve(Method::GET, path.parse().unwrap(), headers).await
    }

    #[tokio::test]
    async fn every_view_is_served_from_the_binary() {
        for view in [
            "/",
            "/host/",
            "/p/",
            "/matchmaker/",
            "/projector/",
            "/captioner/",
            "/volunteer/",
            "/admin/",
        ] {
            let r = get(view, HeaderMap::new()).await;
            assert_eq!(r.status(), StatusCode::OK, "{view}");
            assert!(
                r.headers()[header::CONTENT_TYPE]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{view}"
            );
        }
        let js = get("/js/live.js", HeaderMap::new()).await;
        assert!(
            js.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("javascript")
        );
    }

    #[tokio::test]
    async fn a_folder_without_its_slash_redirects_and_a_missing_file_is_404() {
        let r = get("/host", HeaderMap::new()).await;
        assert_eq!(r.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(r.headers()[header::LOCATION], "/host/");
        for missing in ["/nothing.js", "/../Cargo.toml", "/js/%2e%2e/x", "/host/x/"] {
            assert_eq!(
                get(missing, HeaderMap::new()).await.status(),
                StatusCode::NOT_FOUND,
                "{missing}"
            );
        }
    }

    #[tokio::test]
    async fn a_file_unchanged_since_the_last_visit_is_not_sent_again() {
        let first = get("/css/blossom.css", HeaderMap::new()).await;
        let tag = first.headers()[header::ETAG].clone();
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, tag);
        assert_eq!(
            get("/css/blossom.css", h).await.status(),
            StatusCode::NOT_MODIFIED
        );
    }
}
