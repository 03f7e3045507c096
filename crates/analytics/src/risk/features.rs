//! How a customer becomes a row of numbers for the churn-risk model, learned from the training
//! population: text attributes and the segment one-hot over their most frequent values, numbers
//! standardised with a missing flag, and the service experience (contacts, bands, unresolved).

use rustc_hash::FxHashMap;

use crate::churn::{CSAT_BANDS, NPS_BANDS};
use crate::facts::AttributeValue;

/// Text values kept per attribute; rarer values share the attribute's baseline.
const MAX_VALUES_PER_ATTRIBUTE: usize = 20;
/// A value must be this share of the population to get its own column.
const MIN_VALUE_SHARE: f64 = 0.005;

/// One customer as the model sees it: stored customers are read from the fact store, records
/// from other systems arrive through the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RiskRecord<'a> {
    pub segment: Option<&'a str>,
    pub attributes: Vec<(&'a str, AttributeValue<'a>)>,
    /// Days since the relationship started.
    pub tenure_days: Option<f64>,
    /// Cases opened in the contacts window (90 days).
    pub contacts: u32,
    /// Index into `none, low, neutral, high`.
    pub csat_band: u32,
    /// Index into `none, detractor, passive, promoter`.
    pub nps_band: u32,
    pub unresolved: bool,
}

impl<'a> RiskRecord<'a> {
    fn attribute(&self, name: &str) -> Option<AttributeValue<'a>> {
        self.attributes
            .iter()
            .find(|(attribute, _)| *attribute == name)
            .map(|&(_, value)| value)
    }
}

