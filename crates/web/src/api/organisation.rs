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

#[utoipa::path(
    get,
    path = "/settings/organisation",
    tag = "settings",
    summary = "The organisation: {name, language}. The name heads every public page (survey, callback form, chat widget); the language (nl or en) is the one Klantbeeld writes its own stored texts in",
    responses(
        (status = 200, description = "The organisation", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<Organisation>> {
    Ok(Json(store::organisation::get(&state.db).await?))
}

#[utoipa::path(
    put,
    path = "/settings/organisation",
    tag = "settings",
    summary = "Set the organisation's name (1-80 characters, one line) and language (admin)",
    request_body(content = ref("#/components/schemas/OrganisationBody"), content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Empty or too long name, or a language other than nl or en", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn put(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<OrganisationBody>,
) -> ApiResult<Json<Organisation>> {
    let organisation = Organisation::new(&body.name, &body.language)?;
    store::organisation::put(&state.db, &organisation).await?;
    Ok(Json(organisation))
}
