//! Opening the index folder, writing to it, and what each commit records: the schema version and
//! how far into the event log the index is. An index without that record (a build that was cut
//! short) or of another version is emptied and must be rebuilt.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::LockError;
use tantivy::schema::Term;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError};

use crate::docs::{CaseDoc, CustomerDoc, MessageDoc, case_unit, customer_unit};
use crate::schema::{Fields, SCHEMA_VERSION, register_analysers};

/// Memory the writer buffers before it writes a segment, shared by its threads.
const WRITER_MEMORY: usize = 96 * 1024 * 1024;
const WRITER_THREADS: usize = 2;
/// How long to wait for another process (a server shutting down) to let go of the index.
const LOCK_WAIT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] TantivyError),
    #[error("search index folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
}

/// What each commit records, as its payload.
#[derive(Serialize, Deserialize)]
struct Stamp {
    version: u32,
    /// Every event up to this seq is in the index.
    seq: i64,
}

/// An open index: the reader queries use, and the fields.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
}

/// The index found at a path: up to date as of an event seq, or empty (to be filled).
pub enum Opened {
    Current { index: SearchIndex, seq: i64 },
    Empty(SearchIndex),
}

impl SearchIndex {
    /// Opens the index in `path`, or creates an empty one there when it is missing, unfinished or
    /// of another schema version.
    pub fn open(path: &Path) -> Result<Opened, SearchError> {
        let folder_error = |source| SearchError::Folder {
            path: path.display().to_string(),
            source,
        };
        if path.join("meta.json").exists() {
            match Index::open_in_dir(path).map(|index| (stamp(&index), index)) {
                Ok((Some(stamp), index)) if stamp.version == SCHEMA_VERSION => {
                    return Ok(Opened::Current {
                        index: SearchIndex::wrap(index)?,
                        seq: stamp.seq,
                    });
                }
                Ok(_) => {
                    tracing::info!(path = %path.display(), "search index unfinished or of another version; rebuilding")
                }
                Err(err) => {
                    tracing::warn!(path = %path.display(), error = %err, "search index unreadable; rebuilding")
                }
            }
            std::fs::remove_dir_all(path).map_err(folder_error)?;
        }
        std::fs::create_dir_all(path).map_err(folder_error)?;
        let (schema, _) = Fields::schema();
        let index = Index::create_in_dir(path, schema)?;
        Ok(Opened::Empty(SearchIndex::wrap(index)?))
    }

    fn wrap(index: Index) -> Result<SearchIndex, SearchError> {
        register_analysers(&index);
        let fields = Fields::of(&index)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
        })
    }

    /// The index's only writer; waits while another process still holds it.
    pub fn writer(&self) -> Result<Writer, SearchError> {
        let started = Instant::now();
        loop {
            match self
                .index
                .writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)
            {
                Ok(writer) => {
                    return Ok(Writer {
                        writer,
                        index: self.clone(),
                    });
                }
                Err(TantivyError::LockFailure(LockError::LockBusy, _))
                    if started.elapsed() < LOCK_WAIT =>
                {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(err) => return Err(err.into()),
            }
        }
    }

    /// Documents in the index (for logs and tests).
    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn stamp(index: &Index) -> Option<Stamp> {
    let payload = index.load_metas().ok()?.payload?;
    serde_json::from_str(&payload).ok()
}

/// Adds, replaces and removes documents; nothing is visible to queries before [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter<TantivyDocument>,
    index: SearchIndex,
}

impl Writer {
    pub fn add_case(&self, case: &CaseDoc<'_>) -> Result<(), SearchError> {
        self.writer
            .add_document(case.to_document(&self.index.fields))?;
        Ok(())
    }

    pub fn add_message(&self, message: &MessageDoc<'_>) -> Result<(), SearchError> {
        self.writer
            .add_document(message.to_document(&self.index.fields))?;
        Ok(())
    }

    pub fn add_customer(&self, customer: &CustomerDoc<'_>) -> Result<(), SearchError> {
        self.writer
            .add_document(customer.to_document(&self.index.fields))?;
        Ok(())
    }

    /// Removes a case and all its messages (before adding them again, or for good).
    pub fn remove_case(&self, id: i64) {
        self.writer.delete_term(Term::from_field_text(
            self.index.fields.unit,
            &case_unit(id),
        ));
    }

    pub fn remove_customer(&self, id: i64) {
        self.writer.delete_term(Term::from_field_text(
            self.index.fields.unit,
            &customer_unit(id),
        ));
    }

    /// Makes everything written so far durable and visible, recorded as covering the event log
    /// up to `seq`.
    pub fn commit(&mut self, seq: i64) -> Result<(), SearchError> {
        let stamp = serde_json::to_string(&Stamp {
            version: SCHEMA_VERSION,
            seq,
        })
        .unwrap_or_default();
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&stamp);
        prepared.commit()?;
        self.index.reader.reload()?;
        Ok(())
    }
}
