//! `/customers/{id}/conversations/new`: write to a customer first. The channels offered are the
//! ones the customer has an address for; the message is queued like a reply, and the new case
//! opens.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::{Channel, CustomerId};
use serde::Deserialize;

use super::inbox::Choice;
use super::{Layout, render, see_other};
use crate::auth::Work;
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorCode};
use crate::outgoing::{ConversationRequest, MAX_SUBJECT_CHARS, start_conversation};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "conversation.html")]
struct ConversationPage {
    layout: Layout,
    customer_id: i64,
    customer_name: String,
    /// One per channel the customer can be written on, with the address: email first.
    channels: Vec<Choice>,
    signature: String,
    max_subject: usize,
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CustomerId>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    match build(&state, &session, id, query.notice.as_deref()).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

async fn build(
    state: &AppState,
    session: &Session<Work>,
    id: CustomerId,
    notice: Option<&str>,
) -> Result<ConversationPage, ApiError> {
    let layout = Layout::for_session(
        session,
        "customers",
        format!("/customers/{id}/conversations/new"),
        notice,
    );
    let customer = store::customers::get(&state.db, id.0).await?;
    let routes = store::reply_routes::of_customer(&state.db, id.0, &state.reach()).await?;
    let mut channels: Vec<Choice> = Vec::new();
    for channel in [Channel::Email, Channel::Sms, Channel::Whatsapp] {
        if let Some(route) = routes.iter().find(|r| r.route.channel == channel) {
            channels.push(Choice {
                value: channel.as_str().to_string(),
                label: format!("{} ({})", layout.t.channel(&channel), route.route.address),
                selected: channels.is_empty(),
            });
        }
    }
    let signature = match routes.iter().find(|r| r.route.channel == Channel::Email) {
        Some(email) => {
            crate::outgoing::signature(state, Some(session.agent.id), &email.route, id.0)
                .await?
                .unwrap_or_default()
        }
        None => String::new(),
    };
    Ok(ConversationPage {
        layout,
        customer_id: id.0,
        customer_name: customer.name,
        channels,
        signature,
        max_subject: MAX_SUBJECT_CHARS,
    })
}

#[derive(Deserialize)]
pub struct StartForm {
    csrf: String,
    channel: String,
    #[serde(default)]
    subject: String,
    body: String,
}

pub async fn submit(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CustomerId>,
    Form(form): Form<StartForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = format!("/customers/{id}/conversations/new");
    let request = ConversationRequest {
        customer_id: id.0,
        channel: &form.channel,
        subject: Some(form.subject.as_str()),
        body: &form.body,
        agent: Some(session.agent.id),
    };
    match start_conversation(&state, request, &session.actor()).await {
        Ok(case) => see_other(&format!("/cases/{}", case.id), "conversation_started"),
        Err(err) => match err.code {
            ErrorCode::NoAddress => see_other(&back, "no_address"),
            ErrorCode::InvalidField if err.message.starts_with("subject") => {
                see_other(&back, "subject_required")
            }
            ErrorCode::InvalidField => see_other(&back, "empty_message"),
            _ => err.into_response(),
        },
    }
}
