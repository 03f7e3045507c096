//! Churn and its analysis: `GET /api/v1/metrics/churn` (rates by segment, attribute, service and
//! period, with trends), the customers behind a figure, `GET /api/v1/analysis/drivers`, scoring
//! other systems' customers (`POST /api/v1/analysis/churn-risk`) and the active customers most
//! at risk (`GET /api/v1/customers/at-risk`).

use analytics::{ChurnAnswer, ChurnSide, DriverAnswer, ModelQuality};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::auth::{Caller, Read};
use crate::churn::params::{churn_query, driver_query, without};
use crate::churn::{MAX_SCORED, OutsideCustomer, ShownReason, shown_reason};
use crate::churn_risk;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiQuery};
use crate::metric_answers::{on_facts, require_loaded};
use crate::state::AppState;

/// How the churn rate is computed, shown with every answer.
pub const CHURN_FORMULA: &str = "churn rate = % of the customers whose relationship was active at the start of the window (from, or each period's start) whose relationship ended within it";

/// Drill-downs name at most this many customers.
const MAX_CUSTOMERS: usize = 1_000;

#[derive(Serialize)]
pub struct ChurnBody {
    metric: &'static str,
    formula: &'static str,
    #[serde(flatten)]
    answer: ChurnAnswer,
}

fn invalid(err: analytics::QueryError) -> ApiError {
    ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string())
}

