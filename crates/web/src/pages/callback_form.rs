//! `/callback`: the public "call me back" form. Anyone can reach it and every request sends a
//! text, so it is built against SMS pumping: a honeypot field, a signed stamp a script posting
//! at once does not pass, a limit per client address and per number, and numbers only in the
//! countries `sms_countries` allows. It speaks Dutch or English (`?lang=`, else the browser's
//! language), and a caller new to us is recorded under the name they give.

use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDateTime, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::Deserialize;

use super::{local_time, render};
use crate::callbacks::{CallbackRequest, Target, request};
use crate::error::ErrorCode;
use crate::form_stamp;
use crate::organisation::public_name;
use crate::state::AppState;
use crate::throttle::client_key;

/// The public form's words; the customer's browser language decides.
struct PublicWords {
    lang: &'static str,
    title: &'static str,
    intro: &'static str,
    name: &'static str,
    phone: &'static str,
    when: &'static str,
    reason: &'static str,
    send: &'static str,
    done: &'static str,
    invalid: &'static str,
    country: &'static str,
    busy: &'static str,
    again: &'static str,
}

const PUBLIC_NL: PublicWords = PublicWords {
    lang: "nl",
    title: "Bel mij terug",
    intro: "Laat uw nummer achter, dan bellen we u terug. U hoeft niet in de wacht te staan.",
    name: "Uw naam",
    phone: "Uw telefoonnummer",
    when: "Wanneer schikt het? (niet verplicht)",
    reason: "Waar gaat het over? (niet verplicht)",
    send: "Bel mij terug",
    done: "Dank u. We bellen u terug vóór",
    invalid: "Controleer uw telefoonnummer.",
    country: "We kunnen alleen nummers in Nederland terugbellen. Belt u ons gerust zelf.",
    busy: "Er zijn al veel terugbelverzoeken van u of voor dit nummer. Probeert u het later opnieuw of belt u ons.",
    again: "Het formulier was verlopen of te snel verstuurd. Controleer het en verstuur het opnieuw.",
};

const PUBLIC_EN: PublicWords = PublicWords {
    lang: "en",
    title: "Call me back",
    intro: "Leave your number and we will call you back. No need to hold.",
    name: "Your name",
    phone: "Your phone number",
    when: "When suits you? (optional)",
    reason: "What is it about? (optional)",
    send: "Call me back",
    done: "Thank you. We will call you back before",
    invalid: "Please check your phone number.",
    country: "We can only call back numbers in the Netherlands. Please call us instead.",
    busy: "There have been many callback requests from you or for this number. Please try again later or call us.",
    again: "The form had expired or was sent too quickly. Please check it and send it again.",
};

#[derive(Template)]
#[template(path = "callback_form.html")]
struct PublicPage {
    w: &'static PublicWords,
    promised_by: Option<String>,
    error: Option<&'static str>,
    stamp: String,
    /// Who will call back: the organisation's name, above the form.
    organisation: String,
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// `?lang=` when it names one of ours, else the browser's language.
fn public_words(query: &LangQuery, headers: &axum::http::HeaderMap) -> &'static PublicWords {
    match query.lang.as_deref() {
        Some("en") => return &PUBLIC_EN,
        Some("nl") => return &PUBLIC_NL,
        _ => {}
    }
    let accept = headers.get("accept-language").and_then(|v| v.to_str().ok());
    match super::i18n::Lang::from_accept_language(accept) {
        super::i18n::Lang::En => &PUBLIC_EN,
        super::i18n::Lang::Nl => &PUBLIC_NL,
    }
}

/// The form with a fresh stamp, or `error` above it.
async fn form_page(
    state: &AppState,
    w: &'static PublicWords,
    status: StatusCode,
    error: Option<&'static str>,
) -> Response {
    let stamp = match form_stamp::key(state).await {
        Ok(key) => form_stamp::issue(&key, Utc::now()),
        Err(err) => return crate::error::ApiError::from(err).into_response(),
    };
    let page = PublicPage {
        w,
        promised_by: None,
        error,
        stamp,
        organisation: public_name(state).await,
    };
    (status, render(&page)).into_response()
}

pub async fn public_form(
    State(state): State<AppState>,
    Query(lang): Query<LangQuery>,
    headers: axum::http::HeaderMap,
) -> Response {
    form_page(&state, public_words(&lang, &headers), StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub struct PublicRequest {
    #[serde(default)]
    name: String,
    phone: String,
    #[serde(default)]
    when: String,
    #[serde(default)]
    reason: String,
    /// A field people do not see: a robot that fills it in is thanked and ignored.
    #[serde(default)]
    website: String,
    /// When the form was shown, signed (see [`form_stamp`]).
    #[serde(default)]
    stamp: String,
}

pub async fn public_request(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(lang): Query<LangQuery>,
    headers: axum::http::HeaderMap,
    Form(form): Form<PublicRequest>,
) -> Response {
    let w = public_words(&lang, &headers);
    if !form.website.is_empty() {
        let thanked = PublicPage {
            w,
            promised_by: Some(String::new()),
            error: None,
            stamp: String::new(),
            organisation: public_name(&state).await,
        };
        return render(&thanked);
    }
    let key = match form_stamp::key(&state).await {
        Ok(key) => key,
        Err(err) => return crate::error::ApiError::from(err).into_response(),
    };
    if form_stamp::check(&key, &form.stamp, Utc::now()).is_err() {
        return form_page(&state, w, StatusCode::UNPROCESSABLE_ENTITY, Some(w.again)).await;
    }
    let throttle = &state.callback_throttle;
    if !throttle.allow(&client_key(peer.ip())) {
        let retry_after = [(RETRY_AFTER, throttle.window().as_secs().to_string())];
        let busy = form_page(&state, w, StatusCode::TOO_MANY_REQUESTS, Some(w.busy)).await;
        return (retry_after, busy).into_response();
    }
    let preferred_time = NaiveDateTime::parse_from_str(form.when.trim(), "%Y-%m-%dT%H:%M")
        .ok()
        .and_then(|local| local.and_local_timezone(Amsterdam).single())
        .map(|at| at.with_timezone(&Utc));
    let reason = [form.name.trim(), form.reason.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    let req = CallbackRequest {
        target: Target::Phone {
            name: Some(form.name.trim().chars().take(100).collect::<String>())
                .filter(|name| !name.is_empty()),
        },
        phone: Some(form.phone.trim().to_string()),
        reason: Some(reason.chars().take(500).collect()).filter(|r: &String| !r.is_empty()),
        preferred_time,
        source: "web",
    };
    match request(&state, req, &store::events::Actor::Customer).await {
        Ok(callback) => render(&PublicPage {
            w,
            promised_by: Some(local_time(
                super::i18n::Lang::from_code(w.lang)
                    .unwrap_or(super::i18n::Lang::Nl)
                    .texts(),
                &callback.promised_by,
            )),
            error: None,
            stamp: String::new(),
            organisation: public_name(&state).await,
        }),
        Err(err) if err.status.is_client_error() => {
            let message = match err.code {
                ErrorCode::PhoneCountry => w.country,
                ErrorCode::TooManyCallbacks => w.busy,
                _ => w.invalid,
            };
            form_page(&state, w, err.status, Some(message)).await
        }
        Err(err) => err.into_response(),
    }
}
