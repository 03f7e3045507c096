//! First login. `/setup` creates the first admin while no agent exists, from this machine or with
//! the key the server prints at start; afterwards it sends everyone to the login page.
//! `/setup/{token}` is an agent's one-time link to choose a password. Neither has a session, so
//! their forms carry a CSRF token that must equal a cookie set with the form (double submit), and
//! the cross-site check of every UI form applies too.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Email, Role};
use serde::Deserialize;
use store::StoreError;
use store::agents::NewAgent;

use super::i18n::{Lang, Texts};
use super::login::{login_lang, start_session};
use super::{Layout, render};
use crate::auth::from_this_machine;
use crate::auth::session::{CsrfRefused, cookie_value};
use crate::error::{ApiError, ErrorCode};
use crate::password::acceptable_password;
use crate::state::AppState;

const CSRF_COOKIE: &str = "kb_setup";

fn layout(t: &'static Texts) -> Layout {
    Layout {
        t,
        nav: None,
        notice: None,
        csrf: String::new(),
    }
}

/// Shown (as an error page) to someone neither on the server nor holding the setup key.
fn refused() -> Response {
    ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::SetupRefused,
        "open /setup on the server itself or with the key from its log",
    )
    .into_response()
}

/// Renders a form page with a fresh CSRF token, set as a cookie too.
fn with_csrf_cookie(state: &AppState, page: impl FnOnce(String) -> Response) -> Response {
    let csrf = store::generate_secret("");
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{CSRF_COOKIE}={csrf}; Path=/setup; HttpOnly; SameSite=Strict; Max-Age=3600{secure}"
    );
    let mut response = page(csrf);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

fn csrf_matches(headers: &HeaderMap, presented: &str) -> bool {
    cookie_value(headers, CSRF_COOKIE)
        .is_some_and(|cookie| !cookie.is_empty() && store::secret_matches(cookie, presented))
}

/// The passwords' problem, if any, in the page's words.
fn password_problem(t: &'static Texts, password: &str, again: &str) -> Option<&'static str> {
    if !acceptable_password(password) {
        Some(t.password_too_short)
    } else if password != again {
        Some(t.passwords_differ)
    } else {
        None
    }
}

fn with_status(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    response
}

#[derive(Template)]
#[template(path = "setup.html")]
struct FirstRunPage {
    layout: Layout,
    csrf: String,
    key: String,
    name: String,
    email: String,
    error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct FirstRunQuery {
    key: Option<String>,
    lang: Option<String>,
}

/// Whether no agent exists; an error answer when the database cannot say.
async fn no_agent_yet(state: &AppState) -> Result<bool, Response> {
    match store::agents::count(&state.db).await {
        Ok(count) => Ok(count == 0),
        Err(err) => Err(ApiError::from(err).into_response()),
    }
}

/// From this machine, or with the key printed at start.
fn may_set_up(state: &AppState, peer: SocketAddr, headers: &HeaderMap, key: &str) -> bool {
    from_this_machine(peer, headers)
        || state
            .first_run_key
            .as_deref()
            .is_some_and(|expected| store::secret_matches(key, expected))
}

pub async fn first_run(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<FirstRunQuery>,
) -> Response {
    match no_agent_yet(&state).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/login").into_response(),
        Err(answer) => return answer,
    }
    let t = login_lang(&headers, query.lang.as_deref()).texts();
    let key = query.key.unwrap_or_default();
    if !may_set_up(&state, peer, &headers, &key) {
        return refused();
    }
    with_csrf_cookie(&state, |csrf| {
        render(&FirstRunPage {
            layout: layout(t),
            csrf,
            key,
            name: String::new(),
            email: String::new(),
            error: None,
        })
    })
}

#[derive(Deserialize)]
pub struct FirstRunForm {
    csrf: String,
    #[serde(default)]
    key: String,
    name: String,
    email: String,
    password: String,
    password_again: String,
    #[serde(default)]
    language: String,
}

pub async fn create_first_admin(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<FirstRunForm>,
) -> Response {
    if !csrf_matches(&headers, &form.csrf) {
        return CsrfRefused.into_response();
    }
    match no_agent_yet(&state).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/login").into_response(),
        Err(answer) => return answer,
    }
    let lang = Lang::from_code(&form.language).unwrap_or(Lang::Nl);
    let t = lang.texts();
    if !may_set_up(&state, peer, &headers, &form.key) {
        return refused();
    }
    let name = form.name.trim();
    let email = Email::parse(&form.email);
    let problem = if name.is_empty() || name.chars().count() > 200 || name.contains('\0') {
        Some(t.name)
    } else if email.is_err() {
        Some(t.email)
    } else {
        password_problem(t, &form.password, &form.password_again)
    };
    let (Ok(email), None) = (email, problem) else {
        let page = FirstRunPage {
            layout: layout(t),
            csrf: form.csrf.clone(),
            key: form.key.clone(),
            name: name.to_string(),
            email: form.email.trim().to_string(),
            error: problem,
        };
        return with_status(StatusCode::UNPROCESSABLE_ENTITY, render(&page));
    };
    let Some(hash) = state.passwords.hash(form.password.clone()).await else {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            "retry shortly",
        )
        .into_response();
    };
    let new = NewAgent {
        email: email.as_str(),
        name,
        role: Role::Admin,
        password_hash: Some(&hash),
        language: lang.code(),
        team_ids: &[],
    };
    match store::agents::create_first(&state.db, new).await {
        Ok(agent) => start_session(&state, agent.id, "/admin/agents").await,
        Err(StoreError::Conflict(_)) => Redirect::to("/login").into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Template)]
