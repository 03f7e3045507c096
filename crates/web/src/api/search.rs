//! `GET /api/v1/search?q=&limit=`: cases, messages and customers, exact hits first, within what
//! the caller may see (see [`crate::finder`]). An API token or a logged-in agent's session.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use crate::auth::session::Session;
use crate::auth::{Caller, Read};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiQuery;
use crate::finder::{self, DEFAULT_LIMIT, MAX_LIMIT, Searcher};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
pub struct SearchAnswer {
    query: String,
    results: Vec<SearchResult>,
    total: usize,
}

#[derive(Serialize)]
struct SearchResult {
    kind: &'static str,
    id: i64,
    case_id: Option<i64>,
    case_number: Option<i64>,
    title: String,
    snippet: String,
    /// The matching words in `snippet`, as `[start, end)` character offsets.
    highlights: Vec<[usize; 2]>,
    url: String,
}

/// A bearer token when one is sent, else the session cookie.
pub struct AnySearcher(Searcher);

impl FromRequestParts<AppState> for AnySearcher {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(AUTHORIZATION) {
            let caller = Caller::<Read>::from_request_parts(parts, state).await?;
            return Ok(AnySearcher(Searcher {
                role: caller.role,
                agent_id: caller.owner,
            }));
        }
        match Session::<Read>::from_request_parts(parts, state).await {
            Ok(session) => Ok(AnySearcher(Searcher {
                role: session.agent.role,
                agent_id: Some(session.agent.id),
            })),
            Err(_) => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "send an API token as Authorization: Bearer <token>, or log in",
            )),
        }
    }
}

pub async fn search(
    AnySearcher(searcher): AnySearcher,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchAnswer>> {
    let Some(q) = params.q else {
        return Err(ApiError::bad_request(
            ErrorCode::MissingQuery,
            "say what to search for with ?q=",
        ));
    };
    let limit = match params.limit.as_deref().map(str::parse::<usize>) {
        None => DEFAULT_LIMIT,
        Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidLimit,
                format!("limit must be a number from 1 to {MAX_LIMIT}"),
            ));
        }
    };
    let answer = finder::find(&state, &searcher, &q, limit).await?;
    let results = answer
        .results
        .iter()
        .map(|hit| SearchResult {
            kind: hit.kind.as_str(),
            id: hit.id,
            case_id: hit.case_id,
            case_number: hit.case_id,
            title: hit.title.clone(),
            snippet: hit.snippet.text.clone(),
            highlights: char_ranges(&hit.snippet),
            url: finder::url(hit),
        })
        .collect();
    Ok(Json(SearchAnswer {
        query: answer.query,
        results,
        total: answer.total,
    }))
}

/// The snippet's byte ranges as character offsets, which every client can slice by.
fn char_ranges(snippet: &::search::Snippet) -> Vec<[usize; 2]> {
    let chars_before = |byte: usize| snippet.text.get(..byte).map_or(0, |s| s.chars().count());
    snippet
        .highlights
        .iter()
        .map(|range| [chars_before(range.start), chars_before(range.end)])
        .collect()
}
