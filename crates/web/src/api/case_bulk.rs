//! `POST /api/v1/cases/bulk`: one change to many cases, all or nothing:
//! `{"case_ids": [..], "action": "assign" | "status" | "tag" | "merge", ...}` with
//! `assignee_id` (null: unassign), `status`, `tag` or `into` (default: the oldest case).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use store::case_bulk::{BulkAction, MAX_CASES};
use store::cases::Visibility;

use crate::auth::{Caller, Work};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, double_option};
use crate::input::{clean_tags, parse_enum};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    case_ids: Vec<i64>,
    action: String,
    #[serde(default, deserialize_with = "double_option")]
    assignee_id: Option<Option<i64>>,
    status: Option<String>,
    tag: Option<String>,
    into: Option<i64>,
}

#[derive(Serialize)]
pub struct BulkAnswer {
    action: String,
    case_ids: Vec<i64>,
    /// With a merge: the case that stays.
    into: Option<i64>,
}

fn action_of(body: &BulkRequest) -> ApiResult<BulkAction> {
    let missing = |field: &str| {
        ApiError::unprocessable(
            ErrorCode::InvalidField,
            format!("{} needs {field}", body.action),
        )
    };
    Ok(match body.action.as_str() {
        "assign" => BulkAction::Assign(body.assignee_id.ok_or_else(|| missing("assignee_id"))?),
        "status" => BulkAction::Status(parse_enum(
            "status",
            body.status.as_deref().ok_or_else(|| missing("status"))?,
        )?),
        "tag" => {
            let tag = body.tag.clone().ok_or_else(|| missing("tag"))?;
            let mut tags = clean_tags(&[tag])?;
            BulkAction::Tag(tags.remove(0))
        }
        "merge" => BulkAction::Merge { into: body.into },
        _ => {
            return Err(ApiError::unprocessable(
                ErrorCode::InvalidField,
                "action must be assign, status, tag or merge",
            ));
        }
    })
}

#[utoipa::path(
    post,
    path = "/cases/bulk",
    tag = "cases",
    summary = "One change to many cases, all or nothing",
    description = "{case_ids: [..] (1 to 500), action: assign | status | tag | merge, assignee_id (assign; null unassigns), status (status), tag (tag: added where missing), into (merge; default the oldest of case_ids)}. One transaction: every case is checked first (it must exist and, for an agent's token in teams, be one the agent may see) and changed with the same events as a change of one case; one refusal (an unknown or unseen case, a status change a case does not allow, cases of different customers to merge) changes nothing.",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "{action, case_ids (without repeats, ascending), into}", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Malformed JSON", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "A case does not exist or the caller may not see it (case_not_found)", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Unknown action, missing field, no cases, too_many_cases (over 500), or a change a case does not allow", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn apply(
    caller: Caller<Work>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<BulkRequest>,
) -> ApiResult<Json<BulkAnswer>> {
    if body.case_ids.is_empty() {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "case_ids must name at least one case",
        ));
    }
    if body.case_ids.len() > MAX_CASES {
        return Err(ApiError::unprocessable(
            ErrorCode::TooManyCases,
            format!("at most {MAX_CASES} cases at once"),
        ));
    }
    let action = action_of(&body)?;
    let scope = Visibility::of(&state.db, caller.role, caller.owner).await?;
    let outcome = store::case_bulk::apply(
        &state.db,
        &body.case_ids,
        &action,
        scope.as_ref(),
        &caller.actor,
    )
    .await?;
    Ok(Json(BulkAnswer {
        action: body.action,
        case_ids: outcome.case_ids,
        into: outcome.into,
    }))
}
