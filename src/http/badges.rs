//! `GET /api/events/{id}/badges`: a printable A4 page of large-print badges (name,
//! number, QR code) for the check-in desk.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::Principal;
use super::links::join_url_of;
use crate::core::Lang;
use crate::db::participants;
use crate::qr::{self, escape};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(badges))
}

const STYLE: &str = r#"
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #000; background: #fff; }
.hint { padding: 1rem; font-size: 1.2rem; border-bottom: 2px solid #000; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; padding: 0; }
.badge { border: 2px dashed #555; height: 88mm; display: grid; grid-template-columns: 1fr 48mm; break-inside: avoid; page-break-inside: avoid; }
.worn { padding: 5mm; display: grid; grid-template-rows: auto 1fr; gap: 2mm; }
.event { font-size: 12pt; }
.who { align-self: center; }
.number { font-size: 44pt; font-weight: 800; line-height: 1; }
.name { font-size: 26pt; font-weight: 700; overflow-wrap: anywhere; }
.slip { border-left: 2px dashed #000; padding: 3mm; display: grid; align-content: center; justify-items: center; gap: 2mm; text-align: center; }
.slip svg { width: 42mm; height: 42mm; }
.tear { font-size: 11pt; font-weight: 700; }
.held { font-size: 13pt; }
@media print { .hint { display: none; } }
"#;

/// Large-print badges for every registered participant, six to an A4 page: the
/// part worn all evening carries the number and name only; the guest's join link
/// is a QR code on a tear-off slip beside it (scanned with their own phone, then
/// torn off), or, once a phone holds the link, a note that it does.
#[utoipa::path(get, path = "/api/events/{id}/badges", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/html", body = String), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn badges(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = super::links::may_show_links(&who, &id)?;
    let event = events::load(&state, &id).await?;
    let rows = participants::list(&state.db, &id).await?;
    let rows: Vec<_> = rows.iter().filter(|p| !p.is_withdrawn()).collect();
    let shown: Vec<&str> = rows
        .iter()
        .filter(|p| p.claimed_at.is_none())
        .map(|p| p.id.as_str())
        .collect();
    if !shown.is_empty() {
        super::links::log_links_shown(&state, &id, &actor, &shown, "badges").await?;
    }
    let title = escape(&event.title);
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} · {title}</title><style>{STYLE}</style></head><body>\
         <h1 class=\"hint\">{title}</h1><p class=\"hint\">{}</p><main class=\"sheet\">",
        if lang == Lang::En { "en" } else { "zh-CN" },
        lang.pick("胸牌", "Badges"),
        lang.pick(
            "用浏览器打印本页（A4，实际大小），沿虚线剪开。右边的二维码条只属于本人：请当面交给本人，用本人手机扫码后撕下，胸牌上只留号码和名字。",
            "Print this page from the browser (A4, actual size) and cut along the dashed lines. The QR slip on the right belongs to one person: hand it over in person; they scan it with their own phone and tear it off, so the badge they wear shows only number and name.",
        ),
    );
    for p in rows {
        let name = escape(&p.display_name);
        let slip = if p.claimed_at.is_some() {
            "<div class=\"slip\"><p class=\"held\">链接已在本人手机上<br><span lang=\"en\">The link is on the guest's own phone</span></p></div>".to_string()
        } else {
            let label = format!(
                "{} {} · {}",
                lang.pick("加入二维码", "Join QR code"),
                p.number,
                p.display_name
            );
            format!(
                "<div class=\"slip\">{}<p class=\"tear\">用本人手机扫码后撕下<br><span lang=\"en\">Scan with your own phone, then tear off</span></p></div>",
                qr::svg(&join_url_of(&state, p), 170, &label),
            )
        };
        html.push_str(&format!(
            "<section class=\"badge\" aria-label=\"{} {}\"><div class=\"worn\"><div class=\"event\">{title}</div>\
             <div class=\"who\"><div class=\"number\">{}</div><div class=\"name\">{name}</div></div></div>{slip}</section>",
            p.number, name, p.number,
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
