//! Metric answers shared by `GET /api/v1/metrics/{metric}` (`api/analytics.rs`) and the CX
//! dashboard (`pages/dashboard/`): queries on the fact store in `AppState::facts`, their CSV,
//! anonymous counts (`anonymous.rs`), availability and response rate from their tables
//! (`operational.rs`), and the query string a metric is asked with (`params.rs`).

pub mod anonymous;
pub mod operational;
pub mod params;

use analytics::{Dimension, FactStore, Metric, MetricQuery, MetricRow};
use axum::http::StatusCode;
use axum::response::Response;

use crate::csv_file::{self, Sep, spreadsheet_safe};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// Runs the query on a blocking thread: a scan of millions of rows takes milliseconds of CPU on
/// every core, which must not stall the async workers.
pub async fn answer(state: &AppState, query: MetricQuery) -> ApiResult<Vec<MetricRow>> {
    on_facts(state, move |store| store.query(&query))
        .await?
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string()))
}

/// Runs `ask` on the fact store under its read lock, on a blocking thread.
pub async fn on_facts<T: Send + 'static>(
    state: &AppState,
    ask: impl FnOnce(&FactStore) -> T + Send + 'static,
) -> ApiResult<T> {
    let facts = state.facts.clone();
    tokio::task::spawn_blocking(move || {
        let store = facts
            .store
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        ask(&store)
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "fact store query failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "an internal error occurred",
        )
    })
}

/// 503 until the fact store holds the whole database.
pub fn require_loaded(state: &AppState) -> ApiResult<()> {
    if state.facts.is_loaded() {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::FactsLoading,
            "the metrics are still being loaded from the database; retry shortly",
        ))
    }
}

/// One header row (group dimensions, figures, `n`, and `anonymous` for survey figures), then one
/// line per row; a missing label (no agent, no team) is an empty field. Figures are unrounded;
/// with [`Sep::Semicolon`] their decimal mark is a comma.
pub fn csv_response(
    metric: Metric,
    group_by: &[Dimension],
    rows: &[MetricRow],
    anonymous: Option<&[u64]>,
    sep: Sep,
) -> Response {
    let header = group_by
        .iter()
        .map(|dimension| dimension.as_str())
        .chain(metric.figure_names().iter().copied())
        .chain(["n"])
        .chain(anonymous.map(|_| "anonymous"));
    let mut records = vec![header.map(str::to_string).collect::<Vec<_>>()];
    for (i, row) in rows.iter().enumerate() {
        let labels = row
            .groups
            .iter()
            .map(|(_, label)| spreadsheet_safe(label.as_deref().unwrap_or_default()));
        let figures = row.figures.iter().map(|(_, value)| match sep {
            Sep::Comma => value.to_string(),
            Sep::Semicolon => value.to_string().replace('.', ","),
        });
        let anonymous = anonymous.map(|counts| counts[i].to_string());
        records.push(
            labels
                .chain(figures)
                .chain([row.n.to_string()])
                .chain(anonymous)
                .collect(),
        );
    }
    csv_file::csv(metric.as_str(), sep, records)
}
