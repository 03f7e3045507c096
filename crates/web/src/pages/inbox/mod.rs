//! `/inbox`: the cases to work on, filtered and sorted by any column, with counts per status,
//! pages both ways, unread markers, saved views (`views.rs`), bulk changes (`bulk.rs`) and live
//! updates (`live.rs`).

pub mod bulk;
pub mod live;
pub mod views;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use domain::{CaseStatus, Channel};
use serde::Deserialize;
use store::cases::{Case, CaseSort, SortKey, Visibility};

use super::format::number;
use super::i18n::Texts;
use super::{Layout, local_time, render};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::error::ApiError;
use crate::inbox_view::{InboxFilter, InboxView};
use crate::state::AppState;

const PAGE_SIZE: usize = 50;
/// Unread cases counted for the title at most; more show as "999+".
const UNREAD_SHOWN: i64 = 999;

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
    /// A message came in since the reader last opened the case.
    pub unread: bool,
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
            updated: local_time(t, &case.updated_at),
            tags: case.tags.clone(),
            unread: false,
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

/// A column header: a link that sorts by it, the other way round when it already does.
pub struct Column {
    pub label: &'static str,
    pub href: String,
    /// `ascending`, `descending` or `none`, for `aria-sort`.
    pub aria_sort: &'static str,
    pub arrow: &'static str,
    /// Hidden on a phone.
    pub wide: bool,
}

pub struct ViewLink {
    pub id: i64,
    pub name: String,
    pub href: String,
    /// The team it is shared with; empty for a personal view.
    pub team: String,
    pub current: bool,
    pub deletable: bool,
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
    sort: String,
    order: String,
    columns: Vec<Column>,
    rows: Vec<CaseRow>,
    /// Unread cases in this list (all pages), for the tab title; empty when none.
    unread: String,
    /// The reader may change cases: the list has tick boxes and the bulk bar.
    can_work: bool,
    /// "1–50 van 312".
    range: String,
    prev_href: Option<String>,
    next_href: Option<String>,
    views: Vec<ViewLink>,
    /// The teams the reader may share a view with.
    share_teams: Vec<Choice>,
    /// Where a bulk change returns to.
    here: String,
    bulk_assignees: Vec<Choice>,
    bulk_statuses: Vec<Choice>,
}

#[derive(Debug, Default, Deserialize)]
pub struct InboxQuery {
    #[serde(flatten)]
    filter: InboxFilter,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    order: String,
    /// 1-based.
    page: Option<String>,
    notice: Option<String>,
}

impl InboxQuery {
    fn view(&self) -> InboxView {
        InboxView {
            filter: self.filter.clone(),
            sort: self.sort.clone(),
            order: self.order.clone(),
        }
    }
}

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

/// What the reader may see of the cases.
pub async fn scope_of<R>(
    state: &AppState,
    session: &Session<R>,
) -> Result<Option<Visibility>, ApiError> {
    Ok(Visibility::of(&state.db, session.agent.role, Some(session.agent.id)).await?)
}

