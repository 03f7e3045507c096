//! An agent's reply or note from the case view: the reply goes exactly where the view said, or is
//! refused when the customer can't be reached. An email reply may carry copies (CC, BCC) and
//! files; then the form is multipart. The agent's draft on the case goes with the sent reply.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use domain::{CaseId, CaseStatus, Channel, Direction};
use store::interactions::{NewAttachment, NewMessage, ReplyExtras, Route};
use store::reply_routes::{self, ReplyRoute};

use super::form_error;
use super::i18n::Texts;
use super::inbox::Choice;
use super::see_other;
use crate::auth::Work;
use crate::auth::scope::visible_case;
use crate::auth::session::Session;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::{multipart, outgoing, uploads};

/// The reply form's choice of route, the default first and selected.
pub fn choices(routes: &[ReplyRoute], t: &Texts) -> Vec<Choice> {
    let default = reply_routes::pick(routes, None, None);
    routes
        .iter()
        .map(|r| Choice {
            value: r.key(),
            label: label(r, t),
            selected: Some(&r.route) == default.as_ref(),
        })
        .collect()
}

/// "E-mail naar anna@example.nl", "SMS naar +31612345678", "Chat, in het gesprek op de website".
fn label(r: &ReplyRoute, t: &Texts) -> String {
    let channel = t.channel(&r.route.channel);
    match r.route.channel {
        Channel::Chat => format!("{channel}, {}", t.in_the_chat),
        _ if r.unverified => format!("{} ({})", r.route.address, t.unverified),
        _ => format!("{channel} {} {}", t.to_address, r.route.address),
    }
}

/// The reply form's fields, from a urlencoded or (with files) a multipart post.
#[derive(Default)]
pub struct MessageForm {
    csrf: String,
    body: String,
    /// `reply` or `note`.
    kind: String,
    status: String,
    /// The chosen route's key (`email:anna@example.nl`); empty for the default.
    route: String,
    /// An unverified Reply-To the agent chose to answer to, by address alone.
    reply_to: String,
    /// Copy addresses, separated by commas.
    cc: String,
    bcc: String,
    files: Vec<NewAttachment>,
}

impl MessageForm {
    fn set(&mut self, name: &str, value: String) {
        let field = match name {
            "csrf" => &mut self.csrf,
            "body" => &mut self.body,
            "kind" => &mut self.kind,
            "status" => &mut self.status,
            "route" => &mut self.route,
            "reply_to" => &mut self.reply_to,
            "cc" => &mut self.cc,
            "bcc" => &mut self.bcc,
            _ => return,
        };
        *field = value;
    }

    /// Reads the post; a refusal (malformed, too large, a file type we don't send) is an error
    /// answer, and nothing has been written.
    fn read(headers: &HeaderMap, body: &[u8]) -> Result<MessageForm, ApiError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mut form = MessageForm::default();
        if multipart::boundary(content_type).is_some() {
            let parts = multipart::parse(content_type, body, 30)
                .map_err(|err| ApiError::bad_request(ErrorCode::InvalidForm, err.to_string()))?;
            for part in parts.iter().filter(|p| p.filename.is_none()) {
                let text = part.text().ok_or_else(|| {
                    ApiError::bad_request(ErrorCode::InvalidForm, "form fields must be UTF-8")
                })?;
                form.set(&part.name, text.to_string());
            }
            form.files = uploads::files(&parts)?;
        } else {
            for (name, value) in url::form_urlencoded::parse(body) {
                form.set(&name, value.into_owned());
            }
        }
        Ok(form)
    }
}

/// Why a reply can't go.
enum NoRoute {
    /// The customer has no address on any channel we send on.
    Unreachable,
    /// The form named a route the case doesn't offer.
    NotOffered,
}

/// The route the form chose among those the case offers; never one the form made up.
async fn chosen(
    state: &AppState,
    case_id: i64,
    route: &str,
    reply_to: &str,
) -> Result<Route, Response> {
    let routes = reply_routes::of_case(&state.db, case_id, &state.reach())
        .await
        .map_err(|err| form_error(err, &format!("/cases/{case_id}")))?;
    let picked = if !reply_to.is_empty() {
        reply_routes::pick(&routes, Some(Channel::Email), Some(reply_to)).ok_or(NoRoute::NotOffered)
    } else if let Some((channel, address)) = route.split_once(':') {
        channel
            .parse::<Channel>()
            .ok()
            .and_then(|channel| reply_routes::pick(&routes, Some(channel), Some(address)))
            .ok_or(NoRoute::NotOffered)
    } else if route.is_empty() {
        reply_routes::pick(&routes, None, None).ok_or(NoRoute::Unreachable)
    } else {
        Err(NoRoute::NotOffered)
    };
    picked.map_err(|why| {
        let notice = match why {
            NoRoute::Unreachable => "no_reply_route",
            NoRoute::NotOffered => "invalid_input",
        };
        see_other(&format!("/cases/{case_id}"), notice)
    })
}

pub async fn post_message(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CaseId>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match MessageForm::read(&headers, &body) {
        Ok(form) => form,
        Err(refused) => return refused.into_response(),
    };
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    if let Err(hidden) = visible_case(&state, &session, id.0).await {
        return hidden.into_response();
    }
    let back = format!("/cases/{id}");
    let body = form.body.trim();
    if body.is_empty() || body.contains('\0') || body.chars().count() > crate::input::MAX_BODY_CHARS
    {
        return see_other(&back, "empty_message");
    }
    let direction = if form.kind == "note" {
        Direction::Note
    } else {
        Direction::Outbound
    };
    let status = match form.status.as_str() {
        "" => None,
        s => match s.parse::<CaseStatus>() {
            Ok(status) => Some(status),
            Err(_) => return see_other(&back, "invalid_input"),
        },
    };
    let copies = outgoing::copies("cc", &outgoing::split_list(&form.cc)).and_then(|cc| {
        Ok((
            cc,
            outgoing::copies("bcc", &outgoing::split_list(&form.bcc))?,
        ))
    });
    let (cc, bcc) = match copies {
        Ok(copies) => copies,
        Err(refused) => return refused.into_response(),
    };
    let extras = ReplyExtras {
        cc,
        bcc,
        attachments: form.files,
    };
    let route = match direction {
        Direction::Outbound => match chosen(&state, id.0, &form.route, &form.reply_to).await {
            Ok(route) => Some(route),
            Err(refused) => return refused,
        },
        _ => None,
    };
    if !extras.is_empty() && route.as_ref().is_none_or(|r| r.channel != Channel::Email) {
        return see_other(&back, "extras_email_only");
    }
    let notice = match &route {
        None => "note_added",
        Some(route) if route.channel == Channel::Chat => "reply_in_chat",
        Some(_) => "reply_queued",
    };
    let body = match &route {
        Some(route) => {
            let customer_id = match store::cases::get(&state.db, id.0).await {
                Ok(case) => case.customer_id,
                Err(err) => return form_error(err, &back),
            };
            match outgoing::signed_body(&state, Some(session.agent.id), route, customer_id, body)
                .await
            {
                Ok(signed) => signed,
                Err(err) => return err.into_response(),
            }
        }
        None => body.to_string(),
    };
    let message = NewMessage {
        body,
        direction,
        status,
        route,
        extras,
        draft_of: Some(session.agent.id),
    };
    match store::interactions::add_message(&state.db, id.0, &message, &session.actor()).await {
        Ok(_) => see_other(&back, notice),
        Err(err) => form_error(err, &back),
    }
}
