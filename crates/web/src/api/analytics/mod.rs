//! `GET /api/v1/metrics/{metric}`: a CX metric from the in-memory fact store, grouped and
//! filtered, as JSON (`{"metric": …, "rows": […]}`) or, with `Accept: text/csv`, as CSV.

pub(crate) mod anonymous;
pub(crate) mod operational;
pub(crate) mod params;

use analytics::{Dimension, Metric, MetricQuery, MetricRow};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::{Caller, Read};
use crate::csv_file::{self, Sep};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;

pub async fn metric(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(metric): ApiPath<String>,
    ApiQuery(mut query): ApiQuery<Vec<(String, String)>>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    // `sep` shapes a CSV answer only; the metric's own parameters are the rest.
    let sep = query
        .iter()
        .position(|(name, _)| name == "sep")
        .map(|at| query.remove(at).1);
    let sep = Sep::parse(sep.as_deref())?;
    if operational::answers(&metric) {
        let answer = operational::answer(&state, &metric, &query).await?;
        return Ok(axum::Json(answer).into_response());
    }
    let asked = params::metric_query(&metric, &query)?;
    let mut query = asked.query;
    if asked.business {
        query = query.business_time(crate::api::calendar::current(&state).await?);
    }
    if !asked.customer_attributes.is_empty() {
        let ids =
            store::customers::ids_with_attributes(&state.db, &asked.customer_attributes).await?;
        query = query.customers(analytics::CustomerSet::new(ids));
    }
    if !state.facts.is_loaded() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::FactsLoading,
            "the metrics are still being loaded from the database; retry shortly",
        ));
    }
    let (metric, group_by) = (query.metric, query.group_by.clone());
    let rows = answer(&state, query.clone()).await?;
    let anonymous = anonymous::counts(&state, &query, &rows).await?;
    if wants_csv(&headers) {
        return Ok(csv_response(
            metric,
            &group_by,
            &rows,
            anonymous.as_deref(),
            sep,
        ));
    }
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, row)| Row {
            row,
            anonymous: anonymous.as_ref().map(|counts| counts[i]),
        })
        .collect();
    Ok(axum::Json(Answer {
        metric,
        formula: metric.formula(),
        rows,
    })
    .into_response())
}

/// The JSON answer; a struct (not `json!`) so each row keeps its column order.
#[derive(Serialize)]
struct Answer<'a> {
    metric: Metric,
    /// How the figures are computed, to show next to them.
    formula: &'static str,
    rows: Vec<Row<'a>>,
}

/// A row with, for survey figures, how many of its `n` answers are anonymous.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    row: &'a MetricRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    anonymous: Option<u64>,
}

/// Runs the query on a blocking thread: a scan of millions of rows takes milliseconds of CPU on
/// every core, which must not stall the async workers.
pub(crate) async fn answer(state: &AppState, query: MetricQuery) -> ApiResult<Vec<MetricRow>> {
    let facts = state.facts.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let store = facts
            .store
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        store.query(&query)
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "metric query failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "an internal error occurred",
        )
    })?;
    answered.map_err(|err| ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string()))
}

fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|accept| {
            accept
                .split(',')
                .any(|kind| kind.trim().starts_with("text/csv"))
        })
}

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets
/// a leading `'`, so it shows as the text it is. Figures are numbers and stay as they are.
pub(crate) fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// One header row (group dimensions, figures, `n`, and `anonymous` for survey figures), then one
/// line per row; a missing label (no agent, no team) is an empty field. Figures are unrounded;
/// with [`Sep::Semicolon`] their decimal mark is a comma.
pub(crate) fn csv_response(
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
