//! `/customers`: find a customer; `/customers/{id}`: identities, attributes, the full
//! cross-channel timeline and the customer's cases.

use std::borrow::Cow;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::{CustomerId, Email, PhoneE164};
use serde::Deserialize;
use serde_json::Value;
use store::Cursor;
use store::cases::CaseFilter;
use store::customers::CustomerFilter;

use super::case::MessageView;
use super::i18n::Lang;
use super::inbox::CaseRow;
use super::{Layout, format, local_time, render, see_other, terms};
use crate::auth::scope::scope;
use crate::auth::session::{Session, urlencode};
use crate::auth::{Read, Work};
use crate::error::ApiError;
use crate::state::AppState;

pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub identities: String,
    pub segment: String,
}

#[derive(Template)]
#[template(path = "customers.html")]
struct CustomersPage {
    layout: Layout,
    q: String,
    rows: Vec<CustomerRow>,
    next_href: Option<String>,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    cursor: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let layout = Layout::for_session(
        &session,
        "customers",
        format!("/customers?q={}", urlencode(&query.q)),
        None,
    );
    let q = query.q.trim();
    let filter = if q.contains('@') {
        CustomerFilter {
            email: Some(
                Email::parse(q)
                    .map(|e| e.as_str().to_string())
                    .unwrap_or_else(|_| q.to_lowercase()),
            ),
            ..Default::default()
        }
    } else if let Ok(phone) = PhoneE164::parse(q) {
        CustomerFilter {
            phone: Some(phone.as_str().to_string()),
            ..Default::default()
        }
    } else {
        CustomerFilter {
            name: Some(q.to_string()).filter(|n| !n.is_empty()),
            ..Default::default()
        }
    };
    let cursor = query.cursor.as_deref().and_then(Cursor::decode);
    let page = match store::customers::list(&state.db, &filter, cursor, 50).await {
        Ok(page) => page,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let rows = page
        .items
        .iter()
        .map(|c| CustomerRow {
            id: c.id,
            name: c.name.clone(),
            identities: c
                .identities
                .iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            segment: c
                .attributes
                .0
                .get("segment")
                .map(attribute_text)
                .unwrap_or_default(),
        })
        .collect();
    render(&CustomersPage {
        layout,
        next_href: page
            .next_cursor
            .map(|c| format!("/customers?q={}&cursor={c}", urlencode(q))),
        q: q.to_string(),
        rows,
    })
}

fn attribute_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An attribute's value for the page: a date in the page's way, a number with its decimal mark.
fn attribute_shown(lang: Lang, value: &Value) -> String {
    match value {
        Value::String(s) => match s.parse::<NaiveDate>() {
            Ok(day) => format::date(lang, day),
            Err(_) => s.clone(),
        },
        Value::Number(n) if n.is_f64() => n
            .as_f64()
            .map_or_else(|| n.to_string(), |v| format::number(lang, v, 2)),
        Value::Bool(yes) => lang.texts().yes_no(*yes).into(),
        other => attribute_text(other),
    }
}

#[derive(Template)]
#[template(path = "customer.html")]
struct CustomerPage {
    layout: Layout,
    name: String,
    language: String,
    since: String,
    identities: Vec<(String, String)>,
    attributes: Vec<(String, String)>,
    timeline: Vec<MessageView>,
    next_href: Option<String>,
    cases: Vec<CaseRow>,
    /// Every survey invitation: when, which survey, what came of it and why.
    surveys: Vec<String>,
    id: i64,
    /// Probable duplicates: `(id, name, what matched)`.
    duplicates: Vec<(i64, String, String)>,
    claims: Vec<ClaimView>,
    /// Whether the reader may write to the customer (not an analyst).
    can_write: bool,
    /// Each relationship: "1 jan 2024 – 15 jan 2025 · Prijs (te duur)", newest first.
    relationships: Vec<String>,
    /// The churn-risk model's score ("34 %") and its reasons, while the customer is active.
    risk: Option<(String, Vec<String>)>,
}

/// An address or number a chat visitor gave: proven or not, and whose it is.
struct ClaimView {
    kind: String,
    value: String,
    verified: bool,
    /// Another customer who has it.
    owner: Option<i64>,
}

#[derive(Deserialize)]
pub struct TimelineQuery {
    cursor: Option<String>,
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<CustomerId>,
    Query(query): Query<TimelineQuery>,
) -> Response {
    match build(&state, &session, id, &query).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session<Read>,
    id: CustomerId,
    query: &TimelineQuery,
) -> Result<CustomerPage, ApiError> {
    let cursor = query.cursor.as_deref();
    let layout = Layout::for_session(
        session,
        "customers",
        format!("/customers/{id}"),
        query.notice.as_deref(),
    );
    let t = layout.t;
    let lang = layout.lang();
    let customer = store::customers::get(&state.db, id.0).await?;
    let visible_to = scope(state, session).await?;
    let timeline = store::interactions::timeline(
        &state.db,
        id.0,
        cursor.and_then(Cursor::decode),
        50,
        visible_to.as_ref(),
    )
    .await?;
    let filter = CaseFilter {
        customer_id: Some(id.0),
        visible_to,
        ..CaseFilter::default()
    };
    let cases = store::cases::list(&state.db, &filter, None, 50).await?;
    let invitation_filter = store::surveys::invitations::InvitationFilter {
        customer_id: Some(id.0),
        ..Default::default()
    };
    let invitations = store::surveys::invitations::list(&state.db, &invitation_filter).await?;
    let duplicates = store::duplicates::of_customer(&state.db, id.0).await?;
    let claims = claim_views(state, id.0).await?;
    let relationships = relationship_lines(state, lang, id.0).await?;
    let risk = risk_of(state, lang, id.0).await?;
    let attributes = match &customer.attributes.0 {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                (
                    terms::attribute(lang, k).into_owned(),
                    attribute_shown(lang, v),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(CustomerPage {
        language: customer
            .language
            .as_deref()
            .map(|code| match Lang::from_code(code) {
                Some(known) => t.language_name(known).to_string(),
                None => code.to_string(),
            })
            .unwrap_or_default(),
        since: local_time(t, &customer.created_at),
        identities: customer
            .identities
            .iter()
            .map(|i| (i.kind.clone(), i.value.clone()))
            .collect(),
        attributes,
        timeline: timeline
            .items
            .iter()
            .map(|i| MessageView::new(i, &customer.name, t))
            .collect(),
        next_href: timeline
            .next_cursor
            .map(|c| format!("/customers/{id}?cursor={c}")),
        cases: cases.items.iter().map(|c| CaseRow::new(c, t)).collect(),
        surveys: invitations
            .iter()
            .take(20)
            .map(|i| {
                let answer = [i.score.map(|s| s.to_string()), i.comment.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let channel = i
                    .channel
                    .as_deref()
                    .map_or(Cow::Borrowed("-"), |c| terms::channel(lang, c));
                format!(
                    "{} {} ({channel}): {} / {}{}",
                    local_time(t, &i.created_at),
                    i.survey_name,
                    terms::invitation_status(lang, &i.status),
                    terms::invitation_reason(lang, &i.reason),
                    if answer.is_empty() {
                        String::new()
                    } else {
                        format!(" · {answer}")
                    }
                )
            })
            .collect(),
        id: id.0,
        duplicates: duplicates
            .into_iter()
            .map(|d| (d.customer_id, d.name, d.reasons.join(", ")))
            .collect(),
        claims,
        can_write: session.agent.role.can(domain::Capability::Work),
        relationships,
        risk,
        name: customer.name,
        layout,
    })
}

async fn claim_views(state: &AppState, customer_id: i64) -> Result<Vec<ClaimView>, ApiError> {
    let mut views: Vec<ClaimView> = Vec::new();
    for claim in store::identity_claims::of_customer(&state.db, customer_id).await? {
        if let Some(seen) = views
            .iter_mut()
            .find(|v| v.kind == claim.kind && v.value == claim.value)
        {
            seen.verified |= claim.verified_at.is_some();
            continue;
        }
        let kind = match claim.kind.as_str() {
            "email" => domain::IdentityKind::Email,
            _ => domain::IdentityKind::Phone,
        };
        let owner = store::linking::owner_of(&state.db, kind, &claim.value)
            .await?
            .filter(|owner| *owner != customer_id);
        views.push(ClaimView {
            verified: claim.verified_at.is_some(),
            kind: claim.kind,
            value: claim.value,
            owner,
        });
    }
    Ok(views)
}

#[derive(Deserialize)]
pub struct MergeForm {
    csrf: String,
    /// The customer that becomes part of this one.
    from: String,
}

/// Merges a probable duplicate into the customer whose page this is.
pub async fn merge(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CustomerId>,
    Form(form): Form<MergeForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = format!("/customers/{id}");
    let Ok(from) = form.from.trim().parse::<i64>() else {
        return see_other(&back, "invalid_input");
    };
    match store::linking::merge_customers(&state.db, from, id.0, &session.actor()).await {
        Ok(()) => see_other(&back, "merged"),
        Err(store::StoreError::Invalid(_)) => see_other(&back, "invalid_input"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

/// The customer's relationships in words, newest first, with the end's reason in `lang`.
async fn relationship_lines(
    state: &AppState,
    lang: Lang,
    id: i64,
) -> Result<Vec<String>, ApiError> {
    let t = lang.texts();
    let reasons = store::relationships::reasons(&state.db).await?;
    let relationships = store::relationships::of_customer(&state.db, id).await?;
    Ok(relationships
        .iter()
        .rev()
        .map(|relationship| {
            let end = relationship
                .ended_at
                .map_or_else(|| t.relationship_open.to_owned(), |at| local_time(t, &at));
            let reason = relationship.end_reason.as_deref().map(|code| {
                reasons.iter().find(|reason| reason.code == code).map_or(
                    code,
                    |reason| match lang {
                        Lang::En => reason.label_en.as_str(),
                        Lang::Nl => reason.label_nl.as_str(),
                    },
                )
            });
            let note = relationship.end_note.as_deref();
            let why = match (reason, note) {
                (Some(reason), Some(note)) => format!(" · {reason} ({note})"),
                (Some(reason), None) => format!(" · {reason}"),
                (None, Some(note)) => format!(" · {note}"),
                (None, None) => String::new(),
            };
            format!("{} – {end}{why}", local_time(t, &relationship.started_at))
        })
        .collect())
}

/// The customer's current churn risk, when a model exists and they are active.
async fn risk_of(
    state: &AppState,
    lang: Lang,
    id: i64,
) -> Result<Option<(String, Vec<String>)>, ApiError> {
    let Some(fitted) = state.churn_risk.current() else {
        return Ok(None);
    };
    if !state.facts.is_loaded() {
        return Ok(None);
    }
    let risk = crate::metric_answers::on_facts(state, move |store| {
        store.churn_risk_of(
            &fitted.model,
            &crate::churn_risk::window(chrono::Utc::now()),
            id,
            3,
        )
    })
    .await?;
    Ok(risk.map(|risk| {
        (
            format::percent(lang, 100.0 * risk.score),
            risk.reasons
                .iter()
                .map(|reason| crate::churn::shown_reason(reason, lang == Lang::Nl).text)
                .collect(),
        )
    }))
}
