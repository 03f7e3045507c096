//! The body of `POST /api/v1/cases/{id}/messages`: JSON, or with files `multipart/form-data`
//! whose `message` part is that JSON and whose `files` parts are the attachments (bounded and
//! sniffed as in the reply form, see [`crate::uploads`]).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use store::interactions::NewAttachment;

use crate::error::{ApiError, ErrorCode};
use crate::extract::ApiJson;
use crate::{multipart, uploads};

/// The message and the files that came with it.
pub struct WithFiles<T>(pub T, pub Vec<NewAttachment>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for WithFiles<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if multipart::boundary(&content_type).is_none() {
            let ApiJson(value) = ApiJson::<T>::from_request(req, state).await?;
            return Ok(WithFiles(value, Vec::new()));
        }
        let body = Bytes::from_request(req, state).await.map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                format!(
                    "a reply with its files has at most {} MB",
                    uploads::MAX_REQUEST_BYTES / (1024 * 1024)
                ),
            )
        })?;
        let parts = multipart::parse(&content_type, &body, 30)
            .map_err(|err| ApiError::bad_request(ErrorCode::InvalidForm, err.to_string()))?;
        let message = parts
            .iter()
            .find(|p| p.name == "message" && p.filename.is_none())
            .ok_or_else(|| {
                ApiError::unprocessable(
                    ErrorCode::InvalidBody,
                    "a multipart reply carries its JSON in a part named message",
                )
            })?;
        let value = serde_json::from_slice::<T>(&message.data).map_err(|err| {
            if err.is_data() {
                ApiError::unprocessable(ErrorCode::InvalidBody, err.to_string())
            } else {
                ApiError::bad_request(ErrorCode::MalformedJson, err.to_string())
            }
        })?;
        Ok(WithFiles(value, uploads::files(&parts)?))
    }
}
