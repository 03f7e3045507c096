//! `/surveys`: every survey with its response rate and score (formula alongside), the fatigue
//! policy, and for admins the forms to add surveys and change the policy. `/surveys/{id}`: one
//! survey's figures per channel and every invitation with its status and reason.

use std::borrow::Cow;
use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use domain::{Channel, SurveyKind};
use serde::Deserialize;
use serde_json::{Value, json};
use store::surveys::fatigue::{self, FatiguePolicy};
use store::surveys::invitations::{self, InvitationFilter};
use store::surveys::{self, Survey};

use super::admin::NoticeQuery;
use super::i18n::Lang;
use super::{Layout, figures, format, formulas, render, see_other, terms};
use crate::auth::session::Session;
use crate::auth::{Administer, Read};
use crate::error::ApiError;
use crate::state::AppState;
use crate::surveys::definition::{CreateSurvey, new_survey};
use crate::surveys::results::{figure_rows, formulas};

/// The words of these pages, Dutch or English as the agent reads.
pub struct Words {
    pub name: &'static str,
    pub kind: &'static str,
    pub touchpoint: &'static str,
    pub trigger: &'static str,
    pub channels: &'static str,
    pub active: &'static str,
    pub sent: &'static str,
    pub answered: &'static str,
    pub response_rate: &'static str,
    pub score: &'static str,
    pub new_survey: &'static str,
    pub every_days: &'static str,
    /// A schedule trigger: `{n}` is its days.
    pub schedule: &'static str,
    /// The schedule trigger in the list of triggers.
    pub schedule_word: &'static str,
    pub delay_minutes: &'static str,
    pub sample_pct: &'static str,
    pub reminder_hours: &'static str,
    pub create: &'static str,
    pub policy: &'static str,
    pub policy_help: &'static str,
    pub max_invitations: &'static str,
    pub window_days: &'static str,
    pub min_gap_days: &'static str,
    pub nps_days: &'static str,
    pub save: &'static str,
    pub formula: &'static str,
    pub invitations: &'static str,
    pub customer: &'static str,
    pub case: &'static str,
    pub status: &'static str,
    pub reason: &'static str,
    pub answer: &'static str,
    pub follow_up: &'static str,
    pub switch_off: &'static str,
    pub switch_on: &'static str,
    pub open_link: &'static str,
    pub open_link_off: &'static str,
    pub open_link_on: &'static str,
    pub open_link_closed: &'static str,
    pub none: &'static str,
}

const NL: Words = Words {
    name: "Naam",
    kind: "Soort",
    touchpoint: "Contactmoment",
    trigger: "Aanleiding",
    channels: "Kanalen",
    active: "Actief",
    sent: "Verstuurd",
    answered: "Beantwoord",
    response_rate: "Respons",
    score: "Score",
    new_survey: "Nieuwe enquête",
    every_days: "Elke hoeveel dagen (bij schema)",
    schedule: "elke {n} dagen",
    schedule_word: "Volgens schema",
    delay_minutes: "Wachttijd (minuten)",
    sample_pct: "Steekproef (%)",
    reminder_hours: "Herinnering na (uren, leeg = geen)",
    create: "Aanmaken",
    policy: "Beleid tegen enquêtemoeheid",
    policy_help: "Geldt per klant, voor alle enquêtes samen. Geplande uitnodigingen tellen mee.",
    max_invitations: "Hoogstens zoveel uitnodigingen",
    window_days: "binnen zoveel dagen",
    min_gap_days: "Minstens zoveel dagen ertussen",
    nps_days: "NPS hoogstens elke zoveel dagen",
    save: "Opslaan",
    formula: "Formule",
    invitations: "Uitnodigingen",
    customer: "Klant",
    case: "Zaak",
    status: "Status",
    reason: "Reden",
    answer: "Antwoord",
    follow_up: "Opvolging",
    switch_off: "Uitzetten",
    switch_on: "Aanzetten",
    open_link: "Open link (iedereen met de link antwoordt anoniem)",
    open_link_off: "Open link uitzetten",
    open_link_on: "Open link aanzetten",
    open_link_closed: "De open link staat uit.",
    none: "Nog geen enquêtes.",
};

