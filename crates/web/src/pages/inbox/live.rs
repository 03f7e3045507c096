//! `GET /inbox/live`: Server-Sent Events for the inbox list, from the same broadcast of committed
//! events as an open case (`live.rs`). Every change that moves a case in or through a list (a new
//! case, a message in, a status, an assignment, a merge) becomes an event `inbox` with JSON data
//! `{"kind", "case_id", "mine"}`; `mine` says the case was just assigned to the reader, for a
//! browser notification. The page then fetches the list again: what it shows stays within what
//! the reader may see.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::Read;
use crate::auth::session::Session;
use crate::state::AppState;

/// Whether an event of this kind can change what an inbox list shows.
fn moves_the_list(kind: &str) -> bool {
    kind.starts_with("case.") || kind == "interaction.received"
}

/// Whether the event gives the case to `agent_id`.
fn assigns_to(event: &store::events::Event, agent_id: i64) -> bool {
    let field = match event.kind.as_str() {
        "case.assigned" => "to",
        "case.created" => "assignee_id",
        _ => return false,
    };
    event.payload.0.get(field).and_then(|v| v.as_i64()) == Some(agent_id)
}

pub async fn stream(
    State(state): State<AppState>,
    session: Session<Read>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let me = session.agent.id;
    state.live.agent_seen(me);
    let stream =
        futures_util::stream::unfold(state.live.subscribe(), move |mut events| async move {
            loop {
                let data = match events.recv().await {
                    Ok(event) if moves_the_list(&event.kind) => json!({
                        "kind": event.kind,
                        "case_id": event.case_id,
                        "mine": assigns_to(&event, me),
                    }),
                    Ok(_) => continue,
                    // Fell behind: something may have changed, so say so.
                    Err(RecvError::Lagged(_)) => {
                        json!({"kind": "lagged", "case_id": null, "mine": false})
                    }
                    Err(RecvError::Closed) => return None,
                };
                let event = Event::default().event("inbox").data(data.to_string());
                return Some((Ok(event), events));
            }
        });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
