//! `/admin/organisation`: the organisation's name on the customers' pages and the language
//! Klantbeeld writes its own texts in.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::organisation::{MAX_NAME_CHARS, Organisation};

use super::NoticeQuery;
use crate::auth::Administer;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::pages::form_error;
use crate::pages::i18n::Lang;
use crate::pages::{Layout, render, see_other};
use crate::state::AppState;

const PATH: &str = "/admin/organisation";

#[derive(Template)]
#[template(path = "admin_organisation.html")]
struct OrganisationPage {
    layout: Layout,
    name: String,
    /// `(code, name, chosen)` of each language.
    languages: Vec<(&'static str, &'static str, bool)>,
    max_name: usize,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Administer>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let layout = Layout::for_session(&session, "admin", PATH.into(), q.notice.as_deref());
    let organisation = match store::organisation::get(&state.db).await {
        Ok(organisation) => organisation,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let t = layout.t;
    render(&OrganisationPage {
        name: organisation.name.clone(),
        languages: [Lang::Nl, Lang::En]
            .into_iter()
            .map(|lang| {
                let code = lang.code();
                (code, t.language_name(lang), organisation.language == code)
            })
            .collect(),
        max_name: MAX_NAME_CHARS,
        layout,
    })
}

#[derive(Deserialize)]
pub struct OrganisationForm {
    csrf: String,
    name: String,
    language: String,
}

pub async fn save(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<OrganisationForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let organisation = match Organisation::new(&form.name, &form.language) {
        Ok(organisation) => organisation,
        Err(err) => return form_error(err, PATH),
    };
    match store::organisation::put(&state.db, &organisation).await {
        Ok(()) => see_other(PATH, "organisation_saved"),
        Err(err) => form_error(err, PATH),
    }
}
