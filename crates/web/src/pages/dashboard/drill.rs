//! `/dashboard/drill`: the facts behind one figure, for the same period and group: survey
//! responses, cases, or (`metric=availability`) the calls and chats. Paged (`&page=`, 100 rows a
//! page, the total always shown); `&format=csv` exports every row (at most [`EXPORT_MAX`]), and
//! `&sep=semicolon` in the Dutch spreadsheet variant.

use analytics::{Dimension, Metric};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use store::drill::{self, CaseSet, Group, Window};

use super::group_names::GroupNames;
use super::period::{Period, PeriodQuery};
use super::words::Words;
use super::{drill_href, words};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::csv_file::spreadsheet_safe;
use crate::csv_file::{self, Sep};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::metric_answers::operational::SHORT_ABANDON_SECONDS;
use crate::pages::i18n::Lang;
use crate::pages::{Layout, format, formulas, render};
use crate::state::AppState;

/// Rows on one page.
pub const PAGE_ROWS: i64 = 100;
/// The most rows one CSV export holds; a larger result asks for a shorter period.
pub const EXPORT_MAX: i64 = 50_000;

#[derive(Debug, Deserialize)]
pub struct DrillQuery {
    metric: String,
    dim: Option<String>,
    value: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
    format: Option<String>,
    sep: Option<String>,
}

/// What a drill-down lists.
#[derive(Debug, Clone, Copy)]
enum Facts {
    Responses(Metric),
    Cases(Metric, CaseSet),
    Contacts,
}

impl Facts {
    fn parse(metric: &str) -> ApiResult<Facts> {
        if metric == "availability" {
            return Ok(Facts::Contacts);
        }
        let metric: Metric = metric
            .parse()
            .map_err(|err| ApiError::bad_request(ErrorCode::InvalidMetric, format!("{err}")))?;
        Ok(match metric {
            Metric::Nps | Metric::Csat | Metric::Ces => Facts::Responses(metric),
            Metric::Ttr => Facts::Cases(metric, CaseSet::Resolved),
            Metric::Frt => Facts::Cases(metric, CaseSet::Answered),
            Metric::ReopenRate | Metric::Fcr => Facts::Cases(metric, CaseSet::EverResolved),
            Metric::Volume => Facts::Cases(metric, CaseSet::All),
        })
    }

    fn key(self) -> &'static str {
        match self {
            Facts::Responses(metric) | Facts::Cases(metric, _) => metric.as_str(),
            Facts::Contacts => "availability",
        }
    }

    fn name(self, w: &Words) -> &'static str {
        match self {
            Facts::Responses(Metric::Nps) => w.nps,
            Facts::Responses(Metric::Ces) => w.ces,
            Facts::Responses(_) => w.csat,
            Facts::Cases(Metric::Ttr, _) => w.ttr_median,
            Facts::Cases(Metric::Frt, _) => w.frt_median,
            Facts::Cases(Metric::Fcr, _) => w.fcr,
            Facts::Cases(Metric::ReopenRate, _) => w.reopen_rate,
            Facts::Cases(_, _) => w.volume,
            Facts::Contacts => w.availability_metric,
        }
    }

    /// What the rows are: `responses`, `cases` or `contacts` (the table's `data-drill`).
    fn rows(self) -> &'static str {
        match self {
            Facts::Responses(_) => "responses",
            Facts::Cases(_, _) => "cases",
            Facts::Contacts => "contacts",
        }
    }

    fn formula(self, lang: Lang) -> &'static str {
        match self {
            Facts::Responses(metric) | Facts::Cases(metric, _) => {
                formulas::formula(lang, metric.as_str())
            }
            Facts::Contacts => formulas::formula(lang, "availability"),
        }
    }
}

pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

fn text(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        href: None,
    }
}

fn link(text: impl Into<String>, href: String) -> Cell {
    Cell {
        text: text.into(),
        href: Some(href),
    }
}

/// How moments are written: on the page and in the Dutch CSV as the language does, in the
/// comma CSV as ISO (`2025-01-10 09:00`, Amsterdam time), which every spreadsheet reads.
#[derive(Clone, Copy)]
enum Stamp {
    Lang(Lang),
    Iso,
}

impl Stamp {
    fn of(&self, at: &DateTime<Utc>) -> String {
        match self {
            Stamp::Lang(lang) => format::date_time(*lang, at),
            Stamp::Iso => at
                .with_timezone(&chrono_tz::Europe::Amsterdam)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        }
    }

    fn lang(&self) -> Lang {
        match self {
            Stamp::Lang(lang) => *lang,
            Stamp::Iso => Lang::En,
        }
    }
}

