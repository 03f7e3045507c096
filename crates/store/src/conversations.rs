//! A conversation an agent starts: a new case whose first message is ours, queued for delivery
//! exactly like a reply (see [`crate::channels::outbox`]). Case, message, attachments and events
//! are written in one transaction, or nothing is.

use domain::{CaseStatus, Priority};
use serde_json::json;

use crate::cases::{Case, NewCase};
use crate::events::{Actor, NewEvent};
use crate::interactions::{MessageTarget, NewMessage, Route};
use crate::{Db, Entity, StoreError, now, params};

/// An outbound first message to a customer.
pub struct NewConversation {
    pub customer_id: i64,
    /// The case's subject: an email's subject line, or for a text its first line.
    pub subject: String,
    /// Where it goes: one of the customer's routes (see [`crate::reply_routes::of_customer`]).
    pub route: Route,
    /// The message: direction outbound, its body already signed.
    pub message: NewMessage,
}

/// Opens the case (assigned to the agent who writes), pending the customer's answer, with our
/// message waiting in the outbox.
pub async fn start(db: &Db, new: NewConversation, actor: &Actor) -> Result<Case, StoreError> {
    let at = now();
    let case = NewCase {
        customer_id: new.customer_id,
        channel: new.route.channel,
        subject: new.subject.clone(),
        priority: Priority::Normal,
        assignee_id: actor.agent_id(),
        team_id: None,
        tags: Vec::new(),
        first_message: None,
    };
    let opened_as = if case.assignee_id.is_some() {
        CaseStatus::Open
    } else {
        CaseStatus::New
    };
    let mut tx = db.begin_write().await?;
    let customer: Option<i64> = tx
        .optional_scalar(
            "SELECT id FROM customers WHERE id = $1 AND merged_into IS NULL",
            params![new.customer_id],
        )
        .await?;
    if customer.is_none() {
        return Err(StoreError::NotFound(Entity::Customer));
    }
    let case_id = tx.insert_case(&case, at, actor).await?;
    tx.execute(
        "UPDATE cases SET inbox_id = $1, status = $2 WHERE id = $3",
        params![new.route.inbox_id, CaseStatus::Pending.as_str(), case_id],
    )
    .await?;
    let channel = new.route.channel.as_str();
    let target = MessageTarget {
        case_id,
        customer_id: new.customer_id,
        channel,
        route: Some(&new.route),
    };
    let interaction_id = tx.record_message(target, &new.message, at, actor).await?;
    let event = |kind, payload| NewEvent {
        kind,
        customer_id: Some(new.customer_id),
        case_id: Some(case_id),
        actor,
        payload,
    };
    tx.append_event(event(
        "interaction.sent",
        json!({"interaction_id": interaction_id, "channel": channel, "direction": "outbound"}),
    ))
    .await?;
    tx.append_event(event(
        "case.status_changed",
        json!({"from": opened_as, "to": CaseStatus::Pending}),
    ))
    .await?;
    tx.commit().await?;
    crate::cases::get(db, case_id).await
}
