//! `/api/v1/surveys`: define what to ask, where and when; `/api/v1/survey-invitations`: who was
//! asked, or why not; `/api/v1/settings/survey-fatigue`: the one policy that protects every
//! customer from too many surveys; `/api/v1/surveys/{id}/results`: its figures with formulas.

pub mod definition;
pub mod results;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use store::surveys::fatigue::{self, FatiguePolicy};
use store::surveys::invitations::{self, InvitationFilter};

use crate::auth::{Administer, Caller, Read};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct InvitationParams {
    customer_id: Option<String>,
    case_id: Option<String>,
    survey_id: Option<String>,
}

fn id_param(name: &str, value: Option<&str>) -> ApiResult<Option<i64>> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                ApiError::bad_request(
                    ErrorCode::InvalidParameter,
                    format!("{name} must be a number"),
                )
            })
        })
        .transpose()
}

#[utoipa::path(
    get,
    path = "/survey-invitations",
    tag = "survey-invitations",
    summary = "Invitations with status (scheduled, sent, answered, suppressed, failed, expired) and reason (eligible, sent, fatigue, opted_out, no_channel, sampled_out, delivery_failed)",
    params(
        ("customer_id" = Option<String>, Query, description = "A customer"),
        ("case_id" = Option<String>, Query, description = "A case"),
        ("survey_id" = Option<String>, Query, description = "A survey"),
    ),
    responses(
        (status = 200, description = "Invitations, newest first", body = ref("#/components/schemas/Items")),
        (status = 400, description = "A parameter is not a number", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn invitations(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<InvitationParams>,
) -> ApiResult<Json<Value>> {
    let filter = InvitationFilter {
        customer_id: id_param("customer_id", params.customer_id.as_deref())?,
        case_id: id_param("case_id", params.case_id.as_deref())?,
        survey_id: id_param("survey_id", params.survey_id.as_deref())?,
    };
    let rows = invitations::list(&state.db, &filter).await?;
    Ok(Json(json!({ "items": rows })))
}

#[utoipa::path(
    get,
    path = "/settings/survey-fatigue",
    tag = "settings",
    summary = "The fatigue policy",
    responses(
        (status = 200, description = "{max_invitations, window_days, min_gap_days, kind_min_days}", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn fatigue_policy(
    _caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<FatiguePolicy>> {
    Ok(Json(fatigue::policy(&state.db).await?))
}

#[utoipa::path(
    put,
    path = "/settings/survey-fatigue",
    tag = "settings",
    summary = "Replace the fatigue policy (admin)",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Out of bounds", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn set_fatigue_policy(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiJson(policy): ApiJson<FatiguePolicy>,
) -> ApiResult<Json<FatiguePolicy>> {
    if let Some(problem) = policy.problem() {
        return Err(ApiError::unprocessable(ErrorCode::InvalidPolicy, problem));
    }
    fatigue::set_policy(&state.db, &policy).await?;
    Ok(Json(policy))
}
