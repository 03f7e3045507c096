//! `GET /cases/{id}/live`: Server-Sent Events for one case. Every committed change to the case
//! (a message in or out, a status, an assignment), on any node, becomes an event `case` with the
//! change's kind; the page then fetches the thread again. A case the agent may not see, or that
//! is not there, is a 404.
//!
//! `POST /cases/{id}/typing`: the agent is writing a reply; a chat customer's widget shows it.

use std::convert::Infallible;
use std::time::Duration;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::{CaseId, Channel};
use futures_util::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::auth::scope::{Viewer, visible_case};
use crate::auth::session::Session;
use crate::auth::{Caller, Read, Work};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct TypingForm {
    csrf: String,
}

pub async fn typing(
    State(state): State<AppState>,
    session: Session<Work>,
    Path(id): Path<CaseId>,
    Form(form): Form<TypingForm>,
) -> Response {
    if let Err(refused) = session.check_csrf(&form.csrf) {
        return refused.into_response();
    }
    signal_typing(&state, &session, id).await.into_response()
}

/// `POST /api/v1/cases/{id}/typing`, for agent tools of one's own.
#[utoipa::path(
    post,
    path = "/cases/{id}/typing",
    tag = "cases",
    summary = "The agent is typing a reply: a chat customer's open widget shows it for a few seconds. Nothing is stored; a case on another channel is left alone",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 204, description = "Signalled"),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn typing_api(
    State(state): State<AppState>,
    caller: Caller<Work>,
    ApiPath(id): ApiPath<CaseId>,
) -> ApiResult<StatusCode> {
    signal_typing(&state, &caller, id).await
}

/// Shows "typing…" in the widget of a chat case's customer; a case on another channel has no
/// widget to tell, so nothing happens.
async fn signal_typing(
    state: &AppState,
    viewer: &impl Viewer,
    id: CaseId,
) -> ApiResult<StatusCode> {
    let case = visible_case(state, viewer, id.0).await?;
    if case.channel == Channel::Chat {
        state.live.agent_typing(case.customer_id);
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn stream(
    State(state): State<AppState>,
    session: Session<Read>,
    Path(id): Path<CaseId>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    // A case that is not there, was merged away or is another team's has nothing to follow.
    visible_case(&state, &session, id.0).await?;
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
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
