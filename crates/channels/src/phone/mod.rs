//! Call events from a PBX or cloud telephony.
//!
//! Telephony systems differ too much to speak each one's dialect, so Klantbeeld takes one small JSON
//! event at `/hooks/phone` (a few lines of glue in any PBX), signed with a shared secret like
//! GitHub's webhooks. The events feed the availability metrics: waiting time, abandonment, callbacks.

mod signature;

use std::fmt;

use chrono::{DateTime, Utc};
use domain::{Email, PhoneE164};
use serde::{Deserialize, Serialize};
use serde_json::Number;

pub use signature::{SIGNATURE_HEADER, sign_body, verify_body};

/// Where a call is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CallState {
    /// The caller is waiting in a queue.
    Queued,
    /// An agent picked up.
    Answered,
    /// The call ended after it was answered.
    Ended,
    /// The caller hung up before anyone answered.
    Abandoned,
}

impl CallState {
    pub fn as_str(self) -> &'static str {
        match self {
            CallState::Queued => "queued",
            CallState::Answered => "answered",
            CallState::Ended => "ended",
            CallState::Abandoned => "abandoned",
        }
    }
}

impl fmt::Display for CallState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One call event, checked and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallEvent {
    /// The PBX's id for the call; all events of one call share it.
    pub call_id: String,
    pub state: CallState,
    /// The caller's number in E.164, or [`ANONYMOUS_CALLER`] for a withheld number.
    pub caller: String,
    pub queue: Option<String>,
    /// The agent who answered, by email, so the PBX needs no Klantbeeld ids.
    pub agent_email: Option<String>,
    pub wait_seconds: Option<u32>,
    pub talk_seconds: Option<u32>,
    /// When it happened by the PBX's clock; absent means "now" to the caller of this function.
    pub occurred_at: Option<DateTime<Utc>>,
    /// The caller chose "call me back" in the IVR instead of waiting.
    pub callback_requested: bool,
}

/// The caller of a call whose number is withheld.
pub const ANONYMOUS_CALLER: &str = "anonymous";

/// What PBXs send for a withheld number.
const WITHHELD: [&str; 6] = [
    "",
    "anonymous",
    "withheld",
    "private",
    "unknown",
    "restricted",
];

impl CallEvent {
    /// Whether the caller withheld their number: the call counts, but nobody can call back.
    pub fn is_anonymous(&self) -> bool {
        self.caller == ANONYMOUS_CALLER
    }
}

/// Why a call event was refused; each names the field, for a 422 the PBX's admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallEventError {
    #[error("the body is not a JSON call event: {0}")]
    Json(String),
    #[error("call_id is missing")]
    MissingCallId,
    #[error("call_id must be at most {MAX_TEXT_CHARS} visible characters")]
    BadCallId,
    #[error("event {0:?} is not one of queued, answered, ended, abandoned")]
    UnknownEvent(String),
    #[error("caller: {0}")]
    BadCaller(String),
    #[error("queue must be at most {MAX_TEXT_CHARS} visible characters")]
    BadQueue,
    #[error("agent: {0}")]
    BadAgent(String),
    #[error("{0} must be a whole number of seconds from 0 to {MAX_SECONDS}")]
    BadSeconds(&'static str),
    #[error("occurred_at {0:?} is not an RFC 3339 time such as 2025-03-01T09:30:00Z")]
    BadTime(String),
}

/// Ids and queue names longer than this are not names but mistakes or abuse.
const MAX_TEXT_CHARS: usize = 200;
/// No wait or talk lasts longer than a day; larger values are a PBX bug we should not average in.
const MAX_SECONDS: u64 = 86_400;

/// The event as sent; unknown fields are ignored so PBX glue can pass extra data.
#[derive(Deserialize)]
struct RawCallEvent {
    call_id: Option<String>,
    event: Option<String>,
    caller: Option<String>,
    queue: Option<String>,
    agent: Option<String>,
    // Numbers are taken as JSON numbers of any kind so that -5 or 1.5 get our message, not serde's.
    wait_seconds: Option<Number>,
    talk_seconds: Option<Number>,
    occurred_at: Option<String>,
    callback_requested: Option<bool>,
}

/// Reads and checks one call event (see the module docs for its JSON form).
pub fn parse_call_event(body: &[u8]) -> Result<CallEvent, CallEventError> {
    let raw: RawCallEvent =
        serde_json::from_slice(body).map_err(|e| CallEventError::Json(e.to_string()))?;
    let call_id = raw
        .call_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or(CallEventError::MissingCallId)?;
    if !short_visible(call_id) {
        return Err(CallEventError::BadCallId);
    }
    let event = raw.event.unwrap_or_default();
    let state = match event.as_str() {
        "queued" => CallState::Queued,
        "answered" => CallState::Answered,
        "ended" => CallState::Ended,
        "abandoned" => CallState::Abandoned,
        _ => {
            return Err(CallEventError::UnknownEvent(
                event.chars().take(40).collect(),
            ));
        }
    };
    let caller = match raw.caller.as_deref().map(str::trim) {
        None => {
            return Err(CallEventError::BadCaller(
                "missing; send \"anonymous\" for a withheld number".into(),
            ));
        }
        Some(withheld) if WITHHELD.contains(&withheld.to_ascii_lowercase().as_str()) => {
            ANONYMOUS_CALLER.to_owned()
        }
        Some(number) => PhoneE164::parse(number)
            .map_err(|e| CallEventError::BadCaller(e.to_string()))?
            .as_str()
            .to_owned(),
    };
    let queue = match raw.queue.as_deref().map(str::trim) {
        Some(queue) if !short_visible(queue) => return Err(CallEventError::BadQueue),
        Some(queue) if !queue.is_empty() => Some(queue.to_owned()),
        _ => None,
    };
    let agent_email = match raw.agent.as_deref().map(str::trim) {
        Some(agent) if !agent.is_empty() => Some(
            Email::parse(agent)
                .map_err(|e| CallEventError::BadAgent(e.to_string()))?
                .as_str()
                .to_owned(),
        ),
        _ => None,
    };
    let occurred_at = match raw.occurred_at {
        Some(text) => Some(
            DateTime::parse_from_rfc3339(text.trim())
                .map_err(|_| CallEventError::BadTime(text.chars().take(40).collect()))?
                .with_timezone(&Utc),
        ),
        None => None,
    };
    Ok(CallEvent {
        call_id: call_id.to_owned(),
        state,
        caller,
        queue,
        agent_email,
        wait_seconds: seconds(raw.wait_seconds, "wait_seconds")?,
        talk_seconds: seconds(raw.talk_seconds, "talk_seconds")?,
        occurred_at,
        callback_requested: raw.callback_requested.unwrap_or(false),
    })
}

fn short_visible(text: &str) -> bool {
    text.chars().count() <= MAX_TEXT_CHARS && !text.chars().any(char::is_control)
}

fn seconds(value: Option<Number>, field: &'static str) -> Result<Option<u32>, CallEventError> {
    value
        .map(|n| {
            n.as_u64()
                .filter(|s| *s <= MAX_SECONDS)
                .and_then(|s| u32::try_from(s).ok())
                .ok_or(CallEventError::BadSeconds(field))
        })
        .transpose()
}
