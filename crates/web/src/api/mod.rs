//! The JSON API under `/api/v1`. One file per resource; the routes are listed in `router.rs`.

pub mod agents;
pub mod analytics;
pub mod attachments;
pub mod calendar;
pub mod callbacks;
pub mod case_bulk;
pub mod cases;
pub mod churn;
pub mod conversations;
pub mod customers;
pub mod drafts;
pub mod events;
pub mod health;
pub mod inboxes;
pub mod interactions;
pub mod merges;
pub mod openapi;
pub mod organisation;
pub mod reply_body;
pub mod search;
pub mod surveys;
pub mod teams;
pub mod views;

use serde::Deserialize;
use store::Cursor;

use crate::error::{ApiError, ApiResult, ErrorCode};

pub const DEFAULT_PAGE: usize = 50;
pub const MAX_PAGE: usize = 200;
/// `?cursor=&limit=` of every list endpoint.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    pub cursor: Option<String>,
    /// Text, parsed here: `serde(flatten)` hands every query value over as a string.
    pub limit: Option<String>,
}

impl PageParams {
    pub fn cursor(&self) -> ApiResult<Option<Cursor>> {
        match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => Ok(None),
            Some(text) => Cursor::decode(text).map(Some).ok_or_else(|| {
                ApiError::bad_request(
                    ErrorCode::InvalidCursor,
                    "cursor is not one this server issued",
                )
            }),
        }
    }

    pub fn limit(&self) -> ApiResult<usize> {
        match self.limit.as_deref().map(str::parse::<usize>) {
            None => Ok(DEFAULT_PAGE),
            Some(Ok(n)) if (1..=MAX_PAGE).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::bad_request(
                ErrorCode::InvalidLimit,
                format!("limit must be a number from 1 to {MAX_PAGE}"),
            )),
        }
    }
}
