//! Invitations: one survey for one customer at one trigger, and the decision taken on it. Every
//! trigger that matches a survey's conditions leaves a row, sent or not, with its reason:
//! `opted_out`, `sampled_out`, `no_channel`, `fatigue`, or `eligible` (then `sent`).
//!
//! The decision is taken in one transaction that holds the customer's row (on PostgreSQL with
//! `FOR UPDATE`; SQLite writes one at a time), so two triggers for one person never both pass a
//! fatigue rule that only one of them may.

use chrono::{DateTime, Duration, Utc};
use domain::{Channel, SurveyKind, SurveyTexts, Touch};
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::types::Json;

use super::Survey;
use super::fatigue::{FatiguePolicy, Previous};
use crate::events::{Actor, NewEvent};
use crate::sql::Where;
use crate::{Db, StoreError, now, params};

/// Statuses that take a place in the fatigue policy.
const COUNTED: &str = "('scheduled', 'sent', 'answered')";

/// What started an invitation.
pub struct Trigger<'a> {
    pub survey: &'a Survey,
    pub customer_id: i64,
    pub case_id: Option<i64>,
    /// `event:<seq>` or `schedule:<date>`: a survey invites once per trigger.
    pub key: String,
    pub at: DateTime<Utc>,
    /// The outcome of the survey's sampling draw for this trigger.
    pub sampled_in: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub survey_id: i64,
    pub survey_name: String,
    #[sqlx(try_from = "String")]
    pub kind: SurveyKind,
    pub customer_id: i64,
    pub case_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub team_id: Option<i64>,
    pub touchpoint: String,
    pub channel: Option<String>,
    pub language: String,
    /// `scheduled`, `sent`, `answered`, `suppressed`, `failed`, or `expired` (sent, unanswered,
    /// past `expires_at`).
    pub status: String,
    pub reason: String,
    pub reason_detail: Option<String>,
    #[serde(skip)]
    pub token: String,
    pub send_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub score: Option<i64>,
    pub comment: Option<String>,
    pub answers: Option<Json<Value>>,
    pub follow_up_case_id: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// How long past expiry a customer who already answered may still change the answer (a comment
/// after a one-click score); after that the answer is final, so past figures cannot be rewritten.
pub const ANSWER_GRACE_MINUTES: i64 = 60;

impl Invitation {
    pub fn is_expired(&self, at: DateTime<Utc>) -> bool {
        self.expires_at < at
    }

    /// Whether an answer given at `at` is taken: before expiry, or for a change to an answer
    /// already given, within the grace period after it.
    pub fn accepts_answers(&self, at: DateTime<Utc>) -> bool {
        match self.status.as_str() {
            "expired" => false,
            "answered" => at <= self.expires_at + Duration::minutes(ANSWER_GRACE_MINUTES),
            _ => !self.is_expired(at),
        }
    }

    fn settle_status(mut self, at: DateTime<Utc>) -> Invitation {
        if self.status == "sent" && self.is_expired(at) {
            self.status = "expired".into();
        }
        self
    }
}

const SELECT: &str = "SELECT i.id, i.survey_id, s.name AS survey_name, s.kind, i.customer_id, \
                      i.case_id, i.agent_id, i.team_id, i.touchpoint, i.channel, i.language, \
                      i.status, i.reason, i.reason_detail, i.token, i.send_at, i.sent_at, \
                      i.reminded_at, i.expires_at, i.answered_at, i.score, i.comment, \
                      i.answers, i.follow_up_case_id, i.last_error, i.created_at FROM \
                      survey_invitations i JOIN surveys s ON s.id = i.survey_id";

#[derive(Default)]
pub struct InvitationFilter {
    pub customer_id: Option<i64>,
    pub case_id: Option<i64>,
    pub survey_id: Option<i64>,
}

