//! An agent's reply or note from the case view: the reply goes exactly where the view said, or is
//! refused when the customer can't be reached.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use domain::{CaseId, CaseStatus, Channel, Direction};
use serde::Deserialize;
use store::interactions::{NewMessage, Route};
use store::reply_routes::{self, ReplyRoute};

use super::case::form_error;
use super::i18n::Texts;
use super::inbox::Choice;
use super::see_other;
use crate::auth::Work;
use crate::auth::session::Session;
use crate::state::AppState;

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

#[derive(Deserialize)]
pub struct MessageForm {
    csrf: String,
    body: String,
    /// `reply` or `note`.
    kind: String,
    #[serde(default)]
    status: String,
    /// The chosen route's key (`email:anna@example.nl`); empty for the default.
    #[serde(default)]
    route: String,
    /// An unverified Reply-To the agent chose to answer to, by address alone.
    #[serde(default)]
    reply_to: String,
}

/// Why a reply can't go.
enum NoRoute {
    /// The customer has no address on any channel we send on.
    Unreachable,
    /// The form named a route the case doesn't offer.
    NotOffered,
}

/// The route the form chose among those the case offers; never one the form made up.
async fn chosen(state: &AppState, case_id: i64, form: &MessageForm) -> Result<Route, Response> {
    let routes = reply_routes::of_case(&state.db, case_id, &state.reach())
        .await
        .map_err(|err| form_error(err, &format!("/cases/{case_id}")))?;
    let picked = if !form.reply_to.is_empty() {
        reply_routes::pick(&routes, Some(Channel::Email), Some(&form.reply_to))
            .ok_or(NoRoute::NotOffered)
    } else if let Some((channel, address)) = form.route.split_once(':') {
        channel
            .parse::<Channel>()
            .ok()
            .and_then(|channel| reply_routes::pick(&routes, Some(channel), Some(address)))
            .ok_or(NoRoute::NotOffered)
    } else if form.route.is_empty() {
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
    Form(form): Form<MessageForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let back = format!("/cases/{id}");
    let body = form.body.trim();
    if body.is_empty() || body.contains('\0') || body.chars().count() > crate::api::MAX_BODY_CHARS {
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
    let route = match direction {
        Direction::Outbound => match chosen(&state, id.0, &form).await {
            Ok(route) => Some(route),
            Err(refused) => return refused,
        },
        _ => None,
    };
    let notice = match &route {
        None => "note_added",
        Some(route) if route.channel == Channel::Chat => "reply_in_chat",
        Some(_) => "reply_queued",
    };
    let message = NewMessage {
        body: body.to_string(),
        direction,
        status,
        route,
    };
    match store::interactions::add_message(&state.db, id.0, &message, &session.actor()).await {
        Ok(_) => see_other(&back, notice),
        Err(err) => form_error(err, &back),
    }
}
