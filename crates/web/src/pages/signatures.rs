//! Signatures: an agent writes their own on `/profile`, an admin each email inbox's on
//! `/admin/inboxes`; both in Dutch and English. Email replies get them in the customer's
//! language (see [`crate::outgoing::signature`]).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::signatures::{self, Owner};

use super::admin::NoticeQuery;
use super::{Layout, render, see_other};
use crate::auth::session::Session;
use crate::auth::{Administer, Work};
use crate::error::ApiError;
use crate::state::AppState;

/// A signature in both languages, as a form shows it.
pub struct SignatureForm {
    /// Where the form posts.
    pub action: String,
    /// Whose it is: the inbox's name on the inbox page.
    pub title: String,
    pub nl: String,
    pub en: String,
}

impl SignatureForm {
    pub async fn load(
        state: &AppState,
        owner: Owner,
        action: String,
        title: String,
    ) -> Result<SignatureForm, ApiError> {
        let saved = signatures::of(&state.db, owner).await?;
        let text = |language: &str| {
            saved
                .iter()
                .find(|(l, _)| l == language)
                .map(|(_, body)| body.clone())
                .unwrap_or_default()
        };
        Ok(SignatureForm {
            action,
            title,
            nl: text("nl"),
            en: text("en"),
        })
    }
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    layout: Layout,
    email: String,
    signature: SignatureForm,
}

pub async fn profile(
    State(state): State<AppState>,
    session: Session<Work>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let layout = Layout::for_session(&session, "profile", "/profile".into(), q.notice.as_deref());
    let owner = Owner::Agent(session.agent.id);
    let title = layout.t.w.your_signature.to_string();
    match SignatureForm::load(&state, owner, "/profile/signature".into(), title).await {
        Ok(signature) => render(&ProfilePage {
            layout,
            email: session.agent.email.clone(),
            signature,
        }),
        Err(err) => err.into_response(),
    }
}

#[derive(Deserialize)]
pub struct SignatureFields {
    csrf: String,
    #[serde(default)]
    nl: String,
    #[serde(default)]
    en: String,
}

/// Both languages in one write each; a too long one is refused before anything changes.
async fn save(state: &AppState, owner: Owner, form: &SignatureFields, back: &str) -> Response {
    let too_long = [&form.nl, &form.en]
        .iter()
        .any(|s| s.chars().count() > signatures::MAX_CHARS || s.contains('\0'));
    if too_long {
        return see_other(back, "invalid_input");
    }
    for (language, body) in [("nl", &form.nl), ("en", &form.en)] {
        if let Err(err) = signatures::set(&state.db, owner, language, body).await {
            return super::form_error(err, back);
        }
    }
    see_other(back, "signature_saved")
}

pub async fn save_own(
    State(state): State<AppState>,
    session: Session<Work>,
    Form(form): Form<SignatureFields>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    save(&state, Owner::Agent(session.agent.id), &form, "/profile").await
}

pub async fn save_inbox(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<i64>,
    Form(form): Form<SignatureFields>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    if let Err(err) = store::channels::inboxes::get(&state.db, id).await {
        return ApiError::from(err).into_response();
    }
    save(&state, Owner::Inbox(id), &form, "/admin/inboxes").await
}
