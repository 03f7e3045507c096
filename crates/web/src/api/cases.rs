//! `/api/v1/cases`: open, find, read and change cases; reply or add an internal note.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::{CaseId, CaseStatus, Channel, Direction, Priority};
use serde::{Deserialize, Serialize};
use store::cases::{Case, CaseFilter, CasePatch, CaseSort, NewCase, SortKey, Visibility};
use store::interactions::{Interaction, NewMessage};
use store::{Cursor, Page};

use super::PageParams;
use super::reply_body::WithFiles;
use crate::auth::scope::visible_case;
use crate::auth::{Caller, Read, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath, ApiQuery, double_option};
use crate::input::{MAX_BODY_CHARS, clean_tags, parse_enum, required_text};
use crate::outgoing;
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

#[utoipa::path(
    post,
    path = "/cases",
    tag = "cases",
    summary = "Open a case for a customer",
    request_body(content = ref("#/components/schemas/CaseCreate"), content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = ref("#/components/schemas/Case")),
        (status = 400, description = "Malformed JSON", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field or unknown customer, agent or team", body = ref("#/components/schemas/Error")),
    ),
)]
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
    /// A column to sort by; then the cursor is a position and the answer has `total`.
    sort: Option<String>,
    /// `asc` or `desc`, with `sort`.
    order: Option<String>,
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
                    s.trim().parse::<CaseStatus>().map_err(|e| {
                        ApiError::bad_request(ErrorCode::InvalidQuery, format!("status: {e}"))
                    })
                })
                .collect::<ApiResult<_>>()?,
        };
        let assignee_id = match self.assignee.as_deref() {
            None | Some("") => None,
            Some("none") => Some(None),
            Some(id) => Some(Some(id.parse::<i64>().map_err(|_| {
                ApiError::bad_request(
                    ErrorCode::InvalidQuery,
                    "assignee must be an agent id or none",
                )
            })?)),
        };
        let channel = self
            .channel
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.parse::<Channel>().map_err(|e| {
                    ApiError::bad_request(ErrorCode::InvalidQuery, format!("channel: {e}"))
                })
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
            visible_to: None,
        })
    }

    /// The sort asked for, if any; an unknown column or direction is a 400.
    fn sort(&self) -> ApiResult<Option<CaseSort>> {
        let Some(text) = self.sort.as_deref().filter(|s| !s.is_empty()) else {
            return match self.order.as_deref() {
                None | Some("") => Ok(None),
                Some(_) => Err(ApiError::bad_request(
                    ErrorCode::InvalidQuery,
                    "order goes with sort",
                )),
            };
        };
        let key = SortKey::parse(text).ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidQuery,
                format!(
                    "sort must be one of {}",
                    SortKey::ALL.map(SortKey::as_str).join(", ")
                ),
            )
        })?;
        let descending = match self.order.as_deref() {
            None | Some("") => key.descending_first(),
            Some("asc") => false,
            Some("desc") => true,
            Some(_) => {
                return Err(ApiError::bad_request(
                    ErrorCode::InvalidQuery,
                    "order must be asc or desc",
                ));
            }
        };
        Ok(Some(CaseSort { key, descending }))
    }
}

/// A page of cases; `total` (all matching cases) when sorted by a column.
#[derive(Serialize)]
pub struct CaseList {
    items: Vec<Case>,
    next_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<i64>,
}

