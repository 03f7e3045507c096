//! `GET /api/v1/surveys/{id}/results?group_by=&from=&to=`: one survey's response rate and score
//! figures, overall or per channel, agent, team or month, each with n and its formula.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use store::surveys::{self, invitations};

use crate::auth::{Caller, Read};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use crate::surveys::results::{GROUPS, figure_rows, formulas};

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