/// Invitations matching `filter`, newest first (at most 500).
pub async fn list(db: &Db, filter: &InvitationFilter) -> Result<Vec<Invitation>, StoreError> {
    let mut w = Where::default();
    for (column, value) in [
        ("i.customer_id = ?", filter.customer_id),
        ("i.case_id = ?", filter.case_id),
        ("i.survey_id = ?", filter.survey_id),
    ] {
        if let Some(value) = value {
            w.push(column, params![value]);
        }
    }
    let sql = format!("{SELECT} {} ORDER BY i.id DESC LIMIT 500", w.sql());
    let rows: Vec<Invitation> = db.fetch_all(sqlx::AssertSqlSafe(sql), w.args).await?;
    let at = now();
    Ok(rows.into_iter().map(|i| i.settle_status(at)).collect())
}

pub async fn by_token(db: &Db, token: &str) -> Result<Option<Invitation>, StoreError> {
    if token.len() > 64 {
        return Ok(None);
    }
    let sql = format!("{SELECT} WHERE i.token = $1");
    let found: Option<Invitation> = db
        .fetch_optional(sqlx::AssertSqlSafe(sql), params![token])
        .await?;
    Ok(found.map(|i| i.settle_status(now())))
}

/// The customer a trigger is about, as the decision needs them.
#[derive(sqlx::FromRow)]
struct Recipient {
    survey_opt_out: bool,
    language: Option<String>,
    attributes: Json<Value>,
    merged_into: Option<i64>,
}

/// The case a trigger is about, as conditions and attribution need it.
#[derive(sqlx::FromRow)]
struct CaseContext {
    #[sqlx(try_from = "String")]
    channel: Channel,
    team_id: Option<i64>,
    assignee_id: Option<i64>,
}

