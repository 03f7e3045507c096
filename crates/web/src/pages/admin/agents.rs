//! `/admin/agents`: the agents list, adding one (with a password, or a setup link shown once),
//! and one agent's page: name, role, language, teams, a password reset (link shown once),
//! deactivating and reactivating. The rules are the API's: no change leaves no active admin.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::{AgentId, Email, Role};
use serde::Deserialize;
use store::agents::{AgentChange, NewAgent};

use super::{CsrfForm, NoticeQuery, role_choices};
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::pages::form_error;
use crate::pages::i18n::Lang;
use crate::pages::inbox::Choice;
use crate::pages::{Layout, render, see_other};
use crate::password::acceptable_password;
use crate::public_address::setup_url;
use crate::state::AppState;

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
    /// The setup link of an agent just created without a password: shown once.
    setup_link: Option<String>,
}

async fn agents_page(
    state: &AppState,
    session: &Session<Administer>,
    notice: Option<&str>,
    setup_link: Option<String>,
) -> Response {
    let layout = Layout::for_session(session, "admin", "/admin/agents".into(), notice);
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
                language: Lang::from_code(&a.language)
                    .map_or(a.language.clone(), |lang| t.language_name(lang).into()),
                active: a.active,
                name: a.name,
                email: a.email,
            })
            .collect(),
        roles: role_choices(t, Role::Agent),
        teams: team_choices,
        setup_link,
        layout,
    })
}

pub async fn list(
    State(state): State<AppState>,
    session: Session<Administer>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    agents_page(&state, &session, q.notice.as_deref(), None).await
}

#[derive(Deserialize)]
pub struct NewAgentForm {
    csrf: String,
    name: String,
    email: String,
    role: String,
    /// Empty: the page shows a setup link instead.
    #[serde(default)]
    password: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    language: String,
}

pub async fn create(
    State(state): State<AppState>,
    session: Session<Administer>,
    headers: HeaderMap,
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
        crate::pages::optional_id(&form.team),
    ) else {
        return see_other(back, "invalid_input");
    };
    if name.is_empty() || name.chars().count() > 200 {
        return see_other(back, "invalid_input");
    }
    let hash = match form.password.as_str() {
        "" => None,
        password if acceptable_password(password) => {
            match state.passwords.hash(password.to_string()).await {
                Some(hash) => Some(hash),
                None => return see_other(back, "invalid_input"),
            }
        }
        _ => return see_other(back, "password_too_short"),
    };
    let language = if form.language == "en" { "en" } else { "nl" };
    let team_ids: Vec<i64> = team.into_iter().collect();
    let new = NewAgent {
        email: email.as_str(),
        name,
        role,
        password_hash: hash.as_deref(),
        language,
        team_ids: &team_ids,
    };
    let agent = match store::agents::create(&state.db, new, &session.actor()).await {
        Ok(agent) => agent,
        Err(err) => return form_error(err, back),
    };
    if hash.is_some() {
        return see_other(back, "agent_created");
    }
    match store::setup_links::create(&state.db, agent.id, false, &session.actor()).await {
        Ok(token) => {
            let link = setup_url(&state, &headers, &token);
            agents_page(&state, &session, Some("agent_created"), Some(link)).await
        }
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub struct TeamBox {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "admin_agent.html")]
struct AgentPage {
    layout: Layout,
    id: i64,
    name: String,
    email: String,
    active: bool,
    roles: Vec<Choice>,
    english: bool,
    teams: Vec<TeamBox>,
    /// After a password reset: the new setup link, shown once.
    setup_link: Option<String>,
}

async fn agent_page(
    state: &AppState,
    session: &Session<Administer>,
    id: i64,
    notice: Option<&str>,
    setup_link: Option<String>,
) -> Response {
    let path = format!("/admin/agents/{id}");
    let layout = Layout::for_session(session, "admin", path, notice);
    let loaded = async {
        Ok::<_, store::StoreError>((
            store::agents::get(&state.db, id).await?,
            store::agents::team_ids(&state.db, id).await?,
            store::teams::list(&state.db).await?,
        ))
    };
    let (agent, member_of, teams) = match loaded.await {
        Ok(found) => found,
        Err(err) => return ApiError::from(err).into_response(),
    };
    render(&AgentPage {
        id,
        roles: role_choices(layout.t, agent.role),
        english: agent.language == "en",
        teams: teams
            .into_iter()
            .map(|team| TeamBox {
                checked: member_of.contains(&team.id),
                id: team.id,
                name: team.name,
            })
            .collect(),
        name: agent.name,
        email: agent.email,
        active: agent.active,
        setup_link,
        layout,
    })
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<AgentId>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    agent_page(&state, &session, id.0, q.notice.as_deref(), None).await
}

/// Saves name, role, language and teams. The form repeats `team` once per checked box, which
/// `Form` cannot read, so the pairs are read as they come.
pub async fn update(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<AgentId>,
    RawForm(body): RawForm,
) -> Response {
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut team_ids = Vec::new();
    for (key, value) in url::form_urlencoded::parse(&body) {
        if key == "team" {
            match value.parse::<i64>() {
                Ok(team) => team_ids.push(team),
                Err(_) => return see_other(&format!("/admin/agents/{}", id.0), "invalid_input"),
            }
        } else {
            fields.insert(key.into_owned(), value.into_owned());
        }
    }
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    if let Err(refused) = session.check_csrf(field("csrf")) {
        return refused.into_response();
    }
    let back = format!("/admin/agents/{}", id.0);
    let name = field("name").trim();
    let Ok(role) = field("role").parse::<Role>() else {
        return see_other(&back, "invalid_input");
    };
    let language = match field("language") {
        "en" => "en",
        "nl" => "nl",
        _ => return see_other(&back, "invalid_input"),
    };
    if name.is_empty() || name.chars().count() > 200 || name.contains('\0') || team_ids.len() > 100
    {
        return see_other(&back, "invalid_input");
    }
    let change = AgentChange {
        name: Some(name),
        role: Some(role),
        language: Some(language),
        active: None,
        team_ids: Some(&team_ids),
    };
    match store::agents::update(&state.db, id.0, change, &session.actor()).await {
        Ok(_) => see_other(&back, "agent_updated"),
        Err(err) => form_error(err, &back),
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    csrf: String,
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<AgentId>,
    Form(form): Form<ActiveForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = format!("/admin/agents/{}", id.0);
    let change = AgentChange {
        active: Some(form.active == "true"),
        ..AgentChange::default()
    };
    match store::agents::update(&state.db, id.0, change, &session.actor()).await {
        Ok(_) => see_other(&back, "agent_updated"),
        Err(err) => form_error(err, &back),
    }
}

/// Removes the password and shows a new setup link, once, in this answer (never in a URL).
pub async fn reset_password(
    State(state): State<AppState>,
    session: Session<Administer>,
    headers: HeaderMap,
    Path(id): Path<AgentId>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    match store::setup_links::create(&state.db, id.0, true, &session.actor()).await {
        Ok(token) => {
            let link = setup_url(&state, &headers, &token);
            agent_page(&state, &session, id.0, None, Some(link)).await
        }
        Err(err) => ApiError::from(err).into_response(),
    }
}
