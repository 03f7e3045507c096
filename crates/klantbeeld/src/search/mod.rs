//! This node's search index: opened from its folder, rebuilt from the database when it is missing
//! or of another schema version ([`rebuild`]), then kept current by tailing the event log
//! ([`tail`]). Each commit records the event seq it covers, so a restart resumes from there.

mod rebuild;
mod tail;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use search::{Access, CaseDoc, CustomerDoc, MessageDoc, Opened, SearchError, SearchIndex, Writer};
use store::Db;
use store::events::EventCursor;
use store::search_rows::{CaseRow, CustomerRow, MessageRow};
use web::LiveSearch;

/// How long to wait before trying again when the database or the folder cannot be read.
const RETRY_AFTER: Duration = Duration::from_secs(2);

/// Opens (or rebuilds) the index in `path`, then follows the event log until the task is aborted.
pub fn start(db: Db, path: PathBuf, live: Arc<LiveSearch>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let (index, writer, cursor) = loop {
            match prepare(&db, &path).await {
                Ok(ready) => break ready,
                Err(err) => {
                    tracing::warn!(error = %err, path = %path.display(), "opening the search index failed; retrying");
                    tokio::time::sleep(RETRY_AFTER).await;
                }
            }
        };
        live.finish_loading(index);
        tail::follow(&db, writer, cursor).await;
    })
}

async fn prepare(
    db: &Db,
    path: &std::path::Path,
) -> anyhow::Result<(SearchIndex, Writer, EventCursor)> {
    let opening = path.to_path_buf();
    let opened = tokio::task::spawn_blocking(move || SearchIndex::open(&opening)).await??;
    match opened {
        Opened::Current { index, seq } => {
            let writer = blocking_writer(&index).await?;
            tracing::info!(path = %path.display(), documents = index.documents(), seq, "search index opened");
            Ok((index, writer, EventCursor::at(db, seq).await?))
        }
        Opened::Empty(index) => {
            let started = Instant::now();
            let writer = blocking_writer(&index).await?;
            let (writer, cursor) = rebuild::everything(db, writer).await?;
            tracing::info!(
                path = %path.display(),
                documents = index.documents(),
                seconds = started.elapsed().as_secs_f64(),
                "search index built"
            );
            Ok((index, writer, cursor))
        }
    }
}

async fn blocking_writer(index: &SearchIndex) -> anyhow::Result<Writer> {
    let index = index.clone();
    Ok(tokio::task::spawn_blocking(move || index.writer()).await??)
}

fn access(team_id: Option<i64>, assignee_id: Option<i64>) -> Access {
    Access {
        team_id,
        assignee_id,
    }
}

fn add_case(writer: &Writer, case: &CaseRow) -> Result<(), SearchError> {
    writer.add_case(&CaseDoc {
        id: case.id,
        subject: &case.subject,
        status: &case.status,
        customer_name: &case.customer_name,
        tags: &case.tags,
        access: access(case.team_id, case.assignee_id),
    })
}

fn add_message(writer: &Writer, message: &MessageRow) -> Result<(), SearchError> {
    writer.add_message(&MessageDoc {
        id: message.id,
        case_id: message.case_id,
        case_subject: &message.case_subject,
        direction: &message.direction,
        subject: message.subject.as_deref(),
        body: &message.body,
        access: access(message.team_id, message.assignee_id),
    })
}

fn add_customer(writer: &Writer, customer: &CustomerRow) -> Result<(), SearchError> {
    writer.add_customer(&CustomerDoc {
        id: customer.id,
        name: &customer.name,
        emails: &customer.emails,
        phones: &customer.phones,
    })
}
