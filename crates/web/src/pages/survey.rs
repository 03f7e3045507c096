//! The customer's survey page, `/s/{token}`: mobile-first, works without JavaScript, in the
//! customer's language. A one-click link (`?score=N`) records the score at once and asks for a
//! comment; posting the form records what is filled in and keeps what was answered before. An
//! unknown or expired link gets a friendly page, never an error screen.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use domain::{Question, QuestionType};
use serde::Deserialize;
use store::surveys::answers::{self, Answer};
use store::surveys::invitations::{self, Invitation};
use store::surveys::{self, Survey};

use super::render;
use crate::organisation::public_name;
use crate::state::AppState;
use crate::surveys::answers::{MAX_COMMENT_CHARS, check};

/// What the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Ask,
    Thanks,
    Missing,
    Expired,
    Throttled,
    OptOutAsk,
    OptedOut,
}

struct Words {
    lang: &'static str,
    title: &'static str,
    send: &'static str,
    comment_optional: &'static str,
    thanks: &'static str,
    thanks_more: &'static str,
    missing: &'static str,
    expired: &'static str,
    throttled: &'static str,
    opt_out_link: &'static str,
    opt_out_ask: &'static str,
    opt_out_button: &'static str,
    opted_out: &'static str,
}

const NL: Words = Words {
    lang: "nl",
    title: "Uw mening",
    send: "Versturen",
    comment_optional: "(niet verplicht)",
    thanks: "Bedankt voor uw antwoord!",
    thanks_more: "Wilt u nog iets toevoegen? U kunt uw antwoord hieronder aanvullen of wijzigen.",
    missing: "Deze vragenlijst kunnen we niet vinden. Misschien is de link niet volledig gekopieerd.",
    expired: "Deze vragenlijst is verlopen. Bedankt dat u wilde reageren.",
    throttled: "Vanaf uw verbinding zijn al veel antwoorden gegeven. Probeer het over een uur opnieuw.",
    opt_out_link: "Geen enquêtes meer ontvangen",
    opt_out_ask: "Wilt u geen enquêtes meer van ons ontvangen?",
    opt_out_button: "Ja, stuur mij geen enquêtes meer",
    opted_out: "U ontvangt geen enquêtes meer van ons.",
};

const EN: Words = Words {
    lang: "en",
    title: "Your opinion",
    send: "Send",
    comment_optional: "(optional)",
    thanks: "Thank you for your answer!",
    thanks_more: "Anything to add? You can complete or change your answer below.",
    missing: "We cannot find this survey. Perhaps the link was not copied in full.",
    expired: "This survey has expired. Thank you for wanting to respond.",
    throttled: "Many answers have already come from your connection. Please try again in an hour.",
    opt_out_link: "No more surveys",
    opt_out_ask: "Do you want to stop receiving surveys from us?",
    opt_out_button: "Yes, send me no more surveys",
    opted_out: "You will receive no more surveys from us.",
};

/// One option of a scale or choice, as a radio button.
struct RadioOption {
    value: String,
    label: String,
    checked: bool,
}

/// A custom question with its options (none for a text question) and current answer.
struct Asked {
    id: String,
    label: String,
    is_text: bool,
    options: Vec<RadioOption>,
    answer: String,
}

#[derive(Template)]
#[template(path = "survey.html")]
struct SurveyPage {
    w: &'static Words,
    stage: Stage,
    token: String,
    question: String,
    scale: Vec<RadioOption>,
    ends: (&'static str, &'static str),
    follow_up: String,
    comment: String,
    custom: Vec<Asked>,
    error: Option<String>,
    /// Whose survey this is: the organisation's name, above the question.
    organisation: String,
}

impl SurveyPage {
    fn bare(w: &'static Words, stage: Stage, token: &str) -> SurveyPage {
        SurveyPage {
            w,
            stage,
            token: token.into(),
            question: String::new(),
            scale: Vec::new(),
            ends: ("", ""),
            follow_up: String::new(),
            comment: String::new(),
            custom: Vec::new(),
            error: None,
            organisation: String::new(),
        }
    }

