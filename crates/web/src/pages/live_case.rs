//! `GET /cases/{id}/live`: Server-Sent Events for one case. Every committed change to the case
//! (a message in or out, a status, an assignment), on any node, becomes an event `case` with the
//! change's kind; the page then fetches the thread again.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use domain::CaseId;
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::Read;
use crate::auth::session::Session;
use crate::state::AppState;

pub async fn stream(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<CaseId>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    state.live.agent_seen(session.agent.id);
    let case_id = id.0;
    let stream =
        futures_util::stream::unfold(state.live.subscribe(), move |mut events| async move {
            loop {
                let kind = match events.recv().await {
                    Ok(event) if event.case_id == Some(case_id) => event.kind.clone(),
                    Ok(_) => continue,
                    // Fell behind: something may have changed, so say so.
                    Err(RecvError::Lagged(_)) => "lagged".to_string(),
                    Err(RecvError::Closed) => return None,
                };
                return Some((Ok(Event::default().event("case").data(kind)), events));
            }
        });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
