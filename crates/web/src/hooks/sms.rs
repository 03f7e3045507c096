//! SMS and WhatsApp: `POST /hooks/sms/{inbox}` and `/hooks/whatsapp/{inbox}` take the provider's
//! webhooks (Twilio's form posts, MessageBird's JSON). The signature is checked before anything is
//! read; a bad one is a 401 and nothing is stored. Messages are recorded through intake; delivery
//! reports update the message they are about. A text that is just a callback keyword
//! ("TERUGBELLEN", "BEL MIJ", "CALL ME") becomes a callback request.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use channels::sms::{
    InboundMessage, Provider, ProviderConfig, Webhook, WebhookError, WebhookRequest,
};
use domain::{Channel, IdentityKind, InboxKind};
use serde_json::json;
use store::events::Actor;
use store::interactions::Inbound;

use crate::callbacks::{self, CallbackRequest, Target};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiPath;
use crate::inbound::active_inbox;
use crate::public_address::public_base;
use crate::state::AppState;

const CALLBACK_KEYWORDS: [&str; 5] = ["terugbellen", "bel mij", "bel me", "call me", "callback"];

#[utoipa::path(
    post,
    path = "/sms/{inbox}",
    tag = "sms",
    summary = "Receive an inbound SMS or a delivery status from the provider",
    description = "A Twilio or MessageBird webhook (form-encoded or JSON, as the inbox's provider sends it), checked with the provider's signature: an inbound message or a delivery status.",
    params(
        ("inbox" = i64, Path, minimum = 1, description = "The inbox's id"),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/x-www-form-urlencoded"),
    security(()),
    responses(
        (status = 200, description = "What was recorded", body = ref("#/components/schemas/Object")),
        (status = 400, description = "A body the provider would not send", body = ref("#/components/schemas/Error")),
        (status = 401, description = "Missing or wrong provider signature", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No active inbox of this kind with that id", body = ref("#/components/schemas/Error")),
        (status = 409, description = "The inbox's provider settings are invalid (inbox_misconfigured)", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Not a message or status we can read", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn sms(
    state: State<AppState>,
    path: ApiPath<i64>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    hook(state, path, uri, headers, body, InboxKind::Sms).await
}

#[utoipa::path(
    post,
    path = "/whatsapp/{inbox}",
    tag = "whatsapp",
    summary = "Receive an inbound WhatsApp message or a delivery status from the provider",
    description = "A Twilio or MessageBird webhook (form-encoded or JSON, as the inbox's provider sends it), checked with the provider's signature: an inbound message or a delivery status.",
    params(
        ("inbox" = i64, Path, minimum = 1, description = "The inbox's id"),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/x-www-form-urlencoded"),
    security(()),
    responses(
        (status = 200, description = "What was recorded", body = ref("#/components/schemas/Object")),
        (status = 400, description = "A body the provider would not send", body = ref("#/components/schemas/Error")),
        (status = 401, description = "Missing or wrong provider signature", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No active inbox of this kind with that id", body = ref("#/components/schemas/Error")),
        (status = 409, description = "The inbox's provider settings are invalid (inbox_misconfigured)", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Not a message or status we can read", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn whatsapp(
    state: State<AppState>,
    path: ApiPath<i64>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    hook(state, path, uri, headers, body, InboxKind::Whatsapp).await
}

async fn hook(
    State(state): State<AppState>,
    ApiPath(inbox_id): ApiPath<i64>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
    kind: InboxKind,
) -> ApiResult<Response> {
    let inbox = active_inbox(&state.db, inbox_id, kind).await?;
    let config: ProviderConfig = serde_json::from_value(inbox.settings.0.clone()).map_err(|e| {
        ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::InboxMisconfigured,
            format!("the inbox's provider settings are invalid: {e}"),
        )
    })?;
    let url = public_url(&state, &headers, &uri);
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
        .collect();
    let request = WebhookRequest {
        url: &url,
        query: uri.query().unwrap_or(""),
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        headers: &pairs,
        body: &body,
    };
    let answer = match channels::sms::parse_webhook(&config, &request) {
        Ok(Webhook::Message(message)) => {
            json!({"recorded": receive(&state, &inbox, kind.channel(), message).await?})
        }
        Ok(Webhook::Status(update)) => {
            let changed = store::channels::outbox::report_status(
                &state.db,
                kind.channel(),
                &update.provider_id,
                update.status.as_str(),
                update.status.rank(),
                update.error.as_deref(),
            )
            .await?;
            json!({"status": update.status, "applied": changed})
        }
        Err(WebhookError::BadSignature) => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::BadSignature,
                "the webhook signature is missing or wrong",
            ));
        }
        Err(WebhookError::Malformed(why)) => {
            return Err(ApiError::unprocessable(ErrorCode::InvalidWebhook, why));
        }
        Err(WebhookError::Unsupported) => json!({"ignored": true}),
    };
    // Twilio reads the answer as TwiML: an empty response sends nothing back to the customer.
    Ok(match config.provider {
        Provider::Twilio => (
            [(header::CONTENT_TYPE, "text/xml")],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>",
        )
            .into_response(),
        Provider::MessageBird => axum::Json(answer).into_response(),
    })
}

async fn receive(
    state: &AppState,
    inbox: &store::channels::inboxes::Inbox,
    channel: Channel,
    message: InboundMessage,
) -> ApiResult<store::interactions::Ingested> {
    let from = domain::PhoneE164::parse(&message.from)
        .map_err(|e| ApiError::unprocessable(ErrorCode::InvalidWebhook, e.to_string()))?;
    let body = if message.body.trim().is_empty() && !message.media_urls.is_empty() {
        "(media)".to_string()
    } else {
        message
            .body
            .chars()
            .take(crate::input::MAX_BODY_CHARS)
            .collect()
    };
    let wants_callback = CALLBACK_KEYWORDS.contains(&body.trim().to_lowercase().as_str());
    let mut inbound = Inbound::new(
        channel,
        (IdentityKind::Phone, from.as_str().to_string()),
        body,
    );
    inbound.customer_name = message.profile_name;
    inbound.external_id = Some(message.provider_id);
    inbound.inbox_id = Some(inbox.id);
    if !message.media_urls.is_empty() {
        inbound.details = Some(json!({"media_urls": message.media_urls}));
    }
    let ingested = state.intake.record(inbound, Actor::System).await?;
    if wants_callback && !ingested.duplicate {
        let request = CallbackRequest {
            target: Target::Case(ingested.case_id),
            phone: Some(from.as_str().to_string()),
            reason: None,
            preferred_time: None,
            source: "sms",
        };
        callbacks::request(state, request, &Actor::System).await?;
    }
    Ok(ingested)
}

/// The URL the provider called, as it signed it: our public address and the request's path.
fn public_url(state: &AppState, headers: &HeaderMap, uri: &axum::http::Uri) -> String {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    format!("{}{path}", public_base(state, headers))
}
