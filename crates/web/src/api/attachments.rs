//! `GET /api/v1/attachments/{id}`: a stored attachment as a download ([`crate::attachments`]).

use axum::extract::State;
use axum::response::Response;

use crate::attachments::{download, visible_attachment};
use crate::auth::{Caller, Read};
use crate::error::ApiResult;
use crate::extract::ApiPath;
use crate::state::AppState;

#[utoipa::path(
    get,
    path = "/attachments/{id}",
    tag = "attachments",
    summary = "Download an attachment (always as a download, sandboxed)",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The file"),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such attachment", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    caller: Caller<Read>,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    visible_attachment(&state, &caller, id).await.map(download)
}
