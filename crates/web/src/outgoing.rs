//! What the API and the pages check the same way before anything is written for a message to a
//! customer: copy addresses, subject lines (no header injection), and the signature under it.

use axum::http::StatusCode;
use domain::{Channel, Email, InboxKind};
use store::interactions::Route;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// At most this many CC and this many BCC addresses on one reply.
pub const MAX_COPIES: usize = 10;
/// Longest subject line, in characters.
pub const MAX_SUBJECT_CHARS: usize = 300;

fn header_injection(field: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::HeaderInjection,
        format!("{field} must be one line: line breaks would let it add mail headers"),
    )
}

fn one_line(field: &str, value: &str) -> ApiResult<()> {
    if value.contains(['\r', '\n', '\0']) {
        Err(header_injection(field))
    } else {
        Ok(())
    }
}

/// A form field's addresses: separated by commas, semicolons or spaces.
pub fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', ' ', '\t'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checked, normalised (lower-case) copy addresses, each once; `field` is `cc` or `bcc`.
pub fn copies(field: &str, addresses: &[String]) -> ApiResult<Vec<String>> {
    if addresses.len() > MAX_COPIES {
        return Err(ApiError::unprocessable(
            ErrorCode::TooManyCopies,
            format!("{field}: at most {MAX_COPIES} addresses"),
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(addresses.len());
    for address in addresses {
        one_line(field, address)?;
        let email = Email::parse(address).map_err(|_| {
            ApiError::unprocessable(
                ErrorCode::InvalidAddress,
                format!(
                    "{field}: {:?} is not an email address",
                    address.chars().take(80).collect::<String>()
                ),
            )
        })?;
        if !out.iter().any(|a| a == email.as_str()) {
            out.push(email.as_str().to_string());
        }
    }
    Ok(out)
}

/// A subject line: one line, not empty, at most [`MAX_SUBJECT_CHARS`].
pub fn subject(value: &str) -> ApiResult<String> {
    one_line("subject", value)?;
    crate::input::required_text("subject", value, MAX_SUBJECT_CHARS)
}

/// `body` with the signature an email to the customer gets from `agent` and the inbox it goes
/// out through, in the customer's language. Texts are not signed.
pub async fn signed_body(
    state: &AppState,
    agent: Option<i64>,
    route: &Route,
    customer_id: i64,
    body: &str,
) -> ApiResult<String> {
    Ok(store::signatures::signed(
        body,
        signature(state, agent, route, customer_id)
            .await?
            .as_deref(),
    ))
}

/// The signature [`signed_body`] adds, if any.
pub async fn signature(
    state: &AppState,
    agent: Option<i64>,
    route: &Route,
    customer_id: i64,
) -> ApiResult<Option<String>> {
    if route.channel != Channel::Email {
        return Ok(None);
    }
    let inbox = match route.inbox_id {
        Some(id) => Some(id),
        None => store::channels::inboxes::first_of_kind(&state.db, InboxKind::Email)
            .await?
            .map(|inbox| inbox.id),
    };
    let customer = store::customers::get(&state.db, customer_id).await?;
    let language = customer.language.as_deref().unwrap_or("nl");
    Ok(store::signatures::for_reply(&state.db, agent, inbox, language).await?)
}

/// What an agent asks for when starting a conversation.
pub struct ConversationRequest<'a> {
    pub customer_id: i64,
    pub channel: &'a str,
    pub subject: Option<&'a str>,
    pub body: &'a str,
    /// Whose signature and draft it is.
    pub agent: Option<i64>,
}

/// Starts a conversation: checks everything first, then writes case and message at once.
/// 422 `no_address` when the customer has no address on the channel.
pub async fn start_conversation(
    state: &AppState,
    request: ConversationRequest<'_>,
    actor: &store::events::Actor,
) -> ApiResult<store::cases::Case> {
    let channel = crate::input::parse_enum::<Channel>("channel", request.channel)?;
    if !matches!(channel, Channel::Email | Channel::Sms | Channel::Whatsapp) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "channel: a conversation starts by email, sms or whatsapp",
        ));
    }
    let text = crate::input::required_text("body", request.body, crate::input::MAX_BODY_CHARS)?;
    let subject = match (channel, request.subject.filter(|s| !s.trim().is_empty())) {
        (_, Some(given)) => subject(given)?,
        (Channel::Email, None) => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidField,
                "subject: an email needs a subject",
            ));
        }
        (_, None) => store::interactions::subject_from_body(&text),
    };
    // 404 for a customer who doesn't exist, before saying they can't be reached.
    store::customers::get(&state.db, request.customer_id).await?;
    let routes =
        store::reply_routes::of_customer(&state.db, request.customer_id, &state.reach()).await?;
    let route = store::reply_routes::pick(&routes, Some(channel), None).ok_or_else(|| {
        ApiError::unprocessable(
            ErrorCode::NoAddress,
            format!("the customer has no address we can send {channel} to"),
        )
    })?;
    let body = signed_body(state, request.agent, &route, request.customer_id, &text).await?;
    let new = store::conversations::NewConversation {
        customer_id: request.customer_id,
        subject,
        route: route.clone(),
        message: store::interactions::NewMessage {
            body,
            direction: domain::Direction::Outbound,
            status: None,
            route: Some(route),
            extras: store::interactions::ReplyExtras::default(),
            draft_of: None,
        },
    };
    Ok(store::conversations::start(&state.db, new, actor).await?)
}
