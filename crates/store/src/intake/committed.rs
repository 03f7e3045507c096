//! Intake's commits wake the tails of the event log (live views, facts, search, jobs) like every
//! other write, but coalesced: the first commit after a quiet spell is announced at once, then at
//! most one announcement per [`GAP`], and never a commit left unannounced. Under heavy ingestion a
//! writer commits a batch every few milliseconds; waking every tail for each would have them
//! re-read the log, commit the search index and claim jobs per batch, competing with the writer
//! for the two cores. A single chat message shows up live at once; under load, live views lag by
//! at most `GAP`, less than the tails' own polling (500 ms).

use std::time::Duration;

use tokio::sync::mpsc;

/// The shortest time between two wakes caused by intake.
const GAP: Duration = Duration::from_millis(250);

/// A writer's handle: [`Committed::announce`] after each commit.
#[derive(Clone)]
pub(super) struct Committed(mpsc::Sender<()>);

impl Committed {
    /// Starts the announcer; it ends when every writer's handle is dropped.
    pub(super) fn start() -> Committed {
        let (sender, mut receiver) = mpsc::channel(1);
        tokio::spawn(async move {
            while receiver.recv().await.is_some() {
                crate::events::notify_committed();
                tokio::time::sleep(GAP).await;
            }
        });
        Committed(sender)
    }

    /// Says a batch committed; callable from the SQLite writer's thread. One pending
    /// announcement covers every commit until it is made.
    pub(super) fn announce(&self) {
        // Full means an announcement is pending already; closed cannot happen while a writer lives.
        let _ = self.0.try_send(());
    }
}
