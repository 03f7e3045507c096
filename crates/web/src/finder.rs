//! What a search finds, for the API and the search page alike: exact hits first (a case number,
//! an email address, a phone number in any common format), then the full-text index, all within
//! what the searcher may see.
//!
//! Who sees what: admins and supervisors everything. Agents see every customer, and the cases
//! (with their messages) of their teams, without a team, or assigned to them; an agent in no team
//! sees every case. Analysts see cases and customers but no message bodies. An API token made by
//! an agent sees what that agent sees; a token made on the command line sees what its role does.

use ::search::{Access, CaseScope, Found, Hit, Kind, Scope, Snippet};
use axum::http::StatusCode;
use domain::{Email, PhoneE164, Role};
use store::customers::{Customer, CustomerFilter};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

/// Who is searching.
pub struct Searcher {
    pub role: Role,
    /// The agent behind the session or token, if any.
    pub agent_id: Option<i64>,
}

/// Where a result is opened.
pub fn url(hit: &Hit) -> String {
    match (hit.kind, hit.case_id) {
        (Kind::Message, Some(case)) => format!("/cases/{case}#i{}", hit.id),
        (Kind::Customer, _) => format!("/customers/{}", hit.id),
        (_, case) => format!("/cases/{}", case.unwrap_or(hit.id)),
    }
}

pub struct Answer {
    /// The query as searched (control characters removed, trimmed).
    pub query: String,
    pub results: Vec<Hit>,
    /// Every visible match: the exact hits and the index's.
    pub total: usize,
}

/// The query as searched, or a 400 when it is too long.
pub fn clean(q: &str) -> Result<String, ApiError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(
            ErrorCode::QueryTooLong,
            format!("a search is at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let cleaned: String = q
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Ok(cleaned.trim().to_string())
}

pub async fn find(
    state: &AppState,
    searcher: &Searcher,
    q: &str,
    limit: usize,
) -> Result<Answer, ApiError> {
    let query = clean(q)?;
    let limit = limit.clamp(1, MAX_LIMIT);
    if query.is_empty() {
        return Ok(Answer {
            query,
            results: Vec::new(),
            total: 0,
        });
    }
    let scope = scope(state, searcher).await?;
    let mut results = exact(state, &scope, &query).await?;
    let exact_hits = results.len();
    let Some(index) = state.search.index().cloned() else {
        if exact_hits > 0 {
            return Ok(Answer {
                query,
                results,
                total: exact_hits,
            });
        }
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::SearchLoading,
            "the search index is still being built; retry shortly",
        ));
    };
    let (text, wanted) = (query.clone(), limit);
    let found: Found = tokio::task::spawn_blocking(move || index.search(&text, &scope, wanted))
        .await
        .map_err(|err| internal(&err))?
        .map_err(|err| internal(&err))?;
    let mut total = found.total + exact_hits;
    for hit in found.hits {
        if results
            .iter()
            .take(exact_hits)
            .any(|r| r.kind == hit.kind && r.id == hit.id)
        {
            total -= 1;
        } else {
            results.push(hit);
        }
    }
    results.truncate(limit);
    Ok(Answer {
        query,
        results,
        total,
    })
}

fn internal(err: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %err, "search failed");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::SearchFailed,
        "the search failed; try again",
    )
}

async fn scope(state: &AppState, searcher: &Searcher) -> Result<Scope, ApiError> {
    let cases = match (searcher.role, searcher.agent_id) {
        (Role::Agent, Some(agent_id)) => {
            let team_ids = store::agents::team_ids(&state.db, agent_id).await?;
            if team_ids.is_empty() {
                CaseScope::All
            } else {
                CaseScope::Teams { agent_id, team_ids }
            }
        }
        _ => CaseScope::All,
    };
    Ok(Scope {
        messages: searcher.role != Role::Analyst,
        cases,
    })
}

/// A case by its number (`#8008`, `8008`), a customer by email address or phone number.
async fn exact(state: &AppState, scope: &Scope, query: &str) -> Result<Vec<Hit>, ApiError> {
    let number = query.strip_prefix('#').unwrap_or(query);
    if !number.is_empty()
        && number.len() <= 18
        && number.bytes().all(|b| b.is_ascii_digit())
        && let Ok(id) = number.parse::<i64>()
    {
        match store::cases::get(&state.db, id).await {
            Ok(case) => {
                let access = Access {
                    team_id: case.team_id,
                    assignee_id: case.assignee_id,
                };
                if scope.may_see(access) {
                    return Ok(vec![Hit {
                        kind: Kind::Case,
                        id: case.id,
                        case_id: Some(case.id),
                        snippet: plain(format!("{} · {}", case.subject, case.customer_name)),
                        title: case.subject,
                        detail: case.status.as_str().to_string(),
                    }]);
                }
            }
            Err(store::StoreError::NotFound(_)) => {}
            Err(err) => return Err(err.into()),
        }
    }
    let filter = if query.contains('@') {
        Email::parse(query).ok().map(|email| CustomerFilter {
            email: Some(email.as_str().to_string()),
            ..CustomerFilter::default()
        })
    } else if looks_like_phone(query) {
        PhoneE164::parse(query).ok().map(|phone| CustomerFilter {
            phone: Some(phone.as_str().to_string()),
            ..CustomerFilter::default()
        })
    } else {
        None
    };
    let Some(filter) = filter else {
        return Ok(Vec::new());
    };
    let page = store::customers::list(&state.db, &filter, None, 5).await?;
    Ok(page.items.into_iter().map(customer_result).collect())
}

/// Digits with the usual separators, enough of them for a number.
fn looks_like_phone(query: &str) -> bool {
    let digits = query.chars().filter(char::is_ascii_digit).count();
    digits >= 6
        && query
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c))
}

fn customer_result(customer: Customer) -> Hit {
    let identities: Vec<String> = customer
        .identities
        .iter()
        .filter(|identity| matches!(identity.kind.as_str(), "email" | "phone"))
        .map(|identity| identity.value.clone())
        .collect();
    Hit {
        kind: Kind::Customer,
        id: customer.id,
        case_id: None,
        title: customer.name,
        detail: String::new(),
        snippet: plain(identities.join(" · ")),
    }
}

fn plain(text: String) -> Snippet {
    Snippet {
        text,
        highlights: Vec::new(),
    }
}
