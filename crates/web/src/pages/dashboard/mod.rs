//! `/dashboard`: the CX overview a manager opens every morning. The four customer KPIs (speed,
//! effectiveness, friendliness, availability), CSAT, NPS and CES trends with their tested
//! direction, breakdowns by channel, touchpoint, team, agent and segment, and contact volume by
//! weekday and hour. Every figure shows its n and formula and opens the facts behind it
//! ([`drill`]); every breakdown exports to CSV; the page refreshes itself over SSE as contacts
//! arrive. It is complete without JavaScript; the charts (uPlot) and live updates add to it.

mod drill;
mod live;
mod words;

pub use drill::{drill, export};
pub use live::stream;

use std::collections::{BTreeMap, BTreeSet};

use analytics::{Dimension, Metric, MetricQuery, MetricRow, TrendDirection};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::{Days, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::Deserialize;
use serde_json::json;

use super::{Layout, render};
use crate::api::analytics::params::start_of_day;
use crate::api::analytics::{answer, operational};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use words::{EN, NL, Words};

/// Weeks of history in the trend charts.
const TREND_WEEKS: u64 = 26;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The period shown: whole local days, `to` included.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// The period asked for, or the last 30 days.
    pub fn from_query(query: &PeriodQuery) -> Result<Period, ApiError> {
        let today = Utc::now().with_timezone(&Amsterdam).date_naive();
        let parse = |text: &Option<String>, default: NaiveDate| match text
            .as_deref()
            .filter(|t| !t.is_empty())
        {
            None => Ok(default),
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| ApiError::bad_request("invalid_date", "dates are YYYY-MM-DD")),
        };
        let last = parse(&query.to, today)?;
        let first = parse(&query.from, last - Days::new(29))?;
        if first > last {
            return Err(ApiError::bad_request(
                "invalid_date",
                "from must not be after to",
            ));
        }
        Ok(Period { first, last })
    }

    /// `[from, to)` in unix seconds.
    pub fn bounds(self) -> (i64, i64) {
        let midnight = |date: NaiveDate| start_of_day(Amsterdam, date).unwrap_or(0);
        (midnight(self.first), midnight(self.last + Days::new(1)))
    }

    pub fn query_string(self) -> String {
        format!("from={}&to={}", self.first, self.last)
    }
}

fn words(layout: &Layout) -> &'static Words {
    if layout.t.lang == "en" { &EN } else { &NL }
}

/// A metric over the period, grouped by `group_by`.
pub async fn ask(
    state: &AppState,
    metric: Metric,
    group_by: &[Dimension],
    (from, to): (i64, i64),
) -> ApiResult<Vec<MetricRow>> {
    let query = MetricQuery::new(metric)
        .group_by(group_by.iter().copied())
        .between(from, to);
    answer(state, query).await
}

pub struct Tile {
    pub label: &'static str,
    pub value: String,
    pub n: u64,
    /// Of `n`, the answers through an open link (survey tiles only).
    pub anonymous: u64,
    pub formula: &'static str,
    pub href: String,
}

pub struct Kpi {
    pub title: &'static str,
    pub tiles: Vec<Tile>,
}

pub struct TrendLine {
    pub name: &'static str,
    pub direction: &'static str,
    pub latest: String,
}

pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

pub struct Breakdown {
    pub title: String,
    pub dimension: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<(String, Vec<Cell>)>,
    pub csv: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    w: &'static Words,
    loading: bool,
    first: String,
    last: String,
    kpis: Vec<Kpi>,
    trends: Vec<TrendLine>,
    trend_json: String,
    breakdowns: Vec<Breakdown>,
    heat: Vec<(&'static str, Vec<(u64, u8)>)>,
}

/// A figure as shown: one decimal, or a dash without data.
fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<PeriodQuery>,
) -> Response {
    match build(&state, &session, &query).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    query: &PeriodQuery,
) -> ApiResult<DashboardPage> {
    let layout = Layout::for_session(session, "dashboard", "/dashboard".into(), None);
    let w = words(&layout);
    let period = Period::from_query(query)?;
    let mut page = DashboardPage {
        w,
        loading: !state.facts.is_loaded(),
        first: period.first.to_string(),
        last: period.last.to_string(),
        kpis: Vec::new(),
        trends: Vec::new(),
        trend_json: "{}".into(),
        breakdowns: Vec::new(),
        heat: Vec::new(),
        layout,
    };
    if page.loading {
        return Ok(page);
    }
    page.kpis = kpis(state, w, period).await?;
    (page.trends, page.trend_json) = trends(state, w, period).await?;
    page.breakdowns = breakdowns(state, w, period).await?;
    page.heat = heat(state, w, period);
    Ok(page)
}

