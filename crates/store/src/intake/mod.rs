//! Group commit for inbound contacts. Requests queue for a writer task, which takes everything
//! waiting (up to a batch), writes each contact under its own savepoint in one transaction, commits
//! once, and only then answers each request. Many requests share one durable commit, and the queue
//! is bounded by count and by bytes, so overload is refused at once instead of piling up.
//!
//! What a contact does is decided by [`domain::decide`] inside the transaction, with its events
//! and a low review's follow-up, by both writers: `sqlite_writer` (one thread with its own
//! rusqlite connection) and `contact::record_postgres` (tasks on the pool). A bulk request goes
//! through the same writers, so it follows the same rules.
//!
//! With several writers (PostgreSQL), each identity always goes to the same writer, so one
//! customer's contacts never race each other; a batch that still loses a deadlock is retried whole.

mod committed;
mod contact;
mod sqlite_writer;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};

use self::committed::Committed;
use crate::events::Actor;
use crate::interactions::{Inbound, Ingested};
use crate::{Db, StoreError, params};

#[derive(Debug, Clone)]
pub struct IntakeConfig {
    /// Requests that may wait for a writer.
    pub queue: usize,
    /// Bytes of waiting contacts (bodies and subjects) held in memory at most.
    pub queue_bytes: usize,
    /// Contacts written per transaction, at most (a bulk request may exceed it alone).
    pub max_batch: usize,
    /// Writer tasks: one for SQLite (it has one writer anyway), several for PostgreSQL.
    pub writers: usize,
}

impl IntakeConfig {
    pub fn for_db(db: &Db) -> IntakeConfig {
        IntakeConfig {
            queue: 4096,
            queue_bytes: 64 * 1024 * 1024,
            max_batch: 256,
            writers: match db {
                Db::Sqlite(_) => 1,
                Db::Postgres(_) => 4,
            },
        }
    }
}

/// What became of one contact: recorded (or found recorded before), or refused by a store rule.
pub type ContactResult = Result<Ingested, StoreError>;

/// One request's contacts: one for a single contact, many for a bulk load. They are written in
/// the same transaction, each under its own savepoint.
struct Job {
    contacts: Vec<Inbound>,
    actor: Actor,
    reply: oneshot::Sender<Result<Vec<ContactResult>, StoreError>>,
    _memory: OwnedSemaphorePermit,
}

#[derive(Clone)]
pub struct Intake {
    writers: Arc<[mpsc::Sender<Job>]>,
    memory: Arc<Semaphore>,
    queue_bytes: usize,
}

