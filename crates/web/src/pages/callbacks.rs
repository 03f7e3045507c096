//! `/callbacks`: the agents' callback list, due first, with the promise made to each customer and
//! a form per callback to record how the call went; the figures of the last 30 days above it.
//! `/callback`: the public form where a customer asks to be called back instead of waiting.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use store::StoreError;
use store::channels::callbacks;

use super::i18n::Lang;
use super::{Layout, local_time, render, see_other, terms};
use crate::auth::session::Session;
use crate::auth::{Read, Work};
use crate::callbacks::{OUTCOMES, record_attempt};
use crate::error::ApiError;
use crate::state::AppState;

pub struct Words {
    pub title: &'static str,
    pub requested: &'static str,
    pub completed: &'static str,
    pub within_promise: &'static str,
    pub average_delay: &'static str,
    pub open: &'static str,
    pub customer: &'static str,
    pub phone: &'static str,
    pub reason: &'static str,
    pub source: &'static str,
    pub promised_by: &'static str,
    pub attempts: &'static str,
    pub outcome: &'static str,
    pub record: &'static str,
    pub empty: &'static str,
    pub show_done: &'static str,
    pub show_open: &'static str,
    pub outcomes: [&'static str; 5],
    pub choose_outcome: &'static str,
    pub owner: &'static str,
    pub claim: &'static str,
    pub release: &'static str,
    pub calling_since: &'static str,
}

const NL: Words = Words {
    title: "Terugbelverzoeken",
    requested: "Aangevraagd (30 dagen)",
    completed: "Teruggebeld",
    within_promise: "Binnen de belofte",
    average_delay: "Gemiddelde wachttijd",
    open: "Open",
    customer: "Klant",
    phone: "Telefoon",
    reason: "Reden",
    source: "Via",
    promised_by: "Beloofd vóór",
    attempts: "Pogingen",
    outcome: "Uitkomst",
    record: "Vastleggen",
    empty: "Geen terugbelverzoeken.",
    show_done: "Afgehandelde tonen",
    show_open: "Open verzoeken tonen",
    outcomes: [
        "bereikt",
        "geen gehoor",
        "in gesprek",
        "voicemail",
        "verkeerd nummer",
    ],
    choose_outcome: "Kies de uitkomst",
    owner: "Belt",
    claim: "Ik bel",
    release: "Teruggeven",
    calling_since: "belt sinds",
};

const EN: Words = Words {
    title: "Callbacks",
    requested: "Requested (30 days)",
    completed: "Called back",
    within_promise: "Within the promise",
    average_delay: "Average delay",
    open: "Open",
    customer: "Customer",
    phone: "Phone",
    reason: "Reason",
    source: "Via",
    promised_by: "Promised by",
    attempts: "Attempts",
    outcome: "Outcome",
    record: "Record",
    empty: "No callbacks.",
    show_done: "Show handled ones",
    show_open: "Show open requests",
    outcomes: ["reached", "no answer", "busy", "voicemail", "wrong number"],
    choose_outcome: "Choose the outcome",
    owner: "Calling",
    claim: "I'll call",
    release: "Give back",
    calling_since: "calling since",
};

pub struct Row {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub case_id: i64,
    pub phone: String,
    pub reason: String,
    pub source: String,
    pub status: String,
    pub promised_by: String,
    pub overdue: bool,
    pub attempts: String,
    pub open: bool,
    /// Who holds the claim ("Anna de Vries belt sinds 10:02"); empty when nobody does.
    pub claimed: String,
    /// Whether the reader holds the claim, and so may record the outcome.
    pub mine: bool,
}

#[derive(Template)]
#[template(path = "callbacks.html")]
struct CallbacksPage {
    layout: Layout,
    w: &'static Words,
    rows: Vec<Row>,
    stats: callbacks::CallbackStats,
    average_delay: String,
    outcomes: Vec<(&'static str, &'static str)>,
    showing_done: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    notice: Option<String>,
    done: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(q): Query<ListQuery>,
) -> Response {
    let layout = Layout::for_session(
        &session,
        "callbacks",
        "/callbacks".into(),
        q.notice.as_deref(),
    );
    let lang = layout.lang();
    let w = if lang == Lang::En { &EN } else { &NL };
    let showing_done = q.done.is_some();
    let statuses: &[&str] = if showing_done {
        &["completed", "failed", "cancelled"]
    } else {
        &["requested", "scheduled"]
    };
    let now = Utc::now();
    let (queue, stats) = match (
        callbacks::list(&state.db, statuses, 500).await,
        callbacks::stats(&state.db, now - Duration::days(30), now).await,
    ) {
        (Ok(queue), Ok(stats)) => (queue, stats),
        (Err(err), _) | (_, Err(err)) => return ApiError::from(err).into_response(),
    };
    let me = session.agent.id;
    let rows = queue
        .into_iter()
        .map(|c| Row {
            mine: c.claimant(now) == Some(me),
            claimed: match (c.claimant(now), &c.claimed_by_name, c.claimed_at) {
                (Some(_), Some(name), Some(at)) => {
                    format!("{name} {} {}", w.calling_since, local_time(layout.t, &at))
                }
                _ => String::new(),
            },
            open: matches!(c.status.as_str(), "requested" | "scheduled"),
            overdue: c.promised_by < now,
            id: c.id,
            customer_id: c.customer_id,
            customer_name: c.customer_name,
            case_id: c.case_id,
            phone: c.phone,
            reason: c.reason.unwrap_or_default(),
            source: terms::callback_source(lang, &c.source).into_owned(),
            status: {
                let status = terms::callback_status(lang, &c.status);
                let outcome = c.outcome.as_deref().and_then(|key| {
                    let index = OUTCOMES.iter().position(|(k, _)| *k == key)?;
                    Some(w.outcomes[index])
                });
                match outcome {
                    Some(outcome) => format!("{status} ({outcome})"),
                    None => status.into_owned(),
                }
            },
            promised_by: local_time(layout.t, &c.promised_by),
            attempts: format!("{}/{}", c.attempts, c.max_attempts),
        })
        .collect();
    let average_delay = stats
        .average_delay_seconds
        .map(|s| format!("{} min", (s / 60.0).round()))
        .unwrap_or_default();
    render(&CallbacksPage {
        outcomes: OUTCOMES
            .iter()
            .map(|(name, _)| *name)
            .zip(w.outcomes)
            .collect(),
        w,
        layout,
        rows,
        stats,
        average_delay,
        showing_done,
    })
}

#[derive(Deserialize)]
pub struct AttemptForm {
    csrf: String,
    outcome: String,
}

pub async fn claim(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let claimed = callbacks::claim(&state.db, id, session.agent.id, &session.actor()).await;
    match claimed {
        Ok(_) => see_other("/callbacks", "callback_claimed"),
        Err(StoreError::Conflict(_)) => see_other("/callbacks", "callback_taken"),
        Err(StoreError::Invalid(_)) => see_other("/callbacks", "invalid_input"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub async fn release(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    match callbacks::release(&state.db, id, session.agent.id).await {
        Ok(_) => see_other("/callbacks", "callback_released"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn attempt(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<i64>,
    Form(form): Form<AttemptForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    match record_attempt(&state, id, &form.outcome, &session.actor()).await {
        Ok(_) => see_other("/callbacks", "callback_recorded"),
        Err(err) if err.status == StatusCode::CONFLICT => see_other("/callbacks", "callback_taken"),
        Err(err) if err.status.is_client_error() && err.status != StatusCode::NOT_FOUND => {
            see_other("/callbacks", "invalid_input")
        }
        Err(err) => err.into_response(),
    }
}
