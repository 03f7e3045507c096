//! Live views: every committed event is broadcast to the open agent pages (SSE) and chat widgets
//! (WebSocket) of this node. Events come from following the log, not from the code that wrote
//! them, so a change made on another node behind the same PostgreSQL shows up too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use store::Db;
use store::events::{Event, EventCursor};
use tokio::sync::broadcast;

const POLL: Duration = Duration::from_millis(500);
/// Events a slow listener may fall behind by before it skips ahead (it then reloads).
const BACKLOG: usize = 1024;
/// Typing signals a slow widget may miss: a missed one only means a dot less.
const TYPING_BACKLOG: usize = 64;
/// How recently an agent must have used the UI to count as online for chat.
const ONLINE_WINDOW: Duration = Duration::from_secs(300);

pub struct Live {
    events: broadcast::Sender<Arc<Event>>,
    presence: Mutex<HashMap<i64, Instant>>,
    /// Customers an agent is writing a chat reply to, right now. Not an event: nothing is stored,
    /// and it reaches the widgets of this node only.
    typing: broadcast::Sender<i64>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            events: broadcast::channel(BACKLOG).0,
            presence: Mutex::new(HashMap::new()),
            typing: broadcast::channel(TYPING_BACKLOG).0,
        }
    }
}

impl Live {
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.events.subscribe()
    }

    /// Tells the chat widgets of `customer_id` that an agent is typing to them.
    pub fn agent_typing(&self, customer_id: i64) {
        // No widget open is fine: nobody is waiting.
        let _ = self.typing.send(customer_id);
    }

    pub fn subscribe_typing(&self) -> broadcast::Receiver<i64> {
        self.typing.subscribe()
    }

    /// Notes that an agent is using the UI now.
    pub fn agent_seen(&self, agent_id: i64) {
        self.presence
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(agent_id, Instant::now());
    }

    /// Whether any agent used the UI within the last few minutes.
    pub fn agents_online(&self) -> bool {
        let mut presence = self
            .presence
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        presence.retain(|_, seen| seen.elapsed() < ONLINE_WINDOW);
        !presence.is_empty()
    }

    /// Follows the event log and broadcasts every new event, until the task is aborted.
    pub async fn follow(&self, db: &Db) {
        let mut cursor = loop {
            match EventCursor::at_latest(db).await {
                Ok(cursor) => break cursor,
                Err(err) => {
                    tracing::warn!(error = %err, "reading the event log failed; retrying");
                    tokio::time::sleep(POLL).await;
                }
            }
        };
        loop {
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                () = store::events::committed() => {}
            }
            if self.events.receiver_count() == 0 {
                // Nobody is watching: what happens until someone is needs no reading.
                if let Err(err) = cursor.skip_to_latest(db).await {
                    tracing::warn!(error = %err, "reading the event log failed; retrying");
                }
                continue;
            }
            loop {
                match cursor.next_batch(db).await {
                    Ok(Some(events)) => {
                        cursor.mark_all(&events);
                        for event in events {
                            // No listener is fine: nobody is watching.
                            let _ = self.events.send(Arc::new(event));
                        }
                    }
                    Ok(None) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "reading the event log failed; retrying");
                        break;
                    }
                }
            }
        }
    }
}
