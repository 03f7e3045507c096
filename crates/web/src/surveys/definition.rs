//! A survey's definition as callers send it (`CreateSurvey`), checked field by field into a
//! `NewSurvey` before anything is stored, and a survey as the API shows it; for the API and the
//! agents' survey pages.

use domain::{Conditions, Question, SurveyKind, SurveyTexts};
use serde::Deserialize;
use serde_json::{Value, json};
use store::surveys::{NewSurvey, Survey};

use crate::business_events::{is_business_event, touchpoint_of};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::input::{parse_enum, required_text};

const CHANNELS: [&str; 4] = ["email", "sms", "whatsapp", "chat"];
const MAX_DELAY_SECONDS: i64 = 30 * 86_400;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerBody {
    /// `case.resolved`, a business event kind, or `schedule`.
    event: String,
    /// For `schedule`: every how many days each customer is asked (default 90).
    every_days: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSurvey {
    kind: String,
    name: String,
    trigger: TriggerBody,
    channels: Vec<String>,
    touchpoint: Option<String>,
    delay_seconds: Option<i64>,
    conditions: Option<Conditions>,
    sample_pct: Option<i64>,
    texts: Option<SurveyTexts>,
    questions: Option<Vec<Question>>,
    expiry_days: Option<i64>,
    reminder_after_hours: Option<i64>,
    follow_up: Option<bool>,
    /// Whether anyone with the open link may answer, anonymously; on unless switched off.
    open_link_enabled: Option<bool>,
}

fn check_range(field: &str, value: i64, range: std::ops::RangeInclusive<i64>) -> ApiResult<i64> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            format!("{field} must be {} to {}", range.start(), range.end()),
        ))
    }
}

pub fn new_survey(body: CreateSurvey) -> ApiResult<NewSurvey> {
    let kind: SurveyKind = parse_enum("kind", &body.kind)?;
    let name = required_text("name", &body.name, 200)?;
    let (trigger_event, schedule_days) = match (
        body.trigger.event.as_str(),
        body.trigger.every_days,
    ) {
        ("schedule", days) => (
            None,
            Some(check_range(
                "trigger.every_days",
                days.unwrap_or(90),
                1..=730,
            )?),
        ),
        (_, Some(_)) => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidField,
                "trigger.every_days belongs to a schedule trigger",
            ));
        }
        (event, None) if event == "case.resolved" || is_business_event(event) => {
            (Some(event.to_string()), None)
        }
        (event, None) => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidField,
                format!(
                    "trigger.event {event:?} is not case.resolved, schedule or an event kind like order.delivered"
                ),
            ));
        }
    };
    let mut channels: Vec<String> = Vec::new();
    for channel in &body.channels {
        if !CHANNELS.contains(&channel.as_str()) {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidField,
                format!(
                    "channels: {channel:?} is not one of {}",
                    CHANNELS.join(", ")
                ),
            ));
        }
        if !channels.contains(channel) {
            channels.push(channel.clone());
        }
    }
    if channels.is_empty() {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "channels must name at least one channel",
        ));
    }
    let questions = body.questions.unwrap_or_default();
    if questions.len() > 10 {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "at most 10 custom questions",
        ));
    }
    if let Some(problem) = questions.iter().find_map(Question::problem) {
        return Err(ApiError::unprocessable(ErrorCode::InvalidField, problem));
    }
    let mut ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "question ids must be unique",
        ));
    }
    if kind == SurveyKind::Custom && questions.is_empty() {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "a custom survey needs questions",
        ));
    }
    let touchpoint = match &body.touchpoint {
        Some(touchpoint) => required_text("touchpoint", touchpoint, 60)?,
        None => touchpoint_of(trigger_event.as_deref()).to_string(),
    };
    let expiry_days = check_range("expiry_days", body.expiry_days.unwrap_or(14), 1..=90)?;
    let reminder_after_hours = body
        .reminder_after_hours
        .map(|hours| check_range("reminder_after_hours", hours, 1..=expiry_days * 24 - 1))
        .transpose()?;
    Ok(NewSurvey {
        kind,
        name,
        touchpoint,
        trigger_event,
        schedule_days,
        channels,
        delay_seconds: check_range(
            "delay_seconds",
            body.delay_seconds.unwrap_or(0),
            0..=MAX_DELAY_SECONDS,
        )?,
        conditions: body.conditions.unwrap_or_default(),
        sample_pct: check_range("sample_pct", body.sample_pct.unwrap_or(100), 0..=100)?,
        texts: body.texts.unwrap_or_default(),
        questions,
        expiry_days,
        reminder_after_hours,
        follow_up: body.follow_up.unwrap_or(true),
        open_link: body.open_link_enabled.unwrap_or(true),
    })
}

/// A survey as the API shows it: the trigger as it was given, and the wording in full.
pub fn survey_json(survey: &Survey) -> Value {
    let trigger = match (&survey.trigger_event, survey.schedule_days) {
        (Some(event), _) => json!({"event": event}),
        (None, days) => json!({"event": "schedule", "every_days": days}),
    };
    json!({
        "id": survey.id, "kind": survey.kind, "name": survey.name, "touchpoint": survey.touchpoint,
        "trigger": trigger, "channels": survey.channels.0, "delay_seconds": survey.delay_seconds,
        "conditions": survey.conditions.0, "sample_pct": survey.sample_pct,
        "texts": {"question": survey.texts.question(survey.kind), "follow_up": survey.texts.follow_up()},
        "questions": survey.questions.0, "expiry_days": survey.expiry_days,
        "reminder_after_hours": survey.reminder_after_hours, "follow_up": survey.follow_up,
        "active": survey.active, "created_at": survey.created_at, "updated_at": survey.updated_at,
        "open_link": survey.open_link.then(|| format!("/s/open/{}", survey.id)),
        "open_link_enabled": survey.open_link,
        "embed_snippet": format!(r#"<script src="/survey.js" data-survey="{}" defer></script>"#, survey.id),
    })
}
