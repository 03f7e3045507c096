//! Phone: `POST /hooks/phone/{inbox}` takes call events from a PBX or cloud telephony (queued,
//! answered, ended, abandoned). The first event of a call puts it on the caller's timeline; every
//! event updates the call's facts. An abandoned call after a real wait, or a caller who asked for
//! it in the IVR, becomes a callback request.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use channels::phone::{CallEvent, CallState};
use chrono::Utc;
use domain::{CallLine, Channel, IdentityKind, InboxKind, Language};
use serde_json::{Value, json};
use store::channels::calls::{self, Call, CallUpdate};
use store::events::Actor;
use store::interactions::Inbound;

use super::check_secret;
use crate::callbacks::{self, CallbackRequest, Target};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::ApiPath;
use crate::inbound::{active_inbox, plausible_time};
use crate::state::AppState;

/// Abandons shorter than this are misdials, not lost customers (as in the availability metric).
const SHORT_ABANDON_SECONDS: i64 = 5;
/// An abandoned caller who waited at least this long is called back, unless the inbox says otherwise.
const DEFAULT_CALLBACK_AFTER_WAIT: i64 = 30;

#[utoipa::path(
    post,
    path = "/phone/{inbox}",
    tag = "phone",
    summary = "Receive a call event from a PBX or cloud telephony (queued, answered, ended, abandoned)",
    description = "The first event of a call puts it on the caller's timeline; every event updates the call's facts. An abandoned call after a real wait, or a caller who asked for it in the IVR, becomes a callback request. The caller proves it knows the inbox's webhook_secret: the body signed with it (X-Klantbeeld-Signature: sha256=<hex HMAC-SHA256>) or the secret as a bearer token; without a secret the hook is closed unless the inbox has open_webhook.",
    params(
        ("inbox" = i64, Path, minimum = 1, description = "The inbox's id"),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    security(()),
    responses(
        (status = 200, description = "Recorded", body = ref("#/components/schemas/Object")),
        (status = 401, description = "Missing or wrong signature or secret", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No active inbox of this kind with that id", body = ref("#/components/schemas/Error")),
        (status = 413, description = "Body too large", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Not a call event (invalid_call_event)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn hook(
    State(state): State<AppState>,
    ApiPath(inbox_id): ApiPath<i64>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let inbox = active_inbox(&state.db, inbox_id, InboxKind::Phone).await?;
    check_secret(&inbox, &headers, &body)?;
    let event = channels::phone::parse_call_event(&body)
        .map_err(|err| ApiError::unprocessable(ErrorCode::InvalidCallEvent, err.to_string()))?;
    let agent_id = match &event.agent_email {
        Some(email) => store::agents::find_by_email(&state.db, email)
            .await?
            .map(|agent| agent.id),
        None => None,
    };
    let language = store::organisation::language(&state.db).await?;
    let now = Utc::now();
    let at = event
        .occurred_at
        .filter(|at| plausible_time(at, now))
        .unwrap_or(now);
    // Withheld numbers share one customer per inbox: the calls count, nobody can be called back.
    let identity = if event.is_anonymous() {
        (
            IdentityKind::External,
            format!("anonymous-caller:{}", inbox.id),
        )
    } else {
        (IdentityKind::Phone, event.caller.clone())
    };
    let mut inbound = Inbound::new(Channel::Phone, identity, language.call_from(&event.caller));
    if event.is_anonymous() {
        inbound.customer_name = Some(language.anonymous_caller().into());
    }
    inbound.external_id = Some(format!("call:{}:{}", inbox.id, event.call_id));
    inbound.inbox_id = Some(inbox.id);
    inbound.occurred_at = Some(at);
    let ingested = state.intake.record(inbound, Actor::System).await?;
    let update = CallUpdate {
        inbox_id: inbox.id,
        call_id: &event.call_id,
        state: event.state.as_str(),
        caller: &event.caller,
        queue: event.queue.as_deref(),
        agent_id,
        wait_seconds: event.wait_seconds.map(i64::from),
        talk_seconds: event.talk_seconds.map(i64::from),
        at,
    };
    let call = calls::record(&state.db, &ingested, &update, |call| {
        summary(language, call)
    })
    .await?;
    let callback = if wants_callback(&inbox.settings, &event, &call) {
        let request = CallbackRequest {
            target: Target::Case(call.case_id),
            phone: Some(call.caller.clone()),
            reason: Some(match event.state {
                CallState::Abandoned => {
                    language.hung_up_after_waiting(call.wait_seconds.unwrap_or(0))
                }
                _ => language.asked_to_be_called_back().to_string(),
            }),
            preferred_time: None,
            source: "call",
        };
        Some(
            callbacks::request(&state, request, &Actor::System)
                .await?
                .id,
        )
    } else {
        None
    };
    Ok((
        StatusCode::OK,
        Json(json!({"call": call, "callback_id": callback})),
    ))
}

fn wants_callback(settings: &Value, event: &CallEvent, call: &Call) -> bool {
    if event.is_anonymous() {
        return false;
    }
    if event.callback_requested {
        return true;
    }
    let on_abandon = settings
        .get("callback_on_abandon")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let after_wait = settings
        .get("callback_after_wait_seconds")
        .and_then(Value::as_i64)
        .unwrap_or(DEFAULT_CALLBACK_AFTER_WAIT)
        .max(SHORT_ABANDON_SECONDS);
    on_abandon
        && event.state == CallState::Abandoned
        && call.wait_seconds.unwrap_or(0) >= after_wait
}

/// The call's line on the timeline.
fn summary(language: Language, call: &Call) -> String {
    let wait = call.wait_seconds.map(duration).unwrap_or_default();
    let talk = call.talk_seconds.map(duration).unwrap_or_default();
    language.call_line(CallLine {
        state: &call.state,
        caller: &call.caller,
        queue: call.queue.as_deref(),
        wait: &wait,
        talk: &talk,
    })
}

fn duration(seconds: i64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {} s", seconds / 60, seconds % 60)
    }
}
