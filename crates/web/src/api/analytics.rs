//! `GET /api/v1/metrics/{metric}`: a CX metric from the in-memory fact store, grouped and
//! filtered, as JSON (`{"metric": …, "rows": […]}`) or, with `Accept: text/csv`, as CSV.

use analytics::{Metric, MetricRow};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::{Caller, Read};
use crate::csv_file::Sep;
use crate::error::ApiResult;
use crate::extract::{ApiPath, ApiQuery};
use crate::metric_answers::{anonymous, answer, csv_response, operational, params, require_loaded};
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/metrics/{metric}",
    tag = "metrics",
    summary = "A CX metric, grouped and filtered",
    description = "Answered from the in-memory fact store, exactly (percentiles are nearest-rank). Figures per metric: nps → nps; csat → csat (% top-2-box) and mean; ces → mean and easy_pct; ttr and frt → mean_hours, median_hours, p90_hours; volume → volume; reopen_rate → reopen_rate; fcr → fcr (cross-channel first-contact resolution, window fcr_days, default 7); availability (from the calls table; group by queue, inbox, time) → offered, answered, abandoned, short_abandoned, abandon_rate, service_level, asa_seconds; response_rate (from survey invitations; group by survey, touchpoint, channel, agent, team, time) → sent, answered, response_rate; every row has n, and survey metrics' rows also `anonymous`: how many of n came through an open link. Groups are sorted by label, a missing label (no agent, no team) last as null. Survey metrics group and filter by channel, touchpoint, segment, agent; case metrics by channel, priority, agent, team; all by one of day, week (ISO, Monday), month, quarter. Send `Accept: text/csv` for CSV with a header row (figures unrounded, decimal point, `,` between fields); add `sep=semicolon` for Dutch spreadsheets: `;` between fields, decimal commas, and a UTF-8 byte order mark. The JSON answer is the same with or without `sep`. Any role may ask.",
    params(
        ("metric" = crate::api::openapi::MetricName, Path),
        ("group_by" = Option<String>, Query, description = "Comma-separated dimensions, e.g. channel,month"),
        ("from" = Option<String>, Query, description = "First day (YYYY-MM-DD, in tz) or instant (RFC 3339), inclusive"),
        ("to" = Option<String>, Query, description = "Last day (YYYY-MM-DD, in tz; the whole day counts) or instant (RFC 3339, exclusive)"),
        ("tz" = Option<String>, Query, description = "IANA time zone of days, weeks, months and dates; default Europe/Amsterdam"),
        ("time" = Option<String>, Query, description = "calendar (default) or business (ttr, frt): only the hours of /api/v1/settings/business-calendar count"),
        ("fcr_days" = Option<String>, Query, description = "fcr: days after a resolution in which a new case counts against it (1-90, default 7)"),
        ("target_seconds" = Option<String>, Query, description = "availability: the service-level target (default 20)"),
        ("sep" = Option<String>, Query, description = "CSV only: comma (default) or semicolon (`;`, decimal comma, UTF-8 byte order mark, for Dutch spreadsheets)"),
        ("filter.customer.<attribute>" = Option<String>, Query, description = "Only facts of customers whose attribute has this value, e.g. filter.customer.plan=zakelijk"),
        ("filter.<dimension>" = Option<String>, Query, description = "Keep rows whose dimension has one of these comma-separated values, e.g. filter.channel=email,chat"),
    ),
    responses(
        (status = 200, description = "One row per non-empty group", content((ref("#/components/schemas/MetricAnswer") = "application/json"), (String = "text/csv"))),
        (status = 400, description = "Unknown metric, dimension, parameter or time zone; bad date; a grouping the metric cannot answer; sep other than comma or semicolon", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading; retry after Retry-After seconds", body = ref("#/components/schemas/Error")),
    ),
)]
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
        query = query.business_time(state.calendar.current(&state.db).await?);
    }
    if !asked.customer_attributes.is_empty() {
        let ids =
            store::customers::ids_with_attributes(&state.db, &asked.customer_attributes).await?;
        query = query.customers(analytics::CustomerSet::new(ids));
    }
    require_loaded(&state)?;
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
