//! `POST /api/v1/customers/{id}/conversations`: write to a customer first, by email, SMS or
//! WhatsApp. The answer is the new case; its message waits in the outbox like a reply.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::CustomerId;
use serde::Deserialize;
use store::cases::Case;

use crate::auth::{Caller, Work};
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::outgoing::{ConversationRequest, start_conversation};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartConversation {
    /// `email`, `sms` or `whatsapp`.
    channel: String,
    /// Required for email; for a text the case's subject, by default its first line.
    subject: Option<String>,
    body: String,
}

pub async fn start(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CustomerId>,
    ApiJson(body): ApiJson<StartConversation>,
) -> ApiResult<(StatusCode, Json<Case>)> {
    let request = ConversationRequest {
        customer_id: id.0,
        channel: &body.channel,
        subject: body.subject.as_deref(),
        body: &body.body,
        agent: caller.owner,
    };
    let case = start_conversation(&state, request, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(case)))
}
