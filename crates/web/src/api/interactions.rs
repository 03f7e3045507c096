//! `POST /api/v1/interactions`: the universal way in for a contact on any channel.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::{Channel, Email, Handle, IdentityKind, PhoneE164};
use serde::Deserialize;
use store::interactions::{Inbound, Ingested};

use super::customers::invalid_identity;
use super::{MAX_BODY_CHARS, parse_enum, required_text};
use crate::auth::{Caller, Work};
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiJson;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct From {
    email: Option<String>,
    phone: Option<String>,
    handle: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostInteraction {
    channel: String,
    from: From,
    body: String,
    subject: Option<String>,
    external_id: Option<String>,
    occurred_at: Option<DateTime<Utc>>,
}

/// Finds or creates the customer, threads into their active case on the channel or opens one.
/// 201 for a new interaction; 200 with the same answer when `(channel, external_id)` was seen.
pub async fn create(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PostInteraction>,
) -> ApiResult<(StatusCode, Json<Ingested>)> {
    let inbound = validate(body)?;
    let ingested = state.intake.record(inbound, caller.actor).await?;
    let status = if ingested.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(ingested)))
}

fn validate(body: PostInteraction) -> ApiResult<Inbound> {
    let channel = parse_enum::<Channel>("channel", &body.channel)?;
    let from = &body.from;
    let identity = if let Some(email) = &from.email {
        (
            IdentityKind::Email,
            Email::parse(email)
                .map_err(invalid_identity)?
                .as_str()
                .to_string(),
        )
    } else if let Some(phone) = &from.phone {
        (
            IdentityKind::Phone,
            PhoneE164::parse(phone)
                .map_err(invalid_identity)?
                .as_str()
                .to_string(),
        )
    } else if let Some(handle) = &from.handle {
        (
            IdentityKind::Handle,
            Handle::parse(handle)
                .map_err(invalid_identity)?
                .as_str()
                .to_string(),
        )
    } else {
        return Err(ApiError::unprocessable(
            "invalid_from",
            "from needs an email, phone or handle",
        ));
    };
    let now = Utc::now();
    if body
        .occurred_at
        .is_some_and(|at| at > now + chrono::Duration::minutes(5))
    {
        return Err(ApiError::unprocessable(
            "invalid_field",
            "occurred_at is in the future",
        ));
    }
    Ok(Inbound {
        channel,
        identity,
        customer_name: from
            .name
            .as_deref()
            .map(|n| required_text("from.name", n, 200))
            .transpose()?,
        subject: body
            .subject
            .as_deref()
            .map(|s| required_text("subject", s, 300))
            .transpose()?,
        body: required_text("body", &body.body, MAX_BODY_CHARS)?,
        external_id: body
            .external_id
            .as_deref()
            .map(|e| required_text("external_id", e, 200))
            .transpose()?,
        occurred_at: body.occurred_at,
    })
}
