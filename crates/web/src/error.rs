//! API errors: a stable code a client can match on, a message a person can read, the right status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use store::{Entity, StoreError};

mod code;

pub use code::ErrorCode;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// Machine-readable specifics, e.g. the bad lines of a bulk request.
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(entity) => {
                let code = match entity {
                    Entity::Case => ErrorCode::CaseNotFound,
                    Entity::Customer => ErrorCode::CustomerNotFound,
                    Entity::Agent => ErrorCode::AgentNotFound,
                    Entity::Team => ErrorCode::TeamNotFound,
                    Entity::Token => ErrorCode::TokenNotFound,
                    Entity::Attachment
                    | Entity::Callback
                    | Entity::Inbox
                    | Entity::Interaction
                    | Entity::Invitation
                    | Entity::Setting
                    | Entity::Survey
                    | Entity::View => ErrorCode::NotFound,
                };
                ApiError::not_found(code, format!("{entity} not found"))
            }
            StoreError::Conflict(message) => {
                ApiError::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
            }
            StoreError::Invalid(message) => {
                ApiError::unprocessable(ErrorCode::InvalidRequest, message)
            }
            StoreError::LastAdmin => {
                ApiError::unprocessable(ErrorCode::LastAdmin, StoreError::LastAdmin.to_string())
            }
            StoreError::Overloaded => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Overloaded,
                "too many requests are waiting; retry shortly",
            ),
            StoreError::NotCommitted(cause) => {
                tracing::warn!(error = %cause, "contact not committed");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the contact was not written; retry shortly",
                )
            }
            StoreError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the database is unavailable; retry shortly",
                )
            }
            other => {
                tracing::error!(error = ?other, "store error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "an internal error occurred",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry = self.status == StatusCode::SERVICE_UNAVAILABLE;
        let mut body = json!({"error": self.code, "message": self.message});
        if let Some(details) = self.details {
            body["details"] = details;
        }
        let mut response = (self.status, Json(body)).into_response();
        response.extensions_mut().insert(self.code);
        if retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