#[template(path = "set_password.html")]
struct SetPasswordPage {
    layout: Layout,
    csrf: String,
    token: String,
    name: String,
    error: Option<&'static str>,
}

/// Shown (as an error page) for a link that is not, or no longer, a setup link.
fn invalid_link() -> Response {
    ApiError::not_found(
        ErrorCode::SetupLinkInvalid,
        "this setup link is invalid, expired or used",
    )
    .into_response()
}

/// The agent a link belongs to, if it is a live link.
async fn link_agent(
    state: &AppState,
    token: &str,
) -> Result<Option<store::agents::Agent>, Response> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    store::setup_links::agent(&state.db, token)
        .await
        .map_err(|err| ApiError::from(err).into_response())
}

pub async fn link(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let agent = match link_agent(&state, &token).await {
        Ok(Some(agent)) => agent,
        Ok(None) => return invalid_link(),
        Err(answer) => return answer,
    };
    let t = Lang::from_code(&agent.language).unwrap_or(Lang::Nl).texts();
    with_csrf_cookie(&state, |csrf| {
        render(&SetPasswordPage {
            layout: layout(t),
            csrf,
            token,
            name: agent.name,
            error: None,
        })
    })
}

#[derive(Deserialize)]
pub struct SetPasswordForm {
    csrf: String,
    password: String,
    password_again: String,
}

pub async fn set_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<SetPasswordForm>,
) -> Response {
    if !csrf_matches(&headers, &form.csrf) {
        return CsrfRefused.into_response();
    }
    let agent = match link_agent(&state, &token).await {
        Ok(Some(agent)) => agent,
        Ok(None) => return invalid_link(),
        Err(answer) => return answer,
    };
    let t = Lang::from_code(&agent.language).unwrap_or(Lang::Nl).texts();
    if let Some(problem) = password_problem(t, &form.password, &form.password_again) {
        let page = SetPasswordPage {
            layout: layout(t),
            csrf: form.csrf.clone(),
            token,
            name: agent.name,
            error: Some(problem),
        };
        return with_status(StatusCode::UNPROCESSABLE_ENTITY, render(&page));
    }
    let Some(hash) = state.passwords.hash(form.password.clone()).await else {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Unavailable,
            "retry shortly",
        )
        .into_response();
    };
    match store::setup_links::use_link(&state.db, &token, &hash).await {
        Ok(Some(agent_id)) => start_session(&state, agent_id, "/inbox").await,
        Ok(None) => invalid_link(),
        Err(err) => ApiError::from(err).into_response(),
    }
}
