//! The agent UI: server-rendered askama pages that work without JavaScript. One file per screen;
//! the shared layout, time formatting and form helpers live here.

pub mod admin;
pub mod callback_form;
pub mod callbacks;
pub mod case;
pub mod case_reply;
pub mod churn;
pub mod conversation;
pub mod customer;
pub mod dashboard;
pub mod errors;
pub mod figures;
pub mod format;
pub mod formulas;
pub mod i18n;
pub mod inbox;
pub mod inboxes;
pub mod live_case;
pub mod login;
pub mod search;
pub mod setup;
pub mod signatures;
pub mod survey;
pub mod surveys;
pub mod terms;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use domain::Capability;
use store::StoreError;
use store::agents::Agent;

use crate::auth::session::Session;
use crate::error::ApiError;
use i18n::{Lang, Texts};

/// What every page's frame needs: the words, the navigation of a logged-in agent, a notice.
pub struct Layout {
    pub t: &'static Texts,
    pub nav: Option<Nav>,
    pub notice: Option<&'static str>,
    /// The session's CSRF token for the page's forms; empty without a session.
    pub csrf: String,
}

pub struct Nav {
    pub agent_name: String,
    pub is_admin: bool,
    /// Which top-level section is open: `inbox`, `customers`, `dashboard`, `churn`, `admin`, ….
    pub section: &'static str,
    /// Where the language switch returns to.
    pub path: String,
    /// What the header's search box holds (on the search page, the query).
    pub query: String,
}

impl Layout {
    /// The page's language, for [`format`].
    pub fn lang(&self) -> Lang {
        self.t.language()
    }

    pub fn for_session<R>(
        session: &Session<R>,
        section: &'static str,
        path: String,
        notice: Option<&str>,
    ) -> Layout {
        Self::for_agent(&session.agent, session.csrf.clone(), section, path, notice)
    }

    /// The frame of a logged-in agent's page, in their language.
    pub fn for_agent(
        agent: &Agent,
        csrf: String,
        section: &'static str,
        path: String,
        notice: Option<&str>,
    ) -> Layout {
        let t = Lang::from_code(&agent.language).unwrap_or(Lang::Nl).texts();
        Layout {
            t,
            notice: notice.and_then(|key| t.notice(key)),
            csrf,
            nav: Some(Nav {
                agent_name: agent.name.clone(),
                is_admin: agent.role.can(Capability::Administer),
                section,
                path,
                query: String::new(),
            }),
        }
    }
}

pub fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}

/// A time as agents in the Netherlands read it: `24-11-2026 14:05`, local time.
/// A moment as the reader's language writes it, in Amsterdam time (see [`format::date_time`]).
pub fn local_time(t: &Texts, at: &DateTime<Utc>) -> String {
    format::date_time(t.language(), at)
}

pub fn local_time_opt(t: &Texts, at: &Option<DateTime<Utc>>) -> String {
    at.as_ref().map(|at| local_time(t, at)).unwrap_or_default()
}

/// A 303 back to `path` with a notice key for the next page to show.
pub fn see_other(path: &str, notice: &str) -> Response {
    let sep = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{sep}notice={notice}")).into_response()
}

/// Keeps a user-supplied return path on this site: only a path that stays on our origin after
/// the URL standard's normalisation (which drops tabs and newlines and reads `\` as `/`), in
/// that normalised form; anything else returns to the inbox.
pub fn local_path(candidate: &str) -> String {
    same_origin_path(candidate).unwrap_or_else(|| "/inbox".to_string())
}

fn same_origin_path(candidate: &str) -> Option<String> {
    let suspicious = !candidate.starts_with('/')
        || candidate.starts_with("//")
        || candidate.contains('\\')
        || candidate.chars().any(char::is_control);
    if suspicious {
        return None;
    }
    let base = url::Url::parse("http://x.invalid/").ok()?;
    let joined = base.join(candidate).ok()?;
    let path = joined.path();
    if joined.origin() != base.origin() || path.starts_with("//") {
        return None;
    }
    Some(match joined.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    })
}

/// An id chosen in a `<select>`: empty means none.
pub fn optional_id(value: &str) -> Result<Option<i64>, ()> {
    match value.trim() {
        "" => Ok(None),
        text => text.parse::<i64>().map(Some).map_err(|_| ()),
    }
}

pub async fn home() -> Redirect {
    Redirect::to("/inbox")
}

/// A store error after a form post: rule violations go back to the page with a notice.
pub fn form_error(err: StoreError, back: &str) -> Response {
    match err {
        StoreError::Invalid(message) if message.contains("closed") => {
            see_other(back, "case_closed")
        }
        StoreError::Invalid(_) => see_other(back, "invalid_input"),
        StoreError::Conflict(_) => see_other(back, "conflict"),
        StoreError::LastAdmin => see_other(back, "last_admin"),
        other => ApiError::from(other).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn a_return_path_never_leaves_the_site() {
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/a/../..//evil.example",
            "/././/evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(local_path(evil), "/inbox", "{evil:?}");
        }
        assert_eq!(local_path("/cases/7?notice=x"), "/cases/7?notice=x");
        assert_eq!(
            local_path("/customers?q=de vries"),
            "/customers?q=de%20vries"
        );
    }
}