/// The listed rows, ready to show or export.
struct Listing {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

fn optional(value: &Option<String>) -> Cell {
    text(value.clone().unwrap_or_default())
}

fn case_link(case: Option<i64>) -> Cell {
    match case {
        Some(id) => link(format!("#{id}"), format!("/cases/{id}")),
        None => text(""),
    }
}

async fn listing(
    state: &AppState,
    w: &'static Words,
    facts: Facts,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    group: Option<Group<'_>>,
    window: Window,
    stamp: Stamp,
) -> ApiResult<(i64, Listing)> {
    let refused = |err: store::StoreError| match err {
        store::StoreError::Invalid(why) => ApiError::bad_request(ErrorCode::InvalidGroup, why),
        other => other.into(),
    };
    let lang = stamp.lang();
    Ok(match facts {
        Facts::Responses(metric) => {
            let (count, rows) =
                drill::responses(&state.db, metric.as_str(), from, to, group, window)
                    .await
                    .map_err(refused)?;
            let headers = vec![
                w.created,
                w.score,
                w.comment,
                w.customer,
                w.case,
                w.channel,
                w.touchpoint,
                w.agent,
            ];
            let rows = rows
                .iter()
                .map(|r| {
                    vec![
                        text(stamp.of(&r.created_at)),
                        text(r.score.to_string()),
                        optional(&r.comment),
                        link(&r.customer_name, format!("/customers/{}", r.customer_id)),
                        case_link(r.case_id),
                        optional(&r.channel),
                        optional(&r.touchpoint),
                        optional(&r.agent_name),
                    ]
                })
                .collect();
            (count, Listing { headers, rows })
        }
        Facts::Cases(_, set) => {
            let (count, rows) = drill::cases(&state.db, set, from, to, group, window)
                .await
                .map_err(refused)?;
            let headers = vec![
                w.case,
                w.customer,
                w.channel,
                w.status,
                w.team,
                w.agent,
                w.created,
                w.resolved,
                w.time_to_resolve,
            ];
            let rows = rows
                .iter()
                .map(|c| {
                    let status = if c.reopen_count > 0 {
                        format!("{} ↻{}", c.status, c.reopen_count)
                    } else {
                        c.status.clone()
                    };
                    vec![
                        link(
                            format!("#{} {}", c.id, c.subject),
                            format!("/cases/{}", c.id),
                        ),
                        link(&c.customer_name, format!("/customers/{}", c.customer_id)),
                        text(&c.channel),
                        text(status),
                        optional(&c.team_name),
                        optional(&c.agent_name),
                        text(stamp.of(&c.created_at)),
                        text(
                            c.resolved_at
                                .as_ref()
                                .map(|at| stamp.of(at))
                                .unwrap_or_default(),
                        ),
                        text(
                            c.resolved_at
                                .map(|at| {
                                    format::duration(lang, (at - c.created_at).num_seconds() as f64)
                                })
                                .unwrap_or_default(),
                        ),
                    ]
                })
                .collect();
            (count, Listing { headers, rows })
        }
        Facts::Contacts => {
            if group.is_some() {
                return Err(ApiError::bad_request(
                    ErrorCode::InvalidGroup,
                    "availability is not broken down on the dashboard",
                ));
            }
            let (count, rows) =
                drill::contacts(&state.db, from, to, SHORT_ABANDON_SECONDS, window).await?;
            let headers = vec![
                w.created, w.channel, w.queue, w.outcome, w.waited, w.customer, w.case,
            ];
            let rows = rows
                .iter()
                .map(|c| {
                    let outcome = match c.outcome.as_str() {
                        "answered" => w.answered_word,
                        "abandoned" => w.abandoned_word,
                        _ => w.waiting_word,
                    };
                    vec![
                        text(stamp.of(&c.offered_at)),
                        text(&c.kind),
                        optional(&c.queue),
                        text(outcome),
                        text(
                            c.waited()
                                .map(|s| format::duration(lang, s as f64))
                                .unwrap_or_default(),
                        ),
                        match (c.customer_id, &c.customer_name) {
                            (Some(id), Some(name)) => link(name, format!("/customers/{id}")),
                            _ => text(""),
                        },
                        case_link(c.case_id),
                    ]
                })
                .collect();
            (count, Listing { headers, rows })
        }
    })
}

#[derive(Template)]
#[template(path = "dashboard_drill.html")]
struct DrillPage {
    layout: Layout,
    w: &'static Words,
    name: &'static str,
    rows: &'static str,
    formula: &'static str,
    group: String,
    period: String,
    back: String,
    count: i64,
    /// "1–100 van 250", or empty when everything fits one page.
    showing: String,
    previous: Option<String>,
    next: Option<String>,
    csv: String,
    csv_nl: String,
    listing: Listing,
}

/// The page asked for: 1 when absent; a page that is not a number or past the last is a 400.
fn page_number(text: Option<&str>, count: i64) -> ApiResult<i64> {
    let last = ((count + PAGE_ROWS - 1) / PAGE_ROWS).max(1);
    let page = match text.filter(|t| !t.is_empty()) {
        None => 1,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| {
                ApiError::bad_request(ErrorCode::InvalidPage, "page is a whole number from 1")
            })?,
    };
    if page > last {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidPage,
            format!("there are {last} pages"),
        ));
    }
    Ok(page)
}