#[utoipa::path(
    get,
    path = "/metrics/churn",
    tag = "metrics",
    summary = "Churn rate: of the customers active at from, the % whose relationship ended before to",
    description = "Rows carry churn_rate (percent, unrounded), churned, active_at_start and n (= active_at_start). group_by: segment; customer.<attribute>; contacts (cases opened in the contacts_days, default 90, before the end or before to: 0…9, 10+); csat_band (low 1-2, neutral 3, high 4-5, none: the last CSAT answer before the end or to); nps_band (detractor, passive, promoter, none); unresolved (yes: a case was still open at the end); and one of day, week, month, quarter — then each period is its own window, and `trends` gives each period series' direction (Mann-Kendall) with its p-value. filter.<group>=a,b keeps customers with those labels. Default window: the twelve months up to now.",
    params(
        ("from" = Option<String>, Query, description = "First day (YYYY-MM-DD, in tz) or instant (RFC 3339), inclusive"),
        ("to" = Option<String>, Query, description = "Last day (the whole day counts) or instant (exclusive)"),
        ("tz" = Option<String>, Query, description = "IANA time zone of days and periods; default Europe/Amsterdam"),
        ("group_by" = Option<String>, Query, description = "Comma-separated groups, e.g. month,customer.contract"),
        ("contacts_days" = Option<String>, Query, description = "Days before the end in which cases count as contacts (1-365, default 90)"),
        ("filter.<group>" = Option<String>, Query, description = "Keep customers whose group has one of these comma-separated labels"),
    ),
    responses(
        (status = 200, description = "One row per non-empty group", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Unknown group or attribute, bad date, a period as a filter", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn churn(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<Vec<(String, String)>>,
) -> ApiResult<Json<Value>> {
    let query = churn_query(&params)?;
    require_loaded(&state)?;
    let answer = on_facts(&state, move |store| store.churn(&query))
        .await?
        .map_err(invalid)?;
    Ok(Json(json!(ChurnBody {
        metric: "churn",
        formula: CHURN_FORMULA,
        answer,
    })))
}

#[derive(Serialize)]
pub struct CustomerIds {
    customer_ids: Vec<i64>,
}

fn side(params: &[(String, String)]) -> ApiResult<ChurnSide> {
    match params
        .iter()
        .find(|(name, _)| name == "side")
        .map(|(_, v)| v.as_str())
    {
        None | Some("active") => Ok(ChurnSide::ActiveAtStart),
        Some("churned") => Ok(ChurnSide::Churned),
        Some(_) => Err(ApiError::bad_request(
            ErrorCode::InvalidFilter,
            "side is active (everyone counted) or churned (those who left)",
        )),
    }
}

#[utoipa::path(
    get,
    path = "/churn/customers",
    tag = "metrics",
    summary = "The customers behind a churn figure: the same parameters as /metrics/churn (without group_by; narrow with filter.<group> and from/to), side=active|churned",
    params(
        ("side" = Option<String>, Query, description = "active (default): everyone counted in n; churned: those who left"),
    ),
    responses(
        (status = 200, description = "{customer_ids: [...]}, at most 1,000, ascending", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Bad parameter", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn churn_customers(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<Vec<(String, String)>>,
) -> ApiResult<Json<CustomerIds>> {
    let side = side(&params)?;
    let mut query = churn_query(&without(&params, &["side"]))?;
    query.group_by.clear();
    require_loaded(&state)?;
    let customer_ids = on_facts(&state, move |store| {
        store.churn_customers(&query, &[], side, MAX_CUSTOMERS)
    })
    .await?
    .map_err(invalid)?;
    Ok(Json(CustomerIds { customer_ids }))
}

#[utoipa::path(
    get,
    path = "/analysis/drivers",
    tag = "metrics",
    summary = "What drives an outcome: per customer attribute and service factor, Cramér's V against the outcome (effect) with the χ² p-value, and the outcome's rate per value",
    description = "outcome=churn: customers active at from, outcome: their relationship ended before to; detractor: customers with an NPS answer in [from, to), outcome: their last one is 0-6; low_csat: the same with CSAT 1-2. Factors: segment, every customer attribute (numbers with more than 10 distinct values cut into quartiles), contacts, csat_band, nps_band, unresolved. Drivers are sorted by effect; rates in percent, lift = rate ÷ base_rate.",
    params(
        ("outcome" = String, Query, description = "churn, detractor or low_csat"),
        ("from" = Option<String>, Query, description = "First day or instant, inclusive; default twelve months before to"),
        ("to" = Option<String>, Query, description = "Last day or instant; default now"),
        ("tz" = Option<String>, Query, description = "IANA time zone of the dates"),
        ("contacts_days" = Option<String>, Query, description = "1-365, default 90"),
    ),
    responses(
        (status = 200, description = "{outcome, base_rate, n, drivers: [{attribute, effect, p_value, values: [{value, rate, n, lift}]}]}", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Unknown outcome or parameter, bad date", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn drivers(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<Vec<(String, String)>>,
) -> ApiResult<Json<DriverAnswer>> {
    let query = driver_query(&params)?;
    require_loaded(&state)?;
    let answer = on_facts(&state, move |store| store.drivers(&query))
        .await?
        .map_err(invalid)?;
    Ok(Json(answer))
}

#[utoipa::path(
    get,
    path = "/analysis/drivers/customers",
    tag = "metrics",
    summary = "The customers behind one value of one driver: the parameters of /analysis/drivers plus attribute, value (absent: customers without a value) and side=all|outcome",
    params(
        ("attribute" = String, Query, description = "A driver's attribute, e.g. contract or contacts"),
        ("value" = Option<String>, Query, description = "One of its values as /analysis/drivers names it"),
        ("side" = Option<String>, Query, description = "all (default) or outcome: only those with the outcome"),
    ),
    responses(
        (status = 200, description = "{customer_ids: [...]}, at most 1,000", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Unknown outcome, attribute or parameter", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn driver_customers(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<Vec<(String, String)>>,
) -> ApiResult<Json<CustomerIds>> {
    let value_of = |name: &str| {
        params
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.clone())
    };
    let attribute = value_of("attribute").ok_or_else(|| {
        ApiError::bad_request(ErrorCode::InvalidDimension, "attribute is required")
    })?;
    let value = value_of("value");
    let outcome_only = match value_of("side").as_deref() {
        None | Some("all") => false,
        Some("outcome") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidFilter,
                "side is all or outcome",
            ));
        }
    };
    let query = driver_query(&without(&params, &["attribute", "value", "side"]))?;
    require_loaded(&state)?;
    let customer_ids = on_facts(&state, move |store| {
        store.driver_customers(
            &query,
            &attribute,
            value.as_deref(),
            outcome_only,
            MAX_CUSTOMERS,
        )
    })
    .await?
    .map_err(invalid)?;
    Ok(Json(CustomerIds { customer_ids }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    customers: Vec<OutsideCustomer>,
}

#[derive(Serialize)]
pub struct Scores {
    scores: Vec<f64>,
    model: ModelQuality,
}

fn no_model(state: &AppState) -> ApiError {
    let why = state
        .churn_risk
        .last_error()
        .unwrap_or_else(|| "the model is being fitted; retry shortly".into());
    // 409, not 503: waiting does not help while there are too few customers to fit on.
    ApiError::new(StatusCode::CONFLICT, ErrorCode::NoModel, why)
}

#[utoipa::path(
    post,
    path = "/analysis/churn-risk",
    tag = "metrics",
    summary = "Scores customers that are not stored: {customers: [{attributes: {name: text | number}, segment?, tenure_days?, contacts?, csat_band?, nps_band?, unresolved?}]} (at most 1,000) → {scores: [0-1 …] in the same order, model: {auc, n, positives}}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "One score per customer, the chance of leaving within 90 days", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 413, description = "More than 1,000 customers", body = ref("#/components/schemas/Error")),
        (status = 422, description = "A record whose fields do not fit", body = ref("#/components/schemas/Error")),
        (status = 409, description = "No model yet (too few customers, or still fitting)", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn score(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ScoreBody>,
) -> ApiResult<Json<Scores>> {
    if body.customers.len() > MAX_SCORED {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::TooManyRecords,
            format!("at most {MAX_SCORED} customers per call"),
        ));
    }
    let records = body
        .customers
        .iter()
        .enumerate()
        .map(|(index, customer)| customer.record(index))
        .collect::<ApiResult<Vec<_>>>()?;
    let fitted = state.churn_risk.current().ok_or_else(|| no_model(&state))?;
    Ok(Json(Scores {
        scores: records.iter().map(|r| fitted.model.score(r)).collect(),
        model: fitted.model.quality,
    }))
}

#[derive(Deserialize)]
pub struct AtRiskParams {
    limit: Option<String>,
}

#[derive(Serialize)]
pub struct RiskyCustomer {
    pub customer_id: i64,
    pub score: f64,
    pub reasons: Vec<ShownReason>,
}

#[derive(Serialize)]
pub struct AtRiskList {
    model: ModelQuality,
    fitted_at: chrono::DateTime<chrono::Utc>,
    customers: Vec<RiskyCustomer>,
}

#[utoipa::path(
    get,
    path = "/customers/at-risk",
    tag = "customers",
    summary = "Active customers by their chance of leaving within 90 days, highest first, each with the three factors that raise it most",
    params(("limit" = Option<String>, Query, description = "1-1000, default 50")),
    responses(
        (status = 200, description = "{model: {auc, n, positives}, fitted_at, customers: [{customer_id, score, reasons: [{factor, value, text}]}]}", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Bad limit", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 409, description = "No model yet (too few customers, or still fitting)", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn at_risk(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<AtRiskParams>,
) -> ApiResult<Json<Value>> {
    let limit = match params.limit.as_deref().map(str::parse::<usize>) {
        None => 50,
        Some(Ok(n)) if (1..=MAX_CUSTOMERS).contains(&n) => n,
        Some(_) => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidLimit,
                format!("limit must be a number from 1 to {MAX_CUSTOMERS}"),
            ));
        }
    };
    require_loaded(&state)?;
    let fitted = state.churn_risk.current().ok_or_else(|| no_model(&state))?;
    // Reasons are written in the organisation's language, as its other stored texts are.
    let dutch = store::organisation::get(&state.db).await?.language == "nl";
    let model = fitted.clone();
    let customers = on_facts(&state, move |store| {
        store.at_risk(
            &model.model,
            &churn_risk::window(chrono::Utc::now()),
            limit,
            3,
        )
    })
    .await?
    .into_iter()
    .map(|risky| RiskyCustomer {
        customer_id: risky.customer_id,
        score: risky.score,
        reasons: risky
            .reasons
            .iter()
            .map(|r| shown_reason(r, dutch))
            .collect(),
    })
    .collect::<Vec<_>>();
    Ok(Json(json!(AtRiskList {
        model: fitted.model.quality,
        fitted_at: fitted.fitted_at,
        customers,
    })))
}

