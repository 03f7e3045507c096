use axum::http::header;
use axum::response::IntoResponse;

const WIDGET: &str = include_str!("../../assets/widget.js");

/// `GET /widget.js`: loaded by customers' websites, so it may be cached and embedded anywhere.
pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        WIDGET,
    )
}
