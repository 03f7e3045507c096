//! `/api/v1/views`: saved inbox views of the agent who made the token: their own and those shared
//! with their teams. A view is a name, filters and a sort; `href` opens it in the UI.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::saved_views::{NewView, SavedView};

use crate::auth::{Caller, Read};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::inbox_view::{InboxFilter, InboxView};
use crate::input::required_text;
use crate::state::AppState;

#[derive(Serialize)]
pub struct ViewAnswer {
    id: i64,
    name: String,
    /// Shared with this team; null for a personal view.
    team_id: Option<i64>,
    agent_id: i64,
    filter: InboxFilter,
    sort: String,
    order: String,
    href: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl From<SavedView> for ViewAnswer {
    fn from(saved: SavedView) -> Self {
        let view: InboxView = serde_json::from_str(&saved.definition).unwrap_or_default();
        ViewAnswer {
            id: saved.id,
            name: saved.name,
            team_id: saved.team_id,
            agent_id: saved.agent_id,
            href: view.href(None, None),
            filter: view.filter,
            sort: view.sort,
            order: view.order,
            created_at: saved.created_at,
        }
    }
}

fn agent_of<R>(caller: &Caller<R>) -> ApiResult<i64> {
    caller.owner.ok_or_else(|| {
        ApiError::unprocessable(
            ErrorCode::NoAgent,
            "views belong to an agent: use a token an agent made",
        )
    })
}

#[utoipa::path(
    get,
    path = "/views",
    tag = "views",
    summary = "Saved inbox views of the token's agent: their own and their teams'",
    responses(
        (status = 200, description = "[{id, name, team_id, agent_id, filter: {status, assignee, team, channel, tag}, sort, order, href, created_at}]", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "A token no agent made (no_agent)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<ViewAnswer>>> {
    let agent = agent_of(&caller)?;
    let views = store::saved_views::visible_to(&state.db, agent).await?;
    Ok(Json(views.into_iter().map(ViewAnswer::from).collect()))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateView {
    name: String,
    /// Share with this team (one of the agent's; admins and supervisors any).
    team_id: Option<i64>,
    #[serde(flatten)]
    view: InboxView,
}

#[utoipa::path(
    post,
    path = "/views",
    tag = "views",
    summary = "Save a view: {name, team_id? (share with one of the agent's teams; admins and supervisors any), filter?: {status: active|all|<status>, assignee: me|none|<agent id>, team, channel, tag}, sort?, order?}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "The view with href, its address in the UI", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Empty name, unknown filter value, sort or order, a team not the agent's, or no_agent", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateView>,
) -> ApiResult<(StatusCode, Json<ViewAnswer>)> {
    let agent = agent_of(&caller)?;
    let name = required_text("name", &body.name, 100)?;
    if let Some(problem) = body.view.problem() {
        return Err(ApiError::unprocessable(ErrorCode::InvalidField, problem));
    }
    let definition = serde_json::to_string(&body.view)
        .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidField, err.to_string()))?;
    let any_team = matches!(caller.role, domain::Role::Admin | domain::Role::Supervisor);
    let new = NewView {
        agent_id: agent,
        team_id: body.team_id,
        name: &name,
        definition: &definition,
    };
    let saved = store::saved_views::create(&state.db, new, any_team, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// Deletes a view: its maker, or for a team view an admin or supervisor.
#[utoipa::path(
    delete,
    path = "/views/{id}",
    tag = "views",
    summary = "Delete a view: its maker, or an admin or supervisor for a team view",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such view the agent sees", body = ref("#/components/schemas/Error")),
        (status = 422, description = "no_agent", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn delete(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let agent = agent_of(&caller)?;
    let view = store::saved_views::get_visible(&state.db, id, agent).await?;
    let manager = matches!(caller.role, domain::Role::Admin | domain::Role::Supervisor);
    if view.agent_id != agent && !(manager && view.team_id.is_some()) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "only its maker deletes a view",
        ));
    }
    store::saved_views::delete(&state.db, id, &caller.actor).await?;
    Ok(StatusCode::NO_CONTENT)
}
