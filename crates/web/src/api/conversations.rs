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

#[utoipa::path(
    post,
    path = "/customers/{id}/conversations",
    tag = "customers",
    summary = "Write to a customer first: a new case (pending, assigned to the token's agent) whose outbound first message is queued like a reply; an email gets the agent's and the inbox's signature in the customer's language",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/ConversationCreate"), content_type = "application/json"),
    responses(
        (status = 201, description = "The new case", body = ref("#/components/schemas/Case")),
        (status = 400, description = "A subject with a line break (header_injection)", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field (an email without subject, another channel, an empty or too long body), or no_address: the customer has no address on that channel", body = ref("#/components/schemas/Error")),
    ),
)]
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