    fn for_invitation(
        w: &'static Words,
        stage: Stage,
        invitation: &Invitation,
        survey: &Survey,
        shown: &Answer,
    ) -> SurveyPage {
        let lang = w.lang;
        let score = shown.score.or(invitation.score);
        let scale = survey
            .kind
            .scale()
            .map(|range| {
                range
                    .map(|value| RadioOption {
                        value: value.to_string(),
                        label: value.to_string(),
                        checked: score == Some(value),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let previous = invitation
            .answers
            .as_ref()
            .and_then(|a| a.0.as_object().cloned())
            .unwrap_or_default();
        let custom = survey
            .questions
            .iter()
            .map(|q| {
                asked(
                    q,
                    lang,
                    shown.answers.get(&q.id).cloned().or_else(|| {
                        previous
                            .get(&q.id)
                            .and_then(|v| v.as_str())
                            .map(str::to_owned)
                    }),
                )
            })
            .collect();
        SurveyPage {
            w,
            stage,
            token: invitation.token.clone(),
            question: survey.texts.question(survey.kind).get(lang).to_string(),
            scale,
            ends: survey.kind.scale_ends(lang == "en"),
            follow_up: survey.texts.follow_up().get(lang).to_string(),
            comment: shown
                .comment
                .clone()
                .or_else(|| invitation.comment.clone())
                .unwrap_or_default(),
            custom,
            error: None,
            organisation: String::new(),
        }
    }
}

fn asked(question: &Question, lang: &str, answer: Option<String>) -> Asked {
    let answer = answer.unwrap_or_default();
    let options = match question.kind {
        QuestionType::Rating => (1..=question.scale.unwrap_or(5))
            .map(|n| n.to_string())
            .map(|n| RadioOption {
                checked: n == answer,
                label: n.clone(),
                value: n,
            })
            .collect(),
        QuestionType::Choice => question
            .options
            .iter()
            .enumerate()
            .map(|(i, option)| RadioOption {
                value: i.to_string(),
                label: option.get(lang).to_string(),
                checked: i.to_string() == answer,
            })
            .collect(),
        QuestionType::Text => Vec::new(),
    };
    Asked {
        id: question.id.clone(),
        label: question.label.get(lang).to_string(),
        is_text: question.kind == QuestionType::Text,
        options,
        answer,
    }
}

fn words(invitation: Option<&Invitation>, asked_for: Option<&str>) -> &'static Words {
    match asked_for.or(invitation.map(|i| i.language.as_str())) {
        Some("en") => &EN,
        _ => &NL,
    }
}

/// The page under the organisation's name.
async fn page(state: &AppState, status: StatusCode, mut page: SurveyPage) -> Response {
    page.organisation = public_name(state).await;
    (status, render(&page)).into_response()
}

#[derive(Debug, Deserialize)]
pub struct ShowParams {
    score: Option<String>,
    lang: Option<String>,
}

/// The invitation behind `token` and its survey, or the friendly page that says why not.
async fn find(
    state: &AppState,
    token: &str,
    lang: Option<&str>,
) -> Result<(Invitation, Survey), Response> {
    let unavailable = || {
        page(
            state,
            StatusCode::SERVICE_UNAVAILABLE,
            SurveyPage::bare(words(None, lang), Stage::Missing, token),
        )
    };
    let found = match invitations::by_token(&state.db, token).await {
        Ok(found) => found,
        Err(err) => {
            tracing::warn!(error = %err, "reading a survey invitation failed");
            return Err(unavailable().await);
        }
    };
    let Some(invitation) = found else {
        return Err(page(
            state,
            StatusCode::NOT_FOUND,
            SurveyPage::bare(words(None, lang), Stage::Missing, token),
        )
        .await);
    };
    if !invitation.accepts_answers(chrono::Utc::now()) {
        return Err(page(
            state,
            StatusCode::GONE,
            SurveyPage::bare(words(Some(&invitation), lang), Stage::Expired, token),
        )
        .await);
    }
    match surveys::get(&state.db, invitation.survey_id).await {
        Ok(survey) => Ok((invitation, survey)),
        Err(err) => {
            tracing::warn!(error = %err, "reading a survey failed");
            Err(unavailable().await)
        }
    }
}

fn invalid(w: &'static Words, what: &str) -> String {
    match (w.lang, what) {
        ("en", "score") => "Please choose one of the answers shown.".into(),
        ("en", "comment") => {
            format!("Please keep your comment under {MAX_COMMENT_CHARS} characters.")
        }
        ("en", _) => "One of the answers is not one of the options.".into(),
        (_, "score") => "Kies een van de getoonde antwoorden.".into(),
        (_, "comment") => format!("Houd uw toelichting onder de {MAX_COMMENT_CHARS} tekens."),
        _ => "Een van de antwoorden is geen van de keuzes.".into(),
    }
}

async fn record_and_show(
    state: &AppState,
    invitation: Invitation,
    survey: Survey,
    answer: Answer,
    w: &'static Words,
) -> Response {
    if let Err(what) = check(&survey, &answer) {
        let mut shown =
            SurveyPage::for_invitation(w, Stage::Ask, &invitation, &survey, &Answer::default());
        shown.error = Some(invalid(w, what));
        return page(state, StatusCode::BAD_REQUEST, shown).await;
    }
    if answer.score.is_none() && answer.comment.is_none() && answer.answers.is_empty() {
        let shown = SurveyPage::for_invitation(w, Stage::Ask, &invitation, &survey, &answer);
        return page(state, StatusCode::OK, shown).await;
    }
    match answers::record(&state.db, invitation.id, &answer).await {
        Ok(_) => {
            page(
                state,
                StatusCode::OK,
                SurveyPage::for_invitation(w, Stage::Thanks, &invitation, &survey, &answer),
            )
            .await
        }
        Err(err) => {
            tracing::warn!(error = %err, "recording a survey answer failed");
            let mut shown =
                SurveyPage::for_invitation(w, Stage::Ask, &invitation, &survey, &answer);
            shown.error = Some(if w.lang == "en" {
                "Your answer could not be saved; please try again.".into()
            } else {
                "Uw antwoord kon niet worden opgeslagen; probeer het opnieuw.".into()
            });
            page(state, StatusCode::SERVICE_UNAVAILABLE, shown).await
        }
    }
}

/// A score as sent; text that is no number becomes one outside every scale, so the check
/// refuses it with the same message as any other wrong answer.
fn parse_score(text: &str) -> i64 {
    text.trim().parse().unwrap_or(i64::MIN)
}

pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(params): Query<ShowParams>,
) -> Response {
    let lang = params.lang.as_deref();
    let (invitation, survey) = match find(&state, &token, lang).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let w = words(Some(&invitation), lang);
    let score = params.score.as_deref().map(parse_score);
    if score.is_none() {
        let stage = if invitation.status == "answered" {
            Stage::Thanks
        } else {
            Stage::Ask
        };
        return page(
            &state,
            StatusCode::OK,
            SurveyPage::for_invitation(w, stage, &invitation, &survey, &Answer::default()),
        )
        .await;
    }
    let answer = Answer {
        score,
        ..Answer::default()
    };
    record_and_show(&state, invitation, survey, answer, w).await
}

pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let lang = form.get("lang").map(String::as_str);
    let (invitation, survey) = match find(&state, &token, lang).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let w = words(Some(&invitation), lang);
    let score = form
        .get("score")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(parse_score);
    let answer = Answer {
        score,
        comment: form
            .get("comment")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty()),
        answers: form
            .iter()
            .filter_map(|(key, value)| {
                Some((
                    key.strip_prefix("q_")?.to_string(),
                    value.trim().to_string(),
                ))
            })
            .filter(|(_, value)| !value.is_empty())
            .collect(),
    };
    record_and_show(&state, invitation, survey, answer, w).await
}

