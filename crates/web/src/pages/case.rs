//! `/cases/{id}`: the whole thread across channels, reply, internal note, assign, status, priority.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::{CaseId, CaseStatus, Channel, Direction, Priority};
use serde::Deserialize;
use store::cases::{CaseFilter, CasePatch};
use store::interactions::Interaction;

use super::i18n::Texts;
use super::inbox::{CaseRow, Choice};
use super::{Layout, form_error, local_time, local_time_opt, optional_id, render, see_other};
use crate::auth::scope::visible_case;
use crate::auth::session::Session;
use crate::auth::{Read, Work};
use crate::error::ApiError;
use crate::state::AppState;

pub struct MessageView {
    pub id: i64,
    pub direction_key: &'static str,
    pub direction: &'static str,
    pub author: String,
    pub channel: &'static str,
    pub at: String,
    pub subject: String,
    pub body: String,
    /// Quoted history under a customer's email, folded away in the thread view.
    pub quoted: String,
    /// `(download path, file name, size)` of each attachment.
    pub attachments: Vec<(String, String, String)>,
    pub delivery_error: String,
    /// An unverified Reply-To the sender asks for, and the sender checks that failed ("SPF, DMARC").
    pub reply_to: String,
    pub failed_checks: String,
    /// Whether the message has a checkbox for splitting it off (on its case's page).
    pub splittable: bool,
    pub case_id: i64,
    pub case_subject: String,
}

/// `body` split into the new words and the quoted history below them (empty when none). Only a
/// customer's email carries quoted history worth folding.
fn split_quoted(i: &Interaction) -> (String, String) {
    if i.channel != domain::Channel::Email || i.direction != Direction::Inbound {
        return (i.body.clone(), String::new());
    }
    let kept = channels::email::trim_quoted(&i.body);
    let rest = i.body[kept.len()..].trim();
    (kept.to_string(), rest.to_string())
}

/// A size as people read it: `812 B`, `14.2 KB`, `3.1 MB`.
fn readable_size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

