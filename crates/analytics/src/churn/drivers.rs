//! What drives an outcome (churn, a detractor, a low CSAT): for every customer attribute and every
//! service-experience factor, the outcome's rate per value and Cramér's V of the factor against
//! the outcome with the χ² p-value (`docs/DESIGN.md`, "Driver effect"), strongest first.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::DEFAULT_CONTACTS_DAYS;
use super::experience::{Experience, ExperienceAt, csat_band_of, nps_band_of};
use super::groups::{ChurnGroup, Coder};
use crate::facts::{AttributeColumn, FactStore, SurveyKind, number_label};
use crate::query::QueryError;
use crate::stats::chi_squared_p;

/// Numeric attributes with more distinct values than this are cut into quartiles.
const MAX_NUMERIC_CATEGORIES: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The relationship active at `from` ended before `to`.
    Churn,
    /// The customer's last NPS answer in the window is 0–6.
    Detractor,
    /// The customer's last CSAT answer in the window is 1–2.
    LowCsat,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Churn => "churn",
            Outcome::Detractor => "detractor",
            Outcome::LowCsat => "low_csat",
        })
    }
}

impl FromStr for Outcome {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "churn" => Ok(Outcome::Churn),
            "detractor" => Ok(Outcome::Detractor),
            "low_csat" => Ok(Outcome::LowCsat),
            _ => Err(QueryError::UnknownName {
                what: "outcome",
                value: s.chars().take(40).collect(),
                allowed: "churn detractor low_csat",
            }),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DriverQuery {
    pub outcome: Outcome,
    /// Unix seconds: the window is `[from, to)`.
    pub from: i64,
    pub to: i64,
    pub contacts_days: u16,
}

impl DriverQuery {
    pub fn new(outcome: Outcome, from: i64, to: i64) -> Self {
        DriverQuery {
            outcome,
            from,
            to,
            contacts_days: DEFAULT_CONTACTS_DAYS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverValue {
    /// `null` for customers without a value.
    pub value: Option<String>,
    /// Percent of these customers with the outcome.
    pub rate: f64,
    pub n: u64,
    /// `rate` ÷ the base rate.
    pub lift: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    pub attribute: String,
    /// Cramér's V, 0 (no association) to 1.
    pub effect: f64,
    pub p_value: f64,
    pub values: Vec<DriverValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DriverAnswer {
    pub outcome: Outcome,
    /// Percent of the population with the outcome.
    pub base_rate: f64,
    pub n: u64,
    pub drivers: Vec<Driver>,
}

/// One customer of the population: where the outcome was decided and whether it happened.
struct Member {
    customer_row: usize,
    experience: Option<ExperienceAt>,
    outcome: bool,
}

/// A factor's values for the population: a code per member and each code's label.
struct Factor {
    name: String,
    codes: Vec<u32>,
    labels: Vec<Option<String>>,
    /// Whether the codes are already in reading order (quartile bins), not to be sorted by label.
    ordered: bool,
}

impl FactStore {
    pub fn drivers(&self, query: &DriverQuery) -> Result<DriverAnswer, QueryError> {
        let population = self.population(query)?;
        let n = population.len() as u64;
        let positives = population.iter().filter(|m| m.outcome).count() as u64;
        let base_rate = percent(positives, n);
        let mut drivers: Vec<Driver> = self
            .factors(&population)
            .into_iter()
            .map(|factor| driver(&factor, &population, base_rate))
            .collect();
        drivers.sort_by(|a, b| {
            b.effect
                .total_cmp(&a.effect)
                .then(a.attribute.cmp(&b.attribute))
        });
        Ok(DriverAnswer {
            outcome: query.outcome,
            base_rate,
            n,
            drivers,
        })
    }

    /// The customer ids behind one value of one driver (`value: None` for no value), optionally
    /// only those with the outcome.
    pub fn driver_customers(
        &self,
        query: &DriverQuery,
        attribute: &str,
        value: Option<&str>,
        with_outcome_only: bool,
        limit: usize,
    ) -> Result<Vec<i64>, QueryError> {
        let population = self.population(query)?;
        let factor = self
            .factors(&population)
            .into_iter()
            .find(|factor| factor.name == attribute)
            .ok_or_else(|| QueryError::UnknownAttribute {
                name: attribute.chars().take(40).collect(),
                known: self
                    .customers
                    .attribute_names()
                    .collect::<Vec<_>>()
                    .join(" "),
            })?;
        let Some(code) = factor.labels.iter().position(|l| l.as_deref() == value) else {
            return Ok(Vec::new());
        };
        let mut ids: Vec<i64> = population
            .iter()
            .zip(&factor.codes)
            .filter(|&(member, &c)| c as usize == code && (member.outcome || !with_outcome_only))
            .map(|(member, _)| i64::from(self.customers.codes[member.customer_row]))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.truncate(limit);
        Ok(ids)
    }

    fn population(&self, query: &DriverQuery) -> Result<Vec<Member>, QueryError> {
        let bound = |at: i64| u32::try_from(at).map_err(|_| QueryError::RangeOutOfBounds);
        let (from, to) = (bound(query.from)?, bound(query.to)?);
        if to <= from {
            return Err(QueryError::EmptyRange);
        }
        let experience = Experience::build(
            &self.customers,
            &self.cases,
            &self.surveys,
            query.contacts_days,
        );
        let mut members = Vec::new();
        match query.outcome {
            Outcome::Churn => {
                for relationship in self.customers.live_relationships() {
                    if relationship.started > from || relationship.ended < from {
                        continue;
                    }
                    let churned = relationship.ended < to;
                    let moment = if churned { relationship.ended } else { to };
                    let customer_row = relationship.customer_row as usize;
                    members.push(Member {
                        customer_row,
                        experience: Some(experience.at(customer_row, moment)),
                        outcome: churned,
                    });
                }
            }
            Outcome::Detractor | Outcome::LowCsat => {
                let (kind, bad): (SurveyKind, fn(u8) -> bool) = match query.outcome {
                    Outcome::Detractor => (SurveyKind::Nps, |score| nps_band_of(score) == 1),
                    _ => (SurveyKind::Csat, |score| csat_band_of(score) == 1),
                };
                // The last answer of each customer in the window decides.
                let mut last: Vec<Option<(u32, u8)>> = vec![None; self.customers.len()];
                let surveys = &self.surveys;
                for row in 0..surveys.len() {
                    let at = surveys.created_at[row];
                    let packed = surveys.kind_scores[row];
                    if at < from || at >= to || packed >> 4 != kind.code() {
                        continue;
                    }
                    let customer = i64::from(surveys.customer_ids[row]);
                    if let Some(customer_row) = self.customers.row_of(customer)
                        && last[customer_row].is_none_or(|(seen, _)| at >= seen)
                    {
                        last[customer_row] = Some((at, packed & 0x0f));
                    }
                }
                for (customer_row, answer) in last.into_iter().enumerate() {
                    if let Some((at, score)) = answer {
                        members.push(Member {
                            customer_row,
                            experience: Some(experience.at(customer_row, at)),
                            outcome: bad(score),
                        });
                    }
                }
            }
        }
        Ok(members)
    }

    /// Segment, every attribute, then the service-experience factors.
    fn factors(&self, population: &[Member]) -> Vec<Factor> {
        let customers = &self.customers;
        let mut factors = Vec::new();
        let coded = |group: &ChurnGroup| {
            Coder::new(group, customers).map(|coder| coded(group.name(), &coder, population))
        };
        factors.extend(coded(&ChurnGroup::Segment));
        for attribute in &customers.attributes {
            let factor = quartiles(attribute, population)
                .or_else(|| coded(&ChurnGroup::Attribute(attribute.name.to_string())))
                .map(|mut factor| {
                    factor.name = attribute.name.to_string();
                    factor
                });
            factors.extend(factor);
        }
        for group in [
            ChurnGroup::Contacts,
            ChurnGroup::CsatBand,
            ChurnGroup::NpsBand,
            ChurnGroup::Unresolved,
        ] {
            factors.extend(coded(&group));
        }
        factors
    }
}

/// A factor whose codes are the coder's: one per member.
fn coded(name: String, coder: &Coder<'_>, population: &[Member]) -> Factor {
    Factor {
        name,
        codes: population
            .iter()
            .map(|m| coder.code(m.customer_row, m.experience.as_ref()))
            .collect(),
        labels: (0..coder.cardinality())
            .map(|code| coder.label(code))
            .collect(),
        ordered: coder.is_ordered(),
    }
}

/// A numeric attribute with more than ten distinct values in the population, cut at its
/// quartiles (nearest rank) into at most four readable bins; `None` for any other attribute.
fn quartiles(attribute: &AttributeColumn, population: &[Member]) -> Option<Factor> {
    let numbers = attribute.numbers.as_ref()?;
    let mut present: Vec<f64> = population
        .iter()
        .map(|m| numbers[m.customer_row])
        .filter(|v| !v.is_nan())
        .collect();
    present.sort_by(f64::total_cmp);
    let mut distinct = present.clone();
    distinct.dedup();
    if distinct.len() <= MAX_NUMERIC_CATEGORIES {
        return None;
    }
    let rank = |q: f64| present[((present.len() as f64 * q).ceil() as usize).max(1) - 1];
    let mut cuts = vec![rank(0.25), rank(0.5), rank(0.75)];
    cuts.dedup();
    let mut labels = vec![None, Some(format!("≤ {}", number_label(cuts[0])))];
    for pair in cuts.windows(2) {
        labels.push(Some(format!(
            "{}–{}",
            number_label(pair[0]),
            number_label(pair[1])
        )));
    }
    labels.push(Some(format!("> {}", number_label(cuts[cuts.len() - 1]))));
    let codes = population
        .iter()
        .map(|m| {
            let value = numbers[m.customer_row];
            if value.is_nan() {
                0
            } else {
                1 + cuts.partition_point(|&cut| cut < value) as u32
            }
        })
        .collect();
    Some(Factor {
        name: attribute.name.to_string(),
        codes,
        labels,
        ordered: true,
    })
}

fn driver(factor: &Factor, population: &[Member], base_rate: f64) -> Driver {
    let mut counts = vec![(0u64, 0u64); factor.labels.len()];
    for (member, &code) in population.iter().zip(&factor.codes) {
        let entry = &mut counts[code as usize];
        entry.0 += 1;
        entry.1 += u64::from(member.outcome);
    }
    let total: u64 = counts.iter().map(|c| c.0).sum();
    let positives: u64 = counts.iter().map(|c| c.1).sum();
    let used: Vec<(u64, u64)> = counts.iter().copied().filter(|c| c.0 > 0).collect();
    let (effect, p_value) = cramers_v(&used, total, positives);
    // Values in label order (quartile bins in their own order), no value last.
    let mut order: Vec<usize> = (0..counts.len()).filter(|&c| counts[c].0 > 0).collect();
    if factor.ordered {
        order.sort_by_key(|&code| (factor.labels[code].is_none(), code));
    } else {
        order.sort_by(|&a, &b| {
            let (la, lb) = (&factor.labels[a], &factor.labels[b]);
            (la.is_none(), la).cmp(&(lb.is_none(), lb))
        });
    }
    let values = order
        .into_iter()
        .map(|code| {
            let (n, hits) = counts[code];
            let rate = percent(hits, n);
            DriverValue {
                value: factor.labels[code].clone(),
                rate,
                n,
                lift: if base_rate > 0.0 {
                    rate / base_rate
                } else {
                    0.0
                },
            }
        })
        .collect();
    Driver {
        attribute: factor.name.clone(),
        effect,
        p_value,
        values,
    }
}

/// Cramér's V and the χ² p-value of a k×2 table given as (n, positives) per category.
fn cramers_v(categories: &[(u64, u64)], total: u64, positives: u64) -> (f64, f64) {
    if categories.len() < 2 || positives == 0 || positives == total {
        return (0.0, 1.0);
    }
    let total_f = total as f64;
    let share = positives as f64 / total_f;
    let chi_squared: f64 = categories
        .iter()
        .map(|&(n, hits)| {
            let expected_hits = n as f64 * share;
            let expected_misses = n as f64 - expected_hits;
            let misses = (n - hits) as f64;
            (hits as f64 - expected_hits).powi(2) / expected_hits
                + (misses - expected_misses).powi(2) / expected_misses
        })
        .sum();
    let effect = (chi_squared / total_f).sqrt().min(1.0);
    (effect, chi_squared_p(chi_squared, categories.len() - 1))
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}
