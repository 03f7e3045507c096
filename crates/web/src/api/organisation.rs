//! `GET/PUT /api/v1/settings/organisation`: the organisation's name, shown on every page a
//! customer sees, and the language Klantbeeld writes its own texts in (`nl` or `en`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use store::organisation::Organisation;

use crate::auth::{Administer, Caller, Read};
use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationBody {
    pub name: String,
    pub language: String,
}

pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<Organisation>> {
    Ok(Json(store::organisation::get(&state.db).await?))
}

pub async fn put(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<OrganisationBody>,
) -> ApiResult<Json<Organisation>> {
    let organisation = Organisation::new(&body.name, &body.language)?;
    store::organisation::put(&state.db, &organisation).await?;
    Ok(Json(organisation))
}