/// Decides on `trigger` and records the invitation; `None` when the survey's conditions leave
/// the trigger out, or when this trigger already has its invitation.
pub async fn invite(
    db: &Db,
    trigger: &Trigger<'_>,
    policy: &FatiguePolicy,
) -> Result<Option<Invitation>, StoreError> {
    let survey = trigger.survey;
    let lock_customer = match db {
        Db::Sqlite(_) => {
            "SELECT survey_opt_out, language, attributes, merged_into FROM customers WHERE id = $1"
        }
        Db::Postgres(_) => {
            "SELECT survey_opt_out, language, attributes, merged_into FROM customers WHERE id = \
             $1 FOR UPDATE"
        }
    };
    let at = now();
    let send_at = trigger.at.max(at) + Duration::seconds(survey.delay_seconds);
    let mut tx = db.begin_write().await?;
    let done: Option<i64> = tx
        .optional_scalar(
            "SELECT id FROM survey_invitations WHERE survey_id = $1 AND trigger_key = $2",
            params![survey.id, &trigger.key],
        )
        .await?;
    if done.is_some() {
        return Ok(None);
    }
    let customer: Option<Recipient> = tx
        .fetch_optional(lock_customer, params![trigger.customer_id])
        .await?;
    let Some(Recipient {
        survey_opt_out: opted_out,
        language,
        attributes: Json(attributes),
        merged_into: None,
    }) = customer
    else {
        // Gone, or merged into another customer: the trigger was about someone who no longer
        // stands alone, and the survivor's own triggers will reach them.
        return Ok(None);
    };
    let case: Option<CaseContext> = match trigger.case_id {
        Some(case_id) => {
            tx.fetch_optional(
                "SELECT channel, team_id, assignee_id FROM cases WHERE id = $1",
                params![case_id],
            )
            .await?
        }
        None => None,
    };
    let tags: Vec<String> = tx
        .scalars(
            "SELECT tag FROM case_tags WHERE case_id = $1",
            params![trigger.case_id],
        )
        .await?;
    let segment = attributes.get("segment").and_then(Value::as_str);
    let touch = Touch {
        channel: case.as_ref().map(|c| c.channel),
        segment,
        tags: &tags,
        team_id: case.as_ref().and_then(|c| c.team_id),
    };
    if !survey.conditions.allow(&touch) {
        return Ok(None);
    }
    let identities: Vec<(String, String)> = tx
        .fetch_all(
            "SELECT kind, value FROM identities WHERE customer_id = $1 ORDER BY id DESC",
            params![trigger.customer_id],
        )
        .await?;
    let inbox_kinds: Vec<String> = tx
        .scalars(
            "SELECT DISTINCT kind FROM inboxes WHERE active = TRUE",
            params![],
        )
        .await?;
    let route = choose_channel(&survey.channels, touch.channel, &identities, &inbox_kinds);
    let previous: Vec<Previous> = tx
        .fetch_all(
            sqlx::AssertSqlSafe(format!(
                "SELECT i.survey_id, s.kind, i.send_at FROM survey_invitations i JOIN surveys s \
                 ON s.id = i.survey_id WHERE i.customer_id = $1 AND i.status IN {COUNTED} AND \
                 i.send_at > $2",
            )),
            params![trigger.customer_id, send_at - policy.horizon()],
        )
        .await?;
    let (status, reason, detail) = if opted_out {
        (
            "suppressed",
            "opted_out",
            Some("the customer opted out of surveys".to_string()),
        )
    } else if !trigger.sampled_in {
        (
            "suppressed",
            "sampled_out",
            Some(format!("outside the {}% sample", survey.sample_pct)),
        )
    } else if route.is_none() {
        (
            "suppressed",
            "no_channel",
            Some(format!("no address for {}", survey.channels.join(", "))),
        )
    } else if let Some(why) = policy.tires(
        send_at,
        survey.kind,
        (survey.id, survey.schedule_days),
        &previous,
    ) {
        ("suppressed", "fatigue", Some(why))
    } else {
        ("scheduled", "eligible", None)
    };
    let (channel, address) = route.unzip();
    let language = language
        .filter(|l| l == "en")
        .unwrap_or_else(|| "nl".into());
    let sql = "INSERT INTO survey_invitations (survey_id, customer_id, case_id, agent_id, \
               team_id, touchpoint, trigger_key, channel, address, language, status, reason, \
               reason_detail, token, send_at, expires_at, created_at, updated_at) VALUES ($1, \
               $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) \
               RETURNING id";
    let id: i64 = tx
        .scalar(
            sql,
            params![
                survey.id,
                trigger.customer_id,
                trigger.case_id,
                case.as_ref().and_then(|c| c.assignee_id),
                touch.team_id,
                &survey.touchpoint,
                &trigger.key,
                &channel,
                address,
                &language,
                status,
                reason,
                &detail,
                crate::secret::generate(""),
                send_at,
                send_at + Duration::days(survey.expiry_days),
                at
            ],
        )
        .await?;
    tx.append_event(NewEvent {
        kind: "survey.invited",
        customer_id: Some(trigger.customer_id),
        case_id: trigger.case_id,
        actor: &Actor::System,
        payload: json!({
            "invitation_id": id,
            "survey_id": survey.id,
            "status": status,
            "reason": reason,
            "detail": detail,
            "channel": channel,
        }),
    })
    .await?;
    let id: Option<i64> = Some(id);
    tx.commit().await?;
    match id {
        Some(id) => Ok(list_one(db, id).await?),
        None => Ok(None),
    }
}

async fn list_one(db: &Db, id: i64) -> Result<Option<Invitation>, StoreError> {
    let sql = format!("{SELECT} WHERE i.id = $1");
    let found: Option<Invitation> = db
        .fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?;
    Ok(found)
}

/// The first of the survey's channels the customer can be reached on, preferring the channel of
/// the contact the survey is about. Chat only reaches a visitor about a chat.
fn choose_channel(
    preferred: &[String],
    contact: Option<Channel>,
    identities: &[(String, String)],
    inbox_kinds: &[String],
) -> Option<(String, String)> {
    let address = |channel: &str| -> Option<String> {
        let identity = |kind: &str| {
            identities
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, v)| v.clone())
        };
        match channel {
            "email" => identity("email"),
            "sms" | "whatsapp" if inbox_kinds.iter().any(|k| k == channel) => identity("phone"),
            "chat" if contact == Some(Channel::Chat) => identity("chat"),
            _ => None,
        }
    };
    let first_choice = contact
        .map(Channel::as_str)
        .filter(|c| preferred.iter().any(|p| p == c));
    first_choice
        .into_iter()
        .chain(preferred.iter().map(String::as_str))
        .find_map(|channel| address(channel).map(|a| (channel.to_string(), a)))
}

