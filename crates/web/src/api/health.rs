use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ErrorCode};
use crate::state::{AppState, WebConfig};

/// Liveness and readiness: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, axum::Json(json!({"status": "ok"}))).into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "2")],
                axum::Json(
                    json!({"status": "unavailable", "error": ErrorCode::DatabaseUnavailable}),
                ),
            )
                .into_response()
        }
    }
}

/// Whether this scrape may read `/metrics`: from an allowed address, not relayed by a proxy
/// (whose own address says nothing about the client), with the token when one is set.
fn may_scrape(config: &WebConfig, peer: SocketAddr, headers: &HeaderMap) -> bool {
    let relayed = crate::auth::relayed(headers);
    let ip = peer.ip().to_canonical();
    let allowed = !relayed
        && config
            .metrics_allow_from
            .iter()
            .any(|net| net.contains(&ip));
    let token_ok = config.metrics_token.as_deref().is_none_or(|token| {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            // Equal digests, so the comparison's timing says nothing about the token.
            .is_some_and(|sent| Sha256::digest(sent.trim()) == Sha256::digest(token))
    });
    allowed && token_ok
}

pub async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if !may_scrape(&state.config, peer, &headers) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::MetricsForbidden,
            "metrics are only served to the configured addresses and token",
        )
        .into_response();
    }
    let latest_seq = store::events::latest_seq(&state.db).await.unwrap_or(-1) as f64;
    let mut body = state.metrics.render(&[
        (
            "klantbeeld_event_seq",
            "The highest event sequence number committed (-1 when the database is unavailable).",
            latest_seq,
        ),
        (
            "klantbeeld_facts_loaded",
            "1 once the fact store holds the whole database, 0 while it loads.",
            f64::from(u8::from(state.facts.is_loaded())),
        ),
    ]);
    body.push_str(&fact_counts(&state));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// `klantbeeld_facts{table="surveys"} N` and the fact store's memory, read under its lock.
fn fact_counts(state: &AppState) -> String {
    let store = state
        .facts
        .store
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    format!(
        "# HELP klantbeeld_facts Rows in the in-memory fact store, by table.\n\
         # TYPE klantbeeld_facts gauge\n\
         klantbeeld_facts{{table=\"surveys\"}} {}\n\
         klantbeeld_facts{{table=\"cases\"}} {}\n\
         # HELP klantbeeld_facts_heap_bytes Heap memory held by the fact store.\n\
         # TYPE klantbeeld_facts_heap_bytes gauge\n\
         klantbeeld_facts_heap_bytes {}\n",
        store.surveys.len(),
        store.cases.len(),
        store.heap_bytes()
    )
}