fn columns(view: &InboxView, t: &Texts) -> Vec<Column> {
    let current = view.case_sort();
    [
        (SortKey::Id, "#", true),
        (SortKey::Subject, t.subject, false),
        (SortKey::Customer, t.customer, false),
        (SortKey::Status, t.status, false),
        (SortKey::Priority, t.priority, true),
        (SortKey::Channel, t.channel, true),
        (SortKey::Assignee, t.assignee, true),
        (SortKey::Updated, t.updated, true),
    ]
    .into_iter()
    .map(|(key, label, wide)| {
        let sorted = current.key == key;
        let next = CaseSort {
            key,
            descending: if sorted {
                !current.descending
            } else {
                key.descending_first()
            },
        };
        Column {
            label,
            href: view.href(None, Some(next)),
            aria_sort: match (sorted, current.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            },
            arrow: match (sorted, current.descending) {
                (false, _) => "",
                (true, true) => "↓",
                (true, false) => "↑",
            },
            wide,
        }
    })
    .collect()
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    query: &InboxQuery,
) -> Result<InboxPage, ApiError> {
    let view = query.view();
    let here = view.href(None, None);
    let layout = Layout::for_session(session, "inbox", here.clone(), query.notice.as_deref());
    let t = layout.t;
    let lang = layout.lang();
    let me = session.agent.id;
    let status = view.filter.status_or_active().to_string();
    let filter = view.filter.case_filter(me, scope_of(state, session).await?);
    let sort = view.case_sort();
    let counts = store::cases::count_by_status(&state.db, &filter).await?;
    let total: i64 = counts
        .iter()
        .filter(|(s, _)| filter.statuses.is_empty() || filter.statuses.contains(s))
        .map(|(_, n)| n)
        .sum();
    let pages = (total.max(1) as u64).div_ceil(PAGE_SIZE as u64);
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let offset = (page - 1) * PAGE_SIZE as u64;
    let cases = store::cases::list_sorted(&state.db, &filter, sort, offset, PAGE_SIZE).await?;
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let unread_ids = store::case_reads::unread_among(&state.db, me, &ids).await?;
    let unread =
        match store::case_reads::count_unread(&state.db, me, &filter, UNREAD_SHOWN + 1).await? {
            0 => String::new(),
            n if n > UNREAD_SHOWN => format!("{UNREAD_SHOWN}+"),
            n => n.to_string(),
        };
    let active_count = counts
        .iter()
        .filter(|(s, _)| s.is_active())
        .map(|(_, n)| n)
        .sum();
    let mut tabs = vec![StatusTab {
        label: t.all,
        count: active_count,
        selected: status == "active",
        href: view.href(Some("active"), None),
    }];
    tabs.extend(counts.iter().map(|(s, n)| StatusTab {
        label: t.status(s),
        count: *n,
        selected: status == s.as_str(),
        href: view.href(Some(s.as_str()), None),
    }));
    let agents = store::agents::list(&state.db).await?;
    let f = &view.filter;
    let mut assignees = vec![
        Choice {
            value: String::new(),
            label: format!("{} ({})", t.assignee, t.all.to_lowercase()),
            selected: f.assignee.is_empty(),
        },
        Choice {
            value: "me".into(),
            label: t.mine.into(),
            selected: f.assignee == "me",
        },
        Choice {
            value: "none".into(),
            label: t.unassigned.into(),
            selected: f.assignee == "none",
        },
    ];
    assignees.extend(agents.iter().filter(|a| a.active).map(|a| Choice {
        value: a.id.to_string(),
        label: a.name.clone(),
        selected: f.assignee == a.id.to_string(),
    }));
    let mut bulk_assignees = vec![Choice {
        value: "none".into(),
        label: t.unassigned.into(),
        selected: false,
    }];
    bulk_assignees.extend(agents.iter().filter(|a| a.active).map(|a| Choice {
        value: a.id.to_string(),
        label: a.name.clone(),
        selected: a.id == me,
    }));
    let bulk_statuses = CaseStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: t.status(s).into(),
            selected: *s == CaseStatus::Resolved,
        })
        .collect();
    let all_teams = store::teams::list(&state.db).await?;
    let mut teams = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.team, t.all.to_lowercase()),
        selected: f.team.is_empty(),
    }];
    teams.extend(all_teams.iter().map(|team| Choice {
        selected: f.team == team.id.to_string(),
        value: team.id.to_string(),
        label: team.name.clone(),
    }));
    let my_teams = store::agents::team_ids(&state.db, me).await?;
    let mut share_teams = vec![Choice {
        value: String::new(),
        label: t.view_personal.into(),
        selected: true,
    }];
    share_teams.extend(
        all_teams
            .iter()
            .filter(|team| my_teams.contains(&team.id))
            .map(|team| Choice {
                value: team.id.to_string(),
                label: format!("{}: {}", t.team, team.name),
                selected: false,
            }),
    );
    let mut channels = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.channel, t.all.to_lowercase()),
        selected: f.channel.is_empty(),
    }];
    channels.extend(Channel::ALL.iter().map(|c| Choice {
        value: c.as_str().into(),
        label: t.channel(c).into(),
        selected: f.channel == c.as_str(),
    }));
    let views = store::saved_views::visible_to(&state.db, me)
        .await?
        .into_iter()
        .map(|saved| {
            let definition: InboxView = serde_json::from_str(&saved.definition).unwrap_or_default();
            let href = definition.href(None, None);
            ViewLink {
                id: saved.id,
                name: saved.name,
                current: href == here,
                href,
                team: saved
                    .team_id
                    .and_then(|id| all_teams.iter().find(|team| team.id == id))
                    .map(|team| team.name.clone())
                    .unwrap_or_default(),
                deletable: saved.agent_id == me,
            }
        })
        .collect();
    let page_href = |n: u64| format!("{here}&page={n}");
    let shown = cases.len() as u64;
    let range = if shown == 0 {
        String::new()
    } else {
        format!(
            "{}–{} {} {}",
            number(lang, (offset + 1) as f64, 0),
            number(lang, (offset + shown) as f64, 0),
            t.of,
            number(lang, total as f64, 0)
        )
    };
    Ok(InboxPage {
        rows: cases
            .iter()
            .map(|case| CaseRow {
                unread: unread_ids.contains(&case.id),
                ..CaseRow::new(case, t)
            })
            .collect(),
        columns: columns(&view, t),
        layout,
        tabs,
        assignees,
        teams,
        channels,
        status,
        tag: f.tag.clone(),
        sort: if sort == CaseSort::NEWEST {
            String::new()
        } else {
            sort.key.as_str().into()
        },
        order: if sort == CaseSort::NEWEST {
            String::new()
        } else if sort.descending {
            "desc".into()
        } else {
            "asc".into()
        },
        unread,
        can_work: session.agent.role.can(domain::Capability::Work),
        range,
        prev_href: (page > 1).then(|| page_href(page - 1)),
        next_href: (page < pages).then(|| page_href(page + 1)),
        views,
        share_teams,
        here,
        bulk_assignees,
        bulk_statuses,
    })
}
