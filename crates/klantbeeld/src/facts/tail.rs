//! Keeping the fact store current: every half second, and right after each commit in this
//! process, read the events after the last one applied and apply those that change facts.
//!
//! - `case.*`: the case's current row is read and upserted, so order and repeats do not matter.
//! - `import.completed`: the imported id range is read and added (customers: all read again).
//! - `survey.answered`: the response is read and added, or its score updated.
//! - `customer.*`, `relationship.*`: the customer's attributes and relationships are re-read.
//!
//! The log is read with an [`EventCursor`], which catches events that commit out of seq order.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use std::time::Duration;

use serde_json::Value;
use store::events::{Event, EventCursor};
use store::fact_rows::{self, OwnedCaseFact, OwnedSurveyFact};
use store::import::IMPORT_COMPLETED;
use store::{Db, StoreError};
use web::LiveFacts;

use super::labels::Labels;
use super::{case_lifecycle, survey_response};

const POLL: Duration = Duration::from_millis(500);
/// Imported ids read (and applied under one write lock) at a time.
const IMPORT_IDS_PER_READ: i64 = 50_000;
/// Cases read by id at a time.
const CASES_PER_READ: usize = 500;

/// Applies new events until the task is aborted; failures are logged and retried.
pub async fn follow(db: &Db, facts: &LiveFacts, mut labels: Labels, mut cursor: EventCursor) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = store::events::committed() => {}
        }
        if let Err(err) = catch_up(db, facts, &mut labels, &mut cursor).await {
            tracing::warn!(error = %err, "updating the fact store failed; retrying");
        }
    }
}

async fn catch_up(
    db: &Db,
    facts: &LiveFacts,
    labels: &mut Labels,
    cursor: &mut EventCursor,
) -> Result<(), StoreError> {
    while let Some(events) = cursor.next_batch(db).await? {
        apply(db, facts, labels, &events.iter().collect::<Vec<_>>()).await?;
        cursor.mark_all(&events);
    }
    Ok(())
}

async fn apply(
    db: &Db,
    facts: &LiveFacts,
    labels: &mut Labels,
    events: &[&Event],
) -> Result<(), StoreError> {
    let mut cases = BTreeSet::new();
    let mut responses = BTreeSet::new();
    let mut customers = BTreeSet::new();
    for event in events {
        if event.kind.starts_with("customer.") || event.kind.starts_with("relationship.") {
            customers.extend(event.customer_id);
        } else if event.kind.starts_with("case.") {
            cases.extend(event.case_id);
        } else if event.kind == "survey.answered" {
            responses.extend(event.payload["response_id"].as_i64());
        } else if event.kind == IMPORT_COMPLETED {
            apply_import(db, facts, labels, &event.payload).await?;
        }
    }
    for id in responses {
        let rows = fact_rows::surveys(db, id..=id, Vec::new(), |rows, row| {
            rows.push(row.to_owned_fact());
        })
        .await?;
        upsert_surveys(db, facts, labels, &rows).await?;
    }
    let cases: Vec<i64> = cases.into_iter().collect();
    for ids in cases.chunks(CASES_PER_READ) {
        let rows = fact_rows::cases_by_id(db, ids).await?;
        upsert_cases(db, facts, labels, &rows).await?;
    }
    let customers: Vec<i64> = customers.into_iter().collect();
    super::customers::update(db, facts, &customers).await
}

/// Reads what an import wrote (the id range in its event) and adds it.
async fn apply_import(
    db: &Db,
    facts: &LiveFacts,
    labels: &mut Labels,
    payload: &Value,
) -> Result<(), StoreError> {
    if payload["table"] == "customers" {
        return super::customers::reload(db, facts).await;
    }
    let (Some(first), Some(last)) = (payload["first_id"].as_i64(), payload["last_id"].as_i64())
    else {
        return Ok(());
    };
    for ids in windows(first..=last) {
        match payload["table"].as_str() {
            Some("survey_responses") => {
                let rows = fact_rows::surveys(db, ids, Vec::new(), |rows, row| {
                    rows.push(row.to_owned_fact());
                })
                .await?;
                upsert_surveys(db, facts, labels, &rows).await?;
            }
            Some("cases") => {
                let rows = fact_rows::cases(db, ids, Vec::new(), |rows, row| {
                    rows.push(row.to_owned_fact());
                })
                .await?;
                upsert_cases(db, facts, labels, &rows).await?;
            }
            _ => return Ok(()),
        }
    }
    Ok(())
}

fn windows(ids: RangeInclusive<i64>) -> impl Iterator<Item = RangeInclusive<i64>> {
    let last = *ids.end();
    (*ids.start()..=last)
        .step_by(IMPORT_IDS_PER_READ as usize)
        .map(move |first| first..=first.saturating_add(IMPORT_IDS_PER_READ - 1).min(last))
}

async fn upsert_surveys(
    db: &Db,
    facts: &LiveFacts,
    labels: &mut Labels,
    rows: &[OwnedSurveyFact],
) -> Result<(), StoreError> {
    let agents = rows.iter().filter_map(|row| row.fact().agent_id);
    if !labels.knows(agents, []) {
        *labels = Labels::load(db).await?;
    }
    let mut store = facts
        .store
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for row in rows {
        let row = row.fact();
        let Some(response) = survey_response(&row, labels) else {
            tracing::warn!(
                id = row.id,
                kind = row.kind,
                "survey response left out of the fact store"
            );
            continue;
        };
        if let Err(err) = store.surveys.upsert(&response) {
            tracing::warn!(id = row.id, error = %err, "survey response left out of the fact store");
        }
    }
    Ok(())
}

async fn upsert_cases(
    db: &Db,
    facts: &LiveFacts,
    labels: &mut Labels,
    rows: &[OwnedCaseFact],
) -> Result<(), StoreError> {
    let agents = rows.iter().filter_map(|row| row.fact().assignee_id);
    let teams = rows.iter().filter_map(|row| row.fact().team_id);
    if !labels.knows(agents, teams) {
        *labels = Labels::load(db).await?;
    }
    let mut store = facts
        .store
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for row in rows {
        let row = row.fact();
        if let Err(err) = store.cases.upsert(&case_lifecycle(&row, labels)) {
            tracing::warn!(id = row.id, error = %err, "case left out of the fact store");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_ranges_are_read_in_windows() {
        let read: Vec<_> = windows(1..=120_000).collect();
        assert_eq!(read, [1..=50_000, 50_001..=100_000, 100_001..=120_000]);
        assert_eq!(windows(7..=7).collect::<Vec<_>>(), [7..=7]);
    }
}