/// Cases the caller may see: an agent in teams sees their teams' cases, those without a team
/// and those assigned to them.
#[utoipa::path(
    get,
    path = "/cases",
    tag = "cases",
    summary = "Find cases, newest first or sorted by a column",
    description = "An agent's token (made by an agent in one or more teams) finds the cases of those teams, those without a team and those assigned to the agent. With sort the answer also has total (every matching case) and next_cursor is a position in that order; ties are broken by id in the same direction.",
    params(
        ("status" = Option<String>, Query, description = "Status, or several comma-separated"),
        ("assignee" = Option<String>, Query, description = "Agent id, or none"),
        ("team" = Option<String>, Query, description = "Team id"),
        ("channel" = Option<String>, Query, description = "Channel"),
        ("customer_id" = Option<String>, Query, description = "Customer id"),
        ("tag" = Option<String>, Query, description = "Tag"),
        ("sort" = Option<crate::api::openapi::CaseSort>, Query, description = "Column to sort by; unknown columns are a 400"),
        ("order" = Option<crate::api::openapi::SortOrder>, Query, description = "With sort; default desc for id, priority, updated and created, asc otherwise"),
        ("cursor" = Option<String>, Query, description = "Opaque keyset cursor from the previous page's next_cursor."),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200),
    ),
    responses(
        (status = 200, description = "A page of cases (with total when sorted)", body = ref("#/components/schemas/CasePage")),
        (status = 400, description = "Bad filter, sort, order or cursor", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<CaseList>> {
    let mut filter = params.filter()?;
    filter.visible_to = Visibility::of(&state.db, caller.role, caller.owner).await?;
    let cursor = params.page.cursor()?;
    let limit = params.page.limit()?;
    let Some(sort) = params.sort()? else {
        if cursor.is_some_and(|c| c.offset().is_some()) {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidCursor,
                "that cursor goes with sort",
            ));
        }
        let page: Page<Case> = store::cases::list(&state.db, &filter, cursor, limit).await?;
        return Ok(Json(CaseList {
            items: page.items,
            next_cursor: page.next_cursor,
            total: None,
        }));
    };
    let offset = match cursor {
        None => 0,
        Some(c) => c.offset().ok_or_else(|| {
            ApiError::bad_request(
                ErrorCode::InvalidCursor,
                "that cursor does not go with sort",
            )
        })?,
    };
    let items = store::cases::list_sorted(&state.db, &filter, sort, offset, limit).await?;
    let total = store::cases::count_matching(&state.db, &filter).await?;
    let end = offset + items.len() as u64;
    let next_cursor = (end < total as u64).then(|| Cursor::Offset(end).encode());
    Ok(Json(CaseList {
        items,
        next_cursor,
        total: Some(total),
    }))
}

#[derive(Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    case: Case,
    interactions: Vec<Interaction>,
}