const EN: Words = Words {
    name: "Name",
    kind: "Kind",
    touchpoint: "Touchpoint",
    trigger: "Trigger",
    channels: "Channels",
    active: "Active",
    sent: "Sent",
    answered: "Answered",
    response_rate: "Response rate",
    score: "Score",
    new_survey: "New survey",
    every_days: "Every how many days (schedule)",
    schedule: "every {n} days",
    schedule_word: "On a schedule",
    delay_minutes: "Delay (minutes)",
    sample_pct: "Sample (%)",
    reminder_hours: "Reminder after (hours, empty = none)",
    create: "Create",
    policy: "Survey fatigue policy",
    policy_help: "Per customer, across every survey. Scheduled invitations count.",
    max_invitations: "At most this many invitations",
    window_days: "within this many days",
    min_gap_days: "At least this many days between two",
    nps_days: "NPS at most every this many days",
    save: "Save",
    formula: "Formula",
    invitations: "Invitations",
    customer: "Customer",
    case: "Case",
    status: "Status",
    reason: "Reason",
    answer: "Answer",
    follow_up: "Follow-up",
    switch_off: "Switch off",
    switch_on: "Switch on",
    open_link: "Open link (anyone with the link answers anonymously)",
    open_link_off: "Switch the open link off",
    open_link_on: "Switch the open link on",
    open_link_closed: "The open link is off.",
    none: "No surveys yet.",
};

fn is_admin(layout: &Layout) -> bool {
    layout.nav.as_ref().is_some_and(|nav| nav.is_admin)
}

fn words(layout: &Layout) -> &'static Words {
    words_of(layout.lang())
}

fn words_of(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

const TRIGGERS: [&str; 7] = [
    "case.resolved",
    "order.placed",
    "order.delivered",
    "onboarding.completed",
    "subscription.renewed",
    "subscription.cancelled",
    "schedule",
];

pub struct SurveyRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub touchpoint: String,
    pub trigger: String,
    pub channels: String,
    pub active: bool,
    pub open_link: bool,
    pub sent: u64,
    pub answered: u64,
    pub response_rate: String,
    pub score: String,
}

/// A survey figure in words and the reader's rounding: `gemiddelde 3,7`.
fn named(lang: Lang, name: &str, value: f64) -> String {
    format!(
        "{} {}",
        figures::word(lang, name),
        figures::shown(lang, name, Some(value))
    )
}

fn trigger_label(w: &Words, lang: Lang, survey: &Survey) -> String {
    match (&survey.trigger_event, survey.schedule_days) {
        (Some(event), _) => terms::trigger(lang, event).into_owned(),
        (None, Some(days)) => w.schedule.replace("{n}", &days.to_string()),
        (None, None) => String::new(),
    }
}

/// The figures' formulas in the page's language, by the figure's word.
fn shown_formulas(
    lang: Lang,
    shown: impl IntoIterator<Item = (&'static str, &'static str)>,
) -> Vec<(&'static str, &'static str)> {
    shown
        .into_iter()
        .map(|(name, _)| (figures::word(lang, name), formulas::formula(lang, name)))
        .collect()
}

