//! `GET`/`PUT /api/v1/cases/{id}/draft`: the reply the calling agent is typing on a case. Each
//! agent reads and writes only their own. A token an agent made, or the agent's session (then a
//! `PUT` carries the page's CSRF token in `X-CSRF-Token`, as the case page's script sends it).

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use domain::CaseId;
use serde::Deserialize;
use store::drafts::Draft;

use crate::auth::session::Session;
use crate::auth::{Caller, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::state::AppState;

/// The agent whose draft it is.
pub struct DraftAuthor(i64);

impl FromRequestParts<AppState> for DraftAuthor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(AUTHORIZATION) {
            let caller = Caller::<Work>::from_request_parts(parts, state).await?;
            return caller.owner.map(DraftAuthor).ok_or_else(|| {
                ApiError::unprocessable(
                    ErrorCode::NoAgent,
                    "drafts belong to an agent: use a token an agent made",
                )
            });
        }
        let session = Session::<Work>::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    ErrorCode::Unauthorized,
                    "send an API token as Authorization: Bearer <token>, or log in",
                )
            })?;
        if parts.method != Method::GET {
            let presented = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if session.check_csrf(presented).is_err() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::FormExpired,
                    "the page has expired; reload it",
                ));
            }
        }
        Ok(DraftAuthor(session.agent.id))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    /// The reply as typed so far; empty removes the draft.
    body: String,
}

#[utoipa::path(
    get,
    path = "/cases/{id}/draft",
    tag = "cases",
    summary = "The calling agent's draft reply on the case; nobody else's. A token an agent made, or the agent's session",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The draft", body = ref("#/components/schemas/Draft")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No draft (draft_not_found) or no such case", body = ref("#/components/schemas/Error")),
        (status = 422, description = "A token no agent made (no_agent)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    DraftAuthor(agent): DraftAuthor,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
) -> ApiResult<Json<Draft>> {
    store::drafts::get(&state.db, agent, id.0)
        .await?
        .map(Json)
        .ok_or_else(|| {
            ApiError::not_found(ErrorCode::DraftNotFound, "you have no draft on this case")
        })
}

#[utoipa::path(
    put,
    path = "/cases/{id}/draft",
    tag = "cases",
    summary = "Keep the reply the agent is typing (an empty body removes it); sending a reply on the case clears it. With a session, send the page's CSRF token as X-CSRF-Token",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/DraftUpdate"), content_type = "application/json"),
    responses(
        (status = 200, description = "The draft, or null when removed", body = ref("#/components/schemas/Draft")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
        (status = 413, description = "Longer than 100,000 characters (draft_too_long)", body = ref("#/components/schemas/Error")),
        (status = 422, description = "A token no agent made (no_agent)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn put(
    DraftAuthor(agent): DraftAuthor,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<DraftBody>,
) -> ApiResult<(StatusCode, Json<Option<Draft>>)> {
    if body.body.chars().count() > store::drafts::MAX_CHARS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::DraftTooLong,
            format!(
                "a draft has at most {} characters",
                store::drafts::MAX_CHARS
            ),
        ));
    }
    let body = body.body.replace('\0', "");
    match store::drafts::save(&state.db, agent, id.0, &body).await? {
        Some(draft) => Ok((StatusCode::OK, Json(Some(draft)))),
        None => Ok((StatusCode::OK, Json(None))),
    }
}
