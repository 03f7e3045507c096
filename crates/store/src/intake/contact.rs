//! One inbound contact, written inside a transaction the caller owns (see [`super::Intake`]).
//! What the contact does is decided once, by [`domain::decide`]; this file holds the SQL both
//! writers run, the events a decision writes ([`case_events`]), and the PostgreSQL writer's
//! steps. The SQLite writer (`sqlite_writer.rs`) runs the same SQL and the same events through
//! rusqlite. A contact from a known customer with an active case takes four statements: this is
//! the hot path of ingestion.

use domain::{CaseStatus, Channel, Contact, Found, Outcome, Priority, REVIEW_FOLLOW_UP_TAG};
use serde_json::{Value, json};

use crate::events::{Actor, NewEvent};
use crate::interactions::{Inbound, Ingested, name_from_identity, subject_from_body};
use crate::{StoreError, Tx, now, params};

pub(super) const SEEN: &str = "SELECT case_id, customer_id FROM interactions WHERE id = $1";
pub(super) const INSERT_CUSTOMER: &str = "INSERT INTO customers (name, name_key, attributes, \
                                          created_at, updated_at) VALUES ($1, $2, '{}', $3, $3) \
                                          RETURNING id";
/// Updates the case a contact threads into: its status, `$2` a new priority (NULL keeps it),
/// `$4` resolves it, `$5` reopens it. (SQLite numbers `$n` parameters in order of first
/// appearance, so they appear in order everywhere.)
pub(super) const TOUCH_CASE: &str = "UPDATE cases SET status = $1, priority = COALESCE($2, \
                                     priority), updated_at = $3, resolved_at = CASE WHEN $4 \
                                     THEN $3 WHEN $5 THEN NULL ELSE resolved_at END, \
                                     reopen_count = reopen_count + CASE WHEN $5 THEN 1 ELSE 0 \
                                     END WHERE id = $6";
/// Opens a case at the contact's time `$6`; `$7` is when it was resolved, if it is at once.
pub(super) const INSERT_CASE: &str = "INSERT INTO cases (customer_id, channel, subject, status, \
                                      priority, created_at, updated_at, resolved_at, inbox_id) \
                                      VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) RETURNING id";
pub(super) const INSERT_TAG: &str =
    "INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING";
pub(super) const INSERT_INTERACTION: &str = "INSERT INTO interactions (case_id, customer_id, \
                                             channel, direction, subject, body, external_id, \
                                             occurred_at, created_at, inbox_id, address, \
                                             details) VALUES ($1, $2, $3, 'inbound', $4, $5, \
                                             $6, $7, $8, $9, $10, $11) RETURNING id";
pub(super) use crate::interactions::INSERT_ATTACHMENT;

/// In one round trip: whether `(channel, external_id)` was seen, who owns the identity, and the
/// case the contact belongs to: the hinted case (`$5`, e.g. the one an email replies to) if it is
/// this customer's and not closed, else the customer's newest active case on the channel.
pub(super) const LOOKUP: &str = "SELECT k.seen, k.customer_id, c.id, c.status, c.priority FROM \
                                 (SELECT (SELECT id FROM interactions WHERE channel = $1 AND \
                                 external_id = $2) AS seen, (SELECT customer_id FROM identities \
                                 WHERE kind = $3 AND value = $4) AS customer_id) k LEFT JOIN \
                                 cases c ON c.id = COALESCE( (SELECT id FROM cases WHERE id = \
                                 $5 AND customer_id = k.customer_id AND status <> 'closed'), \
                                 (SELECT id FROM cases WHERE customer_id = k.customer_id AND \
                                 channel = $1 AND status NOT IN ('resolved', 'closed') ORDER BY \
                                 id DESC LIMIT 1))";

