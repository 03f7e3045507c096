//! Putting records right: probable duplicate customers and merging them, merging two cases about
//! one problem, and splitting a case that holds two.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::{CaseId, CustomerId};
use serde::Deserialize;
use serde_json::{Value, json};
use store::cases::Case;
use store::customers::Customer;
use store::{case_moves, duplicates, linking};

use crate::auth::scope::visible_case;
use crate::auth::{Caller, Read, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::input::required_text;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/customers/{id}/duplicates",
    tag = "customers",
    summary = "Probable duplicates: same name, an email or phone variant",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "Candidates with what matched", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn duplicates(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CustomerId>,
) -> ApiResult<Json<Value>> {
    store::customers::get(&state.db, id.0).await?;
    let found = duplicates::of_customer(&state.db, id.0).await?;
    Ok(Json(json!({"items": found})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeInto {
    into: i64,
}

/// `POST /api/v1/customers/{id}/merge {into}`: customer `id` becomes part of `into`.
#[utoipa::path(
    post,
    path = "/customers/{id}/merge",
    tag = "customers",
    summary = "Merge this customer into {into}: identities, cases, interactions, events, surveys, calls and callbacks move",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The surviving customer", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Into itself, or already merged", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn merge_customer(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CustomerId>,
    ApiJson(body): ApiJson<MergeInto>,
) -> ApiResult<Json<Customer>> {
    store::customers::get(&state.db, id.0).await?;
    store::customers::get(&state.db, body.into).await?;
    linking::merge_customers(&state.db, id.0, body.into, &caller.actor).await?;
    Ok(Json(store::customers::get(&state.db, body.into).await?))
}

/// `POST /api/v1/cases/{id}/merge {into}`: case `id` closes, its messages join `into`.
#[utoipa::path(
    post,
    path = "/cases/{id}/merge",
    tag = "cases",
    summary = "Merge this case into {into} (same customer): its messages, calls and callbacks move, it closes",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The case that stays", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Another customer's case, itself, or already merged", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn merge_case(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<MergeInto>,
) -> ApiResult<Json<Case>> {
    visible_case(&state, &caller, id.0).await?;
    visible_case(&state, &caller, body.into).await?;
    case_moves::merge(&state.db, id.0, body.into, &caller.actor).await?;
    Ok(Json(store::cases::get(&state.db, body.into).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Split {
    interaction_ids: Vec<i64>,
    subject: Option<String>,
}

/// `POST /api/v1/cases/{id}/split {interaction_ids, subject?}`: the messages move to a new case.
#[utoipa::path(
    post,
    path = "/cases/{id}/split",
    tag = "cases",
    summary = "Move {interaction_ids} to a new case of the same customer, with subject?",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 201, description = "The new case", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
        (status = 422, description = "No message, every message, or a message of another case", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn split_case(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<Split>,
) -> ApiResult<(StatusCode, Json<Case>)> {
    if body.interaction_ids.len() > 500 {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "at most 500 messages at a time",
        ));
    }
    let original = visible_case(&state, &caller, id.0).await?;
    let subject = match &body.subject {
        Some(subject) => required_text("subject", subject, 300)?,
        None => format!("{} (split from #{})", original.subject, original.id)
            .chars()
            .take(300)
            .collect(),
    };
    let new_id = case_moves::split(
        &state.db,
        id.0,
        &body.interaction_ids,
        &subject,
        &caller.actor,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(store::cases::get(&state.db, new_id).await?),
    ))
}