const SNIPPET: &str = include_str!("../../assets/survey.js");

/// `GET /survey.js`: the snippet websites embed, cacheable and loadable from anywhere.
pub async fn snippet() -> impl IntoResponse {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
            (axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        SNIPPET,
    )
}

/// `GET /s/open/{survey}`: the survey's open link. Each visit gets its own anonymous invitation
/// and continues on its page (a `score` and `lang` carry over, so a link per score works too).
pub async fn open(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(survey_id): Path<String>,
    Query(params): Query<ShowParams>,
    headers: axum::http::HeaderMap,
) -> Response {
    let accept = headers.get("accept-language").and_then(|v| v.to_str().ok());
    let lang = params
        .lang
        .clone()
        .filter(|l| l == "nl" || l == "en")
        .unwrap_or_else(|| {
            super::i18n::Lang::from_accept_language(accept)
                .code()
                .to_string()
        });
    let w = words(None, Some(&lang));
    let survey = match survey_id.parse::<i64>() {
        Ok(id) => surveys::get(&state.db, id)
            .await
            .ok()
            .filter(|s| s.active && s.open_link),
        Err(_) => None,
    };
    let Some(survey) = survey else {
        return page(
            &state,
            StatusCode::NOT_FOUND,
            SurveyPage::bare(w, Stage::Missing, ""),
        )
        .await;
    };
    // Every visit starts an anonymous respondent: one client may not stuff the figures.
    let throttle = &state.open_survey_throttle;
    if !throttle.allow(&crate::throttle::client_key(peer.ip())) {
        let retry_after = [(RETRY_AFTER, throttle.window().as_secs().to_string())];
        let busy = page(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            SurveyPage::bare(w, Stage::Throttled, ""),
        )
        .await;
        return (retry_after, busy).into_response();
    }
    match invitations::open_link(&state.db, &survey).await {
        Ok(token) => {
            let mut target = format!("/s/{token}?lang={lang}");
            if let Some(score) = params.score.as_deref().and_then(|s| s.parse::<i64>().ok()) {
                target.push_str(&format!("&score={score}"));
            }
            axum::response::Redirect::to(&target).into_response()
        }
        Err(err) => {
            tracing::warn!(error = %err, "opening a survey link failed");
            page(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                SurveyPage::bare(w, Stage::Missing, ""),
            )
            .await
        }
    }
}

