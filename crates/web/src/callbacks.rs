//! Asking for a callback, from wherever the customer is: an abandoned call, the chat widget, an SMS
//! keyword, the public callback form, an agent or the API. Each request lands on a case (the one
//! it came from, or the caller's phone case), waits in one queue, and the customer is told by SMS
//! or email when to expect the call. Agents record each attempt with one of [`OUTCOMES`].

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Amsterdam;
use domain::{Channel, Direction, IdentityKind, InboxKind, PhoneE164};
use store::channels::callbacks::{self, Attempt, Callback, NewCallback};
use store::channels::inboxes;
use store::events::Actor;
use store::interactions::{self, Inbound, NewMessage, Route};
use store::linking;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::input::invalid_identity;
use crate::state::AppState;

/// Who wants the callback.
#[derive(Debug, Clone)]
pub enum Target {
    /// The customer on this case (chat, a call, an agent working the case).
    Case(i64),
    /// A known customer.
    Customer(i64),
    /// Whoever has the given phone number (created if new, with this name when given).
    Phone { name: Option<String> },
}

/// A callback further ahead than this is a typo or an attack (year 9999), not a plan.
const MAX_DAYS_AHEAD: i64 = 60;
/// Requests for one number per day from the public form and the chat: each sends a text.
pub const PER_NUMBER_PER_DAY: i64 = 3;
/// Where a request comes from the public (anyone may type any number).
const PUBLIC_SOURCES: [&str; 2] = ["web", "chat"];

#[derive(Debug, Clone)]
pub struct CallbackRequest {
    pub target: Target,
    pub phone: Option<String>,
    pub reason: Option<String>,
    pub preferred_time: Option<DateTime<Utc>>,
    /// `call`, `chat`, `sms`, `web`, `agent` or `api`.
    pub source: &'static str,
}

/// Records the request, or returns the customer's callback already waiting: a customer keeps one
/// place in the queue, however often they ask.
pub async fn request(state: &AppState, req: CallbackRequest, actor: &Actor) -> ApiResult<Callback> {
    let given_phone = req
        .phone
        .as_deref()
        .map(|p| PhoneE164::parse(p).map_err(invalid_identity))
        .transpose()?
        .map(|p| p.as_str().to_string());
    if PUBLIC_SOURCES.contains(&req.source)
        && let Some(phone) = &given_phone
    {
        check_public_number(state, phone).await?;
    }
    let now = Utc::now();
    if req
        .preferred_time
        .is_some_and(|t| t < now - Duration::minutes(5))
    {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "preferred_time is in the past",
        ));
    }
    if req
        .preferred_time
        .is_some_and(|t| t > now + Duration::days(MAX_DAYS_AHEAD))
    {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            format!("preferred_time is more than {MAX_DAYS_AHEAD} days ahead"),
        ));
    }
    let reason = req.reason.as_deref().unwrap_or("");
    let note = store::organisation::language(&state.db)
        .await?
        .callback_requested(reason);
    let (customer_id, case_id, phone) = match req.target {
        Target::Case(case_id) => {
            let case = store::cases::get(&state.db, case_id).await?;
            let phone = phone_of(state, case.customer_id, given_phone, req.source).await?;
            let message = NewMessage {
                body: note,
                direction: Direction::System,
                status: None,
                route: None,
                extras: Default::default(),
                draft_of: None,
            };
            interactions::add_message(&state.db, case_id, &message, actor).await?;
            (case.customer_id, case_id, phone)
        }
        Target::Customer(customer_id) => {
            store::customers::get(&state.db, customer_id)
                .await
                .map_err(|err| match err {
                    store::StoreError::NotFound(_) => ApiError::unprocessable(
                        ErrorCode::InvalidField,
                        format!("no customer with id {customer_id}"),
                    ),
                    other => other.into(),
                })?;
            let phone = phone_of(state, customer_id, given_phone, req.source).await?;
            let ingested = record_request(state, &phone, None, note, actor).await?;
            (customer_id, ingested.case_id, phone)
        }
        Target::Phone { name } => {
            let phone = given_phone.ok_or_else(|| {
                ApiError::unprocessable(
                    ErrorCode::MissingField,
                    "give a customer_id or a phone number",
                )
            })?;
            let ingested = record_request(state, &phone, name, note, actor).await?;
            (ingested.customer_id, ingested.case_id, phone)
        }
    };
    if let Some(waiting) = callbacks::open_for_customer(&state.db, customer_id).await? {
        return Ok(waiting);
    }
    let promised_by = req
        .preferred_time
        .unwrap_or_else(|| Utc::now() + Duration::minutes(state.config.callback_promise_minutes));
    let callback = callbacks::create(
        &state.db,
        &NewCallback {
            customer_id,
            case_id,
            phone: &phone,
            reason: req.reason.as_deref().filter(|r| !r.is_empty()),
            source: req.source,
            preferred_time: req.preferred_time,
            promised_by,
            max_attempts: state.config.callback_attempts,
        },
        actor,
    )
    .await?;
    if let Err(err) = tell_customer(state, &callback).await {
        tracing::warn!(callback = callback.id, error = %err.message, "telling the customer about their callback failed");
    }
    Ok(callback)
}

