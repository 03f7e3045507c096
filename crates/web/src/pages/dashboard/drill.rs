//! `/dashboard/drill`: the responses or cases behind one figure, for the same period and group;
//! `/dashboard/export`: a breakdown as CSV.

use analytics::{Dimension, Metric, MetricQuery};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;
use serde::Deserialize;
use store::drill::{self, CaseRow, CaseSet, Group, ResponseRow};

use super::words::Words;
use super::{Period, PeriodQuery, words};
use crate::api::analytics::{anonymous, answer, csv_response};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::pages::{Layout, local_time, local_time_opt, render};
use crate::state::AppState;

/// Rows listed under a figure; the count is always the whole.
const LISTED: i64 = 200;

#[derive(Debug, Deserialize)]
pub struct DrillQuery {
    metric: String,
    dim: Option<String>,
    value: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "dashboard_drill.html")]
struct DrillPage {
    layout: Layout,
    w: &'static Words,
    metric: &'static str,
    formula: &'static str,
    group: String,
    period: String,
    back: String,
    count: i64,
    responses: Vec<ResponseRow>,
    cases: Vec<CaseRow>,
}

impl DrillPage {
    fn when(&self, at: &DateTime<chrono::Utc>) -> String {
        local_time(at)
    }

    fn when_opt(&self, at: &Option<DateTime<chrono::Utc>>) -> String {
        local_time_opt(at)
    }
}

pub async fn drill(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<DrillQuery>,
) -> Response {
    match build(&state, &session, &query).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    query: &DrillQuery,
) -> ApiResult<DrillPage> {
    let layout = Layout::for_session(session, "dashboard", "/dashboard".into(), None);
    let w = words(&layout);
    let metric: Metric = query
        .metric
        .parse()
        .map_err(|err| ApiError::bad_request("invalid_metric", format!("{err}")))?;
    let period = Period::from_query(&PeriodQuery {
        from: query.from.clone(),
        to: query.to.clone(),
    })?;
    let (from, to) = period.bounds();
    let (from, to) = (
        DateTime::from_timestamp(from, 0).unwrap_or_default(),
        DateTime::from_timestamp(to, 0).unwrap_or_default(),
    );
    let group = match (&query.dim, &query.value) {
        (Some(dimension), Some(value)) => Some(Group { dimension, value }),
        (None, None) => None,
        _ => {
            return Err(ApiError::bad_request(
                "invalid_group",
                "give dim and value together",
            ));
        }
    };
    let group_text = group
        .as_ref()
        .map(|g| format!("{} = {}", g.dimension, g.value))
        .unwrap_or_default();
    let refused = |err: store::StoreError| match err {
        store::StoreError::Invalid(why) => ApiError::bad_request("invalid_group", why),
        other => other.into(),
    };
    let (count, responses, cases) = match metric {
        Metric::Nps | Metric::Csat | Metric::Ces => {
            let (count, rows) =
                drill::responses(&state.db, metric.as_str(), from, to, group, LISTED)
                    .await
                    .map_err(refused)?;
            (count, rows, Vec::new())
        }
        _ => {
            let set = match metric {
                Metric::Ttr => CaseSet::Resolved,
                Metric::Frt => CaseSet::Answered,
                Metric::ReopenRate | Metric::Fcr => CaseSet::EverResolved,
                _ => CaseSet::All,
            };
            let (count, rows) = drill::cases(&state.db, set, from, to, group, LISTED)
                .await
                .map_err(refused)?;
            (count, Vec::new(), rows)
        }
    };
    Ok(DrillPage {
        w,
        metric: metric.as_str(),
        formula: metric.formula(),
        group: group_text,
        period: format!("{} – {}", period.first, period.last),
        back: format!("/dashboard?{}", period.query_string()),
        count,
        responses,
        cases,
        layout,
    })
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    metric: String,
    group_by: String,
    from: Option<String>,
    to: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    _session: Session<Read>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let run = async {
        let metric: Metric = query
            .metric
            .parse()
            .map_err(|err| ApiError::bad_request("invalid_metric", format!("{err}")))?;
        let dimension: Dimension = query
            .group_by
            .parse()
            .map_err(|err| ApiError::bad_request("invalid_dimension", format!("{err}")))?;
        let period = Period::from_query(&PeriodQuery {
            from: query.from.clone(),
            to: query.to.clone(),
        })?;
        let query = MetricQuery::new(metric)
            .group_by([dimension])
            .between(period.bounds().0, period.bounds().1);
        let rows = answer(&state, query.clone()).await?;
        let anonymous = anonymous::counts(&state, &query, &rows).await?;
        Ok::<_, ApiError>(csv_response(
            metric,
            &[dimension],
            &rows,
            anonymous.as_deref(),
        ))
    };
    match run.await {
        Ok(response) => response,
        Err(err) => err.into_response(),
    }
}
