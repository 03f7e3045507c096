//! UI sessions: an HTTP-only cookie names a server-side session; forms carry its CSRF token.

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Capability;
use store::agents::Agent;
use store::events::Actor;
use store::secret_matches;

use super::Requirement;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

pub const COOKIE_NAME: &str = "kb_session";

/// A logged-in agent whose role allows `R`. Without a session the browser is sent to the login page.
pub struct Session<R> {
    pub agent: Agent,
    pub csrf: String,
    pub cookie: String,
    _requirement: PhantomData<R>,
}

impl<R> Session<R> {
    pub fn actor(&self) -> Actor {
        Actor::Agent(self.agent.id)
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, presented: &str) -> Result<(), CsrfRefused> {
        if secret_matches(presented, &self.csrf) {
            Ok(())
        } else {
            Err(CsrfRefused)
        }
    }
}

/// A form posted without this session's CSRF token.
pub struct CsrfRefused;

impl IntoResponse for CsrfRefused {
    fn into_response(self) -> Response {
        ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::FormExpired,
            "the form has expired; reload the page and try again",
        )
        .into_response()
    }
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

impl<R: Requirement> FromRequestParts<AppState> for Session<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let to_login = || {
            let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let target = format!("/login?next={}", urlencode(next));
            Redirect::to(&target).into_response()
        };
        let Some(cookie) =
            cookie_value(&parts.headers, COOKIE_NAME).filter(|c| !c.is_empty() && c.len() <= 100)
        else {
            return Err(to_login());
        };
        let found = store::sessions::lookup(&state.db, cookie)
            .await
            .map_err(|err| ApiError::from(err).into_response())?;
        let Some((agent, csrf)) = found else {
            return Err(to_login());
        };
        if !agent.role.can(R::CAPABILITY) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::ForbiddenRole,
                "your role may not open this page",
            )
            .into_response());
        }
        if agent.role.can(Capability::Work) {
            state.live.agent_seen(agent.id);
        }
        Ok(Session {
            agent,
            csrf,
            cookie: cookie.to_string(),
            _requirement: PhantomData,
        })
    }
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
