//! `/inbox`: the cases to work on, filtered, with counts per status and keyset paging.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use domain::{CaseStatus, Channel};
use serde::Deserialize;
use store::Cursor;
use store::cases::{Case, CaseFilter};

use super::i18n::Texts;
use super::{Layout, local_time, render};
use crate::auth::Read;
use crate::auth::session::{Session, urlencode};
use crate::error::ApiError;
use crate::state::AppState;

const PAGE_SIZE: usize = 50;

/// A case as one row of a list.
pub struct CaseRow {
    pub id: i64,
    pub subject: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub status_key: &'static str,
    pub status: &'static str,
    pub priority_key: &'static str,
    pub priority: &'static str,
    pub channel: &'static str,
    pub assignee: String,
    pub team: String,
    pub updated: String,
    pub tags: Vec<String>,
}

impl CaseRow {
    pub fn new(case: &Case, t: &Texts) -> CaseRow {
        CaseRow {
            id: case.id,
            subject: case.subject.clone(),
            customer_id: case.customer_id,
            customer_name: case.customer_name.clone(),
            status_key: case.status.as_str(),
            status: t.status(&case.status),
            priority_key: case.priority.as_str(),
            priority: t.priority(&case.priority),
            channel: t.channel(&case.channel),
            assignee: case.assignee_name.clone().unwrap_or_default(),
            team: case.team_name.clone().unwrap_or_default(),
            updated: local_time(&case.updated_at),
            tags: case.tags.clone(),
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct StatusTab {
    pub label: &'static str,
    pub count: i64,
    pub selected: bool,
    pub href: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    layout: Layout,
    tabs: Vec<StatusTab>,
    assignees: Vec<Choice>,
    teams: Vec<Choice>,
    channels: Vec<Choice>,
    status: String,
    tag: String,
    rows: Vec<CaseRow>,
    next_href: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    tag: String,
    cursor: Option<String>,
    notice: Option<String>,
}

impl InboxQuery {
    /// The query string of these filters (without cursor), for tabs and paging links.
    fn href(&self, status: &str) -> String {
        let mut parts = vec![format!("status={status}")];
        for (key, value) in [
            ("assignee", &self.assignee),
            ("team", &self.team),
            ("channel", &self.channel),
            ("tag", &self.tag),
        ] {
            if !value.is_empty() {
                parts.push(format!("{key}={}", urlencode(value)));
            }
        }
        format!("/inbox?{}", parts.join("&"))
    }
}

/// The active statuses: what an agent's inbox shows unless asked otherwise.
const ACTIVE: [CaseStatus; 4] = [
    CaseStatus::New,
    CaseStatus::Open,
    CaseStatus::Pending,
    CaseStatus::OnHold,
];

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<InboxQuery>,
) -> Response {
    match build(&state, &session, &query).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    query: &InboxQuery,
) -> Result<InboxPage, ApiError> {
    let layout = Layout::for_session(
        session,
        "inbox",
        query.href(&query.status),
        query.notice.as_deref(),
    );
    let t = layout.t;
    let status = if query.status.is_empty() {
        "active".to_string()
    } else {
        query.status.clone()
    };
    let statuses = match status.as_str() {
        "all" => Vec::new(),
        "active" => ACTIVE.to_vec(),
        one => one
            .parse::<CaseStatus>()
            .map(|s| vec![s])
            .unwrap_or_else(|_| ACTIVE.to_vec()),
    };
    let assignee_id = match query.assignee.as_str() {
        "" => None,
        "none" => Some(None),
        "me" => Some(Some(session.agent.id)),
        id => id.parse::<i64>().ok().map(Some),
    };
    let filter = CaseFilter {
        statuses,
        assignee_id,
        team_id: query.team.parse().ok(),
        channel: query.channel.parse::<Channel>().ok(),
        customer_id: None,
        tag: Some(query.tag.trim().to_lowercase()).filter(|t| !t.is_empty()),
    };
    let cursor = query.cursor.as_deref().and_then(Cursor::decode);
    let page = store::cases::list(&state.db, &filter, cursor, PAGE_SIZE).await?;
    let counts = store::cases::count_by_status(&state.db, &filter).await?;
    let active_count = counts
        .iter()
        .filter(|(s, _)| s.is_active())
        .map(|(_, n)| n)
        .sum();
    let mut tabs = vec![StatusTab {
        label: t.all,
        count: active_count,
        selected: status == "active",
        href: query.href("active"),
    }];
    tabs.extend(counts.iter().map(|(s, n)| StatusTab {
        label: t.status(s),
        count: *n,
        selected: status == s.as_str(),
        href: query.href(s.as_str()),
    }));
    let agents = store::agents::list(&state.db).await?;
    let mut assignees = vec![
        Choice {
            value: String::new(),
            label: format!("{} ({})", t.assignee, t.all.to_lowercase()),
            selected: query.assignee.is_empty(),
        },
        Choice {
            value: "me".into(),
            label: t.mine.into(),
            selected: query.assignee == "me",
        },
        Choice {
            value: "none".into(),
            label: t.unassigned.into(),
            selected: query.assignee == "none",
        },
    ];
    assignees.extend(agents.iter().filter(|a| a.active).map(|a| Choice {
        value: a.id.to_string(),
        label: a.name.clone(),
        selected: query.assignee == a.id.to_string(),
    }));
    let mut teams = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.team, t.all.to_lowercase()),
        selected: query.team.is_empty(),
    }];
    teams.extend(
        store::teams::list(&state.db)
            .await?
            .into_iter()
            .map(|team| Choice {
                selected: query.team == team.id.to_string(),
                value: team.id.to_string(),
                label: team.name,
            }),
    );
    let mut channels = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.channel, t.all.to_lowercase()),
        selected: query.channel.is_empty(),
    }];
    channels.extend(Channel::ALL.iter().map(|c| Choice {
        value: c.as_str().into(),
        label: t.channel(c).into(),
        selected: query.channel == c.as_str(),
    }));
    let next_href = page
        .next_cursor
        .as_ref()
        .map(|c| format!("{}&cursor={c}", query.href(&status)));
    Ok(InboxPage {
        rows: page
            .items
            .iter()
            .map(|case| CaseRow::new(case, t))
            .collect(),
        layout,
        tabs,
        assignees,
        teams,
        channels,
        status,
        tag: query.tag.clone(),
        next_href,
    })
}
