//! Errors on page routes, for a browser: whatever a handler or an extractor answered with
//! (an [`ApiError`](crate::error::ApiError)'s JSON, axum's plain-text rejection of a bad path,
//! query or form, an empty 404 or 405) becomes an HTML page in the normal layout, in the
//! logged-in agent's language (or the browser's), with the same status, a short explanation and a
//! link back. API routes never pass through here and keep their JSON.

mod words;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

use super::i18n::Lang;
use super::{Layout, render};
use crate::auth::session::{COOKIE_NAME, cookie_value};
use crate::error::ErrorCode;
use crate::state::AppState;
use words::{EN, NL, Words};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    w: &'static Words,
    status: u16,
    title: &'static str,
    explanation: &'static str,
    back: &'static str,
    back_label: &'static str,
}

/// The layer on page routes that turns every error answer that is not HTML yet into a page.
pub async fn html_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let visitor = Visitor::of(&request);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_html(response.headers()) {
        return response;
    }
    let code = response.extensions().get::<ErrorCode>().copied();
    let mut page = visitor.page(&state, status, code).await;
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(value) = response.headers().get(&name) {
            page.headers_mut().insert(name, value.clone());
        }
    }
    page
}

/// The page routes' fallback: an unknown path, which [`html_errors`] shows as a page.
pub async fn unknown_path() -> StatusCode {
    StatusCode::NOT_FOUND
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

/// What the error page needs from the request that failed.
struct Visitor {
    cookie: Option<String>,
    accept_language: Option<String>,
    /// Where the language switch returns to: the page itself when it was a GET.
    path: String,
}

impl Visitor {
    fn of(request: &Request) -> Visitor {
        let headers = request.headers();
        let path = match *request.method() {
            Method::GET | Method::HEAD => request.uri().path().to_string(),
            _ => "/inbox".to_string(),
        };
        Visitor {
            cookie: cookie_value(headers, COOKIE_NAME)
                .filter(|c| !c.is_empty() && c.len() <= 100)
                .map(str::to_string),
            accept_language: headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            path,
        }
    }

    /// The layout of a logged-in agent (header, navigation, their language), or a visitor's.
    async fn layout(self, state: &AppState) -> Layout {
        if let Some(cookie) = &self.cookie {
            // An error page of its own (the database is down) falls back to the visitor's.
            if let Ok(Some((agent, csrf))) = store::sessions::lookup(&state.db, cookie).await {
                return Layout::for_agent(&agent, csrf, "", self.path, None);
            }
        }
        Layout {
            t: Lang::from_accept_language(self.accept_language.as_deref()).texts(),
            nav: None,
            notice: None,
            csrf: String::new(),
        }
    }

    async fn page(self, state: &AppState, status: StatusCode, code: Option<ErrorCode>) -> Response {
        let layout = self.layout(state).await;
        let w = if layout.t.lang == "en" { &EN } else { &NL };
        let (title, explanation) = w.explain(status, code);
        let (back, back_label) = if layout.nav.is_some() {
            ("/inbox", w.back_to_inbox)
        } else {
            ("/", w.back_home)
        };
        let mut response = render(&ErrorPage {
            layout,
            w,
            status: status.as_u16(),
            title,
            explanation,
            back,
            back_label,
        });
        *response.status_mut() = status;
        response
    }
}
