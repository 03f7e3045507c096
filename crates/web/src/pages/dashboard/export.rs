//! `/dashboard/export`: a breakdown table as CSV, every column as the page shows it, rounded as
//! shown, headers in the reader's language (`?table=channel&from=&to=`); `&sep=semicolon` is the
//! variant for Dutch spreadsheets (`;`, decimal comma, a UTF-8 byte order mark for Excel). The
//! older `?metric=&group_by=` form still answers one metric's unrounded figures.

use analytics::{Dimension, Metric, MetricQuery};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::breakdown::{self, Table};
use super::period::{Period, PeriodQuery};
use super::words;
use super::words::Words;
use crate::api::analytics::{anonymous, answer, csv_response, spreadsheet_safe};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::pages::Layout;
use crate::pages::figures;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// How a CSV is written: `,` with decimal points, or `;` with decimal commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    Comma,
    Semicolon,
}

impl Sep {
    /// `sep=` as asked: absent or `comma`, or `semicolon`; anything else is a 400.
    pub fn parse(text: Option<&str>) -> ApiResult<Sep> {
        match text {
            None | Some("" | "comma") => Ok(Sep::Comma),
            Some("semicolon") => Ok(Sep::Semicolon),
            Some(_) => Err(ApiError::bad_request(
                "invalid_separator",
                "sep is comma or semicolon",
            )),
        }
    }

    /// The language whose decimal mark the numbers take.
    pub fn numbers(self) -> Lang {
        match self {
            Sep::Comma => Lang::En,
            Sep::Semicolon => Lang::Nl,
        }
    }

    /// `&sep=semicolon` for links, or nothing.
    pub fn query(self) -> &'static str {
        match self {
            Sep::Comma => "",
            Sep::Semicolon => "&sep=semicolon",
        }
    }
}

/// Writes `records` as a CSV download named `name.csv`.
pub fn csv(name: &str, sep: Sep, records: impl IntoIterator<Item = Vec<String>>) -> Response {
    let delimiter = match sep {
        Sep::Comma => b',',
        Sep::Semicolon => b';',
    };
    let mut body = match sep {
        Sep::Comma => Vec::new(),
        Sep::Semicolon => "\u{feff}".as_bytes().to_vec(),
    };
    {
        let mut out = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut body);
        for record in records {
            if let Err(err) = out.write_record(record) {
                tracing::error!(error = %err, "writing CSV");
            }
        }
        if let Err(err) = out.flush() {
            tracing::error!(error = %err, "writing CSV");
        }
    }
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// The table as the page shows it: the group, then per column its figure and its n (a count
/// column only its count).
pub fn table_records(table: &Table, w: &'static Words, sep: Sep) -> Vec<Vec<String>> {
    let lang = sep.numbers();
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
        .map_err(|err| ApiError::bad_request("invalid_dimension", format!("{err}")))
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
            let table = breakdown::table(&state, w, dimension, period)
                .await?
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_dimension",
                        format!("no breakdown by {dimension}"),
                    )
                })?;
            let name = format!("{}-{}-{}", dimension, period.first, period.last);
            return Ok(csv(&name, sep, table_records(&table, w, sep)));
        }
        let (Some(metric), Some(group_by)) = (&query.metric, &query.group_by) else {
            return Err(ApiError::bad_request(
                "invalid_export",
                "give table=, or metric= and group_by=",
            ));
        };
        let metric: Metric = metric
            .parse()
            .map_err(|err| ApiError::bad_request("invalid_metric", format!("{err}")))?;
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
        ))
    };
    match run.await {
        Ok(response) => response,
        Err(err) => err.into_response(),
    }
}