/// One row of [`LOOKUP`]: `(seen, customer, case, status, priority)`.
pub(super) type Looked = (
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// What the lookup found, in the decision's terms, with the case's id.
pub(super) fn found(
    seen: Option<i64>,
    case: Option<i64>,
    status: Option<String>,
    priority: Option<String>,
) -> Result<(Found, Option<i64>), StoreError> {
    fn parsed<T: std::str::FromStr<Err = domain::ParseEnumError>>(
        text: &str,
    ) -> Result<T, StoreError> {
        text.parse()
            .map_err(|err: domain::ParseEnumError| StoreError::Invalid(err.to_string()))
    }
    let case = match (case, status, priority) {
        (Some(id), Some(status), Some(priority)) => {
            let state: (CaseStatus, Priority) = (parsed(&status)?, parsed(&priority)?);
            Some((id, state))
        }
        _ => None,
    };
    Ok((
        Found {
            seen: seen.is_some(),
            case: case.map(|(_, state)| state),
        },
        case.map(|(id, _)| id),
    ))
}

/// The case events a decided contact writes, in order, after the case row is written.
pub(super) fn case_events(contact: &Contact, channel: Channel) -> Vec<(&'static str, Value)> {
    let mut events = Vec::new();
    let (from, outcome): (CaseStatus, &Outcome) = match contact {
        Contact::Duplicate => return events,
        Contact::Opens(outcome) => {
            let priority = outcome.priority.unwrap_or(Priority::Normal);
            let tags: &[&str] = if outcome.follow_up {
                &[REVIEW_FOLLOW_UP_TAG]
            } else {
                &[]
            };
            events.push((
                "case.created",
                json!({"channel": channel, "priority": priority, "tags": tags}),
            ));
            (CaseStatus::New, outcome)
        }
        Contact::Appends { from, outcome } => (*from, outcome),
    };
    if outcome.status != from {
        events.push((
            "case.status_changed",
            json!({"from": from, "to": outcome.status}),
        ));
    }
    if outcome.change.resolves {
        events.push(("case.resolved", json!({"status": outcome.status})));
    }
    if outcome.change.reopens {
        events.push(("case.reopened", json!({"status": outcome.status})));
    }
    if outcome.follow_up && matches!(contact, Contact::Appends { .. }) {
        events.push((
            "case.updated",
            json!({"priority": outcome.priority, "tags_added": [REVIEW_FOLLOW_UP_TAG]}),
        ));
    }
    events
}

/// Finds or creates the customer by identity, does what [`domain::decide`] says with the case
/// (threads into the active one or opens one, with a review's follow-up), records the
/// interaction, each change with its event. Idempotent on `(channel, external_id)`.
pub(super) async fn record_postgres(
    tx: &mut Tx,
    inbound: &Inbound,
    actor: &Actor,
) -> Result<Ingested, StoreError> {
    let at = now();
    let occurred_at = inbound.occurred_at.unwrap_or(at);
    let channel = inbound.channel.as_str();
    let (kind, value) = (&inbound.identity.0, &inbound.identity.1);

    let (seen, known, case, status, priority): Looked = tx
        .fetch_one(
            LOOKUP,
            params![
                channel,
                &inbound.external_id,
                kind.as_str(),
                value,
                inbound.case_hint
            ],
        )
        .await?;
    let (found, case) = found(seen, case, status, priority)?;
    let contact = domain::decide(found, inbound.rating);
    if let Some(seen) = seen {
        let (case_id, customer_id): (i64, i64) = tx.fetch_one(SEEN, params![seen]).await?;
        return Ok(Ingested {
            interaction_id: seen,
            case_id,
            customer_id,
            duplicate: true,
        });
    }

    let customer_id = match known {
        Some(id) => id,
        None => {
            let name = inbound
                .customer_name
                .clone()
                .unwrap_or_else(|| name_from_identity(value));
            let id: i64 = tx
                .scalar(
                    INSERT_CUSTOMER,
                    params![&name, domain::search_key(&name), at],
                )
                .await?;
            tx.insert_identity(id, *kind, value, at).await?;
            tx.append_event(NewEvent {
                kind: "customer.created",
                customer_id: Some(id),
                case_id: None,
                actor,
                payload: json!({"name": name, "identities": [{"kind": kind, "value": value}]}),
            })
            .await?;
            id
        }
    };

    let (case_id, outcome) = match (&contact, case) {
        (Contact::Appends { outcome, .. }, Some(id)) => {
            tx.execute(
                TOUCH_CASE,
                params![
                    outcome.status.as_str(),
                    outcome.priority.map(Priority::as_str),
                    at,
                    outcome.change.resolves,
                    outcome.change.reopens,
                    id
                ],
            )
            .await?;
            (id, outcome)
        }
        (Contact::Opens(outcome), _) => {
            let subject = inbound
                .subject
                .clone()
                .unwrap_or_else(|| subject_from_body(&inbound.body));
            let id: i64 = tx
                .scalar(
                    INSERT_CASE,
                    params![
                        customer_id,
                        channel,
                        &subject,
                        outcome.status.as_str(),
                        outcome.priority.unwrap_or(Priority::Normal).as_str(),
                        occurred_at,
                        outcome.change.resolves.then_some(occurred_at),
                        inbound.inbox_id
                    ],
                )
                .await?;
            (id, outcome)
        }
        _ => return Err(StoreError::Invalid("a contact without a case".into())),
    };
    if outcome.follow_up {
        tx.execute(INSERT_TAG, params![case_id, REVIEW_FOLLOW_UP_TAG])
            .await?;
    }
    for (kind, payload) in case_events(&contact, inbound.channel) {
        tx.append_event(NewEvent {
            kind,
            customer_id: Some(customer_id),
            case_id: Some(case_id),
            actor,
            payload,
        })
        .await?;
    }

    let interaction_id: i64 = tx
        .scalar(
            INSERT_INTERACTION,
            params![
                case_id,
                customer_id,
                channel,
                &inbound.subject,
                &inbound.body,
                &inbound.external_id,
                occurred_at,
                at,
                inbound.inbox_id,
                inbound.reply_address(),
                inbound.details.as_ref()
            ],
        )
        .await?;
    for attachment in &inbound.attachments {
        tx.execute(
            INSERT_ATTACHMENT,
            params![
                interaction_id,
                &attachment.filename,
                &attachment.content_type,
                attachment.data.len() as i64,
                &attachment.data,
                at
            ],
        )
        .await?;
    }
    tx.append_event(NewEvent {
        kind: "interaction.received",
        customer_id: Some(customer_id),
        case_id: Some(case_id),
        actor,
        payload: received(interaction_id, inbound),
    })
    .await?;
    Ok(Ingested {
        interaction_id,
        case_id,
        customer_id,
        duplicate: false,
    })
}

/// The payload of `interaction.received`.
pub(super) fn received(interaction_id: i64, inbound: &Inbound) -> Value {
    json!({
        "interaction_id": interaction_id,
        "channel": inbound.channel,
        "direction": "inbound",
        "inbox_id": inbound.inbox_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Stars, decide};

    fn kinds(contact: &Contact) -> Vec<&'static str> {
        case_events(contact, Channel::Review)
            .into_iter()
            .map(|(kind, _)| kind)
            .collect()
    }

    #[test]
    fn each_decision_writes_its_events() {
        let new = Found {
            seen: false,
            case: None,
        };
        let stars = |n| Stars::new(n).ok();
        assert!(kinds(&decide(Found { seen: true, ..new }, None)).is_empty());
        assert_eq!(kinds(&decide(new, None)), ["case.created"]);
        assert_eq!(
            kinds(&decide(new, stars(5))),
            ["case.created", "case.status_changed", "case.resolved"]
        );
        let low = case_events(&decide(new, stars(1)), Channel::Review);
        assert_eq!(low.len(), 1);
        assert_eq!(low[0].1["priority"], "high");
        assert_eq!(low[0].1["tags"], json!([REVIEW_FOLLOW_UP_TAG]));
        let resolved = Found {
            seen: false,
            case: Some((CaseStatus::Resolved, Priority::Normal)),
        };
        assert_eq!(
            kinds(&decide(resolved, stars(1))),
            ["case.status_changed", "case.reopened", "case.updated"]
        );
        let open = Found {
            seen: false,
            case: Some((CaseStatus::Open, Priority::Normal)),
        };
        assert!(kinds(&decide(open, None)).is_empty());
    }
}
