//! Interactions: every message or contact on any channel, threaded onto a customer and a case.

use chrono::{DateTime, Utc};
use domain::{CaseStatus, Channel, Direction, IdentityKind, StatusChange};
use serde::Serialize;
use serde_json::json;

use crate::channels::attachments::{self, AttachmentRef};
use crate::events::{Actor, NewEvent};
use crate::sql::{Param, Where};
use crate::{Cursor, Db, Entity, Page, StoreError, Tx, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Interaction {
    pub id: i64,
    pub case_id: i64,
    pub case_subject: String,
    pub customer_id: i64,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    #[sqlx(try_from = "String")]
    pub direction: Direction,
    pub author_agent_id: Option<i64>,
    pub author_name: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub external_id: Option<String>,
    pub delivery_status: Option<String>,
    /// Why delivery failed, when it did.
    pub delivery_error: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// The files that came or went with it; every function here that returns interactions fills
    /// it, with one query for all of them.
    #[sqlx(skip)]
    pub attachments: Vec<AttachmentRef>,
}

const SELECT: &str = "SELECT i.id, i.case_id, c.subject AS case_subject, i.customer_id, \
                      i.channel, i.direction, i.author_agent_id, a.name AS author_name, \
                      i.subject, i.body, i.external_id, i.delivery_status, i.delivery_error, \
                      i.occurred_at, i.created_at FROM interactions i JOIN cases c ON c.id = \
                      i.case_id LEFT JOIN agents a ON a.id = i.author_agent_id";

/// A contact from a customer on any channel, already validated and normalised.
pub struct Inbound {
    pub channel: Channel,
    pub identity: (IdentityKind, String),
    /// The customer's name if the channel tells it; used only when the customer is new.
    pub customer_name: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub external_id: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
    /// The inbox it arrived through, if any; replies go out through it.
    pub inbox_id: Option<i64>,
    /// Where a reply reaches the customer; by default the identity's value.
    pub address: Option<String>,
    /// Channel specifics (call times, review rating and source, email recipients), stored with
    /// the interaction as they are.
    pub details: Option<serde_json::Value>,
    /// A review's stars: what intake decides a review's follow-up by (see [`domain::decide`]).
    pub rating: Option<domain::Stars>,
    /// A case the contact says it belongs to (an email's thread); used if it is this customer's.
    pub case_hint: Option<i64>,
    pub attachments: Vec<NewAttachment>,
}

impl Inbound {
    /// A plain contact: everything optional left out.
    pub fn new(channel: Channel, identity: (IdentityKind, String), body: String) -> Inbound {
        Inbound {
            channel,
            identity,
            customer_name: None,
            subject: None,
            body,
            external_id: None,
            occurred_at: None,
            inbox_id: None,
            address: None,
            details: None,
            rating: None,
            case_hint: None,
            attachments: Vec::new(),
        }
    }

    pub(crate) fn reply_address(&self) -> &str {
        self.address.as_deref().unwrap_or(&self.identity.1)
    }

    /// Removes NUL characters from every text: PostgreSQL refuses them in text and JSON, and
    /// SQLite would keep them, so the same contact must look the same on both.
    pub(crate) fn strip_nul(&mut self) {
        let strip = |text: &mut String| {
            if text.contains('\0') {
                text.retain(|c| c != '\0');
            }
        };
        strip(&mut self.identity.1);
        strip(&mut self.body);
        for text in [
            &mut self.customer_name,
            &mut self.subject,
            &mut self.external_id,
            &mut self.address,
        ]
        .into_iter()
        .flatten()
        {
            strip(text);
        }
        if let Some(details) = &mut self.details {
            strip_nul_json(details);
        }
        for attachment in &mut self.attachments {
            strip(&mut attachment.filename);
            strip(&mut attachment.content_type);
        }
    }

    /// Roughly what the contact occupies while it waits in the intake queue.
    pub(crate) fn queued_bytes(&self) -> usize {
        let attachments: usize = self.attachments.iter().map(|a| a.data.len() + 128).sum();
        self.body.len() + self.subject.as_ref().map_or(0, String::len) + attachments + 256
    }
}

fn strip_nul_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => text.retain(|c| c != '\0'),
        Value::Array(items) => items.iter_mut().for_each(strip_nul_json),
        Value::Object(map) => {
            if map.keys().any(|key| key.contains('\0')) {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(key, value)| (key.replace('\0', ""), value))
                    .collect();
            }
            map.values_mut().for_each(strip_nul_json);
        }
        _ => {}
    }
}