fn drill_href(metric: &str, period: Period, group: Option<(&str, &str)>) -> String {
    let mut href = format!("/dashboard/drill?metric={metric}&{}", period.query_string());
    if let Some((dimension, value)) = group {
        href.push_str(&format!(
            "&dim={dimension}&value={}",
            crate::auth::session::urlencode(value)
        ));
    }
    href
}

async fn tile(
    state: &AppState,
    period: Period,
    label: &'static str,
    metric: Metric,
    figure: &str,
) -> ApiResult<Tile> {
    let (from, to) = period.bounds();
    let query = MetricQuery::new(metric).between(from, to);
    let rows = answer(state, query.clone()).await?;
    let anonymous = crate::api::analytics::anonymous::counts(state, &query, &rows).await?;
    let row = rows.first();
    Ok(Tile {
        label,
        value: shown(row.and_then(|r| r.figure(figure))),
        n: row.map_or(0, |r| r.n),
        anonymous: anonymous
            .and_then(|counts| counts.first().copied())
            .unwrap_or(0),
        formula: metric.formula(),
        href: drill_href(metric.as_str(), period, None),
    })
}

async fn kpis(state: &AppState, w: &'static Words, period: Period) -> ApiResult<Vec<Kpi>> {
    let (from, to) = period.bounds();
    let pairs = [
        (
            "from".to_string(),
            chrono::DateTime::from_timestamp(from, 0)
                .unwrap_or_default()
                .to_rfc3339(),
        ),
        (
            "to".to_string(),
            chrono::DateTime::from_timestamp(to, 0)
                .unwrap_or_default()
                .to_rfc3339(),
        ),
    ];
    let availability = operational::answer(state, "availability", &pairs).await?;
    let calls = &availability["rows"][0];
    let call_tile = |label, figure: &str| Tile {
        label,
        value: shown(calls[figure].as_f64()),
        n: calls["offered"].as_u64().unwrap_or(0),
        anonymous: 0,
        formula: operational::AVAILABILITY_FORMULA,
        href: "/callbacks".into(),
    };
    Ok(vec![
        Kpi {
            title: w.speed,
            tiles: vec![
                tile(state, period, w.frt_median, Metric::Frt, "median_hours").await?,
                tile(state, period, w.ttr_median, Metric::Ttr, "median_hours").await?,
            ],
        },
        Kpi {
            title: w.effectiveness,
            tiles: vec![
                tile(state, period, w.fcr, Metric::Fcr, "fcr").await?,
                tile(
                    state,
                    period,
                    w.reopen_rate,
                    Metric::ReopenRate,
                    "reopen_rate",
                )
                .await?,
            ],
        },
        Kpi {
            title: w.friendliness,
            tiles: vec![
                tile(state, period, w.csat, Metric::Csat, "csat").await?,
                tile(state, period, w.nps, Metric::Nps, "nps").await?,
                tile(state, period, w.ces, Metric::Ces, "mean").await?,
            ],
        },
        Kpi {
            title: w.availability,
            tiles: vec![
                call_tile(w.service_level, "service_level"),
                call_tile(w.abandon_rate, "abandon_rate"),
                call_tile(w.asa, "asa_seconds"),
            ],
        },
    ])
}

