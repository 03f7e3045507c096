//! `POST /api/v1/events`: business events from the systems around Klantbeeld (an order placed or
//! delivered, onboarding completed, a subscription renewed or cancelled with its reason). They go
//! on the event log with the customer, where survey triggers and churn analysis find them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::{Email, IdentityKind, PhoneE164};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use store::linking;

use crate::auth::{Caller, Work};
use crate::business_events::is_business_event;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiJson;
use crate::input::required_text;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerRef {
    email: Option<String>,
    phone: Option<String>,
    external_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostEvent {
    kind: String,
    customer_id: Option<i64>,
    customer: Option<CustomerRef>,
    occurred_at: Option<DateTime<Utc>>,
    reason: Option<String>,
    /// A cancellation's reason in the customer's own words, beside a coded `reason`.
    note: Option<String>,
    #[serde(default)]
    data: Map<String, Value>,
}

async fn customer_of(state: &AppState, body: &PostEvent) -> ApiResult<i64> {
    let missing = || {
        ApiError::unprocessable(
            ErrorCode::MissingField,
            "give customer_id or customer {email | phone | external_id}",
        )
    };
    let not_found = || ApiError::not_found(ErrorCode::CustomerNotFound, "no customer matches");
    if let Some(id) = body.customer_id {
        let customer = store::customers::get(&state.db, id).await?;
        return Ok(customer.merged_into.unwrap_or(customer.id));
    }
    let reference = body.customer.as_ref().ok_or_else(missing)?;
    let (kind, value) = match (&reference.email, &reference.phone, &reference.external_id) {
        (Some(email), _, _) => (
            IdentityKind::Email,
            Email::parse(email)
                .map_err(|e| {
                    ApiError::unprocessable(ErrorCode::InvalidField, format!("customer.email: {e}"))
                })?
                .as_str()
                .to_string(),
        ),
        (None, Some(phone), _) => (
            IdentityKind::Phone,
            PhoneE164::parse(phone)
                .map_err(|e| {
                    ApiError::unprocessable(ErrorCode::InvalidField, format!("customer.phone: {e}"))
                })?
                .as_str()
                .to_string(),
        ),
        (None, None, Some(external)) => (
            IdentityKind::External,
            required_text("customer.external_id", external, 200)?,
        ),
        (None, None, None) => return Err(missing()),
    };
    linking::owner_of(&state.db, kind, &value)
        .await?
        .ok_or_else(not_found)
}

#[utoipa::path(
    post,
    path = "/events",
    tag = "events",
    summary = "A business event: {kind, customer_id | customer: {email | phone | external_id}, occurred_at?, reason? (required for subscription.cancelled: a code of /api/v1/churn/reasons, or the customer's words, kept as the note with code other), note?, data?}. subscription.started and .renewed open the customer's relationship when none is open; subscription.cancelled ends it at occurred_at",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "Recorded with its seq", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such customer", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Reserved or malformed kind, missing reason", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PostEvent>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    if !is_business_event(&body.kind) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "kind must be a business event like order.delivered or subscription.cancelled (lower case, area.what)",
        ));
    }
    let reason = body
        .reason
        .as_deref()
        .map(|r| required_text("reason", r, 500))
        .transpose()?;
    if body.kind == "subscription.cancelled" && reason.is_none() {
        return Err(ApiError::unprocessable(
            ErrorCode::MissingField,
            "a cancellation needs its reason",
        ));
    }
    if serde_json::to_string(&body.data).map_or(0, |text| text.len()) > 16_384 {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "data is larger than 16 KiB",
        ));
    }
    let note = body
        .note
        .as_deref()
        .map(|n| required_text("note", n, store::relationships::MAX_NOTE_CHARS))
        .transpose()?;
    let customer_id = customer_of(&state, &body).await?;
    let occurred_at = body.occurred_at.unwrap_or_else(Utc::now);
    let payload =
        json!({"occurred_at": occurred_at, "reason": reason, "note": note, "data": body.data});
    let event = store::events::BusinessEvent {
        kind: &body.kind,
        customer_id,
        occurred_at,
        reason: reason.as_deref(),
        note: note.as_deref(),
        payload: &payload,
    };
    let seq = store::events::record_business(&state.db, &event, &caller.actor).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"seq": seq, "kind": body.kind, "customer_id": customer_id, "occurred_at": occurred_at, "reason": reason}),
        ),
    ))
}
