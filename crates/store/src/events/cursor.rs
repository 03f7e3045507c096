//! Reading the event log in order, for every consumer that follows it (the fact store, live views).
//!
//! PostgreSQL hands out `seq` when a transaction inserts its event, not when it commits, so a
//! lower seq can become visible after a higher one was read. Each read there also asks for the
//! seqs within [`GAP_WINDOW`] below the last one applied that it has not seen (a late commit, or
//! a gap a rolled-back transaction left), and skips what it has applied. SQLite writes one
//! transaction at a time, so its seqs become visible in order and a read starts after the last.

use std::collections::BTreeSet;

use super::{Event, after, after_or_among, latest_seq};
use crate::{Backend, Db, StoreError};

/// How far behind the last applied seq each read starts: late commits within it are caught.
const GAP_WINDOW: i64 = 1000;
/// Events per read; more than the window, so every read gets further.
const EVENTS_PER_READ: i64 = 5000;

/// Where a follower is in the log: the highest seq applied, and which seqs within the gap window
/// below it are applied.
#[derive(Clone)]
pub struct EventCursor {
    applied_upto: i64,
    applied: BTreeSet<i64>,
}

impl EventCursor {
    /// The log as it is now, all of it counted as applied: for a follower that starts from here.
    pub async fn at_latest(db: &Db) -> Result<EventCursor, StoreError> {
        EventCursor::at(db, latest_seq(db).await?).await
    }

    /// The log up to `seq` counted as applied: for a follower that saved how far it got.
    pub async fn at(db: &Db, seq: i64) -> Result<EventCursor, StoreError> {
        let recent = match db.backend() {
            Backend::Sqlite => Vec::new(),
            Backend::Postgres => after(db, seq - GAP_WINDOW, GAP_WINDOW).await?,
        };
        Ok(EventCursor {
            applied_upto: seq,
            applied: recent
                .iter()
                .map(|event| event.seq)
                .filter(|&applied| applied <= seq)
                .collect(),
        })
    }

    /// Counts everything up to now as applied without reading it: for a follower with nobody to
    /// tell (live views without a viewer, survey triggers without a triggered survey).
    /// A seq still in flight below the latest is skipped too.
    pub async fn skip_to_latest(&mut self, db: &Db) -> Result<(), StoreError> {
        let latest = latest_seq(db).await?;
        if latest > self.applied_upto {
            self.applied_upto = latest;
            self.applied = (self.floor() + 1..=latest).collect();
        }
        Ok(())
    }

    /// The highest seq applied.
    pub fn position(&self) -> i64 {
        self.applied_upto
    }

    /// The next events not applied yet, in seq order; `None` when there are none. Mark them with
    /// [`EventCursor::mark_all`] once applied, or they come again.
    pub async fn next_batch(&self, db: &Db) -> Result<Option<Vec<Event>>, StoreError> {
        let events = match db.backend() {
            Backend::Sqlite => after(db, self.applied_upto, EVENTS_PER_READ).await?,
            Backend::Postgres => {
                after_or_among(db, self.applied_upto, &self.missing(), EVENTS_PER_READ).await?
            }
        };
        let fresh: Vec<Event> = events
            .into_iter()
            .filter(|event| !self.applied.contains(&event.seq))
            .collect();
        Ok((!fresh.is_empty()).then_some(fresh))
    }

    pub fn mark_all(&mut self, events: &[Event]) {
        for event in events {
            self.mark_applied(event.seq);
        }
    }

    /// The seqs within the gap window that have not been applied.
    fn missing(&self) -> Vec<i64> {
        (self.floor() + 1..=self.applied_upto)
            .filter(|seq| !self.applied.contains(seq))
            .collect()
    }

    fn floor(&self) -> i64 {
        (self.applied_upto - GAP_WINDOW).max(0)
    }

    fn mark_applied(&mut self, seq: i64) {
        self.applied.insert(seq);
        self.applied_upto = self.applied_upto.max(seq);
        let floor = self.floor();
        self.applied = self.applied.split_off(&floor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_forgets_seqs_below_the_window() {
        let mut cursor = EventCursor {
            applied_upto: 0,
            applied: BTreeSet::new(),
        };
        for seq in [3, 1, 2000, 1500] {
            cursor.mark_applied(seq);
        }
        assert_eq!(cursor.applied_upto, 2000);
        assert_eq!(cursor.floor(), 1000);
        assert_eq!(
            cursor.applied.iter().copied().collect::<Vec<_>>(),
            [1500, 2000]
        );
        assert_eq!(cursor.missing().len(), 998, "1001..=2000 but 1500 and 2000");
        assert_eq!(cursor.missing()[..2], [1001, 1002]);
    }
}
