//! `/api/v1/agents`: who may log in, with which role, language and teams. Admins only. Password
//! hashes never leave the store; an agent without a password gets a one-time setup link instead,
//! and `reset_password` replaces the password with a new link.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use domain::{Email, Role};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::agents::{Agent, AgentChange, NewAgent};

use crate::auth::{Administer, Caller};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::input::{parse_enum, required_text};
use crate::password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, acceptable_password};
use crate::public_address::setup_url;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct AgentView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub language: String,
    pub active: bool,
    pub team_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
}

impl AgentView {
    fn new(agent: Agent, team_ids: Vec<i64>) -> Self {
        AgentView {
            id: agent.id,
            email: agent.email,
            name: agent.name,
            role: agent.role,
            language: agent.language,
            active: agent.active,
            team_ids,
            created_at: agent.created_at,
        }
    }
}

/// An agent, and once only the link where they choose a password.
#[derive(Debug, Serialize)]
pub struct AgentAnswer {
    #[serde(flatten)]
    pub agent: AgentView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateAgent {
    email: String,
    name: String,
    role: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    team_ids: Vec<i64>,
    /// Without one, the answer carries a setup link.
    #[serde(default)]
    password: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateAgent {
    name: Option<String>,
    role: Option<String>,
    language: Option<String>,
    active: Option<bool>,
    team_ids: Option<Vec<i64>>,
    #[serde(default)]
    reset_password: bool,
}

/// `nl` or `en`.
pub fn parse_language(value: &str) -> ApiResult<&'static str> {
    match value {
        "nl" => Ok("nl"),
        "en" => Ok("en"),
        _ => Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "language must be nl or en",
        )),
    }
}

pub fn check_password(password: &str) -> ApiResult<()> {
    if acceptable_password(password) {
        Ok(())
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::InvalidPassword,
            format!("a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"),
        ))
    }
}

fn check_teams(team_ids: &[i64]) -> ApiResult<()> {
    if team_ids.len() > 100 {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "at most 100 teams",
        ));
    }
    Ok(())
}

#[utoipa::path(
    get,
    path = "/agents",
    tag = "agents",
    summary = "Agents (admin): id, email, name, role, language, active, team_ids, created_at; never a password hash",
    responses(
        (status = 200, description = "Agents", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
) -> ApiResult<Json<Value>> {
    let mut teams = store::agents::memberships(&state.db).await?;
    let items: Vec<AgentView> = store::agents::list(&state.db)
        .await?
        .into_iter()
        .map(|agent| {
            let team_ids = teams.remove(&agent.id).unwrap_or_default();
            AgentView::new(agent, team_ids)
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

async fn view(state: &AppState, agent: Agent) -> ApiResult<AgentView> {
    let team_ids = store::agents::team_ids(&state.db, agent.id).await?;
    Ok(AgentView::new(agent, team_ids))
}

#[utoipa::path(
    get,
    path = "/agents/{id}",
    tag = "agents",
    summary = "One agent (admin)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The agent", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such agent", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AgentView>> {
    let agent = store::agents::get(&state.db, id).await?;
    Ok(Json(view(&state, agent).await?))
}

#[utoipa::path(
    post,
    path = "/agents",
    tag = "agents",
    summary = "Create an agent (admin): {email, name, role, language?, team_ids?, password?}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "The agent; without a password also setup_url, a one-time link (24 h) where the agent chooses one", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 409, description = "Email taken", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field, short password, unknown team", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CreateAgent>,
) -> ApiResult<(StatusCode, Json<AgentAnswer>)> {
    let email = Email::parse(&body.email)
        .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidField, err.to_string()))?;
    let name = required_text("name", &body.name, 200)?;
    let role = parse_enum::<Role>("role", &body.role)?;
    let language = parse_language(body.language.as_deref().unwrap_or("nl"))?;
    check_teams(&body.team_ids)?;
    let hash = match &body.password {
        Some(password) => {
            check_password(password)?;
            Some(hash(&state, password).await?)
        }
        None => None,
    };
    let new = NewAgent {
        email: email.as_str(),
        name: &name,
        role,
        password_hash: hash.as_deref(),
        language,
        team_ids: &body.team_ids,
    };
    let agent = store::agents::create(&state.db, new, &caller.actor).await?;
    let setup_url = match hash {
        Some(_) => None,
        None => {
            let token =
                store::setup_links::create(&state.db, agent.id, false, &caller.actor).await?;
            Some(setup_url(&state, &headers, &token))
        }
    };
    let agent = view(&state, agent).await?;
    Ok((StatusCode::CREATED, Json(AgentAnswer { agent, setup_url })))
}

#[utoipa::path(
    patch,
    path = "/agents/{id}",
    tag = "agents",
    summary = "Change an agent (admin): {name?, role?, language?, team_ids?, active?, reset_password?}; deactivating ends its sessions and tokens; reset_password removes the password and answers a new setup_url",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "The agent", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such agent", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field, or last_admin: the last active admin cannot be demoted or deactivated", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn update(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UpdateAgent>,
) -> ApiResult<Json<AgentAnswer>> {
    let name = body
        .name
        .as_deref()
        .map(|name| required_text("name", name, 200))
        .transpose()?;
    let role = body
        .role
        .as_deref()
        .map(|role| parse_enum::<Role>("role", role))
        .transpose()?;
    let language = body.language.as_deref().map(parse_language).transpose()?;
    if let Some(team_ids) = &body.team_ids {
        check_teams(team_ids)?;
    }
    let change = AgentChange {
        name: name.as_deref(),
        role,
        language,
        active: body.active,
        team_ids: body.team_ids.as_deref(),
    };
    let agent = store::agents::update(&state.db, id, change, &caller.actor).await?;
    let setup_url = if body.reset_password {
        let token = store::setup_links::create(&state.db, id, true, &caller.actor).await?;
        Some(setup_url(&state, &headers, &token))
    } else {
        None
    };
    let agent = view(&state, agent).await?;
    Ok(Json(AgentAnswer { agent, setup_url }))
}

/// Hashes a password on the bounded blocking pool.
pub async fn hash(state: &AppState, password: &str) -> ApiResult<String> {
    state
        .passwords
        .hash(password.to_string())
        .await
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                "the password could not be hashed; retry shortly",
            )
        })
}
