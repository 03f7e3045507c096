//! `/api/v1/cases`: open, find, read and change cases; reply or add an internal note.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::{CaseId, CaseStatus, Channel, Direction, Priority};
use serde::{Deserialize, Serialize};
use store::Page;
use store::cases::{Case, CaseFilter, CasePatch, NewCase};
use store::interactions::{Interaction, NewMessage};

use super::{MAX_BODY_CHARS, PageParams, clean_tags, parse_enum, required_text};
use crate::auth::{Caller, Read, Work};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiPath, ApiQuery, double_option};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCase {
    customer_id: i64,
    channel: String,
    subject: String,
    priority: Option<String>,
    assignee_id: Option<i64>,
    team_id: Option<i64>,
    #[serde(default)]
    tags: Vec<String>,
    /// The customer's first message.
    message: Option<String>,
}

pub async fn create(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateCase>,
) -> ApiResult<(StatusCode, Json<Case>)> {
    let new = NewCase {
        customer_id: body.customer_id,
        channel: parse_enum::<Channel>("channel", &body.channel)?,
        subject: required_text("subject", &body.subject, 300)?,
        priority: body
            .priority
            .as_deref()
            .map(|p| parse_enum::<Priority>("priority", p))
            .transpose()?
            .unwrap_or(Priority::Normal),
        assignee_id: body.assignee_id,
        team_id: body.team_id,
        tags: clean_tags(&body.tags)?,
        first_message: body
            .message
            .as_deref()
            .map(|m| required_text("message", m, MAX_BODY_CHARS))
            .transpose()?,
    };
    let case = store::cases::create(&state.db, new, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(case)))
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// One status or several, comma-separated.
    status: Option<String>,
    /// An agent id, or `none` for unassigned cases.
    assignee: Option<String>,
    team: Option<i64>,
    channel: Option<String>,
    customer_id: Option<i64>,
    tag: Option<String>,
    #[serde(flatten)]
    page: PageParams,
}

impl ListParams {
    fn filter(&self) -> ApiResult<CaseFilter> {
        let statuses = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|s| {
                    s.trim()
                        .parse::<CaseStatus>()
                        .map_err(|e| ApiError::bad_request("invalid_query", format!("status: {e}")))
                })
                .collect::<ApiResult<_>>()?,
        };
        let assignee_id = match self.assignee.as_deref() {
            None | Some("") => None,
            Some("none") => Some(None),
            Some(id) => Some(Some(id.parse::<i64>().map_err(|_| {
                ApiError::bad_request("invalid_query", "assignee must be an agent id or none")
            })?)),
        };
        let channel = self
            .channel
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.parse::<Channel>()
                    .map_err(|e| ApiError::bad_request("invalid_query", format!("channel: {e}")))
            })
            .transpose()?;
        Ok(CaseFilter {
            statuses,
            assignee_id,
            team_id: self.team,
            channel,
            customer_id: self.customer_id,
            tag: self
                .tag
                .clone()
                .filter(|t| !t.is_empty())
                .map(|t| t.to_lowercase()),
        })
    }
}

pub async fn list(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Case>>> {
    let filter = params.filter()?;
    Ok(Json(
        store::cases::list(
            &state.db,
            &filter,
            params.page.cursor()?,
            params.page.limit()?,
        )
        .await?,
    ))
}

#[derive(Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    case: Case,
    interactions: Vec<Interaction>,
}

pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
) -> ApiResult<Json<CaseDetail>> {
    let case = store::cases::get(&state.db, id.0).await?;
    let interactions = store::interactions::thread(&state.db, id.0, 500).await?;
    Ok(Json(CaseDetail { case, interactions }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateCase {
    subject: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    assignee_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    team_id: Option<Option<i64>>,
    tags: Option<Vec<String>>,
    /// Goes with a change of assignee or team, as a note on the case.
    handover_note: Option<String>,
}

pub async fn update(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<UpdateCase>,
) -> ApiResult<Json<Case>> {
    let patch = CasePatch {
        subject: body
            .subject
            .as_deref()
            .map(|s| required_text("subject", s, 300))
            .transpose()?,
        status: body
            .status
            .as_deref()
            .map(|s| parse_enum("status", s))
            .transpose()?,
        priority: body
            .priority
            .as_deref()
            .map(|p| parse_enum("priority", p))
            .transpose()?,
        assignee_id: body.assignee_id,
        team_id: body.team_id,
        tags: body.tags.as_deref().map(clean_tags).transpose()?,
        handover_note: body
            .handover_note
            .as_deref()
            .map(|n| required_text("handover_note", n, MAX_BODY_CHARS))
            .transpose()?,
    };
    Ok(Json(
        store::cases::update(&state.db, id.0, patch, &caller.actor).await?,
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostMessage {
    body: String,
    /// `reply` (default: to the customer, on the case's channel) or `note` (internal).
    kind: Option<String>,
    /// The case's status after this message, e.g. `pending` or `resolved`.
    status: Option<String>,
}

pub async fn post_message(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<PostMessage>,
) -> ApiResult<(StatusCode, Json<Interaction>)> {
    let direction = match body.kind.as_deref().unwrap_or("reply") {
        "reply" => Direction::Outbound,
        "note" => Direction::Note,
        _ => {
            return Err(ApiError::unprocessable(
                "invalid_field",
                "kind must be reply or note",
            ));
        }
    };
    let message = NewMessage {
        body: required_text("body", &body.body, MAX_BODY_CHARS)?,
        direction,
        status: body
            .status
            .as_deref()
            .map(|s| parse_enum("status", s))
            .transpose()?,
        route: None,
    };
    let interaction =
        store::interactions::add_message(&state.db, id.0, &message, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(interaction)))
}
