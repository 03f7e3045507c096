//! `/api/v1/callbacks`: request a callback, list the queue, record attempts, and the figures
//! (requested, completed, completed within the promised time, average delay).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use store::channels::callbacks::{self, Callback};

use crate::auth::{Caller, Read, Work};
use crate::callbacks::{CallbackRequest, Target, record_attempt, request};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::input::required_text;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCallback {
    customer_id: Option<i64>,
    case_id: Option<i64>,
    phone: Option<String>,
    reason: Option<String>,
    preferred_time: Option<DateTime<Utc>>,
}

#[utoipa::path(
    post,
    path = "/callbacks",
    tag = "callbacks",
    summary = "Request a callback: {customer_id | case_id | phone, reason?, preferred_time?}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "The callback", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateCallback>,
) -> ApiResult<(StatusCode, Json<Callback>)> {
    let target = match (body.case_id, body.customer_id, &body.phone) {
        (Some(case), _, _) => Target::Case(case),
        (None, Some(customer), _) => Target::Customer(customer),
        (None, None, Some(_)) => Target::Phone { name: None },
        (None, None, None) => {
            return Err(ApiError::unprocessable(
                ErrorCode::MissingField,
                "give a customer_id, a case_id or a phone number",
            ));
        }
    };
    let reason = body
        .reason
        .as_deref()
        .map(|r| required_text("reason", r, 500))
        .transpose()?;
    let source = if caller.actor.agent_id().is_some() {
        "agent"
    } else {
        "api"
    };
    let req = CallbackRequest {
        target,
        phone: body.phone,
        reason,
        preferred_time: body.preferred_time,
        source,
    };
    let callback = request(&state, req, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(callback)))
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// Comma-separated statuses; by default the open ones (`requested,scheduled`).
    status: Option<String>,
}

#[utoipa::path(
    get,
    path = "/callbacks",
    tag = "callbacks",
    summary = "The callback queue",
    params(
        ("status" = Option<String>, Query, description = "Comma-separated: requested, scheduled, completed, failed, cancelled"),
    ),
    responses(
        (status = 200, description = "Callbacks", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Value>> {
    let statuses: Vec<&str> = match params.status.as_deref().filter(|s| !s.is_empty()) {
        Some(list) => list.split(',').map(str::trim).collect(),
        None => vec!["requested", "scheduled"],
    };
    if let Some(unknown) = statuses.iter().find(|s| !callbacks::STATUSES.contains(s)) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidStatus,
            format!(
                "{unknown:?} is not one of: {}",
                callbacks::STATUSES.join(" ")
            ),
        ));
    }
    let items = callbacks::list(&state.db, &statuses, 500).await?;
    Ok(Json(json!({ "items": items })))
}

#[utoipa::path(
    get,
    path = "/callbacks/{id}",
    tag = "callbacks",
    summary = "One callback request",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The callback", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such callback", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Callback>> {
    Ok(Json(callbacks::get(&state.db, id).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostAttempt {
    /// `reached`, `no_answer`, `busy`, `voicemail` or `wrong_number`.
    outcome: String,
}

#[utoipa::path(
    post,
    path = "/callbacks/{id}/attempts",
    tag = "callbacks",
    summary = "Record a call attempt: {outcome: reached | no_answer | busy | voicemail | wrong_number}; clears the claim",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "The callback", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such callback", body = ref("#/components/schemas/Error")),
        (status = 409, description = "Another agent's claim lasts", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Unknown outcome, or no longer open", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn attempt(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PostAttempt>,
) -> ApiResult<Json<Callback>> {
    Ok(Json(
        record_attempt(&state, id, &body.outcome, &caller.actor).await?,
    ))
}

/// The caller claims the callback to call it now; 409 while another agent's claim lasts.
#[utoipa::path(
    post,
    path = "/callbacks/{id}/claim",
    tag = "callbacks",
    summary = "The calling agent claims the callback for 30 minutes, so no colleague calls the same customer",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The callback with claimed_by and claimed_at", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such callback", body = ref("#/components/schemas/Error")),
        (status = 409, description = "Another agent's claim lasts", body = ref("#/components/schemas/Error")),
        (status = 422, description = "No longer open, or a token no agent made (no_agent)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn claim(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Callback>> {
    let agent = claiming_agent(&caller.actor)?;
    Ok(Json(
        callbacks::claim(&state.db, id, agent, &caller.actor).await?,
    ))
}

/// Gives the caller's claim back without calling.
#[utoipa::path(
    post,
    path = "/callbacks/{id}/release",
    tag = "callbacks",
    summary = "Give the caller's claim back without calling",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The callback", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such callback", body = ref("#/components/schemas/Error")),
        (status = 422, description = "A token no agent made (no_agent)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn release(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Callback>> {
    let agent = claiming_agent(&caller.actor)?;
    Ok(Json(callbacks::release(&state.db, id, agent).await?))
}

fn claiming_agent(actor: &store::events::Actor) -> ApiResult<i64> {
    actor.agent_id().ok_or_else(|| {
        ApiError::unprocessable(
            ErrorCode::NoAgent,
            "a claim names the agent who calls: use a session or a token an agent made",
        )
    })
}

#[derive(Debug, Deserialize)]
pub struct StatsParams {
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

/// Callback figures for requests made in `[from, to)`; by default the last 30 days.
#[utoipa::path(
    get,
    path = "/callbacks/stats",
    tag = "callbacks",
    summary = "Callback figures for requests made in [from, to); by default the last 30 days",
    params(
        ("from" = Option<String>, Query, description = "RFC 3339 instant, inclusive"),
        ("to" = Option<String>, Query, description = "RFC 3339 instant, exclusive; default now"),
    ),
    responses(
        (status = 200, description = "{from, to, stats}", body = ref("#/components/schemas/Object")),
        (status = 400, description = "A bad instant, or from not before to (invalid_range)", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn stats(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<StatsParams>,
) -> ApiResult<Json<Value>> {
    let to = params.to.unwrap_or_else(Utc::now);
    let from = params.from.unwrap_or(to - Duration::days(30));
    if from >= to {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidRange,
            "from must be before to",
        ));
    }
    let stats = callbacks::stats(&state.db, from, to).await?;
    Ok(Json(json!({"from": from, "to": to, "stats": stats})))
}
