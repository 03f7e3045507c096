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
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;

pub const RESPONSE_RATE_FORMULA: &str =
    "response rate = answered invitations / invitations that reached the customer x 100";

#[derive(Debug, Deserialize)]
pub struct ResultParams {
    group_by: Option<String>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

/// Answers per score and invitations, of one group.
#[derive(Default)]
struct Tally {
    sent: u64,
    answered: u64,
    scores: Vec<u32>,
}

pub async fn results(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<ResultParams>,
) -> ApiResult<Json<Value>> {
    let survey = surveys::get(&state.db, id).await?;
    let group_by = params.group_by.as_deref().filter(|g| !g.is_empty());
    if let Some(dimension) = group_by
        && !["channel", "agent", "team", "month"].contains(&dimension)
    {
        return Err(ApiError::bad_request(
            "invalid_group_by",
            "group_by must be channel, agent, team or month",
        ));
    }
    let from = params.from.unwrap_or(DateTime::UNIX_EPOCH);
    let to = params
        .to
        .unwrap_or_else(|| Utc::now() + chrono::Duration::days(1));
    let delivered = invitations::delivered(&state.db, id, from, to).await?;
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for invitation in &delivered {
        let key = match group_by {
            Some("channel") => invitation.channel.clone(),
            Some("agent") => invitation.agent_name.clone(),
            Some("team") => invitation.team_name.clone(),
            Some(_) => Some(invitation.sent_at.format("%Y-%m").to_string()),
            None => Some(String::new()),
        }
        .unwrap_or_else(|| "(none)".into());
        let tally = groups.entry(key).or_default();
        tally.sent += 1;
        if invitation.answered {
            tally.answered += 1;
            if let Some(score) = invitation.score.and_then(|s| usize::try_from(s).ok()) {
                if tally.scores.len() <= score {
                    tally.scores.resize(score + 1, 0);
                }
                tally.scores[score] += 1;
            }
        }
    }
    let engine_kind: Option<analytics::SurveyKind> = match survey.kind {
        SurveyKind::Custom => None,
        kind => kind.as_str().parse().ok(),
    };
    let rows: Vec<Value> = groups
        .into_iter()
        .map(|(label, tally)| {
            let mut row = Map::new();
            if let Some(dimension) = group_by {
                row.insert(dimension.into(), json!(label));
            }
            row.insert("sent".into(), json!(tally.sent));
            row.insert("answered".into(), json!(tally.answered));
            row.insert(
                "response_rate".into(),
                json!(100.0 * tally.answered as f64 / tally.sent as f64),
            );
            if let Some(kind) = engine_kind {
                for (name, value) in analytics::score_figures(kind, &tally.scores) {
                    row.insert(name.into(), json!(value));
                }
                row.insert(
                    "n".into(),
                    json!(tally.scores.iter().map(|&c| u64::from(c)).sum::<u64>()),
                );
            }
            Value::Object(row)
        })
        .collect();
    let mut formulas = json!({"response_rate": RESPONSE_RATE_FORMULA});
    if let Some(kind) = engine_kind {
        let metric: analytics::Metric = kind.as_str().parse().map_err(|_| {
            ApiError::bad_request("invalid_kind", "the survey's kind has no metric")
        })?;
        formulas[kind.as_str()] = json!(metric.formula());
    }
    Ok(Json(json!({
        "survey_id": survey.id, "kind": survey.kind, "touchpoint": survey.touchpoint,
        "formulas": formulas, "rows": rows,
    })))
}
