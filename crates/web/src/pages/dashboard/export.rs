//! `/dashboard/export`: a breakdown table as CSV, every column as the page shows it, rounded as
//! shown, headers in the reader's language (`?table=channel&from=&to=`); `&sep=semicolon` is the
//! variant for Dutch spreadsheets (`;`, decimal comma, a UTF-8 byte order mark for Excel). The
//! older `?metric=&group_by=` form still answers one metric's unrounded figures.

use analytics::{Dimension, Metric, MetricQuery};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::breakdown::{self, Table};
use super::group_names::GroupNames;
use super::period::{Period, PeriodQuery};
use super::words;
use super::words::Words;
use crate::auth::Read;
use crate::auth::session::Session;
use crate::csv_file::spreadsheet_safe;
use crate::csv_file::{Sep, csv};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::metric_answers::{anonymous, answer, csv_response};
use crate::pages::Layout;
use crate::pages::figures;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// The language whose decimal mark the numbers of a CSV with this separator take.
fn decimal_mark_of(sep: Sep) -> Lang {
    match sep {
        Sep::Comma => Lang::En,
        Sep::Semicolon => Lang::Nl,
    }
}

/// The table as the page shows it: the group, then per column its figure and its n (a count
/// column only its count).
pub fn table_records(table: &Table, w: &'static Words, sep: Sep) -> Vec<Vec<String>> {
    let lang = decimal_mark_of(sep);
    let mut header = vec![table.name.to_string()];
    for column in table.columns {
        header.push((column.header)(w).to_string());
        if column.figure != "volume" {
            header.push(format!("{} n", (column.header)(w)));
        }
    }
    let mut records = vec![header];
    for (label, cells) in &table.rows {
        let mut record = vec![spreadsheet_safe(table.label(w, label))];
        for (column, cell) in table.columns.iter().zip(cells) {
            let count = cell.as_ref().map(|c| c.n.to_string()).unwrap_or_default();
            if column.figure == "volume" {
                record.push(count);
            } else {
                record.push(figures::exported(
                    lang,
                    column.figure,
                    cell.as_ref().and_then(|c| c.value),
                ));
                record.push(count);
            }
        }
        records.push(record);
    }
    records
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    table: Option<String>,
    metric: Option<String>,
    group_by: Option<String>,
    sep: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

fn dimension(text: &str) -> ApiResult<Dimension> {
    text.parse()
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidDimension, format!("{err}")))
}

pub async fn export(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let run = async {
        let period = Period::from_query(&PeriodQuery {
            from: query.from.clone(),
            to: query.to.clone(),
        })?;
        let sep = Sep::parse(query.sep.as_deref())?;
        if let Some(table) = &query.table {
            let layout = Layout::for_session(&session, "dashboard", "/dashboard".into(), None);
            let w = words(&layout);
            let dimension = dimension(table)?;
            let names = GroupNames::load(&state, layout.lang()).await?;
            let table = breakdown::table(&state, w, &names, dimension, period)
                .await?
                .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::InvalidDimension,
                        format!("no breakdown by {dimension}"),
                    )
                })?;
            let name = format!("{}-{}-{}", dimension, period.first, period.last);
            return Ok(csv(&name, sep, table_records(&table, w, sep)));
        }
        let (Some(metric), Some(group_by)) = (&query.metric, &query.group_by) else {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidExport,
                "give table=, or metric= and group_by=",
            ));
        };
        let metric: Metric = metric
            .parse()
            .map_err(|err| ApiError::bad_request(ErrorCode::InvalidMetric, format!("{err}")))?;
        let dimension = dimension(group_by)?;
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
            sep,
        ))
    };
    match run.await {
        Ok(response) => response,
        Err(err) => err.into_response(),
    }
}
