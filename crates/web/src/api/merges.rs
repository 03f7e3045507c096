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

use super::required_text;
use crate::auth::{Caller, Read, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

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
pub async fn merge_case(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<MergeInto>,
) -> ApiResult<Json<Case>> {
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
    let original = store::cases::get(&state.db, id.0).await?;
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
