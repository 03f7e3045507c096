//! Email in: `POST /hooks/email/{inbox}` with a raw RFC 5322 message (from an MTA's pipe or a
//! forwarding service), taken in by [`crate::email_intake`] as the IMAP poller's messages are.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use domain::InboxKind;
use serde_json::{Value, json};

use super::check_secret;
use crate::email_intake::Received;
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::inbound::active_inbox;
use crate::state::AppState;

#[utoipa::path(
    post,
    path = "/email/{inbox}",
    tag = "email",
    summary = "Receive one email: a raw RFC 5322 message, from an MTA's pipe or a forwarding service",
    description = "Threads on In-Reply-To/References or a [#n] subject tag, else the sender's active email case or a new one. Idempotent on Message-ID; mail sent by a machine (auto-reply, bulk, bounce) is ignored (202). The caller proves it knows the inbox's webhook_secret: the body signed with it (X-Klantbeeld-Signature: sha256=<hex HMAC-SHA256>) or the secret as a bearer token; without a secret the hook is closed unless the inbox has open_webhook.",
    params(
        ("inbox" = i64, Path, minimum = 1, description = "The inbox's id"),
    ),
    request_body(content = String, content_type = "message/rfc822"),
    security(()),
    responses(
        (status = 200, description = "Already recorded", body = ref("#/components/schemas/Ingested")),
        (status = 201, description = "Recorded", body = ref("#/components/schemas/Ingested")),
        (status = 202, description = "Ignored: {ignored, reason}", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Not a message", body = ref("#/components/schemas/Error")),
        (status = 401, description = "Missing or wrong signature or secret", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No active inbox of this kind with that id", body = ref("#/components/schemas/Error")),
        (status = 413, description = "Body too large", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Not a message we can read", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn hook(
    State(state): State<AppState>,
    ApiPath(inbox_id): ApiPath<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let inbox = active_inbox(&state.db, inbox_id, InboxKind::Email).await?;
    check_secret(&inbox, &headers, &body)?;
    match state.email.receive(&inbox, &body).await? {
        Received::Recorded(ingested) if ingested.duplicate => {
            Ok((StatusCode::OK, Json(json!(ingested))))
        }
        Received::Recorded(ingested) => Ok((StatusCode::CREATED, Json(json!(ingested)))),
        Received::Ignored(reason) => Ok((
            StatusCode::ACCEPTED,
            Json(json!({"ignored": true, "reason": reason})),
        )),
    }
}