#[utoipa::path(
    get,
    path = "/cases/{id}",
    tag = "cases",
    summary = "Read a case with its thread",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The case and its interactions, oldest first", body = ref("#/components/schemas/CaseDetail")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
) -> ApiResult<Json<CaseDetail>> {
    let case = visible_case(&state, &caller, id.0).await?;
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

#[utoipa::path(
    patch,
    path = "/cases/{id}",
    tag = "cases",
    summary = "Change status, priority, assignee, team, subject or tags",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/CaseUpdate"), content_type = "application/json"),
    responses(
        (status = 200, description = "The case", body = ref("#/components/schemas/Case")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid change, e.g. reopening a closed case", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn update(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<UpdateCase>,
) -> ApiResult<Json<Case>> {
    visible_case(&state, &caller, id.0).await?;
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
    /// A reply's channel and address, one of `GET …/reply-routes`; by default the first there.
    channel: Option<String>,
    address: Option<String>,
    /// Copies of an email reply, visible to every recipient (at most 10).
    #[serde(default)]
    cc: Vec<String>,
    /// Blind copies of an email reply, in no header (at most 10).
    #[serde(default)]
    bcc: Vec<String>,
}

#[derive(Serialize)]
pub struct ReplyRouteView {
    channel: Channel,
    address: String,
    /// An address a sender asked replies to go to, which nothing proves is theirs.
    unverified: bool,
    /// Where a reply goes when the request names no channel.
    default: bool,
}

/// Where a reply on this case can go, the default first; empty when the customer can't be
/// reached on any channel we send on.
#[utoipa::path(
    get,
    path = "/cases/{id}/reply-routes",
    tag = "cases",
    summary = "Where a reply on this case can go, the default first: back the way the customer last wrote, then their other addresses on channels we send on (email; SMS within the allowed countries and WhatsApp when an inbox exists), then unverified Reply-To addresses. Empty when the customer can't be reached.",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The routes", body = ref("#/components/schemas/ReplyRouteList")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn reply_routes(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
) -> ApiResult<Json<Vec<ReplyRouteView>>> {
    visible_case(&state, &caller, id.0).await?;
    let routes = store::reply_routes::of_case(&state.db, id.0, &state.reach()).await?;
    let default = store::reply_routes::pick(&routes, None, None);
    Ok(Json(
        routes
            .into_iter()
            .map(|r| ReplyRouteView {
                default: Some(&r.route) == default.as_ref(),
                channel: r.route.channel,
                address: r.route.address,
                unverified: r.unverified,
            })
            .collect(),
    ))
}

/// The route a reply asked for, or the default; a 422 when there is none.
async fn reply_route(
    state: &AppState,
    case_id: i64,
    body: &PostMessage,
) -> ApiResult<store::interactions::Route> {
    let channel = body
        .channel
        .as_deref()
        .map(|c| parse_enum::<Channel>("channel", c))
        .transpose()?;
    let routes = store::reply_routes::of_case(&state.db, case_id, &state.reach()).await?;
    store::reply_routes::pick(&routes, channel, body.address.as_deref()).ok_or_else(|| {
        if channel.is_some() || body.address.is_some() {
            ApiError::unprocessable(
                ErrorCode::NoReplyRoute,
                "the customer can't be reached there; GET /api/v1/cases/{id}/reply-routes lists where they can",
            )
        } else {
            ApiError::unprocessable(
                ErrorCode::NoReplyRoute,
                "the customer can't be reached on any channel we send on: no email address, no phone number for SMS or WhatsApp, no open chat",
            )
        }
    })
}

#[utoipa::path(
    post,
    path = "/cases/{id}/messages",
    tag = "cases",
    summary = "Reply to the customer or add an internal note. An email reply gets the signatures of the token's agent and the inbox in the customer's language. With files, send multipart/form-data: the JSON in a part named message, each file in a part named files (at most 5, 5 MB each, 10 MB together; PDF, PNG, JPEG, GIF or plain text by their bytes, else 415; too large 413)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content((ref("#/components/schemas/MessageCreate") = "application/json"), (ref("#/components/schemas/MessageMultipart") = "multipart/form-data"))),
    responses(
        (status = 201, description = "The new interaction", body = ref("#/components/schemas/Interaction")),
        (status = 400, description = "A copy address with a line break (header_injection)", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such case", body = ref("#/components/schemas/Error")),
        (status = 413, description = "A file over 5 MB or files over 10 MB together (attachment_too_large)", body = ref("#/components/schemas/Error")),
        (status = 415, description = "A file that is not PDF, PNG, JPEG, GIF or text (attachment_type_refused)", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid field, copies or files on a note or a text, more than 10 copies or 5 files, closed case, or no_reply_route: the customer can't be reached on the chosen channel or any", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn post_message(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<CaseId>,
    WithFiles(body, files): WithFiles<PostMessage>,
) -> ApiResult<(StatusCode, Json<Interaction>)> {
    visible_case(&state, &caller, id.0).await?;
    let direction = match body.kind.as_deref().unwrap_or("reply") {
        "reply" => Direction::Outbound,
        "note" => Direction::Note,
        _ => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidField,
                "kind must be reply or note",
            ));
        }
    };
    let text = required_text("body", &body.body, MAX_BODY_CHARS)?;
    let extras = store::interactions::ReplyExtras {
        cc: outgoing::copies("cc", &body.cc)?,
        bcc: outgoing::copies("bcc", &body.bcc)?,
        attachments: files,
    };
    let (route, text) = match direction {
        Direction::Outbound => {
            let route = reply_route(&state, id.0, &body).await?;
            let case = store::cases::get(&state.db, id.0).await?;
            let signed =
                outgoing::signed_body(&state, caller.owner, &route, case.customer_id, &text)
                    .await?;
            (Some(route), signed)
        }
        _ => (None, text),
    };
    if !extras.is_empty() && route.as_ref().is_none_or(|r| r.channel != Channel::Email) {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "cc, bcc and files go with an email reply only",
        ));
    }
    let message = NewMessage {
        body: text,
        direction,
        status: body
            .status
            .as_deref()
            .map(|s| parse_enum("status", s))
            .transpose()?,
        route,
        extras,
        draft_of: caller.owner,
    };
    let interaction =
        store::interactions::add_message(&state.db, id.0, &message, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(interaction)))
}