/// What one column of the model means, for the reasons shown next to a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// `attribute = value` (the segment is the attribute `segment`).
    Value {
        attribute: String,
        value: String,
    },
    /// A standardised number.
    Number {
        attribute: String,
    },
    /// The number is missing.
    Missing {
        attribute: String,
    },
    Tenure,
    Contacts,
    CsatBand(&'static str),
    NpsBand(&'static str),
    Unresolved,
}

#[derive(Debug, Clone)]
struct Standardise {
    mean: f64,
    spread: f64,
}

impl Standardise {
    fn learn(values: impl Iterator<Item = f64>) -> Self {
        let (mut n, mut sum, mut squares) = (0.0, 0.0, 0.0);
        for value in values {
            n += 1.0;
            sum += value;
            squares += value * value;
        }
        let mean = if n > 0.0 { sum / n } else { 0.0 };
        let variance = if n > 1.0 {
            (squares - n * mean * mean) / (n - 1.0)
        } else {
            0.0
        };
        Standardise {
            mean,
            spread: if variance > 0.0 { variance.sqrt() } else { 1.0 },
        }
    }

    fn apply(&self, value: f64) -> f64 {
        (value - self.mean) / self.spread
    }
}

#[derive(Debug, Clone)]
enum AttributeEncoding {
    /// The column of each kept value.
    Text(FxHashMap<String, usize>),
    /// The value's column and the missing flag's column.
    Number(Standardise, usize, usize),
}

#[derive(Debug, Clone)]
pub struct FeatureSpace {
    columns: Vec<Column>,
    segment: FxHashMap<String, usize>,
    attributes: Vec<(String, AttributeEncoding)>,
    tenure: Standardise,
    contacts: Standardise,
}

impl FeatureSpace {
    pub fn learn(records: &[RiskRecord<'_>]) -> Self {
        let mut columns = Vec::new();
        let segment = kept_values(records.iter().map(|r| r.segment), records.len())
            .into_iter()
            .map(|value| {
                columns.push(Column::Value {
                    attribute: "segment".into(),
                    value: value.clone(),
                });
                (value, columns.len() - 1)
            })
            .collect();
        let mut names: Vec<&str> = Vec::new();
        for record in records {
            for (name, _) in &record.attributes {
                if !names.contains(name) {
                    names.push(name);
                }
            }
        }
        let mut attributes = Vec::new();
        for name in names {
            let values: Vec<Option<AttributeValue<'_>>> =
                records.iter().map(|r| r.attribute(name)).collect();
            let numeric = values
                .iter()
                .all(|v| !matches!(v, Some(AttributeValue::Text(_))));
            let encoding = if numeric {
                let numbers = values.iter().filter_map(|v| match v {
                    Some(AttributeValue::Number(number)) => Some(*number),
                    _ => None,
                });
                columns.push(Column::Number {
                    attribute: name.to_owned(),
                });
                columns.push(Column::Missing {
                    attribute: name.to_owned(),
                });
                AttributeEncoding::Number(
                    Standardise::learn(numbers),
                    columns.len() - 2,
                    columns.len() - 1,
                )
            } else {
                let texts = values.iter().map(|v| match v {
                    Some(AttributeValue::Text(text)) => Some(*text),
                    _ => None,
                });
                let kept = kept_values(texts, records.len())
                    .into_iter()
                    .map(|value| {
                        columns.push(Column::Value {
                            attribute: name.to_owned(),
                            value: value.clone(),
                        });
                        (value, columns.len() - 1)
                    })
                    .collect();
                AttributeEncoding::Text(kept)
            };
            attributes.push((name.to_owned(), encoding));
        }
        columns.extend([Column::Tenure, Column::Contacts]);
        columns.extend(CSAT_BANDS[1..].iter().map(|band| Column::CsatBand(band)));
        columns.extend(NPS_BANDS[1..].iter().map(|band| Column::NpsBand(band)));
        columns.push(Column::Unresolved);
        FeatureSpace {
            columns,
            segment,
            attributes,
            tenure: Standardise::learn(records.iter().filter_map(|r| r.tenure_days.map(log_days))),
            contacts: Standardise::learn(records.iter().map(|r| f64::from(r.contacts))),
        }
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    pub fn column(&self, index: usize) -> &Column {
        &self.columns[index]
    }

    /// The record's row; `row` has [`FeatureSpace::len`] places.
    pub fn encode(&self, record: &RiskRecord<'_>, row: &mut [f64]) {
        row.fill(0.0);
        if let Some(&column) = record.segment.and_then(|s| self.segment.get(s)) {
            row[column] = 1.0;
        }
        for (name, encoding) in &self.attributes {
            match (encoding, record.attribute(name)) {
                (AttributeEncoding::Text(kept), Some(AttributeValue::Text(text))) => {
                    if let Some(&column) = kept.get(text) {
                        row[column] = 1.0;
                    }
                }
                (AttributeEncoding::Number(scale, value, _), Some(AttributeValue::Number(n))) => {
                    row[*value] = scale.apply(n);
                }
                (AttributeEncoding::Number(_, _, missing), _) => row[*missing] = 1.0,
                (AttributeEncoding::Text(_), _) => {}
            }
        }
        let tail = self.columns.len() - 9;
        row[tail] = record
            .tenure_days
            .map_or(0.0, |days| self.tenure.apply(log_days(days)));
        row[tail + 1] = self.contacts.apply(f64::from(record.contacts));
        if (1..4).contains(&record.csat_band) {
            row[tail + 1 + record.csat_band as usize] = 1.0;
        }
        if (1..4).contains(&record.nps_band) {
            row[tail + 4 + record.nps_band as usize] = 1.0;
        }
        row[tail + 8] = f64::from(u8::from(record.unresolved));
    }
}

/// Tenure on a log scale: the first months matter more than the tenth year.
fn log_days(days: f64) -> f64 {
    days.max(0.0).ln_1p()
}

/// The most frequent values, at most [`MAX_VALUES_PER_ATTRIBUTE`], each at least
/// [`MIN_VALUE_SHARE`] of `population`; ties broken by the value, so a refit is repeatable.
fn kept_values<'a>(
    values: impl Iterator<Item = Option<&'a str>>,
    population: usize,
) -> Vec<String> {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for value in values.flatten() {
        *counts.entry(value).or_default() += 1;
    }
    let minimum = ((population as f64) * MIN_VALUE_SHARE).ceil() as usize;
    let mut counted: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|&(_, count)| count >= minimum.max(1))
        .collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counted
        .into_iter()
        .take(MAX_VALUES_PER_ATTRIBUTE)
        .map(|(value, _)| value.to_owned())
        .collect()
}