async fn row_of(
    state: &AppState,
    lang: Lang,
    survey: &Survey,
) -> Result<SurveyRow, store::StoreError> {
    let delivered = invitations::delivered(
        &state.db,
        survey.id,
        chrono::DateTime::UNIX_EPOCH,
        chrono::Utc::now() + chrono::Duration::days(1),
    )
    .await?;
    let total = figure_rows(survey.kind, &delivered, None)
        .into_iter()
        .next();
    Ok(SurveyRow {
        id: survey.id,
        name: survey.name.clone(),
        kind: terms::survey_kind(lang, survey.kind),
        touchpoint: terms::touchpoint(lang, &survey.touchpoint).into_owned(),
        trigger: trigger_label(words_of(lang), lang, survey),
        channels: terms::channels(lang, survey.channels.iter().map(String::as_str)),
        active: survey.active,
        open_link: survey.open_link,
        sent: total.as_ref().map_or(0, |t| t.sent),
        answered: total.as_ref().map_or(0, |t| t.answered),
        response_rate: total.as_ref().map_or(String::new(), |t| {
            figures::shown(lang, "response_rate", Some(t.response_rate))
        }),
        score: total
            .as_ref()
            .and_then(|t| {
                t.figures
                    .first()
                    .map(|(name, value)| format!("{} (n={})", named(lang, name, *value), t.n))
            })
            .unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "surveys.html")]
struct SurveysPage {
    layout: Layout,
    w: &'static Words,
    rows: Vec<SurveyRow>,
    formulas: Vec<(&'static str, &'static str)>,
    policy: FatiguePolicy,
    nps_days: u32,
    /// `(value, word)` of each trigger and each kind a new survey can have.
    triggers: Vec<(&'static str, Cow<'static, str>)>,
    kinds: Vec<(&'static str, &'static str)>,
    /// `(field, word)` of the channels a survey can go out on; the first is ticked.
    channels: Vec<(&'static str, &'static str)>,
    admin: bool,
}

pub async fn list(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let layout = Layout::for_session(&session, "surveys", "/surveys".into(), q.notice.as_deref());
    let admin = is_admin(&layout);
    let lang = layout.lang();
    let (all, policy) = match (
        surveys::list(&state.db).await,
        fatigue::policy(&state.db).await,
    ) {
        (Ok(all), Ok(policy)) => (all, policy),
        (Err(err), _) | (_, Err(err)) => return ApiError::from(err).into_response(),
    };
    let mut rows = Vec::with_capacity(all.len());
    let mut all_formulas: BTreeMap<&'static str, &'static str> = BTreeMap::new();
    for survey in &all {
        match row_of(&state, lang, survey).await {
            Ok(row) => rows.push(row),
            Err(err) => return ApiError::from(err).into_response(),
        }
        all_formulas.extend(formulas(survey.kind));
    }
    render(&SurveysPage {
        w: words(&layout),
        layout,
        rows,
        formulas: shown_formulas(lang, all_formulas),
        nps_days: policy
            .kind_min_days
            .get(&domain::SurveyKind::Nps)
            .copied()
            .unwrap_or(0),
        policy,
        triggers: TRIGGERS
            .iter()
            .map(|&key| {
                let word = match key {
                    "schedule" => Cow::Borrowed(words_of(lang).schedule_word),
                    _ => terms::trigger(lang, key),
                };
                (key, word)
            })
            .collect(),
        kinds: [SurveyKind::Csat, SurveyKind::Nps, SurveyKind::Ces]
            .into_iter()
            .map(|kind| (kind.as_str(), terms::survey_kind(lang, kind)))
            .collect(),
        channels: [
            Channel::Email,
            Channel::Sms,
            Channel::Whatsapp,
            Channel::Chat,
        ]
        .iter()
        .map(|channel| (channel.as_str(), lang.texts().channel(channel)))
        .collect(),
        admin,
    })
}

#[derive(Deserialize)]
pub struct NewSurveyForm {
    csrf: String,
    name: String,
    kind: String,
    trigger: String,
    #[serde(default)]
    every_days: String,
    #[serde(default)]
    touchpoint: String,
    #[serde(default)]
    delay_minutes: String,
    #[serde(default)]
    sample_pct: String,
    #[serde(default)]
    reminder_hours: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    sms: Option<String>,
    #[serde(default)]
    whatsapp: Option<String>,
    #[serde(default)]
    chat: Option<String>,
}

/// A number field of a form: empty is `None`, anything else must be a number.
fn number(text: &str) -> Result<Option<i64>, ()> {
    match text.trim() {
        "" => Ok(None),
        text => text.parse().map(Some).map_err(|_| ()),
    }
}

fn survey_body(form: &NewSurveyForm) -> Result<CreateSurvey, ()> {
    let channels: Vec<&str> = [
        ("email", &form.email),
        ("sms", &form.sms),
        ("whatsapp", &form.whatsapp),
        ("chat", &form.chat),
    ]
    .into_iter()
    .filter(|(_, on)| on.is_some())
    .map(|(channel, _)| channel)
    .collect();
    let mut trigger = json!({"event": form.trigger});
    if form.trigger == "schedule" {
        trigger["every_days"] = json!(number(&form.every_days)?);
    }
    let mut body =
        json!({"kind": form.kind, "name": form.name, "trigger": trigger, "channels": channels});
    let optional: [(&str, Option<i64>); 3] = [
        (
            "delay_seconds",
            number(&form.delay_minutes)?.map(|m| m.saturating_mul(60)),
        ),
        ("sample_pct", number(&form.sample_pct)?),
        ("reminder_after_hours", number(&form.reminder_hours)?),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            body[field] = json!(value);
        }
    }
    if !form.touchpoint.trim().is_empty() {
        body["touchpoint"] = Value::String(form.touchpoint.clone());
    }
    serde_json::from_value(body).map_err(|_| ())
}

