//! `/api/v1/teams`: groups of agents that cases can be routed to. Admins only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use store::teams::Team;

use super::required_text;
use crate::auth::{Administer, Caller};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamBody {
    name: String,
}

pub async fn list(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
) -> ApiResult<Json<Value>> {
    let items = store::teams::list(&state.db).await?;
    Ok(Json(json!({ "items": items })))
}

pub async fn create(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<TeamBody>,
) -> ApiResult<(StatusCode, Json<Team>)> {
    let name = required_text("name", &body.name, 100)?;
    let team = store::teams::create(&state.db, &name, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(team)))
}

/// Renames a team.
pub async fn update(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TeamBody>,
) -> ApiResult<Json<Team>> {
    let name = required_text("name", &body.name, 100)?;
    Ok(Json(
        store::teams::rename(&state.db, id, &name, &caller.actor).await?,
    ))
}
