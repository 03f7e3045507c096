//! Checks of what callers send, shared by the API, the pages, the hooks and the use cases: required
//! texts, closed vocabularies, tags, identities, the longest message body. A failed check is a 422
//! naming the field.

use crate::error::{ApiError, ApiResult, ErrorCode};

/// Longest accepted message body, in characters.
pub const MAX_BODY_CHARS: usize = 100_000;

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

/// A malformed email address, phone number or handle, with the code that names which.
pub fn invalid_identity(err: domain::InvalidIdentity) -> ApiError {
    let code = match err {
        domain::InvalidIdentity::Email(_) => ErrorCode::InvalidEmail,
        domain::InvalidIdentity::Phone(_) => ErrorCode::InvalidPhone,
        domain::InvalidIdentity::Handle(_) => ErrorCode::InvalidHandle,
    };
    ApiError::unprocessable(code, err.to_string())
}
