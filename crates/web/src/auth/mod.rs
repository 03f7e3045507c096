//! Who is calling: API callers by bearer token ([`Caller`]), agents in the UI by session cookie
//! ([`session::AgentSession`]). A handler's signature names the capability it needs.

pub mod csrf;
pub mod scope;
pub mod session;

use std::marker::PhantomData;
use std::net::SocketAddr;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use domain::{Capability, Role};
use store::events::Actor;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// A capability a handler requires, as a type: `Caller<Work>`.
pub trait Requirement: Send + Sync + 'static {
    const CAPABILITY: Capability;
}

/// Any role: read customers, cases, timelines.
pub struct Read;
/// Agents, supervisors and admins: change customers and cases.
pub struct Work;
/// Admins: manage agents, teams and tokens.
pub struct Administer;

impl Requirement for Read {
    const CAPABILITY: Capability = Capability::Read;
}
impl Requirement for Work {
    const CAPABILITY: Capability = Capability::Work;
}
impl Requirement for Administer {
    const CAPABILITY: Capability = Capability::Administer;
}

/// An API caller authenticated by `Authorization: Bearer <token>` whose role allows `R`.
pub struct Caller<R> {
    pub actor: Actor,
    pub role: Role,
    /// The agent who made the token, if an agent did.
    pub owner: Option<i64>,
    _requirement: PhantomData<R>,
}

impl<R: Requirement> FromRequestParts<AppState> for Caller<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let presented = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty() && token.len() <= 200)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::Unauthorized,
                    "send an API token as Authorization: Bearer <token>",
                )
            })?;
        let token = store::tokens::authenticate(&state.db, presented)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::Unauthorized,
                    "the API token is unknown or revoked",
                )
            })?;
        if !token.role.can(R::CAPABILITY) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                format!("a token with role {} may not do this", token.role),
            ));
        }
        Ok(Caller {
            actor: Actor::Token(token.id),
            role: token.role,
            owner: token.agent_id,
            _requirement: PhantomData,
        })
    }
}

/// Whether a proxy relayed this request: then the peer address is the proxy's and says nothing
/// about the client.
pub fn relayed(headers: &HeaderMap) -> bool {
    ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|name| headers.contains_key(*name))
}

/// A request from this machine itself, not relayed by a proxy.
pub fn from_this_machine(peer: SocketAddr, headers: &HeaderMap) -> bool {
    peer.ip().to_canonical().is_loopback() && !relayed(headers)
}