pub async fn create(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<NewSurveyForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let Ok(new) = survey_body(&form).and_then(|body| new_survey(body).map_err(|_| ())) else {
        return see_other("/surveys", "invalid_input");
    };
    match surveys::create(&state.db, new, &session.actor()).await {
        Ok(_) => see_other("/surveys", "survey_created"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct PolicyForm {
    csrf: String,
    max_invitations: String,
    window_days: String,
    min_gap_days: String,
    nps_days: String,
}

pub async fn save_policy(
    State(state): State<AppState>,
    session: Session<Administer>,
    Form(form): Form<PolicyForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let parse = |text: &str| text.trim().parse::<u32>().ok();
    let (Some(max_invitations), Some(window_days), Some(min_gap_days), Some(nps_days)) = (
        parse(&form.max_invitations),
        parse(&form.window_days),
        parse(&form.min_gap_days),
        parse(&form.nps_days),
    ) else {
        return see_other("/surveys", "invalid_input");
    };
    let policy = FatiguePolicy {
        max_invitations,
        window_days,
        min_gap_days,
        kind_min_days: BTreeMap::from([(domain::SurveyKind::Nps, nps_days)]),
    };
    if policy.problem().is_some() {
        return see_other("/surveys", "invalid_input");
    }
    match fatigue::set_policy(&state.db, &policy).await {
        Ok(()) => see_other("/surveys", "policy_saved"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

pub struct InvitationRow {
    pub customer_id: i64,
    pub case_id: Option<i64>,
    pub channel: String,
    pub status: String,
    pub reason: String,
    /// Why, in the words of the rule that decided (its title on the page).
    pub reason_detail: String,
    pub answer: String,
    pub follow_up_case_id: Option<i64>,
    pub created: String,
    pub answered: String,
}

pub struct GroupRow {
    pub label: String,
    pub sent: u64,
    pub answered: u64,
    pub response_rate: String,
    pub figures: String,
}

#[derive(Template)]
#[template(path = "survey_detail.html")]
struct SurveyPage {
    layout: Layout,
    w: &'static Words,
    survey: SurveyRow,
    groups: Vec<GroupRow>,
    formulas: Vec<(&'static str, &'static str)>,
    invitations: Vec<InvitationRow>,
    admin: bool,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let layout = Layout::for_session(
        &session,
        "surveys",
        format!("/surveys/{id}"),
        q.notice.as_deref(),
    );
    let lang = layout.lang();
    let survey = match surveys::get(&state.db, id).await {
        Ok(survey) => survey,
        Err(err) => return ApiError::from(err).into_response(),
    };
    let filter = InvitationFilter {
        survey_id: Some(id),
        ..InvitationFilter::default()
    };
    let (row, listed, delivered) = match (
        row_of(&state, lang, &survey).await,
        invitations::list(&state.db, &filter).await,
        invitations::delivered(
            &state.db,
            id,
            chrono::DateTime::UNIX_EPOCH,
            chrono::Utc::now() + chrono::Duration::days(1),
        )
        .await,
    ) {
        (Ok(row), Ok(listed), Ok(delivered)) => (row, listed, delivered),
        (Err(err), _, _) | (_, Err(err), _) | (_, _, Err(err)) => {
            return ApiError::from(err).into_response();
        }
    };
    let groups = figure_rows(survey.kind, &delivered, Some("channel"))
        .into_iter()
        .map(|g| GroupRow {
            label: terms::channel(lang, &g.label).into_owned(),
            sent: g.sent,
            answered: g.answered,
            response_rate: figures::shown(lang, "response_rate", Some(g.response_rate)),
            figures: g
                .figures
                .iter()
                .map(|(name, value)| named(lang, name, *value))
                .chain([format!("n={}", g.n)])
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    render(&SurveyPage {
        w: words(&layout),
        admin: is_admin(&layout),
        layout,
        survey: row,
        groups,
        formulas: shown_formulas(lang, formulas(survey.kind)),
        invitations: listed
            .into_iter()
            .map(|i| InvitationRow {
                customer_id: i.customer_id,
                case_id: i.case_id,
                channel: i
                    .channel
                    .as_deref()
                    .map(|c| terms::channel(lang, c).into_owned())
                    .unwrap_or_default(),
                answer: [i.score.map(|s| s.to_string()), i.comment]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                status: terms::invitation_status(lang, &i.status).into_owned(),
                reason: terms::invitation_reason(lang, &i.reason).into_owned(),
                reason_detail: i.reason_detail.unwrap_or_default(),
                follow_up_case_id: i.follow_up_case_id,
                created: format::date_time(lang, &i.created_at),
                answered: i
                    .answered_at
                    .as_ref()
                    .map(|at| format::date_time(lang, at))
                    .unwrap_or_default(),
            })
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct OpenLinkForm {
    csrf: String,
    enabled: String,
}

pub async fn set_open_link(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<i64>,
    Form(form): Form<OpenLinkForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let switches = surveys::SurveySwitches {
        active: None,
        open_link: Some(form.enabled == "true"),
    };
    match surveys::switch(&state.db, id, switches, &session.actor()).await {
        Ok(_) => see_other(&format!("/surveys/{id}"), "survey_updated"),
        Err(err) => ApiError::from(err).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    csrf: String,
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    session: Session<Administer>,
    Path(id): Path<i64>,
    Form(form): Form<ActiveForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    let switches = surveys::SurveySwitches {
        active: Some(form.active == "true"),
        open_link: None,
    };
    match surveys::switch(&state.db, id, switches, &session.actor()).await {
        Ok(_) => see_other(&format!("/surveys/{id}"), "survey_updated"),
        Err(err) => ApiError::from(err).into_response(),
    }
}
