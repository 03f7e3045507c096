//! `GET /api/v1/surveys/{id}/results?group_by=&from=&to=`: one survey's response rate and score
//! figures, overall or per channel, agent, team or month, each with n and its formula.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::SurveyKind;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use store::surveys::{self, invitations};

use crate::auth::{Caller, Read};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiPath, ApiQuery};
use crate::metric_answers::operational::RESPONSE_RATE_FORMULA;
use crate::state::AppState;

pub const GROUPS: [&str; 4] = ["channel", "agent", "team", "month"];

/// The figures of one group of a survey's invitations.
pub struct FigureRow {
    /// The group's label; empty when not grouped.
    pub label: String,
    pub sent: u64,
    pub answered: u64,
    pub response_rate: f64,
    /// As the metrics API names them (`csat` and `mean`, `nps`, `mean` and `easy_pct`).
    pub figures: Vec<(&'static str, f64)>,
    /// Answers with a score.
    pub n: u64,
}

/// The metric engine's kind of a scored survey; `None` for custom questions only.
fn engine_kind(kind: SurveyKind) -> Option<analytics::SurveyKind> {
    kind.as_str().parse().ok()
}

/// The formula of each figure the survey has, by figure name.
pub fn formulas(kind: SurveyKind) -> Vec<(&'static str, &'static str)> {
    let mut all = vec![("response_rate", RESPONSE_RATE_FORMULA)];
    if let Some(metric) =
        engine_kind(kind).and_then(|k| k.as_str().parse::<analytics::Metric>().ok())
    {
        all.push((kind.as_str(), metric.formula()));
    }
    all
}

/// Tallies `delivered` invitations per group (`GROUPS`, or one group when `None`).
pub fn figure_rows(
    kind: SurveyKind,
    delivered: &[invitations::Delivered],
    group_by: Option<&str>,
) -> Vec<FigureRow> {
    let mut groups: BTreeMap<String, (u64, u64, Vec<u32>)> = BTreeMap::new();
    for invitation in delivered {
        let label = match group_by {
            Some("channel") => invitation.channel.clone(),
            Some("agent") => invitation.agent_name.clone(),
            Some("team") => invitation.team_name.clone(),
            Some(_) => Some(invitation.sent_at.format("%Y-%m").to_string()),
            None => Some(String::new()),
        }
        .unwrap_or_else(|| "(none)".into());
        let (sent, answered, scores) = groups.entry(label).or_default();
        *sent += 1;
        if invitation.answered {
            *answered += 1;
            if let Some(score) = invitation.score.and_then(|s| usize::try_from(s).ok()) {
                if scores.len() <= score {
                    scores.resize(score + 1, 0);
                }
                scores[score] += 1;
            }
        }
    }
    groups
        .into_iter()
        .map(|(label, (sent, answered, scores))| FigureRow {
            label,
            sent,
            answered,
            response_rate: 100.0 * answered as f64 / sent as f64,
            figures: engine_kind(kind)
                .map(|k| analytics::score_figures(k, &scores))
                .unwrap_or_default(),
            n: scores.iter().map(|&c| u64::from(c)).sum(),
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct ResultParams {
    group_by: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

#[utoipa::path(
    get,
    path = "/surveys/{id}/results",
    tag = "surveys",
    summary = "Response rate and score figures with n and formulas",
    params(
        ("id" = i64, Path, minimum = 1),
        ("group_by" = Option<String>, Query, description = "channel, agent, team or month"),
        ("from" = Option<String>, Query, description = "RFC 3339"),
        ("to" = Option<String>, Query, description = "RFC 3339"),
    ),
    responses(
        (status = 200, description = "Rows and formulas", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Unknown group_by", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such survey", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn results(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<ResultParams>,
) -> ApiResult<Json<Value>> {
    let survey = surveys::get(&state.db, id).await?;
    let group_by = params.group_by.as_deref().filter(|g| !g.is_empty());
    if group_by.is_some_and(|g| !GROUPS.contains(&g)) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidGroupBy,
            "group_by must be channel, agent, team or month",
        ));
    }
    let from = params.from.unwrap_or(DateTime::UNIX_EPOCH);
    let to = params
        .to
        .unwrap_or_else(|| Utc::now() + chrono::Duration::days(1));
    let delivered = invitations::delivered(&state.db, id, from, to).await?;
    let rows: Vec<Value> = figure_rows(survey.kind, &delivered, group_by)
        .into_iter()
        .map(|row| {
            let mut json = Map::new();
            if let Some(dimension) = group_by {
                json.insert(dimension.into(), json!(row.label));
            }
            json.insert("sent".into(), json!(row.sent));
            json.insert("answered".into(), json!(row.answered));
            json.insert("response_rate".into(), json!(row.response_rate));
            for (name, value) in &row.figures {
                json.insert((*name).into(), json!(value));
            }
            if survey.kind.scale().is_some() {
                json.insert("n".into(), json!(row.n));
            }
            Value::Object(json)
        })
        .collect();
    let formulas: Map<String, Value> = formulas(survey.kind)
        .into_iter()
        .map(|(name, formula)| (name.to_string(), json!(formula)))
        .collect();
    Ok(Json(json!({
        "survey_id": survey.id, "kind": survey.kind, "touchpoint": survey.touchpoint,
        "formulas": formulas, "rows": rows,
    })))
}