/// An invitation claimed for sending (or reminding), with what the message needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Outgoing {
    pub id: i64,
    pub survey_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: SurveyKind,
    pub texts: Json<SurveyTexts>,
    pub customer_id: i64,
    pub customer_name: String,
    pub case_id: Option<i64>,
    pub channel: String,
    pub address: String,
    pub language: String,
    pub token: String,
    pub attempts: i64,
    pub expiry_days: i64,
    pub reminder_after_hours: Option<i64>,
    pub expires_at: DateTime<Utc>,
}

const OUTGOING: &str = "SELECT i.id, i.survey_id, s.kind, s.texts, i.customer_id, c.name AS \
                        customer_name, i.case_id, i.channel, i.address, i.language, i.token, \
                        i.attempts, s.expiry_days, s.reminder_after_hours, i.expires_at FROM \
                        survey_invitations i JOIN surveys s ON s.id = i.survey_id JOIN \
                        customers c ON c.id = i.customer_id WHERE i.id = $1 AND i.channel IS \
                        NOT NULL AND i.address IS NOT NULL";

/// How a claim skips rows another node is claiming: SQLite has one writer, so nothing to skip.
fn skip_locked(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => "",
        Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
    }
}

/// Claims up to `limit` invitations due to go, for `lease`; several nodes never claim the same.
pub async fn claim_due(db: &Db, limit: i64, lease: Duration) -> Result<Vec<Outgoing>, StoreError> {
    let skip_locked = skip_locked(db);
    let at = now();
    // A read first: the claim is a write, which on SQLite waits for the intake writer's lock.
    let due = "SELECT EXISTS (SELECT 1 FROM survey_invitations WHERE status = 'scheduled' \
               AND send_at <= $1)";
    if !db.scalar::<bool>(due, params![at]).await? {
        return Ok(Vec::new());
    }
    let sql = format!(
        "UPDATE survey_invitations SET attempts = attempts + 1, send_at = $1, updated_at = $2 \
         WHERE id IN (SELECT id FROM survey_invitations WHERE status = 'scheduled' AND send_at \
         <= $2 ORDER BY send_at, id LIMIT $3{skip_locked}) RETURNING id"
    );
    let ids: Vec<i64> = db
        .scalars(sqlx::AssertSqlSafe(sql), params![at + lease, at, limit])
        .await?;
    outgoing(db, ids).await
}

/// Claims up to `limit` sent, unanswered invitations whose one reminder is due; a claimed
/// reminder is never claimed again, so nobody is reminded twice.
pub async fn claim_reminders(db: &Db, limit: i64) -> Result<Vec<Outgoing>, StoreError> {
    let skip_locked = skip_locked(db);
    let due = "SELECT EXISTS (SELECT 1 FROM survey_invitations WHERE status = 'sent' \
               AND reminded_at IS NULL AND remind_at <= $1 AND expires_at > $1)";
    if !db.scalar::<bool>(due, params![now()]).await? {
        return Ok(Vec::new());
    }
    let sql = format!(
        "UPDATE survey_invitations SET reminded_at = $1, updated_at = $1 WHERE id IN (SELECT id \
         FROM survey_invitations WHERE status = 'sent' AND reminded_at IS NULL AND remind_at <= \
         $1 AND expires_at > $1 ORDER BY remind_at, id LIMIT $2{skip_locked}) RETURNING id"
    );
    let ids: Vec<i64> = db
        .scalars(sqlx::AssertSqlSafe(sql), params![now(), limit])
        .await?;
    outgoing(db, ids).await
}

