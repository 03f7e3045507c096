//! Building the index from the tables: cases, then messages, then customers, each read in id order
//! a page at a time. The log position is read first: whatever commits meanwhile is applied again by
//! the tail, which is harmless (it replaces whole cases and customers).

use std::future::Future;

use search::{SearchError, Writer};
use store::events::EventCursor;
use store::{Db, StoreError, search_rows};

use super::{add_case, add_customer, add_message};

/// Rows read at a time.
const PAGE: i64 = 5_000;

pub async fn everything(db: &Db, writer: Writer) -> anyhow::Result<(Writer, EventCursor)> {
    let cursor = EventCursor::at_latest(db).await?;
    let writer = pages(
        writer,
        |after| search_rows::cases_after(db, after, PAGE),
        |row| row.id,
        add_case,
    )
    .await?;
    let writer = pages(
        writer,
        |after| search_rows::messages_after(db, after, PAGE),
        |row| row.id,
        add_message,
    )
    .await?;
    let writer = pages(
        writer,
        |after| search_rows::customers_after(db, after, PAGE),
        |row| row.id,
        add_customer,
    )
    .await?;
    let seq = cursor.position();
    let writer = tokio::task::spawn_blocking(move || {
        let mut writer = writer;
        writer.commit(seq).map(|()| writer)
    })
    .await??;
    Ok((writer, cursor))
}

/// Reads pages until one comes back empty, adding each row on a blocking thread.
async fn pages<R, F>(
    mut writer: Writer,
    fetch: impl Fn(i64) -> F,
    id: fn(&R) -> i64,
    add: fn(&Writer, &R) -> Result<(), SearchError>,
) -> anyhow::Result<Writer>
where
    R: Send + 'static,
    F: Future<Output = Result<Vec<R>, StoreError>>,
{
    let mut after = 0;
    loop {
        let rows = fetch(after).await?;
        let Some(last) = rows.last() else {
            return Ok(writer);
        };
        after = id(last);
        writer = tokio::task::spawn_blocking(move || {
            rows.iter()
                .try_for_each(|row| add(&writer, row))
                .map(|()| writer)
        })
        .await??;
    }
}