impl Intake {
    /// Starts the writers; they stop when every `Intake` clone is dropped. Fails when the SQLite
    /// writer cannot open its own connection to the database.
    pub fn start(db: Db, config: IntakeConfig) -> Result<Intake, StoreError> {
        let count = config.writers.max(1);
        let committed = Committed::start();
        let writers = (0..count)
            .map(|_| {
                let (sender, receiver) = mpsc::channel((config.queue / count).max(1));
                spawn_writer(&db, receiver, config.max_batch, committed.clone())?;
                Ok(sender)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Intake {
            writers: writers.into(),
            memory: Arc::new(Semaphore::new(config.queue_bytes)),
            queue_bytes: config.queue_bytes,
        })
    }

    /// Records a contact durably; answers after its transaction committed. Refuses at once with
    /// [`StoreError::Overloaded`] when the queue is full.
    pub async fn record(&self, inbound: Inbound, actor: Actor) -> Result<Ingested, StoreError> {
        let mut results = self.record_all(vec![inbound], actor).await?;
        results.pop().unwrap_or(Err(StoreError::Overloaded))
    }

    /// Records many contacts in one transaction, in order, and answers one result per contact
    /// after the commit. Either every result is there, or the call failed and nothing was written.
    pub async fn record_all(
        &self,
        mut contacts: Vec<Inbound>,
        actor: Actor,
    ) -> Result<Vec<ContactResult>, StoreError> {
        contacts.iter_mut().for_each(Inbound::strip_nul);
        let Some(first) = contacts.first() else {
            return Ok(Vec::new());
        };
        let bytes: usize = contacts.iter().map(Inbound::queued_bytes).sum();
        let permits = u32::try_from(bytes.min(self.queue_bytes)).unwrap_or(u32::MAX);
        let memory = self
            .memory
            .clone()
            .try_acquire_many_owned(permits)
            .map_err(|_| StoreError::Overloaded)?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        first.identity.hash(&mut hasher);
        let writer = &self.writers[(hasher.finish() % self.writers.len() as u64) as usize];
        let (reply, answer) = oneshot::channel();
        writer
            .try_send(Job {
                contacts,
                actor,
                reply,
                _memory: memory,
            })
            .map_err(|_| StoreError::Overloaded)?;
        answer.await.map_err(|_| StoreError::Overloaded)?
    }
}

/// SQLite gets its own writer thread (see `sqlite_writer`); PostgreSQL writers are tasks on the
/// pool.
fn spawn_writer(
    db: &Db,
    receiver: mpsc::Receiver<Job>,
    max_batch: usize,
    committed: Committed,
) -> Result<(), StoreError> {
    match db {
        Db::Sqlite(pool) => {
            let path = pool.connect_options().get_filename().to_path_buf();
            sqlite_writer::spawn(path, receiver, max_batch, committed)
        }
        Db::Postgres(_) => {
            tokio::spawn(write_loop(db.clone(), receiver, max_batch, committed));
            Ok(())
        }
    }
}

/// How often a batch that lost a deadlock or serialization conflict is tried again.
const BATCH_ATTEMPTS: usize = 4;

async fn write_loop(
    db: Db,
    mut receiver: mpsc::Receiver<Job>,
    max_batch: usize,
    committed: Committed,
) {
    while let Some(job) = receiver.recv().await {
        let jobs = batch_after(job, &mut receiver, max_batch);
        let mut attempt = 1;
        let mut careful = false;
        let outcome = loop {
            match write_batch(&db, &jobs, careful).await {
                Ok(Some(results)) => break Ok(results),
                // A contact failed on the fast path: write the batch again, each under a savepoint.
                Ok(None) => careful = true,
                Err(err) if err.is_conflict_between_transactions() && attempt < BATCH_ATTEMPTS => {
                    attempt += 1
                }
                Err(err) => break Err(err),
            }
        };
        answer(jobs, outcome, &committed);
    }
}

/// The batch that starts with `first`: every job already waiting, up to `max_batch` contacts.
fn batch_after(first: Job, receiver: &mut mpsc::Receiver<Job>, max_batch: usize) -> Vec<Job> {
    let mut contacts = first.contacts.len();
    let mut jobs = vec![first];
    while contacts < max_batch {
        match receiver.try_recv() {
            Ok(job) => {
                contacts += job.contacts.len();
                jobs.push(job);
            }
            Err(_) => break,
        }
    }
    jobs
}

/// Answers each job of a batch: its results after the commit, or why nothing was written. A
/// commit is announced to the tails of the event log (live views, facts, search), as every
/// other write is (see `committed`).
fn answer(
    jobs: Vec<Job>,
    outcome: Result<Vec<Vec<ContactResult>>, StoreError>,
    committed: &Committed,
) {
    match outcome {
        Ok(results) => {
            committed.announce();
            for (job, result) in jobs.into_iter().zip(results) {
                let _ = job.reply.send(Ok(result));
            }
        }
        Err(err) => {
            let contacts: usize = jobs.iter().map(|job| job.contacts.len()).sum();
            tracing::warn!(error = %err, contacts, "a batch of contacts was not committed");
            for job in jobs {
                let _ = job
                    .reply
                    .send(Err(StoreError::NotCommitted(err.to_string())));
            }
        }
    }
}

/// Writes every contact of a batch. The fast path (`careful` false) writes them straight; the
/// first contact that fails ends it without committing (`None`), and the batch is written again
/// carefully: each contact under a savepoint, so a bad one fails alone, and a contact that lost a
/// race for a new identity (another node created it first) is retried and finds the winner's.
async fn write_batch(
    db: &Db,
    jobs: &[Job],
    careful: bool,
) -> Result<Option<Vec<Vec<ContactResult>>>, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        let mut job_results = Vec::with_capacity(job.contacts.len());
        for inbound in &job.contacts {
            if !careful {
                match contact::record_postgres(&mut tx, inbound, &job.actor).await {
                    Ok(done) => job_results.push(Ok(done)),
                    Err(_) => return Ok(None),
                }
                continue;
            }
            tx.execute("SAVEPOINT contact", params![]).await?;
            let mut attempts = 0;
            let result = loop {
                match contact::record_postgres(&mut tx, inbound, &job.actor).await {
                    Ok(done) => break Ok(done),
                    Err(err) => {
                        tx.execute("ROLLBACK TO SAVEPOINT contact", params![])
                            .await?;
                        match err {
                            StoreError::Conflict(_) if attempts < 2 => attempts += 1,
                            err => break Err(err),
                        }
                    }
                }
            };
            tx.execute("RELEASE SAVEPOINT contact", params![]).await?;
            job_results.push(result);
        }
        results.push(job_results);
    }
    tx.commit_unannounced().await?;
    Ok(Some(results))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn start_fails_instead_of_panicking_when_the_writer_cannot_open_the_database() {
        let dir = std::env::temp_dir().join(format!("kb-intake-start-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let url = format!("sqlite://{}", dir.join("klantbeeld.db").display());
        let db = Db::connect(&url).await.expect("the pool opens");
        std::fs::remove_dir_all(&dir).expect("removed");
        let started = Intake::start(db.clone(), IntakeConfig::for_db(&db));
        assert!(
            matches!(started, Err(StoreError::WriterStart(_))),
            "{:?}",
            started.err()
        );
    }
}
