//! A request that takes too long is answered `503 timeout` with a reason and `Retry-After`, as
//! JSON for the API and (through the error pages' layer) as a page for a browser, never with an
//! empty body. Only the wait for the response counts: a live stream may run as long as it likes.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};

/// How long a request may take to answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The outermost limit, for routes without their own: a little longer, so that a page's own
/// limit (inside its error pages) answers first.
pub const BACKSTOP_TIMEOUT: Duration = Duration::from_secs(32);
const RETRY_AFTER_SECONDS: &str = "5";

pub async fn limit(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Timeout,
                format!(
                    "the request took longer than {} s; please try again",
                    limit.as_secs()
                ),
            )
            .into_response();
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(RETRY_AFTER_SECONDS),
            );
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::middleware;
    use axum::routing::get;
    use tower::ServiceExt;

    use super::*;

    #[tokio::test]
    async fn a_slow_answer_becomes_a_503_that_says_why() {
        let app = Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/quick", get(|| async { "on time" }))
            .layer(middleware::from_fn_with_state(
                Duration::from_millis(50),
                limit,
            ));
        let request = |path: &str| Request::get(path).body(Body::empty()).expect("request");
        let slow = app.clone().oneshot(request("/slow")).await.expect("answer");
        assert_eq!(slow.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(slow.headers()[header::RETRY_AFTER], "5");
        let body = axum::body::to_bytes(slow.into_body(), 4096)
            .await
            .expect("body");
        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(json["error"], "timeout");
        let quick = app.oneshot(request("/quick")).await.expect("answer");
        assert_eq!(quick.status(), StatusCode::OK);
    }
}
