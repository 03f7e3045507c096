//! `/admin/...`: agents, teams and API tokens. Admins only.

pub mod agents;
pub mod organisation;
pub mod teams;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::Role;
use serde::Deserialize;
use store::StoreError;

use super::inbox::Choice;
use super::{Layout, local_time, local_time_opt, render, see_other};
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
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
                    created: local_time(t, &token.created_at),
                    last_used: local_time_opt(t, &token.last_used_at),
                    revoked: local_time_opt(t, &token.revoked_at),
                    name: token.name,
                })
                .collect(),
            roles: role_choices(t, Role::Agent),
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
    match store::tokens::create(
        &state.db,
        name,
        role,
        Some(session.agent.id),
        &session.actor(),
    )
    .await
    {
        Ok((_, secret)) => tokens_page(&state, &session, None, Some(secret)).await,
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// The role choices of a form, `selected` chosen.
pub fn role_choices(t: &super::i18n::Texts, selected: Role) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().into(),
            label: t.role(r).into(),
            selected: *r == selected,
        })
        .collect()
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