pub async fn opt_out_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(params): Query<ShowParams>,
) -> Response {
    let lang = params.lang.as_deref();
    match invitations::by_token(&state.db, &token).await {
        Ok(Some(invitation)) => {
            page(
                &state,
                StatusCode::OK,
                SurveyPage::bare(words(Some(&invitation), lang), Stage::OptOutAsk, &token),
            )
            .await
        }
        _ => {
            page(
                &state,
                StatusCode::NOT_FOUND,
                SurveyPage::bare(words(None, lang), Stage::Missing, &token),
            )
            .await
        }
    }
}

/// Opting out works on an expired link too: the wish stands regardless.
pub async fn opt_out(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let found = invitations::by_token(&state.db, &token).await;
    let Ok(Some(invitation)) = found else {
        return page(
            &state,
            StatusCode::NOT_FOUND,
            SurveyPage::bare(&NL, Stage::Missing, &token),
        )
        .await;
    };
    let w = words(Some(&invitation), None);
    match answers::opt_out(&state.db, invitation.customer_id).await {
        Ok(()) => {
            page(
                &state,
                StatusCode::OK,
                SurveyPage::bare(w, Stage::OptedOut, &token),
            )
            .await
        }
        Err(err) => {
            tracing::warn!(error = %err, "recording a survey opt-out failed");
            page(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                SurveyPage::bare(w, Stage::OptOutAsk, &token),
            )
            .await
        }
    }
}

impl SurveyPage {
    /// The stage's name, as the template tells them apart.
    fn stage_name(&self) -> &'static str {
        match self.stage {
            Stage::Ask => "ask",
            Stage::Thanks => "thanks",
            Stage::Missing => "missing",
            Stage::Expired => "expired",
            Stage::Throttled => "throttled",
            Stage::OptOutAsk => "opt_out_ask",
            Stage::OptedOut => "opted_out",
        }
    }
}
