//! Keeping the index current: every half second, and right after each commit in this process,
//! read the events after the last one applied and replace what they touched.
//!
//! - an event with a case (`case.*`, `interaction.*`, `note.added`, ...): the case is read with
//!   all its messages and replaced, so order and repeats do not matter;
//! - `customer.*`: the customer (and for a rename or merge, its cases, which show its name);
//! - `import.completed`: the imported cases and their customers.
//!
//! Each batch is committed with the log position it reaches, which is where a restart resumes.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use search::Writer;
use store::events::{Event, EventCursor};
use store::import::IMPORT_COMPLETED;
use store::search_rows::{self, CaseRow, CustomerRow, MessageRow};
use store::{Db, StoreError};

use super::{add_case, add_customer, add_message};

const POLL: Duration = Duration::from_millis(500);
/// Cases read at a time from an import's id range; customers read by id at a time.
const IMPORT_CASES_PER_READ: i64 = 5_000;
const CUSTOMERS_PER_READ: usize = 500;
/// Cases read by id at a time, with their messages.
const CASES_PER_READ: usize = 500;
/// Events passed over without a change to the index before the position is committed anyway.
const QUIET_EVENTS_PER_COMMIT: i64 = 10_000;

/// Applies new events until the task is aborted; failures are logged and retried.
pub async fn follow(db: &Db, writer: Writer, mut cursor: EventCursor) {
    let writer = Arc::new(Mutex::new(writer));
    let mut committed = cursor.position();
    loop {
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = store::events::committed() => {}
        }
        if let Err(err) = catch_up(db, &writer, &mut cursor, &mut committed).await {
            tracing::warn!(error = %err, "updating the search index failed; retrying");
        }
    }
}

async fn catch_up(
    db: &Db,
    writer: &Arc<Mutex<Writer>>,
    cursor: &mut EventCursor,
    committed: &mut i64,
) -> anyhow::Result<()> {
    while let Some(events) = cursor.next_batch(db).await? {
        let touched = Touched::by(&events);
        let seq = events
            .iter()
            .map(|e| e.seq)
            .max()
            .unwrap_or(0)
            .max(cursor.position());
        if !touched.is_empty() || seq - *committed >= QUIET_EVENTS_PER_COMMIT {
            let changes = touched.read(db).await?;
            let writer = writer.clone();
            tokio::task::spawn_blocking(move || {
                let mut writer = writer.lock().unwrap_or_else(|p| p.into_inner());
                changes.write(&writer)?;
                writer.commit(seq)
            })
            .await??;
            *committed = seq;
        }
        cursor.mark_all(&events);
    }
    Ok(())
}

/// What a batch of events touched.
#[derive(Default)]
struct Touched {
    cases: BTreeSet<i64>,
    customers: BTreeSet<i64>,
    /// Customers whose cases show a changed name.
    renamed: BTreeSet<i64>,
    /// Imported id ranges, per table.
    imports: Vec<(String, i64, i64)>,
}

impl Touched {
    fn by(events: &[Event]) -> Touched {
        let mut touched = Touched::default();
        for event in events {
            if event.kind == IMPORT_COMPLETED {
                let payload = &event.payload;
                if let (Some(table), Some(first), Some(last)) = (
                    payload["table"].as_str(),
                    payload["first_id"].as_i64(),
                    payload["last_id"].as_i64(),
                ) {
                    touched.imports.push((table.to_string(), first, last));
                }
                continue;
            }
            touched.cases.extend(event.case_id);
            // A split moves messages to a new case; a merge moves them into another.
            touched.cases.extend(event.payload["into"].as_i64());
            if event.kind.starts_with("customer.") {
                let ids = [event.customer_id, event.payload["merged"].as_i64()];
                touched.customers.extend(ids.into_iter().flatten());
                if matches!(event.kind.as_str(), "customer.updated" | "customer.merged") {
                    touched.renamed.extend(ids.into_iter().flatten());
                }
            }
        }
        touched
    }

    fn is_empty(&self) -> bool {
        self.cases.is_empty() && self.customers.is_empty() && self.imports.is_empty()
    }

    /// The current rows of everything touched.
    async fn read(mut self, db: &Db) -> Result<Changes, StoreError> {
        let mut changes = Changes::default();
        for customer in &self.renamed {
            self.cases
                .extend(search_rows::case_ids_of(db, *customer).await?);
        }
        for (table, first, last) in &self.imports {
            if table == "cases" {
                changes
                    .cases
                    .extend(imported_cases(db, *first, *last).await?);
            }
            self.customers
                .extend(search_rows::imported_customer_ids(db, table, *first, *last).await?);
        }
        let cases: Vec<i64> = self.cases.into_iter().collect();
        for ids in cases.chunks(CASES_PER_READ) {
            let mut units = search_rows::cases_with_messages(db, ids)
                .await?
                .into_iter()
                .peekable();
            for &id in ids {
                let unit = units.next_if(|(case, _)| case.id == id);
                changes.cases.push((id, unit));
            }
        }
        let customers: Vec<i64> = self.customers.into_iter().collect();
        for ids in customers.chunks(CUSTOMERS_PER_READ) {
            let rows = search_rows::customers_by_id(db, ids).await?;
            for &id in ids {
                let row = rows.iter().find(|row| row.id == id).cloned();
                changes.customers.push((id, row));
            }
        }
        Ok(changes)
    }
}

/// The cases an import wrote (imported cases have no messages).
async fn imported_cases(
    db: &Db,
    first: i64,
    last: i64,
) -> Result<Vec<(i64, Option<CaseWithMessages>)>, StoreError> {
    let mut out = Vec::new();
    let mut after = first - 1;
    loop {
        let rows = search_rows::cases_after(db, after, IMPORT_CASES_PER_READ).await?;
        let Some(last_read) = rows.last().map(|row| row.id) else {
            return Ok(out);
        };
        out.extend(
            rows.into_iter()
                .filter(|row| row.id <= last)
                .map(|row| (row.id, Some((row, Vec::new())))),
        );
        if last_read >= last {
            return Ok(out);
        }
        after = last_read;
    }
}

/// A case as the index holds it: the case and its messages.
type CaseWithMessages = (CaseRow, Vec<MessageRow>);

/// Cases (with their messages) and customers as they are now; `None`: gone from the index.
#[derive(Default)]
struct Changes {
    cases: Vec<(i64, Option<CaseWithMessages>)>,
    customers: Vec<(i64, Option<CustomerRow>)>,
}

impl Changes {
    fn write(&self, writer: &Writer) -> Result<(), search::SearchError> {
        for (id, unit) in &self.cases {
            writer.remove_case(*id);
            if let Some((case, messages)) = unit {
                add_case(writer, case)?;
                for message in messages {
                    add_message(writer, message)?;
                }
            }
        }
        for (id, customer) in &self.customers {
            writer.remove_customer(*id);
            if let Some(customer) = customer {
                add_customer(writer, customer)?;
            }
        }
        Ok(())
    }
}
