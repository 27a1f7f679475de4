//! The printed paper of an evening: badges (`badges.rs`), table signs
//! (`signs.rs`). Each is an HTML document of its own, styled by one stylesheet,
//! `/css/print.css`, which the organiser's print page (`/print/`) also links: the
//! page fetches the document with the admin token and shows it, so what the page
//! prints and what the API route gives are the same sheet.

use crate::core::Lang;
use crate::qr::escape;
use crate::state::AppState;

/// A whole document: its `title`, a `hint` on screen only, and `body` (already
/// escaped HTML). `kind` names the sheet for the stylesheet (`badges`, `signs`).
pub fn document(
    state: &AppState,
    lang: Lang,
    kind: &str,
    title: &str,
    hint: &str,
    body: &str,
) -> String {
    // Absolute, so a copy saved to a file (`curl … > badges.html`) is still styled
    // while the server is reachable.
    let css = format!("{}/css/print.css", state.public_url);
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"{}\"></head>\
         <body class=\"paper {kind}\"><h1 class=\"hint\">{}</h1><p class=\"hint\">{}</p><main class=\"sheet\">{body}</main></body></html>",
        if lang == Lang::En { "en" } else { "zh-CN" },
        escape(title),
        escape(&css),
        escape(title),
        escape(hint),
    )
}

/// The answer for a document: HTML, never cached (badges carry join links).
pub fn html(body: String) -> impl axum::response::IntoResponse {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}