/// A file that came with a contact (an email attachment).
pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Ingested {
    pub interaction_id: i64,
    pub case_id: i64,
    pub customer_id: i64,
    /// True when `(channel, external_id)` had been received before: nothing was written.
    #[serde(skip)]
    pub duplicate: bool,
}

pub(crate) fn name_from_identity(value: &str) -> String {
    value
        .split('@')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(value)
        .to_string()
}

pub fn subject_from_body(body: &str) -> String {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut subject: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        subject.push('…');
    }
    if subject.is_empty() {
        "(no subject)".into()
    } else {
        subject
    }
}

/// An agent's message on a case: a public reply to the customer or an internal note.
pub struct NewMessage {
    pub body: String,
    pub direction: Direction,
    /// The status the case gets with this message; by default a new case becomes open.
    pub status: Option<CaseStatus>,
    /// Where a reply goes; by default back the way the customer last wrote (see [`Route`]).
    pub route: Option<Route>,
    /// Copies and files that go with an email reply.
    pub extras: ReplyExtras,
    /// The agent whose draft on the case this message is: cleared with it.
    pub draft_of: Option<i64>,
}

/// What an email reply carries besides its text: validated copy addresses (CC visible to every
/// recipient, BCC to nobody) and attachments. Only an email route takes them.
#[derive(Default)]
pub struct ReplyExtras {
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub attachments: Vec<NewAttachment>,
}

impl ReplyExtras {
    pub fn is_empty(&self) -> bool {
        self.cc.is_empty() && self.bcc.is_empty() && self.attachments.is_empty()
    }

    /// What is kept in the interaction's `details`: the copy addresses.
    pub(crate) fn details(&self) -> Option<serde_json::Value> {
        (!self.cc.is_empty() || !self.bcc.is_empty())
            .then(|| json!({"cc": self.cc, "bcc": self.bcc}))
    }
}

/// The channel, inbox and address a reply goes out on.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Route {
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub inbox_id: Option<i64>,
    pub address: String,
}

impl Route {
    /// Replies on the channels we send through wait in the outbox; a chat reply is delivered by
    /// the visitor's open connection (or when it reconnects), so it counts as sent at once.
    pub(crate) fn delivery_status(&self) -> Option<&'static str> {
        match self.channel {
            Channel::Email | Channel::Sms | Channel::Whatsapp => Some("pending"),
            Channel::Chat => Some("sent"),
            _ => None,
        }
    }

    /// A web-form contact leaves an email address: the answer goes by email. Channels we cannot
    /// send on (phone, social, reviews) have no route; the reply is only recorded.
    pub(crate) fn deliverable(self) -> Option<Route> {
        match self.channel {
            Channel::Email | Channel::Sms | Channel::Whatsapp | Channel::Chat => Some(self),
            Channel::Web if self.address.contains('@') => Some(Route {
                channel: Channel::Email,
                inbox_id: None,
                ..self
            }),
            _ => None,
        }
    }
}

/// How the customer last wrote on the case, with an address to answer to.
pub(crate) const LAST_ROUTE: &str = "SELECT channel, inbox_id, address FROM interactions WHERE \
                                     case_id = $1 AND direction = 'inbound' AND address IS NOT \
                                     NULL ORDER BY occurred_at DESC, id DESC LIMIT 1";

/// Where a message recorded by [`Tx::record_message`] goes.
pub(crate) struct MessageTarget<'a> {
    pub(crate) case_id: i64,
    pub(crate) customer_id: i64,
    pub(crate) channel: &'a str,
    pub(crate) route: Option<&'a Route>,
}

