//! `/churn`: churn of the chosen period (default the last twelve months) with its n and formula,
//! the monthly series with its tested trend ([`monthly`]), the coded end reasons ([`reasons`]),
//! churn by the service customers got ([`experience`]), what drives churn, detractors and low
//! CSAT ([`drivers`]), and the active customers most at risk ([`at_risk`]). Every figure names
//! its n and opens the customers behind it ([`drill`]). Complete without JavaScript; the chart
//! (uPlot, through the dashboard's script) adds to it.

mod at_risk;
mod drill;
mod drivers;
mod experience;
mod monthly;
mod reasons;
mod words;

pub use drill::customers;

use analytics::{ChurnAnswer, ChurnQuery, Outcome};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;

use super::i18n::Lang;
use super::{Layout, format, render};
use crate::auth::Read;
use crate::auth::session::{Session, urlencode};
use crate::churn::params::churn_query;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::metric_answers::on_facts;
use crate::state::AppState;
use words::{EN, NL, Words};

fn words(lang: Lang) -> &'static Words {
    if lang == Lang::En { &EN } else { &NL }
}

/// The chosen period: whole local days, `last` included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    /// `from` and `to` as `YYYY-MM-DD`, each optional: by default the twelve months up to today.
    fn read(from: Option<&str>, to: Option<&str>) -> ApiResult<Span> {
        let parse = |text: Option<&str>| -> ApiResult<Option<NaiveDate>> {
            match text.filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|day| (1970..=2100).contains(&day.year()))
                    .map(Some)
                    .ok_or_else(|| {
                        ApiError::bad_request(ErrorCode::InvalidDate, "dates are YYYY-MM-DD")
                    }),
            }
        };
        let last = parse(to)?.unwrap_or_else(|| Utc::now().with_timezone(&Amsterdam).date_naive());
        let first = match parse(from)? {
            Some(first) => first,
            None => last
                .checked_sub_months(Months::new(12))
                .map_or(last, |day| day + Days::new(1)),
        };
        if first > last {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidDate,
                "from must not be after to",
            ));
        }
        Ok(Span { first, last })
    }

    pub fn query_string(self) -> String {
        format!("from={}&to={}", self.first, self.last)
    }

    /// The churn query of these days, grouped by `group_by` when given.
    pub fn churn(self, group_by: Option<&str>) -> ApiResult<ChurnQuery> {
        let mut params = vec![
            ("from".to_owned(), self.first.to_string()),
            ("to".to_owned(), self.last.to_string()),
        ];
        if let Some(group) = group_by {
            params.push(("group_by".to_owned(), group.to_owned()));
        }
        churn_query(&params)
    }
}

/// A figure with the link to the customers behind it.
pub struct Linked {
    pub text: String,
    pub href: String,
}

/// One row of a churn table: its label, rate (links to those who left), churned and n (links to
/// everyone counted).
pub struct RateRow {
    pub label: String,
    pub rate: Linked,
    pub churned: u64,
    pub n: Linked,
}

impl RateRow {
    /// `filter` narrows the drill-down to the row (`filter.contacts=3`, or `from=…&to=…`).
    pub fn new(lang: Lang, label: String, rate: f64, churned: u64, n: u64, filter: &str) -> Self {
        RateRow {
            label,
            rate: Linked {
                text: format::percent(lang, rate),
                href: format!("/churn/customers?{filter}&side=churned"),
            },
            churned,
            n: Linked {
                text: format::number(lang, n as f64, 0),
                href: format!("/churn/customers?{filter}"),
            },
        }
    }
}

pub async fn churn_answer(state: &AppState, query: ChurnQuery) -> ApiResult<ChurnAnswer> {
    on_facts(state, move |store| store.churn(&query))
        .await?
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string()))
}

#[derive(Template)]
#[template(path = "churn.html")]
struct ChurnPage {
    layout: Layout,
    w: &'static Words,
    loading: bool,
    first: String,
    last: String,
    period: String,
    overall: Option<RateRow>,
    monthly: monthly::Monthly,
    reasons: reasons::Reasons,
    experience: Vec<experience::Table>,
    drivers: drivers::Drivers,
    at_risk: at_risk::AtRisk,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    match build(&state, &session, &params).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

fn only(params: &[(String, String)], allowed: &[&str]) -> ApiResult<()> {
    match params
        .iter()
        .find(|(name, _)| !allowed.contains(&name.as_str()))
    {
        None => Ok(()),
        Some((name, _)) => Err(ApiError::bad_request(
            ErrorCode::UnknownParameter,
            format!(
                "unknown parameter {:?}; use {}",
                name.chars().take(40).collect::<String>(),
                allowed.join(", ")
            ),
        )),
    }
}

fn value<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(given, _)| given == name)
        .map(|(_, value)| value.as_str())
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    params: &[(String, String)],
) -> ApiResult<ChurnPage> {
    only(params, &["from", "to", "outcome"])?;
    let days = Span::read(value(params, "from"), value(params, "to"))?;
    let outcome: Outcome = value(params, "outcome")
        .unwrap_or("churn")
        .parse()
        .map_err(|err: analytics::QueryError| {
            ApiError::bad_request(ErrorCode::InvalidOutcome, err.to_string())
        })?;
    let whole = days.churn(None)?;
    let layout = Layout::for_session(
        session,
        "churn",
        format!("/churn?{}", days.query_string()),
        None,
    );
    let lang = layout.lang();
    let w = words(lang);
    let mut page = ChurnPage {
        w,
        loading: !state.facts.is_loaded(),
        first: days.first.to_string(),
        last: days.last.to_string(),
        period: format!(
            "{} – {}",
            format::date(lang, days.first),
            format::date(lang, days.last)
        ),
        overall: None,
        monthly: monthly::Monthly::default(),
        reasons: reasons::Reasons::default(),
        experience: Vec::new(),
        drivers: drivers::Drivers::default(),
        at_risk: at_risk::AtRisk::default(),
        layout,
    };
    if page.loading {
        return Ok(page);
    }
    let query = days.query_string();
    page.overall = churn_answer(state, whole).await?.rows.first().map(|row| {
        RateRow::new(
            lang,
            page.period.clone(),
            row.churn_rate,
            row.churned,
            row.active_at_start,
            &query,
        )
    });
    page.monthly = monthly::monthly(state, w, lang, days).await?;
    page.reasons = reasons::reasons(state, lang, days).await?;
    page.experience = experience::tables(state, w, lang, days).await?;
    page.drivers = drivers::drivers(state, w, lang, days, outcome).await?;
    page.at_risk = at_risk::at_risk(state, w, lang).await?;
    Ok(page)
}

/// `&filter.<group>=<label>` for a drill-down link.
pub fn filter(group: &str, label: &str) -> String {
    format!("&filter.{group}={}", urlencode(label))
}