/// A number typed by the public must be in an allowed country and not asked for too often:
/// The outcomes an agent can record, and whether the customer was reached.
pub const OUTCOMES: [(&str, Attempt); 5] = [
    ("reached", Attempt::Reached),
    ("no_answer", Attempt::NotReached),
    ("busy", Attempt::NotReached),
    ("voicemail", Attempt::NotReached),
    ("wrong_number", Attempt::NotReached),
];

/// Records an attempt to call back; for the API and the callback list page.
pub async fn record_attempt(
    state: &AppState,
    id: i64,
    outcome: &str,
    actor: &store::events::Actor,
) -> ApiResult<Callback> {
    let (outcome, result) = OUTCOMES
        .iter()
        .find(|(name, _)| *name == outcome)
        .copied()
        .ok_or_else(|| {
            let names: Vec<&str> = OUTCOMES.iter().map(|(name, _)| *name).collect();
            ApiError::unprocessable(
                ErrorCode::InvalidField,
                format!("outcome must be one of: {}", names.join(" ")),
            )
        })?;
    let spacing = Duration::minutes(state.config.callback_spacing_minutes);
    Ok(callbacks::attempt(&state.db, id, result, outcome, spacing, actor).await?)
}

/// SMS pumping sends our confirmation texts to premium ranges abroad, number after number.
async fn check_public_number(state: &AppState, phone: &str) -> ApiResult<()> {
    let allowed = &state.config.sms_countries;
    let country = PhoneE164::parse(phone).ok().and_then(|p| p.country());
    if !country.as_ref().is_some_and(|c| allowed.contains(c)) {
        return Err(ApiError::unprocessable(
            ErrorCode::PhoneCountry,
            format!("we call back numbers in {} only", allowed.join(", ")),
        ));
    }
    let since = Utc::now() - Duration::days(1);
    if callbacks::count_for_phone(&state.db, phone, &PUBLIC_SOURCES, since).await?
        >= PER_NUMBER_PER_DAY
    {
        return Err(ApiError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyCallbacks,
            "this number was given too often today; please call us",
        ));
    }
    Ok(())
}

/// The number to call: the one given, else theirs on file. A number an agent or the API gives
/// is linked to the customer when it is nobody's yet; one typed into the chat proves nothing and
/// is only called.
async fn phone_of(
    state: &AppState,
    customer_id: i64,
    given: Option<String>,
    source: &str,
) -> ApiResult<String> {
    if let Some(phone) = given {
        // A number already on file (for them, or shared with someone else) is used as it is.
        let trusted = matches!(source, "agent" | "api" | "call" | "sms");
        if trusted
            && linking::owner_of(&state.db, IdentityKind::Phone, &phone)
                .await?
                .is_none()
        {
            linking::link_identity(
                &state.db,
                customer_id,
                IdentityKind::Phone,
                &phone,
                &Actor::System,
            )
            .await?;
        }
        return Ok(phone);
    }
    let customer = store::customers::get(&state.db, customer_id).await?;
    customer
        .identities
        .iter()
        .find(|identity| identity.kind == IdentityKind::Phone.as_str())
        .map(|identity| identity.value.clone())
        .ok_or_else(|| {
            ApiError::unprocessable(
                ErrorCode::MissingField,
                "the customer has no phone number: give one",
            )
        })
}

/// Puts the request on the caller's timeline as a contact on the phone channel. `name` names a
/// caller new to us; an existing customer keeps theirs.
async fn record_request(
    state: &AppState,
    phone: &str,
    name: Option<String>,
    note: String,
    actor: &Actor,
) -> ApiResult<store::interactions::Ingested> {
    let mut inbound = Inbound::new(
        Channel::Phone,
        (IdentityKind::Phone, phone.to_string()),
        note,
    );
    inbound.customer_name = name;
    Ok(state.intake.record(inbound, actor.clone()).await?)
}

/// "We will call you back on ... before ..." by SMS when an SMS inbox exists, else by email.
async fn tell_customer(state: &AppState, callback: &Callback) -> ApiResult<()> {
    let customer = store::customers::get(&state.db, callback.customer_id).await?;
    let route = match inboxes::first_of_kind(&state.db, InboxKind::Sms).await? {
        Some(inbox) => Some(Route {
            channel: Channel::Sms,
            inbox_id: Some(inbox.id),
            address: callback.phone.clone(),
        }),
        None => customer
            .identities
            .iter()
            .find(|identity| identity.kind == IdentityKind::Email.as_str())
            .map(|identity| Route {
                channel: Channel::Email,
                inbox_id: None,
                address: identity.value.clone(),
            }),
    };
    let Some(route) = route else {
        return Ok(());
    };
    let when = callback
        .promised_by
        .with_timezone(&Amsterdam)
        .format("%d-%m %H:%M");
    let body = if customer.language.as_deref() == Some("en") {
        format!(
            "We will call you back on {} before {when}. Case #{}.",
            callback.phone, callback.case_id
        )
    } else {
        format!(
            "We bellen u terug op {} vóór {when}. Zaak #{}.",
            callback.phone, callback.case_id
        )
    };
    let message = NewMessage {
        body,
        direction: Direction::Outbound,
        status: None,
        route: Some(route),
        extras: Default::default(),
        draft_of: None,
    };
    interactions::add_message(&state.db, callback.case_id, &message, &Actor::System).await?;
    Ok(())
}