impl Tx {
    /// Writes an agent's message: the interaction, its outbox row when it waits to be sent, its
    /// attachments; clears the draft it was. Refuses copies or files on a route other than
    /// email. The message's id.
    pub(crate) async fn record_message(
        &mut self,
        target: MessageTarget<'_>,
        message: &NewMessage,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let MessageTarget {
            case_id,
            customer_id,
            channel,
            route,
        } = target;
        let by_email = route.is_some_and(|r| r.channel == domain::Channel::Email);
        if !message.extras.is_empty() && !by_email {
            return Err(StoreError::Invalid(
                "copies and attachments go with an email reply only".into(),
            ));
        }
        let delivery = route.and_then(Route::delivery_status);
        let sql = "INSERT INTO interactions (case_id, customer_id, channel, direction, \
                   author_agent_id, body, delivery_status, occurred_at, created_at, inbox_id, \
                   address, details) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) RETURNING id";
        let params = params![
            case_id,
            customer_id,
            channel,
            message.direction.as_str(),
            actor.agent_id(),
            &message.body,
            delivery,
            at,
            route.and_then(|r| r.inbox_id),
            route.map(|r| r.address.as_str()),
            message.extras.details()
        ];
        let id: i64 = self.scalar(sql, params).await?;
        for file in &message.extras.attachments {
            let params = params![
                id,
                &file.filename,
                &file.content_type,
                file.data.len() as i64,
                file.data.as_slice(),
                at
            ];
            self.execute(INSERT_ATTACHMENT, params).await?;
        }
        if delivery == Some("pending") {
            let sql = "INSERT INTO outbox (interaction_id, status, next_attempt_at, created_at, \
                       updated_at) VALUES ($1, 'pending', $2, $2, $2)";
            self.execute(sql, params![id, at]).await?;
        }
        if let Some(agent_id) = message.draft_of {
            let sql = "DELETE FROM drafts WHERE agent_id = $1 AND case_id = $2";
            self.execute(sql, params![agent_id, case_id]).await?;
        }
        Ok(id)
    }
}

pub(crate) const INSERT_ATTACHMENT: &str = "INSERT INTO attachments (interaction_id, filename, \
                                            content_type, size_bytes, data, created_at) VALUES \
                                            ($1, $2, $3, $4, $5, $6)";

pub async fn add_message(
    db: &Db,
    case_id: i64,
    message: &NewMessage,
    actor: &Actor,
) -> Result<Interaction, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, String, Option<DateTime<Utc>>)> = tx
        .fetch_optional(
            "SELECT customer_id, channel, status, first_response_at FROM cases WHERE id = $1",
            params![case_id],
        )
        .await?;
    let (customer_id, channel, status, first_response_at) =
        row.ok_or(StoreError::NotFound(Entity::Case))?;
    let old_status: CaseStatus = status
        .parse()
        .map_err(|e: domain::ParseEnumError| StoreError::Invalid(e.to_string()))?;
    let implied =
        (old_status == CaseStatus::New && actor != &Actor::System).then_some(CaseStatus::Open);
    let new_status = message.status.or(implied).unwrap_or(old_status);
    let change = StatusChange::between(old_status, new_status)
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    if old_status == CaseStatus::Closed {
        return Err(StoreError::Invalid(domain::CaseClosed.to_string()));
    }
    let is_reply = message.direction == Direction::Outbound;
    let route = match (&message.route, is_reply) {
        (Some(route), true) => Some(route.clone()),
        (None, true) => tx
            .fetch_optional::<Route>(LAST_ROUTE, params![case_id])
            .await?
            .and_then(Route::deliverable),
        (_, false) => None,
    };
    let channel = route
        .as_ref()
        .map_or(channel, |r| r.channel.as_str().to_string());
    let target = MessageTarget {
        case_id,
        customer_id,
        channel: &channel,
        route: route.as_ref(),
    };
    let id = tx.record_message(target, message, at, actor).await?;
    let first_response = is_reply && first_response_at.is_none() && actor != &Actor::System;
    tx.execute(
        "UPDATE cases SET status = $1, updated_at = $2, \
             first_response_at = CASE WHEN $3 THEN $2 ELSE first_response_at END, \
             resolved_at = CASE WHEN $4 THEN $2 WHEN $5 THEN NULL ELSE resolved_at END, \
             reopen_count = reopen_count + CASE WHEN $5 THEN 1 ELSE 0 END WHERE id = $6",
        params![
            new_status.as_str(),
            at,
            first_response,
            change.resolves,
            change.reopens,
            case_id
        ],
    )
    .await?;
    let event = |kind, payload| NewEvent {
        kind,
        customer_id: Some(customer_id),
        case_id: Some(case_id),
        actor,
        payload,
    };
    let kind = if is_reply {
        "interaction.sent"
    } else {
        "note.added"
    };
    tx.append_event(event(
        kind,
        json!({"interaction_id": id, "channel": channel, "direction": message.direction}),
    ))
    .await?;
    if first_response {
        tx.append_event(event("case.first_response", json!({"interaction_id": id})))
            .await?;
    }
    if new_status != old_status {
        tx.append_event(event(
            "case.status_changed",
            json!({"from": old_status, "to": new_status}),
        ))
        .await?;
    }
    if change.resolves {
        tx.append_event(event("case.resolved", json!({"status": new_status})))
            .await?;
    }
    if change.reopens {
        tx.append_event(event("case.reopened", json!({"status": new_status})))
            .await?;
    }
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Interaction, StoreError> {
    let sql = format!("{SELECT} WHERE i.id = $1");
    let mut interaction: Interaction = db
        .fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Interaction))?;
    attach_files(db, std::slice::from_mut(&mut interaction)).await?;
    Ok(interaction)
}

