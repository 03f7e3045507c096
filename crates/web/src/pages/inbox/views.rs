//! Saving the inbox as it is shown under a name (`POST /inbox/views`), for the agent alone or
//! for one of their teams, and deleting one's own views (`POST /inbox/views/{id}/delete`).

use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::StoreError;
use store::saved_views::NewView;

use super::super::{local_path, optional_id, see_other};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::inbox_view::InboxView;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct SaveForm {
    csrf: String,
    name: String,
    #[serde(default)]
    share: String,
    /// The inbox address whose filters and sort are saved.
    back: String,
}

/// The view an inbox address shows.
fn view_of(href: &str) -> Option<InboxView> {
    let query = href.strip_prefix("/inbox")?.trim_start_matches('?');
    let mut view = InboxView::default();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        match key.as_ref() {
            "status" => view.filter.status = value,
            "assignee" => view.filter.assignee = value,
            "team" => view.filter.team = value,
            "channel" => view.filter.channel = value,
            "tag" => view.filter.tag = value,
            "sort" => view.sort = value,
            "order" => view.order = value,
            _ => {}
        }
    }
    view.problem().is_none().then_some(view)
}

pub async fn save(
    State(state): State<AppState>,
    session: Session<Read>,
    Form(form): Form<SaveForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = local_path(&form.back);
    let name = form.name.trim();
    let (Some(view), Ok(team_id)) = (view_of(&back), optional_id(&form.share)) else {
        return see_other(&back, "invalid_input");
    };
    if name.is_empty() || name.chars().count() > 100 {
        return see_other(&back, "invalid_input");
    }
    let definition = match serde_json::to_string(&view) {
        Ok(json) => json,
        Err(_) => return see_other(&back, "invalid_input"),
    };
    let new = NewView {
        agent_id: session.agent.id,
        team_id,
        name,
        definition: &definition,
    };
    match store::saved_views::create(&state.db, new, false, &session.actor()).await {
        Ok(_) => see_other(&view.href(None, None), "view_saved"),
        Err(StoreError::Invalid(_)) => see_other(&back, "invalid_input"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {
    csrf: String,
}

pub async fn delete(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<i64>,
    Form(form): Form<DeleteForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let me = session.agent.id;
    match store::saved_views::get_visible(&state.db, id, me).await {
        Ok(view) if view.agent_id == me => {}
        Ok(_) => return see_other("/inbox", "not_your_view"),
        Err(err) => return ApiError::from(err).into_response(),
    }
    match store::saved_views::delete(&state.db, id, &session.actor()).await {
        Ok(()) => see_other("/inbox", "view_deleted"),
        Err(err) => ApiError::from(err).into_response(),
    }
}
