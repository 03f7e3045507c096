//! `/admin/...`: agents, teams and API tokens. Admins only.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::{Email, Role};
use serde::Deserialize;
use store::StoreError;
use store::agents::NewAgent;

use super::case::form_error;
use super::inbox::Choice;
use super::{Layout, local_time, local_time_opt, optional_id, render, see_other};
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

pub struct AgentRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub teams: String,
    pub language: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin_agents.html")]
struct AgentsPage {
    layout: Layout,
    agents: Vec<AgentRow>,
    roles: Vec<Choice>,
    teams: Vec<Choice>,
}

pub async fn agents(
    State(state): State<AppState>,
    session: Session<Administer>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let layout = Layout::for_session(
        &session,
        "admin",
        "/admin/agents".into(),
        q.notice.as_deref(),
    );
    let t = layout.t;
    let (agents, teams) = match (
        store::agents::list(&state.db).await,
        store::teams::list(&state.db).await,
    ) {
        (Ok(agents), Ok(teams)) => (agents, teams),
        (Err(err), _) | (_, Err(err)) => return ApiError::from(err).into_response(),
    };
    let mut team_choices = vec![Choice {
        value: String::new(),
        label: "—".into(),
        selected: true,
    }];
    team_choices.extend(teams.into_iter().map(|team| Choice {
        value: team.id.to_string(),
        label: team.name,
        selected: false,
    }));
    render(&AgentsPage {
        agents: agents
            .into_iter()
            .map(|a| AgentRow {
                id: a.id,
                role: t.role(&a.role),
                teams: a.teams.unwrap_or_default(),
                language: a.language,
                active: a.active,
                name: a.name,
                email: a.email,
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| Choice {
                value: r.as_str().into(),
                label: t.role(r).into(),
                selected: *r == Role::Agent,
            })
            .collect(),
        teams: team_choices,
        layout,
    })
}

#[derive(Deserialize)]
pub struct NewAgentForm {
    csrf: String,
    name: String,
    email: String,
    role: String,
    password: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    language: String,
}

pub async fn create_agent(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<NewAgentForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = "/admin/agents";
    let name = form.name.trim();
    let (Ok(email), Ok(role), Ok(team)) = (
        Email::parse(&form.email),
        form.role.parse::<Role>(),
        optional_id(&form.team),
    ) else {
        return see_other(back, "invalid_input");
    };
    if name.is_empty() || name.chars().count() > 200 || form.password.chars().count() < 10 {
        return see_other(back, "invalid_input");
    }
    let Some(hash) = state.passwords.hash(form.password.clone()).await else {
        return see_other(back, "invalid_input");
    };
    let language = if form.language == "en" { "en" } else { "nl" };
    let team_ids: Vec<i64> = team.into_iter().collect();
    let new = NewAgent {
        email: email.as_str(),
        name,
        role,
        password_hash: Some(&hash),
        language,
        team_ids: &team_ids,
    };
    match store::agents::create(&state.db, new, &session.actor()).await {
        Ok(_) => see_other(back, "agent_created"),
        Err(err) => form_error(err, back),
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    csrf: String,
    active: String,
}

pub async fn set_agent_active(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<domain::AgentId>,
    Form(form): Form<ActiveForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let active = form.active == "true";
    if !active && id.0 == session.agent.id {
        return see_other("/admin/agents", "invalid_input");
    }
    match store::agents::set_active(&state.db, id.0, active, &session.actor()).await {
        Ok(()) => see_other("/admin/agents", "agent_updated"),
        Err(err) => form_error(err, "/admin/agents"),
    }
}

pub struct TeamRow {
    pub name: String,
    pub members: i64,
    pub created: String,
}

#[derive(Template)]
#[template(path = "admin_teams.html")]
struct TeamsPage {
    layout: Layout,
    teams: Vec<TeamRow>,
}

pub async fn teams(
    State(state): State<AppState>,
    session: Session<Administer>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let layout = Layout::for_session(
        &session,
        "admin",
        "/admin/teams".into(),
        q.notice.as_deref(),
    );
    match store::teams::list(&state.db).await {
        Ok(teams) => render(&TeamsPage {
            teams: teams
                .into_iter()
                .map(|team| TeamRow {
                    created: local_time(&team.created_at),
                    name: team.name,
                    members: team.member_count,
                })
                .collect(),
            layout,
        }),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct NewTeamForm {
    csrf: String,
    name: String,
}

pub async fn create_team(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<NewTeamForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return see_other("/admin/teams", "invalid_input");
    }
    match store::teams::create(&state.db, name, &session.actor()).await {
        Ok(_) => see_other("/admin/teams", "team_created"),
        Err(err) => form_error(err, "/admin/teams"),
    }
}

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
    pub created: String,
    pub last_used: String,
    pub revoked: String,
}

#[derive(Template)]
#[template(path = "admin_tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenRow>,
    roles: Vec<Choice>,
    /// The secret of a token just created: shown once, never stored.
    created_secret: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    session: &Session<Administer>,
    notice: Option<&str>,
    created_secret: Option<String>,
) -> Response {
    let layout = Layout::for_session(session, "admin", "/admin/tokens".into(), notice);
    let t = layout.t;
    match store::tokens::list(&state.db).await {
        Ok(tokens) => render(&TokensPage {
            tokens: tokens
                .into_iter()
                .map(|token| TokenRow {
                    id: token.id,
                    role: t.role(&token.role),
                    created: local_time(&token.created_at),
                    last_used: local_time_opt(&token.last_used_at),
                    revoked: local_time_opt(&token.revoked_at),
                    name: token.name,
                })
                .collect(),
            roles: Role::ALL
                .iter()
                .map(|r| Choice {
                    value: r.as_str().into(),
                    label: t.role(r).into(),
                    selected: *r == Role::Agent,
                })
                .collect(),
            created_secret,
            layout,
        }),
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub async fn tokens(
    State(state): State<AppState>,
    session: Session<Administer>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    tokens_page(&state, &session, q.notice.as_deref(), None).await
}

#[derive(Deserialize)]
pub struct NewTokenForm {
    csrf: String,
    name: String,
    role: String,
}

/// Creates a token and shows its secret in the response itself, so it is never in a URL or a log.
pub async fn create_token(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<NewTokenForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let name = form.name.trim();
    let Ok(role) = form.role.parse::<Role>() else {
        return see_other("/admin/tokens", "invalid_input");
    };
    if name.is_empty() || name.chars().count() > 100 {
        return see_other("/admin/tokens", "invalid_input");
    }
    match store::tokens::create(&state.db, name, role, &session.actor()).await {
        Ok((_, secret)) => tokens_page(&state, &session, None, Some(secret)).await,
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn revoke_token(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<domain::TokenId>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    match store::tokens::revoke(&state.db, id.0, &session.actor()).await {
        Ok(()) | Err(StoreError::NotFound(_)) => see_other("/admin/tokens", "token_revoked"),
        Err(err) => ApiError::from(err).into_response(),
    }
}