async fn outgoing(db: &Db, ids: Vec<i64>) -> Result<Vec<Outgoing>, StoreError> {
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<Outgoing> = db.fetch_optional(OUTGOING, params![id]).await?;
        claimed.extend(row);
    }
    Ok(claimed)
}

/// The invitation went out: it expires `expiry_days` from now, and is reminded once if the
/// survey says so.
pub async fn sent(db: &Db, invitation: &Outgoing) -> Result<(), StoreError> {
    let at = now();
    let remind_at = invitation
        .reminder_after_hours
        .map(|hours| at + Duration::hours(hours));
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE survey_invitations SET status = 'sent', reason = 'sent', sent_at = $1, \
               remind_at = $2, expires_at = $3, last_error = NULL, updated_at = $1 WHERE id = \
               $4 AND status = 'scheduled'";
    tx.execute(
        sql,
        params![
            at,
            remind_at,
            at + Duration::days(invitation.expiry_days),
            invitation.id
        ],
    )
    .await?;
    tx.append_event(NewEvent {
        kind: "survey.sent",
        customer_id: Some(invitation.customer_id),
        case_id: invitation.case_id,
        actor: &Actor::System,
        payload: json!({
            "invitation_id": invitation.id,
            "survey_id": invitation.survey_id,
            "channel": invitation.channel,
            "token": invitation.token,
            "kind": invitation.kind,
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A transient failure: try again at `next`.
pub async fn retry(db: &Db, id: i64, next: DateTime<Utc>, error: &str) -> Result<(), StoreError> {
    let sql = "UPDATE survey_invitations SET send_at = $1, last_error = $2, updated_at = $3 \
               WHERE id = $4 AND status = 'scheduled'";
    db.execute(sql, params![next, error, now(), id]).await?;
    Ok(())
}

/// The invitation cannot be delivered; the reason stays on it.
pub async fn failed(db: &Db, invitation: &Outgoing, error: &str) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE survey_invitations SET status = 'failed', reason = 'delivery_failed', \
               last_error = $1, updated_at = $2 WHERE id = $3 AND status = 'scheduled'";
    tx.execute(sql, params![error, now(), invitation.id])
        .await?;
    tx.append_event(NewEvent {
        kind: "survey.failed",
        customer_id: Some(invitation.customer_id),
        case_id: invitation.case_id,
        actor: &Actor::System,
        payload: json!({"invitation_id": invitation.id, "error": error}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new invitation for someone who opened the survey's open link (a QR code on a receipt, a
/// button on the website): anonymous, on the survey's shared respondent, outside the fatigue
/// policy because the customer chose to answer. Its token.
pub async fn open_link(db: &Db, survey: &Survey) -> Result<String, StoreError> {
    let at = now();
    let token = crate::secret::generate("");
    let identity = format!("open-survey:{}", survey.id);
    let mut tx = db.begin_write().await?;
    let existing: Option<i64> = tx
        .optional_scalar(
            "SELECT customer_id FROM identities WHERE kind = 'external' AND value = $1",
            params![&identity],
        )
        .await?;
    let customer_id = match existing {
        Some(id) => id,
        None => {
            let name = format!("Anonieme respondent ({})", survey.name);
            let sql = "INSERT INTO customers (name, name_key, attributes, created_at, \
                       updated_at) VALUES ($1, $2, '{}', $3, $3) RETURNING id";
            let id: i64 = tx
                .scalar(sql, params![&name, domain::search_key(&name), at])
                .await?;
            let sql = "INSERT INTO identities (customer_id, kind, value, created_at) VALUES ($1, \
                       'external', $2, $3)";
            tx.execute(sql, params![id, &identity, at]).await?;
            id
        }
    };
    let sql = "INSERT INTO survey_invitations (survey_id, customer_id, touchpoint, trigger_key, \
               channel, language, status, reason, token, send_at, sent_at, expires_at, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, 'link', 'nl', 'sent', 'sent', \
               $5, $6, $6, $7, $6, $6) RETURNING id";
    let id: i64 = tx
        .scalar(
            sql,
            params![
                survey.id,
                customer_id,
                &survey.touchpoint,
                format!("open:{token}"),
                &token,
                at,
                at + Duration::days(survey.expiry_days)
            ],
        )
        .await?;
    tx.append_event(NewEvent {
        kind: "survey.sent",
        customer_id: Some(customer_id),
        case_id: None,
        actor: &Actor::Customer,
        payload: json!({"invitation_id": id, "survey_id": survey.id, "channel": "link"}),
    })
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Customers without an invitation of the relationship survey `survey` within its interval, who
/// have been in contact in the last year: the next ones its schedule reaches (at most `limit`).
pub async fn due_for_relationship(
    db: &Db,
    survey: &Survey,
    limit: i64,
) -> Result<Vec<i64>, StoreError> {
    let Some(days) = survey.schedule_days else {
        return Ok(Vec::new());
    };
    let at = now();
    let sql = "SELECT c.id FROM customers c WHERE c.merged_into IS NULL AND c.survey_opt_out = \
               FALSE AND EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = c.id AND \
               k.created_at > $1) AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE \
               i.customer_id = c.id AND i.survey_id = $2 AND i.created_at > $3) ORDER BY c.id \
               LIMIT $4";
    db.scalars(
        sql,
        params![
            at - Duration::days(365),
            survey.id,
            at - Duration::days(days),
            limit
        ],
    )
    .await
}

/// A delivered invitation of a survey, for its response rate and figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivered {
    pub survey_name: String,
    pub touchpoint: String,
    pub answered: bool,
    pub score: Option<i64>,
    pub channel: Option<String>,
    pub agent_name: Option<String>,
    pub team_name: Option<String>,
    pub sent_at: DateTime<Utc>,
}

/// The invitations of `survey_id` that reached the customer and were sent within `from..to`.
pub async fn delivered(
    db: &Db,
    survey_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Delivered>, StoreError> {
    let sql = format!("{DELIVERED} AND i.survey_id = $3");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![from, to, survey_id])
        .await
}

const DELIVERED: &str = "SELECT s.name AS survey_name, i.touchpoint, i.status = 'answered' AS \
                         answered, i.score, i.channel, a.name AS agent_name, t.name AS \
                         team_name, i.sent_at FROM survey_invitations i JOIN surveys s ON s.id \
                         = i.survey_id LEFT JOIN agents a ON a.id = i.agent_id LEFT JOIN teams \
                         t ON t.id = i.team_id WHERE i.sent_at IS NOT NULL AND i.sent_at >= $1 \
                         AND i.sent_at < $2";

/// Every survey's invitations that reached the customer and were sent within `from..to`.
pub async fn delivered_between(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Delivered>, StoreError> {
    db.fetch_all(DELIVERED, params![from, to]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identities() -> Vec<(String, String)> {
        vec![
            ("phone".into(), "+31612345678".into()),
            ("email".into(), "anna@example.nl".into()),
            ("chat".into(), "visitor-token".into()),
        ]
    }

    fn channels(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn the_contacts_own_channel_goes_first() {
        let sms_inbox = channels(&["sms"]);
        let route = choose_channel(
            &channels(&["email", "sms"]),
            Some(Channel::Sms),
            &identities(),
            &sms_inbox,
        );
        assert_eq!(route, Some(("sms".into(), "+31612345678".into())));
        let route = choose_channel(
            &channels(&["email", "sms"]),
            Some(Channel::Phone),
            &identities(),
            &sms_inbox,
        );
        assert_eq!(route, Some(("email".into(), "anna@example.nl".into())));
    }

    #[test]
    fn a_channel_without_an_address_or_an_inbox_is_passed_over() {
        let route = choose_channel(&channels(&["sms", "email"]), None, &identities(), &[]);
        assert_eq!(route.map(|(c, _)| c), Some("email".into()));
        assert_eq!(
            choose_channel(
                &channels(&["chat"]),
                Some(Channel::Email),
                &identities(),
                &[]
            ),
            None
        );
        assert_eq!(choose_channel(&channels(&["email"]), None, &[], &[]), None);
    }
}
