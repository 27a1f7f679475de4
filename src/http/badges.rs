//! `GET /api/events/{id}/badges`: a printable A4 page of large-print badges (name,
//! number, QR code) for the check-in desk.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::participants::join_url_of;
use super::{ApiError, AppState, Principal, events};
use crate::core::Lang;
use crate::db::participants;
use crate::qr::{self, escape};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/events/{id}/badges", get(badges))
}

const STYLE: &str = r#"
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #000; background: #fff; }
.hint { padding: 1rem; font-size: 1.2rem; border-bottom: 2px solid #000; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; padding: 0; }
.badge { border: 2px dashed #555; padding: 5mm; height: 88mm; display: grid; grid-template-columns: 1fr 45mm; grid-template-rows: auto 1fr auto; gap: 2mm 4mm; break-inside: avoid; page-break-inside: avoid; }
.event { grid-column: 1 / 3; font-size: 12pt; }
.who { align-self: center; }
.number { font-size: 44pt; font-weight: 800; line-height: 1; }
.name { font-size: 26pt; font-weight: 700; overflow-wrap: anywhere; }
.qr svg { width: 45mm; height: 45mm; }
.scan { grid-column: 1 / 3; font-size: 12pt; }
@media print { .hint { display: none; } }
"#;

/// Large-print badges for every registered participant, six to an A4 page.
#[utoipa::path(get, path = "/api/events/{id}/badges", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/html", body = String), (status = 403, body = super::Problem), (status = 404, body = super::Problem)))]
async fn badges(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = who.require_staff(&id, lang)?;
    let event = events::load(&state, &id, lang).await?;
    let rows = participants::list(&state.db, &id)
        .await
        .map_err(|e| ApiError::internal(lang, e))?;
    let shown: Vec<&str> = rows
        .iter()
        .filter(|p| !p.is_withdrawn())
        .map(|p| p.id.as_str())
        .collect();
    super::participants::log_links_shown(&state, &id, &actor, &shown, "badges", lang).await?;
    let title = escape(&event.title);
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} · {title}</title><style>{STYLE}</style></head><body>\
         <h1 class=\"hint\">{title}</h1><p class=\"hint\">{}</p><main class=\"sheet\">",
        if lang == Lang::En { "en" } else { "zh-CN" },
        lang.pick("胸牌", "Badges"),
        lang.pick(
            "用浏览器打印本页（A4，实际大小）。每个二维码只属于一个人：请当面交给本人。",
            "Print this page from the browser (A4, actual size). Each QR code belongs to one person: hand it over in person.",
        ),
    );
    for p in rows.iter().filter(|p| !p.is_withdrawn()) {
        let name = escape(&p.display_name);
        let label = format!(
            "{} {} · {}",
            lang.pick("加入二维码", "Join QR code"),
            p.number,
            p.display_name
        );
        html.push_str(&format!(
            "<section class=\"badge\" aria-label=\"{} {}\"><div class=\"event\">{title}</div>\
             <div class=\"who\"><div class=\"number\">{}</div><div class=\"name\">{name}</div></div>\
             <div class=\"qr\">{}</div><div class=\"scan\">扫码进入 · <span lang=\"en\">Scan to join</span></div></section>",
            p.number,
            name,
            p.number,
            qr::svg(&join_url_of(&state, p), 170, &label),
        ));
    }
    html.push_str("</main></body></html>");
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    ))
}