pub async fn drill(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<DrillQuery>,
) -> Response {
    match answer(&state, &session, &query).await {
        Ok(response) => response,
        Err(err) => err.into_response(),
    }
}

async fn answer(
    state: &AppState,
    session: &Session<Read>,
    query: &DrillQuery,
) -> ApiResult<Response> {
    let layout = Layout::for_session(session, "dashboard", "/dashboard".into(), None);
    let w = words(&layout);
    let lang = layout.lang();
    let facts = Facts::parse(&query.metric)?;
    let period = Period::from_query(&PeriodQuery {
        from: query.from.clone(),
        to: query.to.clone(),
    })?;
    let range = period.instants();
    let group = match (&query.dim, &query.value) {
        (Some(dimension), Some(value)) => Some(Group { dimension, value }),
        (None, None) => None,
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidGroup,
                "give dim and value together",
            ));
        }
    };
    let href = drill_href(
        facts.key(),
        period,
        group.as_ref().map(|g| (g.dimension, g.value)),
    );
    let regroup = || {
        group.as_ref().map(|g| Group {
            dimension: g.dimension,
            value: g.value,
        })
    };
    match query.format.as_deref() {
        None | Some("" | "html") => {}
        Some("csv") => {
            let sep = Sep::parse(query.sep.as_deref())?;
            let stamp = match sep {
                Sep::Comma => Stamp::Iso,
                Sep::Semicolon => Stamp::Lang(Lang::Nl),
            };
            let window = Window {
                offset: 0,
                limit: EXPORT_MAX + 1,
            };
            let (count, listing) =
                listing(state, w, facts, range, regroup(), window, stamp).await?;
            if count > EXPORT_MAX {
                return Err(ApiError::bad_request(
                    ErrorCode::TooManyRows,
                    format!(
                        "{count} rows; an export holds at most {EXPORT_MAX}, choose a shorter period"
                    ),
                ));
            }
            let records = std::iter::once(listing.headers.iter().map(|h| h.to_string()).collect())
                .chain(listing.rows.iter().map(|row| {
                    row.iter()
                        .map(|cell| spreadsheet_safe(&cell.text))
                        .collect()
                }));
            let name = format!("{}-{}-{}", facts.key(), period.first, period.last);
            return Ok(csv_file::csv(&name, sep, records));
        }
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidFormat,
                "format is html or csv",
            ));
        }
    }
    // The count first, so a page past the end is refused before rows are read.
    let first = Window {
        offset: 0,
        limit: 0,
    };
    let (count, _) = listing(state, w, facts, range, regroup(), first, Stamp::Lang(lang)).await?;
    let page = page_number(query.page.as_deref(), count)?;
    let window = Window {
        offset: (page - 1) * PAGE_ROWS,
        limit: PAGE_ROWS,
    };
    let (count, listing) =
        listing(state, w, facts, range, regroup(), window, Stamp::Lang(lang)).await?;
    let shown_to = (page * PAGE_ROWS).min(count);
    let group_text = match &group {
        Some(g) => {
            let value = match g.dimension.parse::<Dimension>() {
                Ok(dimension) => GroupNames::load(state, lang)
                    .await?
                    .shown(dimension, g.value),
                Err(_) => g.value.to_string(),
            };
            format!("{} = {value}", dimension_word(w, g.dimension))
        }
        None => String::new(),
    };
    Ok(render(&DrillPage {
        w,
        name: facts.name(w),
        rows: facts.rows(),
        formula: facts.formula(lang),
        group: group_text,
        period: period.range(lang),
        back: format!("/dashboard?{}", period.query_string()),
        count,
        showing: if count > PAGE_ROWS {
            w.page_of
                .replace("{from}", &((page - 1) * PAGE_ROWS + 1).to_string())
                .replace("{to}", &shown_to.to_string())
                .replace("{n}", &count.to_string())
        } else {
            String::new()
        },
        previous: (page > 1).then(|| format!("{href}&page={}", page - 1)),
        next: (shown_to < count).then(|| format!("{href}&page={}", page + 1)),
        csv: format!("{href}&format=csv"),
        csv_nl: format!("{href}&format=csv{}", Sep::Semicolon.query()),
        listing,
        layout,
    }))
}

fn dimension_word(w: &Words, dimension: &str) -> String {
    match dimension {
        "channel" => w.channel,
        "touchpoint" => w.touchpoint,
        "team" => w.team,
        "agent" => w.agent,
        "segment" => w.segment,
        other => return other.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_past_the_end_or_not_numbers_are_refused() {
        assert_eq!(page_number(None, 0).ok(), Some(1));
        assert_eq!(page_number(Some("3"), 250).ok(), Some(3));
        assert!(page_number(Some("4"), 250).is_err());
        assert!(page_number(Some("0"), 250).is_err());
        assert!(page_number(Some("99999999999999999999"), 250).is_err());
        assert!(page_number(Some("een"), 250).is_err());
    }
}
