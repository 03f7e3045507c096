//! `/api/v1/teams`: groups of agents that cases can be routed to. Admins only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use store::teams::Team;

use crate::auth::{Administer, Caller};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::input::required_text;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamBody {
    name: String,
}

#[utoipa::path(
    get,
    path = "/teams",
    tag = "teams",
    summary = "Teams (admin) with member_count",
    responses(
        (status = 200, description = "Teams", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
) -> ApiResult<Json<Value>> {
    let items = store::teams::list(&state.db).await?;
    Ok(Json(json!({ "items": items })))
}

#[utoipa::path(
    post,
    path = "/teams",
    tag = "teams",
    summary = "Create a team (admin): {name}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "The team", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 409, description = "Name taken", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid name", body = ref("#/components/schemas/Error")),
    ),
)]
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
#[utoipa::path(
    patch,
    path = "/teams/{id}",
    tag = "teams",
    summary = "Rename a team (admin): {name}",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "The team", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such team", body = ref("#/components/schemas/Error")),
        (status = 409, description = "Name taken", body = ref("#/components/schemas/Error")),
    ),
)]
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