impl MessageView {
    pub fn new(i: &Interaction, customer_name: &str, t: &Texts) -> MessageView {
        let author = match i.direction {
            Direction::Inbound => customer_name.to_string(),
            Direction::System => "Klantbeeld".to_string(),
            _ => i.author_name.clone().unwrap_or_else(|| "API".to_string()),
        };
        let (body, quoted) = split_quoted(i);
        MessageView {
            id: i.id,
            direction_key: i.direction.as_str(),
            direction: t.direction(&i.direction),
            author,
            channel: t.channel(&i.channel),
            at: local_time(t, &i.occurred_at),
            subject: i.subject.clone().unwrap_or_default(),
            body,
            quoted,
            attachments: i
                .attachments
                .iter()
                .map(|a| {
                    (
                        format!("/attachments/{}", a.id),
                        a.filename.clone(),
                        readable_size(a.size),
                    )
                })
                .collect(),
            delivery_error: i.delivery_error.clone().unwrap_or_default(),
            reply_to: String::new(),
            failed_checks: String::new(),
            splittable: false,
            case_id: i.case_id,
            case_subject: i.case_subject.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    layout: Layout,
    case: CaseRow,
    created: String,
    first_response: String,
    resolved: String,
    reopen_count: i64,
    identities: Vec<(String, String)>,
    thread: Vec<MessageView>,
    statuses: Vec<Choice>,
    reply_statuses: Vec<Choice>,
    /// Where a reply can go, the default first; empty when the customer can't be reached.
    reply_routes: Vec<Choice>,
    priorities: Vec<Choice>,
    assignees: Vec<Choice>,
    teams: Vec<Choice>,
    other_cases: Vec<CaseRow>,
    closed: bool,
    /// A chat case: the customer's widget is told while the agent types.
    chat: bool,
    /// The agent's draft on the case, restored into the reply box.
    draft: String,
    /// Whether a reply can go by email: then copies and files are offered.
    email_possible: bool,
    /// What goes under an email reply.
    signature: String,
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// An attachment of a case's message, for an agent's browser.
pub async fn attachment(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<i64>,
) -> Response {
    match crate::attachments::visible_attachment(&state, &session, id).await {
        Ok(attachment) => crate::attachments::download(attachment),
        Err(err) => err.into_response(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<CaseId>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    match build(&state, &session, id, query.notice.as_deref()).await {
        Ok(page) => {
            // Opening the case reads it: no longer unread for this agent.
            if let Err(err) = store::case_reads::mark_read(&state.db, session.agent.id, id.0).await
            {
                tracing::warn!(error = %err, "recording that a case was read failed");
            }
            render(&page)
        }
        Err(err) => err.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    id: CaseId,
    notice: Option<&str>,
) -> Result<CasePage, ApiError> {
    let layout = Layout::for_session(session, "inbox", format!("/cases/{id}"), notice);
    let t = layout.t;
    let case = visible_case(state, session, id.0).await?;
    let customer = store::customers::get(&state.db, case.customer_id).await?;
    let thread = store::interactions::thread(&state.db, id.0, 500).await?;
    let flags = store::channels::email_flags::of_case(&state.db, id.0).await?;
    let filter = CaseFilter {
        customer_id: Some(case.customer_id),
        ..CaseFilter::default()
    };
    let others = store::cases::list(&state.db, &filter, None, 11).await?;
    let choices = |selected: Option<i64>, none_label: &str, items: Vec<(i64, String)>| {
        let mut out = vec![Choice {
            value: String::new(),
            label: none_label.to_string(),
            selected: selected.is_none(),
        }];
        out.extend(items.into_iter().map(|(id, label)| Choice {
            value: id.to_string(),
            label,
            selected: selected == Some(id),
        }));
        out
    };
    let agents = store::agents::list(&state.db).await?;
    let agent_items = agents
        .into_iter()
        .filter(|a| a.active || Some(a.id) == case.assignee_id)
        .map(|a| (a.id, a.name))
        .collect();
    let team_items = store::teams::list(&state.db)
        .await?
        .into_iter()
        .map(|team| (team.id, team.name))
        .collect();
    let mut reply_statuses = vec![Choice {
        value: String::new(),
        label: format!("{} ({})", t.status_after, t.unchanged),
        selected: true,
    }];
    reply_statuses.extend(
        [
            CaseStatus::Open,
            CaseStatus::Pending,
            CaseStatus::OnHold,
            CaseStatus::Resolved,
        ]
        .iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: t.status(s).into(),
            selected: false,
        }),
    );
    let routes = store::reply_routes::of_case(&state.db, id.0, &state.reach()).await?;
    let email_route = routes
        .iter()
        .find(|r| r.route.channel == domain::Channel::Email && !r.unverified);
    let signature = match email_route {
        Some(r) => {
            crate::outgoing::signature(state, Some(session.agent.id), &r.route, case.customer_id)
                .await?
        }
        None => None,
    };
    let draft = store::drafts::get(&state.db, session.agent.id, id.0).await?;
    Ok(CasePage {
        draft: draft.map(|d| d.body).unwrap_or_default(),
        email_possible: email_route.is_some(),
        signature: signature.unwrap_or_default(),
        created: local_time(t, &case.created_at),
        first_response: local_time_opt(t, &case.first_response_at),
        resolved: local_time_opt(t, &case.resolved_at),
        reopen_count: case.reopen_count,
        identities: customer
            .identities
            .iter()
            .map(|i| (i.kind.clone(), i.value.clone()))
            .collect(),
        thread: thread
            .iter()
            .map(|i| {
                let mut view = MessageView::new(i, &customer.name, t);
                view.splittable = true;
                if let Some(flag) = flags.iter().find(|f| f.interaction_id == i.id) {
                    view.reply_to = flag.reply_to.clone().unwrap_or_default();
                    view.failed_checks = flag.failed_checks.join(", ").to_uppercase();
                }
                view
            })
            .collect(),
        statuses: CaseStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().into(),
                label: t.status(s).into(),
                selected: *s == case.status,
            })
            .collect(),
        reply_statuses,
        chat: case.channel == Channel::Chat,
        reply_routes: super::case_reply::choices(&routes, t),
        priorities: Priority::ALL
            .iter()
            .map(|p| Choice {
                value: p.as_str().into(),
                label: t.priority(p).into(),
                selected: *p == case.priority,
            })
            .collect(),
        assignees: choices(case.assignee_id, t.unassigned, agent_items),
        teams: choices(case.team_id, "—", team_items),
        other_cases: others
            .items
            .iter()
            .filter(|c| c.id != case.id)
            .take(10)
            .map(|c| CaseRow::new(c, t))
            .collect(),
        closed: case.status == CaseStatus::Closed,
        case: CaseRow::new(&case, t),
        layout,
    })
}

#[derive(Deserialize)]
pub struct UpdateForm {
    csrf: String,
    status: String,
    priority: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    handover_note: String,
}

pub async fn update(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CaseId>,
    Form(form): Form<UpdateForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    if let Err(hidden) = visible_case(&state, &session, id.0).await {
        return hidden.into_response();
    }
    let back = format!("/cases/{id}");
    let (Ok(status), Ok(priority), Ok(assignee), Ok(team)) = (
        form.status.parse::<CaseStatus>(),
        form.priority.parse::<Priority>(),
        optional_id(&form.assignee),
        optional_id(&form.team),
    ) else {
        return see_other(&back, "invalid_input");
    };
    let patch = CasePatch {
        status: Some(status),
        priority: Some(priority),
        assignee_id: Some(assignee),
        team_id: Some(team),
        handover_note: Some(form.handover_note.trim().to_string()).filter(|n| !n.is_empty()),
        ..CasePatch::default()
    };
    match store::cases::update(&state.db, id.0, patch, &session.actor()).await {
        Ok(_) => see_other(&back, "case_updated"),
        Err(err) => form_error(err, &back),
    }
}

#[derive(Deserialize)]
pub struct MergeForm {
    csrf: String,
    into: String,
}

/// Merges this case into another of the customer's cases, then shows that one.
pub async fn merge(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CaseId>,
    Form(form): Form<MergeForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = format!("/cases/{id}");
    let Ok(into) = form.into.trim().trim_start_matches('#').parse::<i64>() else {
        return see_other(&back, "invalid_input");
    };
    for case in [id.0, into] {
        if let Err(hidden) = visible_case(&state, &session, case).await {
            return hidden.into_response();
        }
    }
    match store::case_moves::merge(&state.db, id.0, into, &session.actor()).await {
        Ok(()) => see_other(&format!("/cases/{into}"), "merged"),
        Err(err) => form_error(err, &back),
    }
}

/// Splits the ticked messages off into a new case, then shows it. The form repeats `message`.
pub async fn split(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CaseId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if let Err(refused) = session.check_csrf(field("csrf").unwrap_or("")) {
        return refused.into_response();
    }
    let back = format!("/cases/{id}");
    let Ok(messages) = fields
        .iter()
        .filter(|(k, _)| k == "message")
        .map(|(_, v)| v.parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
    else {
        return see_other(&back, "invalid_input");
    };
    let subject = field("subject").map(str::trim).filter(|s| !s.is_empty());
    let original = match visible_case(&state, &session, id.0).await {
        Ok(case) => case,
        Err(hidden) => return hidden.into_response(),
    };
    let subject = subject.map_or_else(
        || format!("{} (#{})", original.subject, original.id),
        str::to_string,
    );
    let subject: String = subject.chars().take(300).collect();
    match store::case_moves::split(&state.db, id.0, &messages, &subject, &session.actor()).await {
        Ok(new_id) => see_other(&format!("/cases/{new_id}"), "split"),
        Err(err) => form_error(err, &back),
    }
}
