//! What drives an outcome (churn, detractor, low CSAT): per factor its effect (Cramér's V) with
//! the p-value, and per value the outcome's rate as a bar, its n and lift, each opening its
//! customers.

use analytics::Outcome;

use super::experience::shown;
use super::words::Words;
use super::{Linked, Span};
use crate::auth::session::urlencode;
use crate::churn::params::driver_query;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::metric_answers::on_facts;
use crate::pages::format;
use crate::pages::i18n::Lang;
use crate::state::AppState;

pub struct Value {
    pub label: String,
    pub rate: Linked,
    /// The bar's width, 0–100.
    pub bar: String,
    pub n: Linked,
    pub lift: String,
}

pub struct Factor {
    pub name: String,
    pub effect: String,
    pub p_value: String,
    pub values: Vec<Value>,
}

#[derive(Default)]
pub struct Drivers {
    /// Each outcome's name, link, and whether it is the one shown.
    pub outcomes: Vec<(&'static str, String, bool)>,
    pub base_rate: String,
    pub n: u64,
    pub factors: Vec<Factor>,
}

pub fn outcome_name(w: &Words, outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Churn => w.outcome_churn,
        Outcome::Detractor => w.outcome_detractor,
        Outcome::LowCsat => w.outcome_low_csat,
    }
}

pub fn factor_name(w: &Words, attribute: &str) -> String {
    match attribute {
        "contacts" => w.contacts,
        "csat_band" => w.csat_band,
        "nps_band" => w.nps_band,
        "unresolved" => w.unresolved,
        other => return other.to_owned(),
    }
    .to_owned()
}

pub async fn drivers(
    state: &AppState,
    w: &'static Words,
    lang: Lang,
    span: Span,
    outcome: Outcome,
) -> ApiResult<Drivers> {
    let params = [
        ("from".to_owned(), span.first.to_string()),
        ("to".to_owned(), span.last.to_string()),
        ("outcome".to_owned(), outcome.to_string()),
    ];
    let query = driver_query(&params)?;
    let answer = on_facts(state, move |store| store.drivers(&query))
        .await?
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string()))?;
    let base = format!("/churn/customers?{}&outcome={outcome}", span.query_string());
    let factors = answer
        .drivers
        .iter()
        .map(|driver| Factor {
            name: factor_name(w, &driver.attribute),
            effect: format::number(lang, driver.effect, 2),
            p_value: format::number(lang, driver.p_value, 3),
            values: driver
                .values
                .iter()
                .map(|value| {
                    let mut href = format!("{base}&attribute={}", urlencode(&driver.attribute));
                    if let Some(label) = &value.value {
                        href.push_str(&format!("&value={}", urlencode(label)));
                    }
                    Value {
                        label: value
                            .value
                            .as_deref()
                            .map_or_else(|| w.no_value.to_owned(), |label| shown(w, label)),
                        rate: Linked {
                            text: format::percent(lang, value.rate),
                            href: format!("{href}&side=outcome"),
                        },
                        bar: format!("{:.1}", value.rate.clamp(0.0, 100.0)),
                        n: Linked {
                            text: format::number(lang, value.n as f64, 0),
                            href,
                        },
                        lift: format::number(lang, value.lift, 2),
                    }
                })
                .collect(),
        })
        .collect();
    let outcomes = [Outcome::Churn, Outcome::Detractor, Outcome::LowCsat]
        .into_iter()
        .map(|each| {
            (
                outcome_name(w, each),
                format!("/churn?{}&outcome={each}#drivers", span.query_string()),
                each == outcome,
            )
        })
        .collect();
    Ok(Drivers {
        outcomes,
        base_rate: format::percent(lang, answer.base_rate),
        n: answer.n,
        factors,
    })
}
