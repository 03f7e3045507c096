//! Churn, what drives it and who is at risk, answered from the fact store for the API
//! (`api/churn.rs`) and the churn page: the query strings ([`params`]), the risk model this node
//! holds is `crate::churn_risk`, and records from other systems turned into what the model scores.

pub mod params;

use std::collections::BTreeMap;

use analytics::{AttributeValue, CSAT_BANDS, Column, NPS_BANDS, Reason, RiskRecord};
use serde::Deserialize;

use crate::error::{ApiError, ErrorCode};

/// At most this many records are scored per call.
pub const MAX_SCORED: usize = 1_000;

/// A customer of another system, as `POST /api/v1/analysis/churn-risk` takes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsideCustomer {
    #[serde(default)]
    pub attributes: BTreeMap<String, serde_json::Value>,
    pub segment: Option<String>,
    pub tenure_days: Option<f64>,
    #[serde(default)]
    pub contacts: u32,
    pub csat_band: Option<String>,
    pub nps_band: Option<String>,
    #[serde(default)]
    pub unresolved: bool,
}

impl OutsideCustomer {
    /// The record the model scores; the `index`th of the call, for the error message.
    pub fn record(&self, index: usize) -> Result<RiskRecord<'_>, ApiError> {
        let invalid = |what: String| {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidCustomerRecord,
                format!("customers[{index}]: {what}"),
            )
        };
        let mut attributes = Vec::with_capacity(self.attributes.len());
        for (name, value) in &self.attributes {
            let value = match value {
                serde_json::Value::String(text) => AttributeValue::Text(text),
                serde_json::Value::Number(number) => {
                    AttributeValue::Number(number.as_f64().unwrap_or_default())
                }
                serde_json::Value::Null => continue,
                _ => {
                    return Err(invalid(format!(
                        "attribute {name:?} must be text or a number"
                    )));
                }
            };
            attributes.push((name.as_str(), value));
        }
        let band = |given: &Option<String>, bands: &[&str], name: &str| match given {
            None => Ok(0),
            Some(text) => bands
                .iter()
                .position(|band| band == text)
                .map(|p| p as u32)
                .ok_or_else(|| invalid(format!("{name} is one of {}", bands.join(", ")))),
        };
        if self
            .tenure_days
            .is_some_and(|days| !days.is_finite() || days < 0.0)
        {
            return Err(invalid(
                "tenure_days must be a number of days, 0 or more".into(),
            ));
        }
        Ok(RiskRecord {
            segment: self.segment.as_deref(),
            attributes,
            tenure_days: self.tenure_days,
            contacts: self.contacts.min(10),
            csat_band: band(&self.csat_band, &CSAT_BANDS, "csat_band")?,
            nps_band: band(&self.nps_band, &NPS_BANDS, "nps_band")?,
            unresolved: self.unresolved,
        })
    }
}

/// A reason behind a score, as the API and the pages show it: the factor, its value when it has
/// one, and a sentence in `lang`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ShownReason {
    pub factor: String,
    pub value: Option<String>,
    pub text: String,
}

pub fn shown_reason(reason: &Reason, dutch: bool) -> ShownReason {
    let words = |nl: &str, en: &str| if dutch { nl.to_owned() } else { en.to_owned() };
    let level = || {
        if reason.higher {
            words("hoog", "high")
        } else {
            words("laag", "low")
        }
    };
    let (factor, value, text) = match &reason.column {
        Column::Value { attribute, value } => (
            attribute.clone(),
            Some(value.clone()),
            format!("{attribute} = {value}"),
        ),
        Column::Number { attribute } => (
            attribute.clone(),
            Some(level()),
            format!("{attribute} {}", level()),
        ),
        Column::Missing { attribute } => (
            attribute.clone(),
            None,
            format!("{attribute} {}", words("onbekend", "unknown")),
        ),
        Column::Tenure => (
            "tenure".into(),
            Some(level()),
            if reason.higher {
                words("lange klantrelatie", "long relationship")
            } else {
                words("korte klantrelatie", "short relationship")
            },
        ),
        Column::Contacts => (
            "contacts".into(),
            Some(level()),
            if reason.higher {
                words(
                    "veel contact met de klantenservice",
                    "many contacts with service",
                )
            } else {
                words(
                    "weinig contact met de klantenservice",
                    "few contacts with service",
                )
            },
        ),
        Column::CsatBand(band) => (
            "csat_band".into(),
            Some((*band).into()),
            format!("{} CSAT: {band}", words("laatste", "last")),
        ),
        Column::NpsBand(band) => (
            "nps_band".into(),
            Some((*band).into()),
            format!("{} NPS: {band}", words("laatste", "last")),
        ),
        Column::Unresolved => (
            "unresolved".into(),
            None,
            words("een zaak staat nog open", "a case is still open"),
        ),
    };
    ShownReason {
        factor,
        value,
        text,
    }
}

/// The `limit` most frequent words (three letters or more, function words left out) of
/// `texts`, with their counts; ties in alphabetical order.
pub fn frequent_terms(texts: &[String], limit: usize) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for text in texts {
        for word in text::words(text).filter(|w| w.chars().count() >= 3 && !text::is_stop_word(w)) {
            *counts.entry(word).or_default() += 1;
        }
    }
    let mut counted: Vec<(String, u64)> = counts.into_iter().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counted.truncate(limit);
    counted
}

/// A list of end reasons an admin may save.
pub fn check_reasons(list: &[store::relationships::EndReason]) -> Result<(), ApiError> {
    let invalid = |message: String| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidField,
            message,
        )
    };
    if list.is_empty() || list.len() > 50 {
        return Err(invalid("give 1 to 50 reasons".into()));
    }
    for (i, reason) in list.iter().enumerate() {
        let code_ok = !reason.code.is_empty()
            && reason.code.len() <= 40
            && reason
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !code_ok {
            return Err(invalid(format!(
                "reasons[{i}].code must be a-z, 0-9 or _, at most 40"
            )));
        }
        for (name, label) in [
            ("label_nl", &reason.label_nl),
            ("label_en", &reason.label_en),
        ] {
            let length = label.trim().chars().count();
            if !(1..=80).contains(&length) || label.contains('\n') {
                return Err(invalid(format!(
                    "reasons[{i}].{name} must be one line of 1 to 80 characters"
                )));
            }
        }
        if list[..i].iter().any(|earlier| earlier.code == reason.code) {
            return Err(invalid(format!("reason {} appears twice", reason.code)));
        }
    }
    if !list.iter().any(|reason| reason.code == "other") {
        return Err(invalid("the list must keep the reason other".into()));
    }
    Ok(())
}
