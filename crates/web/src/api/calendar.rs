//! `GET/PUT /api/v1/settings/business-calendar`: the business calendar ([`crate::calendar`]).

use axum::Json;
use axum::extract::State;

use crate::auth::{Administer, Caller, Read};
use crate::calendar::{self, CalendarSettings};
use crate::error::ApiResult;
use crate::extract::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/settings/business-calendar",
    tag = "settings",
    summary = "The business calendar: {time_zone, week: {mon: [\"09:00-17:00\"], ...}, holidays: [YYYY-MM-DD]}",
    responses(
        (status = 200, description = "The calendar", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<CalendarSettings>> {
    Ok(Json(calendar::settings(&state.db).await?))
}

#[utoipa::path(
    put,
    path = "/settings/business-calendar",
    tag = "settings",
    summary = "Replace the business calendar (admin)",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Unknown time zone, weekday or period", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn put(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    ApiJson(settings): ApiJson<CalendarSettings>,
) -> ApiResult<Json<CalendarSettings>> {
    calendar::replace(&state.db, &settings).await?;
    Ok(Json(settings))
}