/// Fills in the attachments of `interactions`, with one query for all of them.
async fn attach_files(db: &Db, interactions: &mut [Interaction]) -> Result<(), StoreError> {
    let ids: Vec<i64> = interactions.iter().map(|i| i.id).collect();
    for file in attachments::of_interactions(db, &ids).await? {
        if let Some(interaction) = interactions
            .iter_mut()
            .find(|i| i.id == file.interaction_id)
        {
            interaction.attachments.push(file);
        }
    }
    Ok(())
}

/// The most recent `limit` interactions of a case, oldest first: the thread as agents read it.
pub async fn thread(db: &Db, case_id: i64, limit: i64) -> Result<Vec<Interaction>, StoreError> {
    let sql = format!(
        "SELECT * FROM ({SELECT} WHERE i.case_id = $1 ORDER BY i.occurred_at DESC, i.id DESC \
         LIMIT $2) recent ORDER BY occurred_at, id"
    );
    let mut rows: Vec<Interaction> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), params![case_id, limit])
        .await?;
    attach_files(db, &mut rows).await?;
    Ok(rows)
}

/// A customer's interactions on every channel and case, newest first, one keyset page at a time.
pub async fn timeline(
    db: &Db,
    customer_id: i64,
    cursor: Option<Cursor>,
    limit: usize,
    visible_to: Option<&crate::cases::Visibility>,
) -> Result<Page<Interaction>, StoreError> {
    let mut w = Where::default();
    w.push("i.customer_id = ?", params![customer_id]);
    if let Some(scope) = visible_to {
        scope.restrict(&mut w);
    }
    if let Some((at, id)) = cursor.and_then(Cursor::time_id) {
        w.push(
            "(i.occurred_at < ? OR (i.occurred_at = ? AND i.id < ?))",
            params![at, at, id],
        );
    }
    let sql = format!(
        "{SELECT} {} ORDER BY i.occurred_at DESC, i.id DESC LIMIT {}",
        w.sql(),
        w.next_placeholder()
    );
    let mut args = w.args;
    args.push(Param::from(limit as i64 + 1));
    let rows: Vec<Interaction> = db.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
    let mut page = Page::from_rows(rows, limit, |i| Cursor::TimeId(i.occurred_at, i.id));
    attach_files(db, &mut page.items).await?;
    Ok(page)
}

/// A customer's chat messages (theirs and the answers), oldest first: what the widget shows.
pub async fn chat_history(
    db: &Db,
    customer_id: i64,
    limit: i64,
) -> Result<Vec<Interaction>, StoreError> {
    let sql = format!(
        "SELECT * FROM ({SELECT} WHERE i.customer_id = $1 AND i.channel = 'chat' AND i.direction \
         IN ('inbound', 'outbound') ORDER BY i.occurred_at DESC, i.id DESC LIMIT $2) recent \
         ORDER BY occurred_at, id"
    );
    let mut rows: Vec<Interaction> = db
        .fetch_all(sqlx::AssertSqlSafe(sql), params![customer_id, limit])
        .await?;
    attach_files(db, &mut rows).await?;
    Ok(rows)
}

/// The customer's newest case on a channel that is still being worked on.
pub async fn latest_case(
    db: &Db,
    customer_id: i64,
    channel: Channel,
) -> Result<Option<i64>, StoreError> {
    let sql = "SELECT id FROM cases WHERE customer_id = $1 AND channel = $2 AND status NOT IN \
               ('resolved', 'closed') ORDER BY id DESC LIMIT 1";
    db.optional_scalar(sql, params![customer_id, channel.as_str()])
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_come_from_the_first_line() {
        assert_eq!(
            subject_from_body("\n  Storing in 1012AB\nal twee uur"),
            "Storing in 1012AB"
        );
        assert_eq!(subject_from_body("   "), "(no subject)");
        assert!(subject_from_body(&"x".repeat(200)).ends_with('…'));
    }
}
