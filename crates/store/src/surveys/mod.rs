//! Surveys: what to ask (CSAT, NPS, CES or custom questions, in Dutch and English), at which
//! touchpoint, on which trigger, by which channels. [`invitations`] decides who gets one and
//! why (not); [`answers`] records what comes back.

pub mod answers;
pub mod fatigue;
pub mod invitations;

use chrono::{DateTime, Utc};
use domain::{Conditions, Question, SurveyKind, SurveyTexts};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;

use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Survey {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: SurveyKind,
    pub name: String,
    pub touchpoint: String,
    /// The event kind that sends it; `None` for a relationship survey on a schedule.
    pub trigger_event: Option<String>,
    /// A relationship survey goes to each customer every this many days.
    pub schedule_days: Option<i64>,
    /// Distribution channels in order of preference: `email`, `sms`, `whatsapp`, `chat`.
    pub channels: Json<Vec<String>>,
    pub delay_seconds: i64,
    pub conditions: Json<Conditions>,
    pub sample_pct: i64,
    pub texts: Json<SurveyTexts>,
    pub questions: Json<Vec<Question>>,
    pub expiry_days: i64,
    pub reminder_after_hours: Option<i64>,
    /// Whether a low answer opens a follow-up case.
    pub follow_up: bool,
    pub active: bool,
    /// Whether anyone with the open link may answer (anonymously).
    pub open_link: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct NewSurvey {
    pub kind: SurveyKind,
    pub name: String,
    pub touchpoint: String,
    pub trigger_event: Option<String>,
    pub schedule_days: Option<i64>,
    pub channels: Vec<String>,
    pub delay_seconds: i64,
    pub conditions: Conditions,
    pub sample_pct: i64,
    pub texts: SurveyTexts,
    pub questions: Vec<Question>,
    pub expiry_days: i64,
    pub reminder_after_hours: Option<i64>,
    pub follow_up: bool,
    pub open_link: bool,
}

const SELECT: &str = "SELECT id, kind, name, touchpoint, trigger_event, schedule_days, channels, \
                      delay_seconds, conditions, sample_pct, texts, questions, expiry_days, \
                      reminder_after_hours, follow_up, active, open_link, created_at, \
                      updated_at FROM surveys";

pub async fn create(db: &Db, new: NewSurvey, actor: &Actor) -> Result<Survey, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let sql = "INSERT INTO surveys (kind, name, touchpoint, trigger_event, schedule_days, \
               channels, delay_seconds, conditions, sample_pct, texts, questions, expiry_days, \
               reminder_after_hours, follow_up, open_link, created_at, updated_at) VALUES ($1, \
               $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
               RETURNING id";
    let id: i64 = tx
        .scalar(
            sql,
            params![
                new.kind.as_str(),
                &new.name,
                &new.touchpoint,
                &new.trigger_event,
                new.schedule_days,
                Json(&new.channels),
                new.delay_seconds,
                Json(&new.conditions),
                new.sample_pct,
                Json(&new.texts),
                Json(&new.questions),
                new.expiry_days,
                new.reminder_after_hours,
                new.follow_up,
                new.open_link,
                at
            ],
        )
        .await?;
    tx.append_event(NewEvent {
        kind: "survey.created",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({
            "survey_id": id,
            "kind": new.kind,
            "name": new.name,
            "touchpoint": new.touchpoint,
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Survey, StoreError> {
    let sql = format!("{SELECT} WHERE id = $1");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Survey))
}

/// Every survey, newest first.
pub async fn list(db: &Db) -> Result<Vec<Survey>, StoreError> {
    let sql = format!("{SELECT} ORDER BY id DESC LIMIT 500");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![]).await
}

/// The active surveys, oldest first: what triggers are matched against.
pub async fn active(db: &Db) -> Result<Vec<Survey>, StoreError> {
    let sql = format!("{SELECT} WHERE active = TRUE ORDER BY id");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![]).await
}

/// What can change about a survey once it runs; `None` keeps the value.
#[derive(Debug, Default, Clone, Copy)]
pub struct SurveySwitches {
    pub active: Option<bool>,
    pub open_link: Option<bool>,
}

/// Switches a survey or its open link on or off; invitations already made are kept.
pub async fn switch(
    db: &Db,
    id: i64,
    switches: SurveySwitches,
    actor: &Actor,
) -> Result<Survey, StoreError> {
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE surveys SET active = COALESCE($1, active), open_link = COALESCE($2, \
               open_link), updated_at = $3 WHERE id = $4";
    let changed = tx
        .execute(sql, params![switches.active, switches.open_link, now(), id])
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound(Entity::Survey));
    }
    tx.append_event(NewEvent {
        kind: "survey.updated",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({
            "survey_id": id,
            "active": switches.active,
            "open_link": switches.open_link,
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}
