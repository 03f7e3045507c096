//! `/api/v1/surveys`: define what to ask, where and when; `/api/v1/survey-invitations`: who was
//! asked, or why not; `/api/v1/settings/survey-fatigue`: the one policy that protects every
//! customer from too many surveys; `/api/v1/surveys/{id}/results`: its figures with formulas.

mod definition;
mod results;

pub use definition::{CreateSurvey, create, get, list, new_survey, update};
pub use results::{figure_rows, formulas, results};

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

pub async fn fatigue_policy(
    _caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<FatiguePolicy>> {
    Ok(Json(fatigue::policy(&state.db).await?))
}

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
