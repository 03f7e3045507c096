//! `/churn/customers`: the customers behind a churn figure (the period's `from`/`to`,
//! `filter.<group>=label`, `side=churned` for those who left) or behind one value of a driver
//! (`outcome`, `attribute`, `value`, `side=outcome`), with their names and links; at most 1,000.

use analytics::ChurnSide;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};

use super::drivers::{factor_name, outcome_name};
use super::experience::shown;
use super::words::Words;
use super::{Span, only, value, words};
use crate::auth::Read;
use crate::auth::session::Session;
use crate::churn::params::driver_query;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::metric_answers::{on_facts, require_loaded};
use crate::pages::{Layout, format, render};
use crate::state::AppState;

/// Customers listed at most.
const MAX_LISTED: usize = 1_000;

#[derive(Template)]
#[template(path = "churn_customers.html")]
struct CustomersPage {
    layout: Layout,
    w: &'static Words,
    back: String,
    /// What the figure counts: "contacts = 3 · vertrokken".
    about: String,
    period: String,
    customers: Vec<(i64, String)>,
    capped: bool,
}

/// Each customer's name, or `#id` when it is gone.
pub async fn names_of(state: &AppState, ids: &[i64]) -> ApiResult<Vec<(i64, String)>> {
    let names = store::customers::names(&state.db, ids).await?;
    Ok(ids
        .iter()
        .zip(names)
        .map(|(&id, name)| (id, name.unwrap_or_else(|| format!("#{id}"))))
        .collect())
}

fn bad(code: ErrorCode, why: &str) -> ApiError {
    ApiError::bad_request(code, why.to_owned())
}

pub async fn customers(
    State(state): State<AppState>,
    session: Session<Read>,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    match answer(&state, &session, &params).await {
        Ok(page) => render(&page),
        Err(err) => err.into_response(),
    }
}

async fn answer(
    state: &AppState,
    session: &Session<Read>,
    params: &[(String, String)],
) -> ApiResult<CustomersPage> {
    let span = Span::read(value(params, "from"), value(params, "to"))?;
    let layout = Layout::for_session(
        session,
        "churn",
        format!("/churn?{}", span.query_string()),
        None,
    );
    let lang = layout.lang();
    let w = words(lang);
    let (about, ids) = if let Some(attribute) = value(params, "attribute") {
        only(
            params,
            &["from", "to", "outcome", "attribute", "value", "side"],
        )?;
        let outcome_only = match value(params, "side") {
            None | Some("all") => false,
            Some("outcome") => true,
            Some(_) => return Err(bad(ErrorCode::InvalidFilter, "side is all or outcome")),
        };
        let outcome = value(params, "outcome").unwrap_or("churn");
        let query = driver_query(&[
            ("from".to_owned(), span.first.to_string()),
            ("to".to_owned(), span.last.to_string()),
            ("outcome".to_owned(), outcome.to_owned()),
        ])?;
        let shown_value =
            value(params, "value").map_or_else(|| w.no_value.to_owned(), |v| shown(w, v));
        let mut about = format!("{} = {shown_value}", factor_name(w, attribute));
        if outcome_only {
            about.push_str(&format!(" · {}", outcome_name(w, query.outcome)));
        } else {
            about.push_str(&format!(" · {}", w.everyone));
        }
        let (attribute, chosen) = (
            attribute.to_owned(),
            value(params, "value").map(str::to_owned),
        );
        require_loaded(state)?;
        let ids = on_facts(state, move |store| {
            store.driver_customers(
                &query,
                &attribute,
                chosen.as_deref(),
                outcome_only,
                MAX_LISTED,
            )
        })
        .await?;
        (about, ids)
    } else {
        let mut about = Vec::new();
        let mut filters = Vec::new();
        let mut side = ChurnSide::ActiveAtStart;
        for (name, given) in params {
            match name.as_str() {
                "from" | "to" => {}
                "side" => {
                    side = match given.as_str() {
                        "active" => ChurnSide::ActiveAtStart,
                        "churned" => ChurnSide::Churned,
                        _ => {
                            return Err(bad(
                                ErrorCode::InvalidFilter,
                                "side is active (everyone counted) or churned (those who left)",
                            ));
                        }
                    }
                }
                other => match other.strip_prefix("filter.") {
                    Some(group) => {
                        about.push(format!("{} = {}", factor_name(w, group), shown(w, given)));
                        filters.push((name.clone(), given.clone()));
                    }
                    None => {
                        return Err(bad(
                            ErrorCode::UnknownParameter,
                            "use from, to, side and filter.<group>, or outcome, attribute and value",
                        ));
                    }
                },
            }
        }
        about.push(match side {
            ChurnSide::Churned => w.churned.to_owned(),
            ChurnSide::ActiveAtStart => w.active.to_owned(),
        });
        let mut query = span.churn(None)?;
        let filtered = crate::churn::params::churn_query(&filters)?;
        query.filters = filtered.filters;
        require_loaded(state)?;
        let ids = on_facts(state, move |store| {
            store.churn_customers(&query, &[], side, MAX_LISTED)
        })
        .await?;
        (about.join(" · "), ids)
    };
    let ids = ids.map_err(|err| ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string()))?;
    let customers = names_of(state, &ids).await?;
    Ok(CustomersPage {
        w,
        back: format!("/churn?{}", span.query_string()),
        about,
        period: format!(
            "{} – {}",
            format::date(lang, span.first),
            format::date(lang, span.last)
        ),
        capped: customers.len() == MAX_LISTED,
        customers,
        layout,
    })
}
