//! Channel webhooks under `/hooks/{channel}/{inbox_id}`: what outside systems (an MTA, an SMS
//! provider, a PBX) post to us. Each checks the inbox and the caller's signature, then records
//! the contact through intake, so it threads exactly as an API contact would.

pub mod email;
pub mod phone;
pub mod sms;

use axum::http::HeaderMap;
use store::channels::inboxes::Inbox;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::inbound::is_open;

/// The caller must prove it knows the inbox's `webhook_secret`: the body signed with it
/// (`X-Klantbeeld-Signature: sha256=<hex HMAC-SHA256>`) or the secret as a bearer token. Without a
/// secret the hook is closed, unless an admin opened it on purpose (`"open_webhook": true`).
pub fn check_secret(inbox: &Inbox, headers: &HeaderMap, body: &[u8]) -> ApiResult<()> {
    if is_open(inbox) {
        return Ok(());
    }
    let refused =
        |code, message| ApiError::new(axum::http::StatusCode::UNAUTHORIZED, code, message);
    let Some(secret) = inbox.setting("webhook_secret") else {
        return Err(refused(
            ErrorCode::WebhookSecretMissing,
            "this inbox has no webhook secret: set settings.webhook_secret (or open the hook with settings.open_webhook)",
        ));
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let signed = channels::phone::verify_body(secret, body, header("x-klantbeeld-signature"));
    let bearer = header("authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|token| store::secret_matches(token, secret));
    if signed || bearer {
        Ok(())
    } else {
        Err(refused(
            ErrorCode::BadSignature,
            "the request is not signed with this inbox's webhook secret",
        ))
    }
}
