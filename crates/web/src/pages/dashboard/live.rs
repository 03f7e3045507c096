//! `GET /dashboard/live`: Server-Sent Events telling an open dashboard that its figures changed.
//! A burst of changes (an import, a busy minute) becomes one event, sent a second after the
//! burst's first change, when the fact store has applied it.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::auth::Read;
use crate::auth::session::Session;
use crate::state::AppState;

const SETTLE: Duration = Duration::from_secs(1);

/// Whether an event of this kind moves a dashboard figure.
fn moves_figures(kind: &str) -> bool {
    kind.starts_with("case.")
        || kind.starts_with("call")
        || kind == "survey.answered"
        || kind == "survey.sent"
        || kind == "import.completed"
}

pub async fn stream(
    State(state): State<AppState>,
    _session: Session<Read>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = futures_util::stream::unfold(state.live.subscribe(), |mut events| async move {
        loop {
            match events.recv().await {
                Ok(event) if moves_figures(&event.kind) => {}
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return None,
            }
            tokio::time::sleep(SETTLE).await;
            loop {
                match events.try_recv() {
                    Ok(_) | Err(TryRecvError::Lagged(_)) => continue,
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Closed) => return None,
                }
            }
            return Some((Ok(Event::default().event("facts").data("changed")), events));
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
