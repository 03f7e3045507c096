//! `POST /api/v1/interactions`: the universal way in for a contact on any channel.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::{Channel, Email, Handle, IdentityKind, PhoneE164, Stars};
use serde::Deserialize;
use serde_json::{Value, json};
use store::interactions::{Inbound, Ingested};

use crate::auth::{Caller, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiJson;
use crate::input::invalid_identity;
use crate::input::{MAX_BODY_CHARS, parse_enum, required_text};
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
    /// A review's stars, 1 to 5.
    rating: Option<i64>,
    /// Where a review or social post was published ("google", "trustpilot", "x").
    source: Option<String>,
}

/// Finds or creates the customer, threads into their active case on the channel or opens one.
/// 201 for a new interaction; 200 with the same answer when `(channel, external_id)` was seen.
#[utoipa::path(
    post,
    path = "/interactions",
    tag = "interactions",
    summary = "Record a contact on any channel",
    description = "Finds or creates the customer by identity, threads into the customer's active case on that channel or opens a new one. Idempotent on (channel, external_id): a repeat answers 200 with the first answer.",
    request_body(content = ref("#/components/schemas/InteractionCreate"), content_type = "application/json"),
    responses(
        (status = 200, description = "Already recorded", body = ref("#/components/schemas/Ingested")),
        (status = 201, description = "Recorded", body = ref("#/components/schemas/Ingested")),
        (status = 400, description = "Malformed JSON", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 413, description = "Body too large", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field, email or phone", body = ref("#/components/schemas/Error")),
    ),
)]
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
            ErrorCode::InvalidFrom,
            "from needs an email, phone or handle",
        ));
    };
    let now = Utc::now();
    if body
        .occurred_at
        .is_some_and(|at| at > now + chrono::Duration::minutes(5))
    {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "occurred_at is in the future",
        ));
    }
    let mut inbound = Inbound::new(
        channel,
        identity,
        required_text("body", &body.body, MAX_BODY_CHARS)?,
    );
    inbound.customer_name = from
        .name
        .as_deref()
        .map(|n| required_text("from.name", n, 200))
        .transpose()?;
    inbound.subject = body
        .subject
        .as_deref()
        .map(|s| required_text("subject", s, 300))
        .transpose()?;
    inbound.external_id = body
        .external_id
        .as_deref()
        .map(|e| required_text("external_id", e, 200))
        .transpose()?;
    inbound.occurred_at = body.occurred_at;
    let (rating, details) = review_details(channel, body.rating, body.source.as_deref())?;
    inbound.rating = rating;
    inbound.details = details;
    Ok(inbound)
}

/// A review carries its star rating (1 to 5) and where it was posted; social posts may name
/// their source. Other channels take neither. The rating is what intake decides a review's
/// follow-up by (a low one is followed up in the same transaction); the details are stored with
/// the interaction for display.
fn review_details(
    channel: Channel,
    rating: Option<i64>,
    source: Option<&str>,
) -> ApiResult<(Option<Stars>, Option<Value>)> {
    let source = source
        .map(|s| required_text("source", s, 100))
        .transpose()?;
    match (channel, rating.map(Stars::new)) {
        (Channel::Review, Some(Ok(stars))) => Ok((
            Some(stars),
            Some(json!({"rating": stars, "source": source})),
        )),
        (Channel::Review, Some(Err(_))) => Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "rating must be a whole number of stars from 1 to 5",
        )),
        (Channel::Review, None) => Err(ApiError::unprocessable(
            ErrorCode::MissingField,
            "a review needs a rating from 1 to 5",
        )),
        (_, Some(_)) => Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "only reviews have a rating",
        )),
        (Channel::Social, None) => Ok((None, source.map(|source| json!({"source": source})))),
        (_, None) if source.is_some() => Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "only reviews and social posts have a source",
        )),
        (_, None) => Ok((None, None)),
    }
}

/// Most lines one bulk request may carry.
pub const MAX_BULK_LINES: usize = 10_000;
/// Largest bulk body, in bytes.
pub const MAX_BULK_BYTES: usize = 16 * 1024 * 1024;

/// `POST /api/v1/interactions:bulk`: NDJSON, one interaction per line, for imports from other
/// systems. Every line is checked first; if any is bad, the answer lists them by line number and
/// nothing is written. Otherwise all lines are written in one transaction, in order.
#[utoipa::path(
    post,
    path = "/interactions:bulk",
    tag = "interactions",
    summary = "Record many contacts from NDJSON, one interaction per line",
    description = "Every line is checked first; if any is invalid the answer (422 invalid_lines) lists them by line number in details and nothing is written. Otherwise all lines are written in one transaction, in order; a line whose (channel, external_id) was seen is reported as a duplicate. At most 10,000 lines and 16 MiB.",
    request_body(content = String, content_type = "application/x-ndjson"),
    responses(
        (status = 200, description = "One result per line", body = ref("#/components/schemas/InteractionsBulkAnswer")),
        (status = 400, description = "Not UTF-8", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 413, description = "Too many lines or bytes", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid lines, listed in details", body = ref("#/components/schemas/Error")),
        (status = 503, description = "Overloaded; retry after Retry-After seconds", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn bulk(
    caller: Caller<Work>,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            format!("a bulk request carries at most {MAX_BULK_BYTES} bytes; split the file"),
        ),
        _ => ApiError::bad_request(ErrorCode::UnreadableBody, rejection.body_text()),
    })?;
    let text = std::str::from_utf8(&body).map_err(|err| {
        ApiError::bad_request(
            ErrorCode::InvalidUtf8,
            format!("the body is not UTF-8: {err}"),
        )
    })?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return Err(ApiError::unprocessable(
            ErrorCode::EmptyBody,
            "send one JSON interaction per line",
        ));
    }
    if lines.len() > MAX_BULK_LINES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooManyLines,
            format!("a bulk request carries at most {MAX_BULK_LINES} lines; split the file"),
        ));
    }
    let mut contacts = Vec::with_capacity(lines.len());
    let mut problems = Vec::new();
    for (number, line) in &lines {
        let parsed = serde_json::from_str::<PostInteraction>(line)
            .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidLine, err.to_string()))
            .and_then(validate);
        match parsed {
            Ok(inbound) => contacts.push(inbound),
            Err(err) if problems.len() < 100 => {
                problems.push(json!({"line": number, "error": err.code, "message": err.message}))
            }
            Err(_) => {}
        }
    }
    if !problems.is_empty() {
        let message = format!(
            "{} line(s) are invalid; nothing was written",
            problems.len()
        );
        return Err(
            ApiError::unprocessable(ErrorCode::InvalidLines, message).with_details(json!(problems))
        );
    }
    let results = state.intake.record_all(contacts, caller.actor).await?;
    let recorded = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|d| !d.duplicate))
        .count();
    let duplicates = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|d| d.duplicate))
        .count();
    let failed = results.len() - recorded - duplicates;
    let items: Vec<Value> = lines
        .iter()
        .zip(results)
        .map(|((number, _), result)| match result {
            Ok(done) => json!({"line": number, "interaction_id": done.interaction_id, "case_id": done.case_id,
                "customer_id": done.customer_id, "duplicate": done.duplicate}),
            Err(err) => {
                let err = ApiError::from(err);
                json!({"line": number, "error": err.code, "message": err.message})
            }
        })
        .collect();
    Ok(Json(
        json!({"recorded": recorded, "duplicates": duplicates, "failed": failed, "items": items}),
    ))
}
