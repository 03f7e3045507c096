//! `/admin/teams`: the teams, adding and renaming them.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::TeamId;
use serde::Deserialize;

use super::NoticeQuery;
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::pages::form_error;
use crate::pages::{Layout, local_time, render, see_other};
use crate::state::AppState;

pub struct TeamRow {
    pub id: i64,
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

pub async fn list(
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
                    id: team.id,
                    created: local_time(layout.t, &team.created_at),
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
pub struct TeamForm {
    csrf: String,
    name: String,
}

/// The name of a team form, if acceptable.
fn team_name(form: &TeamForm) -> Option<&str> {
    let name = form.name.trim();
    (!name.is_empty() && name.chars().count() <= 100 && !name.contains('\0')).then_some(name)
}

pub async fn create(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<TeamForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let Some(name) = team_name(&form) else {
        return see_other("/admin/teams", "invalid_input");
    };
    match store::teams::create(&state.db, name, &session.actor()).await {
        Ok(_) => see_other("/admin/teams", "team_created"),
        Err(err) => form_error(err, "/admin/teams"),
    }
}

pub async fn rename(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<TeamId>,
    Form(form): Form<TeamForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let Some(name) = team_name(&form) else {
        return see_other("/admin/teams", "invalid_input");
    };
    match store::teams::rename(&state.db, id.0, name, &session.actor()).await {
        Ok(_) => see_other("/admin/teams", "team_renamed"),
        Err(err) => form_error(err, "/admin/teams"),
    }
}
