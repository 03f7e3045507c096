//! The SQLite writer: one OS thread with its own connection that runs whole batches synchronously.
//! sqlx's SQLite driver hands every statement and row to a worker thread; profiling ingestion
//! showed most CPU going to those context switches and under 2% to SQLite itself. The SQL is
//! the same text as `contact.rs`; only the binding differs. The connection and timestamps come
//! from [`crate::sqlite_direct`].

use std::path::PathBuf;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use domain::{Contact, Priority, REVIEW_FOLLOW_UP_TAG};

use super::committed::Committed;
use super::contact::{
    INSERT_ATTACHMENT, INSERT_CASE, INSERT_CUSTOMER, INSERT_INTERACTION, INSERT_TAG, LOOKUP,
    Looked, SEEN, TOUCH_CASE, case_events, found, received,
};
use super::{ContactResult, Job};
use crate::customers::identity_taken;
use crate::events::{Actor, INSERT_EVENT};
use crate::interactions::{Inbound, Ingested, name_from_identity, subject_from_body};
use crate::sqlite_direct::{self, Purpose, intake_error, stored_time};
use crate::{StoreError, now};

pub(super) fn spawn(
    path: PathBuf,
    receiver: mpsc::Receiver<Job>,
    max_batch: usize,
    committed: Committed,
) -> Result<(), StoreError> {
    let connection = sqlite_direct::open(&path, Purpose::Intake)
        .map_err(|err| StoreError::WriterStart(format!("opening {}: {err}", path.display())))?;
    std::thread::Builder::new()
        .name("sqlite-intake".into())
        .spawn(move || write_loop(connection, receiver, max_batch, committed))
        .map_err(|err| StoreError::WriterStart(format!("starting the SQLite writer: {err}")))?;
    Ok(())
}

fn write_loop(
    mut connection: Connection,
    mut receiver: mpsc::Receiver<Job>,
    max_batch: usize,
    committed: Committed,
) {
    while let Some(job) = receiver.blocking_recv() {
        let jobs = super::batch_after(job, &mut receiver, max_batch);
        let outcome = match write_batch(&mut connection, &jobs, false) {
            Ok(Some(results)) => Ok(results),
            // A contact failed on the fast path: write the batch again, each under a savepoint.
            Ok(None) => write_batch(&mut connection, &jobs, true).map(Option::unwrap_or_default),
            Err(err) => Err(err),
        };
        super::answer(jobs, outcome, &committed);
    }
}

fn write_batch(
    connection: &mut Connection,
    jobs: &[Job],
    careful: bool,
) -> Result<Option<Vec<Vec<ContactResult>>>, StoreError> {
    let mut tx = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(intake_error)?;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        let mut job_results = Vec::with_capacity(job.contacts.len());
        for inbound in &job.contacts {
            if !careful {
                match record(&tx, inbound, &job.actor) {
                    Ok(done) => job_results.push(Ok(done)),
                    Err(_) => return Ok(None),
                }
                continue;
            }
            let savepoint = tx.savepoint().map_err(intake_error)?;
            let result = record(&savepoint, inbound, &job.actor);
            if result.is_ok() {
                savepoint.commit().map_err(intake_error)?;
            }
            job_results.push(result);
        }
        results.push(job_results);
    }
    tx.commit().map_err(intake_error)?;
    Ok(Some(results))
}

fn event(
    tx: &Connection,
    kind: &str,
    at: &str,
    customer: i64,
    case: Option<i64>,
    actor: &Actor,
    payload: Value,
) -> Result<(), StoreError> {
    tx.prepare_cached(INSERT_EVENT)
        .and_then(|mut insert| {
            insert.execute(params![
                kind,
                at,
                customer,
                case,
                actor.label(),
                payload.to_string()
            ])
        })
        .map_err(intake_error)?;
    Ok(())
}

