//! Creating, reading and switching surveys, with every field checked before anything is stored.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use store::surveys;

use crate::auth::{Administer, Caller, Read};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;
use crate::surveys::definition::{CreateSurvey, new_survey, survey_json};

#[utoipa::path(
    post,
    path = "/surveys",
    tag = "surveys",
    summary = "Define a survey (admin)",
    description = "{kind: csat|nps|ces|custom, name, trigger: {event: case.resolved | <business event kind> | schedule, every_days?}, channels: [email|sms|whatsapp|chat], touchpoint?, delay_seconds?, conditions?: {channel, segment, tags, team_id}, sample_pct?, texts?: {question: {nl, en}, follow_up: {nl, en}}, questions?, expiry_days?, reminder_after_hours?, follow_up?, open_link_enabled? (default true: anyone with the open link may answer anonymously)}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateSurvey>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let new = new_survey(body)?;
    let survey = surveys::create(&state.db, new, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(survey_json(&survey))))
}

#[utoipa::path(
    get,
    path = "/surveys",
    tag = "surveys",
    summary = "Every survey",
    responses(
        (status = 200, description = "Surveys", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(_caller: Caller<Read>, State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let all = surveys::list(&state.db).await?;
    Ok(Json(
        json!({"items": all.iter().map(survey_json).collect::<Vec<_>>()}),
    ))
}

#[utoipa::path(
    get,
    path = "/surveys/{id}",
    tag = "surveys",
    summary = "One survey",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The survey", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such survey", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Value>> {
    Ok(Json(survey_json(&surveys::get(&state.db, id).await?)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateSurvey {
    active: Option<bool>,
    open_link_enabled: Option<bool>,
}

#[utoipa::path(
    patch,
    path = "/surveys/{id}",
    tag = "surveys",
    summary = "Switch a survey or its open link on or off (admin): {active?, open_link_enabled?}",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The survey", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such survey", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Neither field given", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn update(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UpdateSurvey>,
) -> ApiResult<Json<Value>> {
    if body.active.is_none() && body.open_link_enabled.is_none() {
        return Err(ApiError::unprocessable(
            ErrorCode::MissingField,
            "give active or open_link_enabled",
        ));
    }
    let switches = surveys::SurveySwitches {
        active: body.active,
        open_link: body.open_link_enabled,
    };
    let survey = surveys::switch(&state.db, id, switches, &caller.actor).await?;
    Ok(Json(survey_json(&survey)))
}
