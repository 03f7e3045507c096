//! `/dashboard`: the CX overview a manager opens every morning. The four customer KPIs (speed,
//! effectiveness, friendliness, availability) as tiles that name their period, compare with the
//! period before and with a target ([`tiles`], [`targets`]) and draw a sparkline ([`spark`]);
//! CSAT, NPS and CES over the chosen period with their tested direction ([`trends`]);
//! breakdowns by channel, touchpoint, team, agent and segment ([`breakdown`]), and contact
//! volume by weekday and hour. Every figure shows its n and formula and opens the facts behind
//! it ([`drill`], paged and exportable); every breakdown exports to CSV as shown ([`export`]);
//! the page refreshes itself over SSE as contacts arrive. It is complete without JavaScript;
//! the charts (uPlot) and live updates add to it.

mod breakdown;
mod drill;
mod export;
mod group_names;
mod live;
mod period;
mod spark;
mod targets;
mod tiles;
mod trends;
mod words;

pub use drill::drill;
pub use export::export;
pub use live::stream;
pub use targets::save as save_targets;

use analytics::{Dimension, Metric, MetricQuery, MetricRow};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono_tz::Europe::Amsterdam;

use super::i18n::Lang;
use super::{Layout, render};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::error::ApiResult;
use crate::metric_answers::answer;
use crate::state::AppState;
use breakdown::Table;
use period::{Period, PeriodQuery};
use tiles::Kpi;
use trends::TrendLine;
use words::{EN, NL, Words};

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

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    w: &'static Words,
    lang: Lang,
    loading: bool,
    admin: bool,
    first: String,
    last: String,
    period_label: String,
    query: String,
    kpis: Vec<Kpi>,
    trends: Vec<TrendLine>,
    trend_json: String,
    tables: Vec<Table>,
    heat: Vec<(&'static str, Vec<(u64, u8)>)>,
}

impl DashboardPage {
    fn cell(&self, table: &Table, index: &usize, cell: &Option<breakdown::Cell>) -> String {
        table.shown(self.lang, *index, cell)
    }
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
    let period = Period::from_query(query)?;
    let path = format!("/dashboard?{}", period.query_string());
    let layout = Layout::for_session(session, "dashboard", path, None);
    let w = words(&layout);
    let lang = layout.lang();
    let mut page = DashboardPage {
        w,
        lang,
        loading: !state.facts.is_loaded(),
        admin: layout.nav.as_ref().is_some_and(|nav| nav.is_admin),
        first: period.first.to_string(),
        last: period.last.to_string(),
        period_label: period.label(w, lang),
        query: period.query_string(),
        kpis: Vec::new(),
        trends: Vec::new(),
        trend_json: "{}".into(),
        tables: Vec::new(),
        heat: Vec::new(),
        layout,
    };
    if page.loading {
        return Ok(page);
    }
    let targets = targets::load(state).await?;
    page.kpis = tiles::kpis(state, w, lang, period, &targets).await?;
    (page.trends, page.trend_json) = trends::trends(state, w, lang, period).await?;
    page.tables = breakdown::all(state, w, lang, period).await?;
    page.heat = heat(state, w, period);
    Ok(page)
}

/// The drill-down of a figure's facts: `metric` is a metric or `availability`.
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