/// The same steps as `contact.rs`: look up in one statement, decide with [`domain::decide`],
/// create the customer if new, write the case as decided, record the interaction, each change
/// with its event.
fn record(tx: &Connection, inbound: &Inbound, actor: &Actor) -> Result<Ingested, StoreError> {
    let at = stored_time(now());
    let occurred_at = inbound.occurred_at.map_or_else(|| at.clone(), stored_time);
    let channel = inbound.channel.as_str();
    let (kind, value) = (&inbound.identity.0, &inbound.identity.1);
    let (seen, known, case, status, priority): Looked = tx
        .prepare_cached(LOOKUP)
        .and_then(|mut lookup| {
            lookup.query_row(
                params![
                    channel,
                    inbound.external_id,
                    kind.as_str(),
                    value,
                    inbound.case_hint
                ],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )
        })
        .map_err(intake_error)?;
    let (found, case) = found(seen, case, status, priority)?;
    let contact = domain::decide(found, inbound.rating);
    if let Some(seen) = seen {
        let (case_id, customer_id) = tx
            .prepare_cached(SEEN)
            .and_then(|mut select| select.query_row([seen], |row| Ok((row.get(0)?, row.get(1)?))))
            .map_err(intake_error)?;
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
                .prepare_cached(INSERT_CUSTOMER)
                .and_then(|mut insert| {
                    insert.query_row(params![name, domain::search_key(&name), at], |row| {
                        row.get(0)
                    })
                })
                .map_err(intake_error)?;
            let owner: Option<i64> = tx
                .prepare_cached("SELECT customer_id FROM identities WHERE kind = $1 AND value = $2")
                .and_then(|mut select| {
                    select
                        .query_row(params![kind.as_str(), value], |row| row.get(0))
                        .optional()
                })
                .map_err(intake_error)?;
            if let Some(owner) = owner {
                return Err(identity_taken(*kind, value, owner));
            }
            tx.prepare_cached(
                "INSERT INTO identities (customer_id, kind, value, created_at) \
                               VALUES ($1, $2, $3, $4)",
            )
            .and_then(|mut insert| insert.execute(params![id, kind.as_str(), value, at]))
            .map_err(intake_error)?;
            event(
                tx,
                "customer.created",
                &at,
                id,
                None,
                actor,
                json!({"name": name, "identities": [{"kind": kind, "value": value}]}),
            )?;
            id
        }
    };

    let (case_id, outcome) = match (&contact, case) {
        (Contact::Appends { outcome, .. }, Some(id)) => {
            tx.prepare_cached(TOUCH_CASE)
                .and_then(|mut update| {
                    update.execute(params![
                        outcome.status.as_str(),
                        outcome.priority.map(Priority::as_str),
                        at,
                        outcome.change.resolves,
                        outcome.change.reopens,
                        id
                    ])
                })
                .map_err(intake_error)?;
            (id, outcome)
        }
        (Contact::Opens(outcome), _) => {
            let subject = inbound
                .subject
                .clone()
                .unwrap_or_else(|| subject_from_body(&inbound.body));
            let id: i64 = tx
                .prepare_cached(INSERT_CASE)
                .and_then(|mut insert| {
                    insert.query_row(
                        params![
                            customer_id,
                            channel,
                            subject,
                            outcome.status.as_str(),
                            outcome.priority.unwrap_or(Priority::Normal).as_str(),
                            occurred_at,
                            outcome.change.resolves.then_some(&occurred_at),
                            inbound.inbox_id
                        ],
                        |row| row.get(0),
                    )
                })
                .map_err(intake_error)?;
            (id, outcome)
        }
        _ => return Err(StoreError::Invalid("a contact without a case".into())),
    };
    if outcome.follow_up {
        tx.prepare_cached(INSERT_TAG)
            .and_then(|mut insert| insert.execute(params![case_id, REVIEW_FOLLOW_UP_TAG]))
            .map_err(intake_error)?;
    }
    for (kind, payload) in case_events(&contact, inbound.channel) {
        event(tx, kind, &at, customer_id, Some(case_id), actor, payload)?;
    }

    let interaction_id: i64 = tx
        .prepare_cached(INSERT_INTERACTION)
        .and_then(|mut insert| {
            insert.query_row(
                params![
                    case_id,
                    customer_id,
                    channel,
                    inbound.subject,
                    inbound.body,
                    inbound.external_id,
                    occurred_at,
                    at,
                    inbound.inbox_id,
                    inbound.reply_address(),
                    inbound.details.as_ref().map(Value::to_string)
                ],
                |row| row.get(0),
            )
        })
        .map_err(intake_error)?;
    for attachment in &inbound.attachments {
        tx.prepare_cached(INSERT_ATTACHMENT)
            .and_then(|mut insert| {
                insert.execute(params![
                    interaction_id,
                    attachment.filename,
                    attachment.content_type,
                    attachment.data.len() as i64,
                    attachment.data,
                    at
                ])
            })
            .map_err(intake_error)?;
    }
    event(
        tx,
        "interaction.received",
        &at,
        customer_id,
        Some(case_id),
        actor,
        received(interaction_id, inbound),
    )?;
    Ok(Ingested {
        interaction_id,
        case_id,
        customer_id,
        duplicate: false,
    })
}
