//! `/search?q=`: what the header's search box finds, grouped into cases, messages and customers,
//! with the matching words marked. The words are escaped like all template text; only the marks
//! are markup.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::{CaseStatus, Direction};
use search::{Hit, Kind};
use serde::Deserialize;

use super::i18n::Texts;
use super::{Layout, render};
use crate::auth::Read;
use crate::auth::session::{Session, urlencode};
use crate::finder::{self, DEFAULT_LIMIT, Searcher};
use crate::state::AppState;

/// Results shown per kind at most.
const PER_KIND: usize = DEFAULT_LIMIT;

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    total: usize,
    groups: Vec<Group>,
    problem: Option<&'static str>,
}

struct Group {
    heading: &'static str,
    items: Vec<Item>,
}

struct Item {
    href: String,
    title: String,
    meta: String,
    /// The snippet in pieces; `true` marks a matching word.
    pieces: Vec<(String, bool)>,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let mut layout = Layout::for_session(
        &session,
        "search",
        format!("/search?q={}", urlencode(&query.q)),
        None,
    );
    let t = layout.t;
    let searcher = Searcher {
        role: session.agent.role,
        agent_id: Some(session.agent.id),
    };
    // Three kinds share the page: ask for enough of each.
    let answer = finder::find(&state, &searcher, &query.q, PER_KIND * 3).await;
    let (status, q, total, groups, problem) = match answer {
        Ok(answer) => (
            StatusCode::OK,
            answer.query,
            answer.total,
            group(t, &answer.results),
            None,
        ),
        Err(err) => {
            let problem = if err.status == StatusCode::SERVICE_UNAVAILABLE {
                t.search_loading
            } else {
                t.search_too_long
            };
            let shown: String = query.q.chars().take(finder::MAX_QUERY_CHARS).collect();
            (err.status, shown, 0, Vec::new(), Some(problem))
        }
    };
    if let Some(nav) = layout.nav.as_mut() {
        nav.query = q.clone();
    }
    let mut response = render(&SearchPage {
        layout,
        q,
        total,
        groups,
        problem,
    });
    *response.status_mut() = status;
    response
}

fn group(t: &Texts, hits: &[Hit]) -> Vec<Group> {
    [
        (Kind::Case, t.cases),
        (Kind::Message, t.search_messages),
        (Kind::Customer, t.customers),
    ]
    .into_iter()
    .map(|(kind, heading)| Group {
        heading,
        items: hits
            .iter()
            .filter(|hit| hit.kind == kind)
            .take(PER_KIND)
            .map(|hit| item(t, hit))
            .collect(),
    })
    .filter(|group| !group.items.is_empty())
    .collect()
}

fn item(t: &Texts, hit: &Hit) -> Item {
    let number = hit.case_id.map(|id| format!("#{id}")).unwrap_or_default();
    let meta = match hit.kind {
        Kind::Case => match hit.detail.parse::<CaseStatus>() {
            Ok(status) => format!("{number} · {}", t.status(&status)),
            Err(_) => number,
        },
        Kind::Message => match hit.detail.parse::<Direction>() {
            Ok(direction) => format!("{number} · {}", t.direction(&direction)),
            Err(_) => number,
        },
        Kind::Customer => String::new(),
    };
    Item {
        href: finder::url(hit),
        title: hit.title.clone(),
        meta,
        pieces: hit
            .snippet
            .pieces()
            .into_iter()
            .map(|(text, marked)| (text.to_string(), marked))
            .collect(),
    }
}
