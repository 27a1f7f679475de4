//! An organiser's or a matchmaker's change to an event (`POST`, `PUT`, `PATCH`,
//! `DELETE` under `/api/events/{id}`) reaching an instance that does not run the
//! event is passed on to the instance that does: a check-in, a re-issued link's
//! `revoked`, a programme or a volunteer's shift all go through the event's one
//! writer, wherever the load balancer sent them. Reads are answered where they
//! land: every instance reads the same database.
//!
//! The request goes as it came, with the client's address signed
//! (`crate::relay`), and the owner's answer comes back as it gave it. A request
//! that was already passed on once (its signed tag checks out) is answered here,
//! whatever happens: two instances never pass one request back and forth.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::TokioIo;

use super::error::ApiError;
use crate::state::AppState;

/// How long the owner may take to accept the connection.
const CONNECT: Duration = Duration::from_secs(5);

pub async fn to_owner(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let passed_on = crate::relay::passed_on(&state.key, request.headers()).is_some();
    let event = event_of(request.uri().path()).map(str::to_string);
    let Some(event) = event.filter(|_| changes && !passed_on && !state.registry.alone()) else {
        return next.run(request).await;
    };
    if state.registry.get(&event).is_some() {
        return next.run(request).await;
    }
    let owner = match crate::db::leases::owner_of(&state.db, &event).await {
        Ok(Some((owner, address))) if owner != state.registry.name() && !address.is_empty() => {
            address
        }
        // Nobody runs it, or this instance does: answered here (an evening that
        // needs its actor starts it here).
        Ok(_) => return next.run(request).await,
        Err(e) => return ApiError::from(e).into_response(),
    };
    match pass_on(&state, request, &owner).await {
        Ok(response) => response,
        Err(why) => {
            tracing::warn!(event = %event, owner = %owner, error = %why, "cannot pass a request on to the event's owner");
            ApiError::Unavailable.into_response()
        }
    }
}

/// The event of `/api/events/{id}` and every address under it.
fn event_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/api/events/")?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

async fn pass_on(
    state: &AppState,
    request: Request,
    address: &str,
) -> Result<Response, Box<dyn std::error::Error + Send + Sync>> {
    // Without a socket (never in service) the client is nobody in particular.
    let client = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map_or(std::net::Ipv4Addr::UNSPECIFIED.into(), |c| {
            state.limits.client(c.0.ip(), request.headers())
        });
    let stream = tokio::time::timeout(CONNECT, tokio::net::TcpStream::connect(address)).await??;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "a passed-on request's connection ended");
        }
    });
    let (mut parts, body) = request.into_parts();
    // The owner is asked by path alone, as any HTTP/1.1 server expects.
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    parts.uri = path.parse::<Uri>()?;
    // The owner answers it itself (see above), counting it against the client.
    let tag = crate::relay::tag(&state.key, client, crate::relay::wall_ms());
    parts.headers.insert(crate::relay::HEADER, tag.parse()?);
    let answer = sender
        .send_request(Request::from_parts(parts, body))
        .await?;
    Ok(answer.map(Body::new))
}

#[cfg(test)]
mod tests {
    use super::event_of;

    #[test]
    fn only_addresses_under_one_event_name_it() {
        assert_eq!(event_of("/api/events/e1"), Some("e1"));
        assert_eq!(
            event_of("/api/events/e1/participants/p1/check-in"),
            Some("e1")
        );
        assert_eq!(event_of("/api/events"), None);
        assert_eq!(event_of("/api/events/"), None);
        assert_eq!(event_of("/api/me/erasure"), None);
    }
}
