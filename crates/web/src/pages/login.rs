//! `/login`, `/logout` and the language switch.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::Deserialize;

use super::i18n::Lang;
use super::{Layout, local_path, render};
use crate::auth::Read;
use crate::auth::session::{COOKIE_NAME, Session};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    error: Option<&'static str>,
    next: String,
    email: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    lang: Option<String>,
}

pub(super) fn login_lang(headers: &HeaderMap, explicit: Option<&str>) -> Lang {
    explicit.and_then(Lang::from_code).unwrap_or_else(|| {
        Lang::from_accept_language(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )
    })
}

pub async fn show(headers: HeaderMap, Query(query): Query<LoginQuery>) -> Response {
    let t = login_lang(&headers, query.lang.as_deref()).texts();
    render(&LoginPage {
        layout: Layout {
            t,
            nav: None,
            notice: None,
            csrf: String::new(),
        },
        error: None,
        next: local_path(query.next.as_deref().unwrap_or("/inbox")),
        email: String::new(),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    lang: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = login_lang(&headers, Some(&form.lang)).texts();
    let email = form.email.trim().to_lowercase();
    let page = |error| {
        render(&LoginPage {
            layout: Layout {
                t,
                nav: None,
                notice: None,
                csrf: String::new(),
            },
            error: Some(error),
            next: local_path(&form.next),
            email: email.clone(),
        })
    };
    let Some(attempt) = state.login_limiter.begin(peer.ip(), &email) else {
        let mut response = page(t.too_many_attempts);
        *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
        return response;
    };
    let credentials = match store::agents::credentials(&state.db, &email).await {
        Ok(found) => found,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let (agent, hash) = credentials.unzip();
    let verified = state.passwords.verify(form.password.clone(), hash).await;
    let agent_id = match agent {
        Some(id) if verified => id,
        _ => {
            let mut response = page(t.login_failed);
            *response.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            return response;
        }
    };
    state.login_limiter.succeeded(attempt);
    start_session(&state, agent_id, &form.next).await
}

/// Logs the agent in: a new session, its cookie, and a redirect to `next` (on this site).
pub(super) async fn start_session(state: &AppState, agent_id: i64, next: &str) -> Response {
    let session = match store::sessions::create(
        &state.db,
        agent_id,
        Duration::hours(state.config.session_hours),
    )
    .await
    {
        Ok(session) => session,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE_NAME}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        session.cookie,
        state.config.session_hours * 3600
    );
    let mut response = Redirect::to(&local_path(next)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    session: Session<Read>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    if let Err(err) = store::sessions::delete(&state.db, &session.cookie).await {
        return ApiError::from(err).into_response();
    }
    let mut response = Redirect::to("/login").into_response();
    let cleared = if state.config.secure_cookies {
        "kb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
    } else {
        "kb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    };
    response
        .headers_mut()
        .insert(header::SET_COOKIE, HeaderValue::from_static(cleared));
    response
}

#[derive(Deserialize)]
pub struct LanguageForm {
    csrf: String,
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn set_language(
    State(state): State<AppState>,
    session: Session<Read>,
    Form(form): Form<LanguageForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let Some(lang) = Lang::from_code(&form.lang) else {
        return ApiError::unprocessable(ErrorCode::InvalidField, "language must be nl or en")
            .into_response();
    };
    if let Err(err) = store::agents::set_language(&state.db, session.agent.id, lang.code()).await {
        return ApiError::from(err).into_response();
    }
    Redirect::to(&local_path(&form.back)).into_response()
}
