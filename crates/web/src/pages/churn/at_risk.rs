//! The 20 active customers most at risk by this node's model, with their three reasons, and the
//! model's cross-validated AUC and n; or why there is no model yet.

use super::words::Words;
use crate::churn::shown_reason;
use crate::churn_risk;
use crate::error::ApiResult;
use crate::metric_answers::on_facts;
use crate::pages::format;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// Customers listed.
const LISTED: usize = 20;

pub struct Risky {
    pub id: i64,
    pub name: String,
    pub score: String,
    pub reasons: Vec<String>,
}

#[derive(Default)]
pub struct AtRisk {
    /// "AUC 0,81 · n = 1.200", or that the model is being fitted.
    pub model: String,
    /// Why the last fit gave no model, as the model says it (in English).
    pub error: Option<String>,
    pub customers: Vec<Risky>,
}

pub async fn at_risk(state: &AppState, w: &Words, lang: Lang) -> ApiResult<AtRisk> {
    let Some(fitted) = state.churn_risk.current() else {
        let error = state.churn_risk.last_error();
        return Ok(AtRisk {
            model: if error.is_some() {
                w.no_model
            } else {
                w.fitting
            }
            .to_owned(),
            error,
            customers: Vec::new(),
        });
    };
    let quality = fitted.model.quality;
    let model = fitted.clone();
    let listed = on_facts(state, move |store| {
        store.at_risk(
            &model.model,
            &churn_risk::window(chrono::Utc::now()),
            LISTED,
            3,
        )
    })
    .await?;
    let ids: Vec<i64> = listed.iter().map(|risky| risky.customer_id).collect();
    let names = super::drill::names_of(state, &ids).await?;
    let mut customers = Vec::with_capacity(listed.len());
    for (risky, (_, name)) in listed.into_iter().zip(names) {
        customers.push(Risky {
            id: risky.customer_id,
            name,
            score: format::percent(lang, 100.0 * risky.score),
            reasons: risky
                .reasons
                .iter()
                .map(|reason| shown_reason(reason, lang == Lang::Nl).text)
                .collect(),
        });
    }
    Ok(AtRisk {
        model: format!(
            "{}: {} · n = {}",
            w.model,
            format::number(lang, quality.auc, 2),
            format::number(lang, quality.n as f64, 0)
        ),
        error: None,
        customers,
    })
}