/// The weekly CSAT, NPS and CES series ending with the period, their tested direction, and the
/// chart data: `{"weeks": [unix seconds], "series": [{"name", "values": [number | null]}]}`.
async fn trends(
    state: &AppState,
    w: &'static Words,
    period: Period,
) -> ApiResult<(Vec<TrendLine>, String)> {
    let start = period.last - Days::new(TREND_WEEKS * 7);
    let range = Period {
        first: start,
        last: period.last,
    }
    .bounds();
    let mut weeks = BTreeSet::new();
    let mut series = Vec::new();
    for (name, metric, figure) in [
        (w.csat, Metric::Csat, "csat"),
        (w.nps, Metric::Nps, "nps"),
        (w.ces, Metric::Ces, "mean"),
    ] {
        let rows = ask(state, metric, &[Dimension::Week], range).await?;
        let points: BTreeMap<String, f64> = rows
            .iter()
            .filter_map(|r| Some((r.label(Dimension::Week)?.to_string(), r.figure(figure)?)))
            .collect();
        weeks.extend(points.keys().cloned());
        series.push((name, points));
    }
    let lines = series
        .iter()
        .map(|(name, points)| {
            let values: Vec<f64> = points.values().copied().collect();
            TrendLine {
                name,
                direction: match analytics::trend(&values).direction {
                    TrendDirection::Rising => w.rising,
                    TrendDirection::Falling => w.falling,
                    TrendDirection::Stable => w.stable,
                },
                latest: shown(values.last().copied()),
            }
        })
        .collect();
    let week_starts: Vec<i64> = weeks
        .iter()
        .filter_map(|label| NaiveDate::parse_from_str(label, "%Y-%m-%d").ok())
        .map(|date| {
            Period {
                first: date,
                last: date,
            }
            .bounds()
            .0
        })
        .collect();
    let data = json!({
        "weeks": week_starts,
        "series": series.iter().map(|(name, points)| json!({
            "name": name,
            "values": weeks.iter().map(|week| points.get(week)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    Ok((lines, data.to_string()))
}

/// A breakdown column: its header, and the metric and figure it shows.
type Column = (&'static str, Metric, &'static str);

async fn breakdowns(
    state: &AppState,
    w: &'static Words,
    period: Period,
) -> ApiResult<Vec<Breakdown>> {
    use Dimension::*;
    let tables: [(Dimension, &'static str, &[Column]); 5] = [
        (
            Channel,
            w.channel,
            &[
                (w.csat, Metric::Csat, "csat"),
                (w.nps, Metric::Nps, "nps"),
                (w.ttr_median, Metric::Ttr, "median_hours"),
                (w.fcr, Metric::Fcr, "fcr"),
                (w.volume, Metric::Volume, "volume"),
            ],
        ),
        (
            Touchpoint,
            w.touchpoint,
            &[
                (w.csat, Metric::Csat, "csat"),
                (w.nps, Metric::Nps, "nps"),
                (w.ces, Metric::Ces, "mean"),
            ],
        ),
        (
            Team,
            w.team,
            &[
                (w.ttr_median, Metric::Ttr, "median_hours"),
                (w.fcr, Metric::Fcr, "fcr"),
                (w.volume, Metric::Volume, "volume"),
            ],
        ),
        (
            Agent,
            w.agent,
            &[
                (w.csat, Metric::Csat, "csat"),
                (w.ttr_median, Metric::Ttr, "median_hours"),
                (w.volume, Metric::Volume, "volume"),
            ],
        ),
        (
            Segment,
            w.segment,
            &[(w.csat, Metric::Csat, "csat"), (w.nps, Metric::Nps, "nps")],
        ),
    ];
    let mut out = Vec::new();
    for (dimension, name, columns) in tables {
        let mut cells: BTreeMap<String, Vec<Cell>> = BTreeMap::new();
        for (index, &(_, metric, figure)) in columns.iter().enumerate() {
            for row in ask(state, metric, &[dimension], period.bounds()).await? {
                let label = row.label(dimension).map(str::to_string);
                let key = label.clone().unwrap_or_else(|| "–".into());
                let entry = cells.entry(key).or_insert_with(|| {
                    (0..columns.len())
                        .map(|_| Cell {
                            text: "–".into(),
                            href: None,
                        })
                        .collect()
                });
                let value = match figure {
                    "volume" => row.n.to_string(),
                    _ => shown(row.figure(figure)),
                };
                entry[index] = Cell {
                    text: format!("{value} (n={})", row.n),
                    href: label.map(|value| {
                        drill_href(metric.as_str(), period, Some((dimension.as_str(), &value)))
                    }),
                };
            }
        }
        out.push(Breakdown {
            title: format!("{} {name}", w.by),
            dimension: dimension.as_str(),
            headers: columns.iter().map(|(header, _, _)| *header).collect(),
            rows: cells.into_iter().collect(),
            csv: format!(
                "/dashboard/export?metric={}&group_by={}&{}",
                columns[0].1.as_str(),
                dimension.as_str(),
                period.query_string()
            ),
        });
    }
    Ok(out)
}

/// Weekday rows of `(count, shade 0–5)` per hour.
fn heat(
    state: &AppState,
    w: &'static Words,
    period: Period,
) -> Vec<(&'static str, Vec<(u64, u8)>)> {
    let (from, to) = period.bounds();
    let grid = {
        let store = state
            .facts
            .store
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        store.volume_by_weekday_hour(from, to, Amsterdam)
    };
    let max = grid.iter().flatten().copied().max().unwrap_or(0).max(1);
    w.weekdays
        .iter()
        .zip(grid)
        .map(|(day, hours)| {
            (
                *day,
                hours
                    .iter()
                    .map(|&n| (n, ((n * 5).div_ceil(max)) as u8))
                    .collect(),
            )
        })
        .collect()
}
