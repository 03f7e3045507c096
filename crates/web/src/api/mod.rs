//! The JSON API under `/api/v1`. One file per resource; the routes are listed in `router.rs`.

pub mod agents;
pub mod analytics;
pub mod calendar;
pub mod callbacks;
pub mod case_bulk;
pub mod cases;
pub mod conversations;
pub mod customers;
pub mod drafts;
pub mod events;
pub mod health;
pub mod inbox_setup;
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
/// Longest accepted message body, in characters.
pub const MAX_BODY_CHARS: usize = 100_000;

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

/// Trims a required text field and checks its length.
pub fn required_text(field: &str, value: &str, max_chars: usize) -> ApiResult<String> {
    if value.contains('\0') {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            format!("{field} must not contain NUL characters"),
        ));
    }
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            format!("{field} must not be empty"),
        ));
    }
    if trimmed.chars().count() > max_chars {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            format!("{field} is longer than {max_chars} characters"),
        ));
    }
    Ok(trimmed.to_string())
}

/// Parses one of a closed vocabulary, naming the field and the allowed values on failure.
pub fn parse_enum<T: std::str::FromStr<Err = domain::ParseEnumError>>(
    field: &str,
    value: &str,
) -> ApiResult<T> {
    value.parse().map_err(|err: domain::ParseEnumError| {
        ApiError::unprocessable(ErrorCode::InvalidField, format!("{field}: {err}"))
    })
}

/// Tags: trimmed, lower-cased, 1–50 characters, at most 20.
pub fn clean_tags(tags: &[String]) -> ApiResult<Vec<String>> {
    if tags.len() > 20 {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidField,
            "at most 20 tags",
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = required_text("tag", tag, 50)?.to_lowercase();
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}
