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

#[utoipa::path(
    get,
    path = "/search",
    tag = "search",
    summary = "Find cases, messages and customers",
    description = "Exact hits first: #8008 or 8008 is that case, an email address or a phone number in any common format (06 12345678, +31 6 1234 5678) that customer. Then the full-text index: every word must occur, in its Dutch or English form (facturen finds factuur, invoices finds invoice), accents folded (celik finds Çelik); there is no query syntax. Results are what the caller may see: admins and supervisors everything; agents every customer and the cases (with messages) of their teams, without a team or assigned to them (an agent in no team, or a token not made by an agent, sees every case); analysts no messages. Each node keeps its own index, kept current from the event log within about a second; 503 search_loading while it is first built. A bearer token or an agent's session cookie.",
    params(
        ("q" = String, Query, max_length = 200),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "What was found, best first", body = ref("#/components/schemas/SearchAnswer")),
        (status = 400, description = "No q, a q over 200 characters (query_too_long), or a bad limit", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The index is still being built (search_loading)", body = ref("#/components/schemas/Error")),
    ),
)]
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