#[derive(Serialize)]
pub struct ReasonCount {
    code: Option<String>,
    label: Option<String>,
    count: u64,
    /// Percent of the ends in the window.
    share: f64,
}

#[derive(Serialize)]
pub struct TermCount {
    term: String,
    count: u64,
}

#[derive(Serialize)]
pub struct Reasons {
    ended: u64,
    reasons: Vec<ReasonCount>,
    /// The most frequent words of the customers' own notes.
    terms: Vec<TermCount>,
}

#[utoipa::path(
    get,
    path = "/churn/reasons",
    tag = "metrics",
    summary = "Why customers left in [from, to): each coded reason with count and share (label in the organisation's language), and the most frequent terms of their own words",
    params(
        ("from" = Option<String>, Query, description = "First day or instant, inclusive; default twelve months before to"),
        ("to" = Option<String>, Query, description = "Last day or instant; default now"),
        ("tz" = Option<String>, Query, description = "IANA time zone of the dates"),
    ),
    responses(
        (status = 200, description = "{ended, reasons: [{code, label, count, share}], terms: [{term, count}]}", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Bad date or parameter", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 503, description = "The fact store is still loading", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn reasons(
    _caller: Caller<Read>,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<Vec<(String, String)>>,
) -> ApiResult<Json<Reasons>> {
    let query = churn_query(&params)?;
    if !query.group_by.is_empty() || !query.filters.is_empty() {
        return Err(ApiError::bad_request(
            ErrorCode::UnknownParameter,
            "reasons take from, to and tz only",
        ));
    }
    require_loaded(&state)?;
    let (from, to) = (query.from, query.to);
    let counted = on_facts(&state, move |store| store.end_reasons(from, to))
        .await?
        .map_err(invalid)?;
    let dutch = store::organisation::get(&state.db).await?.language == "nl";
    let labels = store::relationships::reasons(&state.db).await?;
    let ended: u64 = counted.iter().map(|(_, n)| n).sum();
    let reasons = counted
        .into_iter()
        .map(|(code, count)| {
            let label = labels
                .iter()
                .find(|reason| Some(&reason.code) == code.as_ref())
                .map(|reason| {
                    if dutch {
                        reason.label_nl.clone()
                    } else {
                        reason.label_en.clone()
                    }
                });
            ReasonCount {
                code,
                label,
                count,
                share: 100.0 * count as f64 / ended.max(1) as f64,
            }
        })
        .collect();
    let at = |seconds: i64| chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    let notes = store::relationships::end_notes(&state.db, at(from), at(to)).await?;
    let terms = crate::churn::frequent_terms(&notes, 20)
        .into_iter()
        .map(|(term, count)| TermCount { term, count })
        .collect();
    Ok(Json(Reasons {
        ended,
        reasons,
        terms,
    }))
}

#[utoipa::path(
    get,
    path = "/settings/churn-reasons",
    tag = "settings",
    summary = "The coded reasons a relationship can end with, in order: [{code, label_nl, label_en}]",
    responses(
        (status = 200, description = "The list", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn reason_list(
    _caller: Caller<Read>,
    State(state): State<AppState>,
) -> ApiResult<Json<Vec<store::relationships::EndReason>>> {
    Ok(Json(store::relationships::reasons(&state.db).await?))
}

#[utoipa::path(
    put,
    path = "/settings/churn-reasons",
    tag = "settings",
    summary = "Replace the coded end reasons (admin): [{code (a-z, 0-9, _; at most 40), label_nl, label_en (1-80 characters)}], 1-50 of them, `other` among them",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "A bad code or label, a code twice, no `other`", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn set_reason_list(
    _caller: Caller<crate::auth::Administer>,
    State(state): State<AppState>,
    ApiJson(list): ApiJson<Vec<store::relationships::EndReason>>,
) -> ApiResult<Json<Vec<store::relationships::EndReason>>> {
    crate::churn::check_reasons(&list)?;
    store::relationships::set_reasons(&state.db, &list).await?;
    Ok(Json(list))
}
