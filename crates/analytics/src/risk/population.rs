//! The churn-risk model on the fact store: fitted on the customers who were active one window
//! ago (did they leave since?), described as they were then, so nothing after that moment leaks
//! in; then every active customer is scored as they are now.

use super::{Prepared, Reason, RiskError, RiskModel, RiskRecord};
use crate::churn::{DEFAULT_CONTACTS_DAYS, Experience, ExperienceAt};
use crate::facts::{AttributeValue, CustomerFacts, FactStore, RelationshipRow};

const DAY: i64 = 86_400;

/// The outcome window: a customer counts as leaving when their relationship ends within `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskWindow {
    /// Unix seconds: now.
    pub at: i64,
    pub days: u16,
    pub contacts_days: u16,
}

impl RiskWindow {
    pub fn new(at: i64) -> Self {
        RiskWindow {
            at,
            days: 90,
            contacts_days: DEFAULT_CONTACTS_DAYS,
        }
    }
}

/// An active customer's risk, with the columns that raise it most.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRisk {
    pub customer_id: i64,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

impl FactStore {
    /// The training set of the model: the customers active at `window.at − window.days`, as
    /// they were then, and whether they left by `window.at`. Fit it with [`Prepared::fit`]
    /// (after letting go of the store).
    pub fn prepare_churn_risk(&self, window: &RiskWindow) -> Result<Prepared, RiskError> {
        let start = window.at - i64::from(window.days) * DAY;
        let Ok(start) = u32::try_from(start) else {
            return Err(RiskError::TooFew { n: 0 });
        };
        let end = u32::try_from(window.at).unwrap_or(u32::MAX);
        let experience = Experience::build(
            &self.customers,
            &self.cases,
            &self.surveys,
            window.contacts_days,
        );
        let mut records = Vec::new();
        let mut outcomes = Vec::new();
        for relationship in self.customers.live_relationships() {
            if relationship.started > start || relationship.ended < start {
                continue;
            }
            records.push(self.record(
                relationship,
                start,
                experience.at(row_of(relationship), start),
            ));
            outcomes.push(relationship.ended < end);
        }
        Prepared::new(&records, &outcomes)
    }

    /// The active customers at `window.at` by risk, highest first.
    pub fn at_risk(
        &self,
        model: &RiskModel,
        window: &RiskWindow,
        limit: usize,
        reasons: usize,
    ) -> Vec<AtRisk> {
        let at = u32::try_from(window.at).unwrap_or(u32::MAX);
        let experience = Experience::build(
            &self.customers,
            &self.cases,
            &self.surveys,
            window.contacts_days,
        );
        let mut scored: Vec<(f64, &RelationshipRow)> = self
            .customers
            .live_relationships()
            .filter(|r| r.started <= at && r.ended > at)
            .map(|r| {
                (
                    model.score(&self.record(r, at, experience.at(row_of(r), at))),
                    r,
                )
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(score, relationship)| {
                let service = experience.at(row_of(relationship), at);
                let record = self.record(relationship, at, service);
                AtRisk {
                    customer_id: i64::from(
                        self.customers.codes[relationship.customer_row as usize],
                    ),
                    score,
                    reasons: model.reasons(&record, reasons),
                }
            })
            .collect()
    }

    /// One customer's current risk, when they are active at `window.at`.
    pub fn churn_risk_of(
        &self,
        model: &RiskModel,
        window: &RiskWindow,
        customer_id: i64,
        reasons: usize,
    ) -> Option<AtRisk> {
        let row = self.customers.row_of(customer_id)? as u32;
        let at = u32::try_from(window.at).unwrap_or(u32::MAX);
        let relationship = self
            .customers
            .live_relationships()
            .find(|r| r.customer_row == row && r.started <= at && r.ended > at)?;
        let service = Experience::one(
            &self.cases,
            &self.surveys,
            window.contacts_days,
            self.customers.codes[row as usize],
            at,
        );
        let record = self.record(relationship, at, service);
        Some(AtRisk {
            customer_id,
            score: model.score(&record),
            reasons: model.reasons(&record, reasons),
        })
    }

    /// The customer of `relationship` at `at`, with the service they had got by then.
    fn record(
        &self,
        relationship: &RelationshipRow,
        at: u32,
        service: ExperienceAt,
    ) -> RiskRecord<'_> {
        let row = row_of(relationship);
        RiskRecord {
            segment: self
                .customers
                .segment
                .dictionary
                .label(self.customers.segment.codes.get(row)),
            attributes: attributes_of(&self.customers, row),
            tenure_days: Some(f64::from(at.saturating_sub(relationship.started)) / DAY as f64),
            contacts: service.contacts,
            csat_band: service.csat_band,
            nps_band: service.nps_band,
            unresolved: service.unresolved == 1,
        }
    }
}

fn row_of(relationship: &RelationshipRow) -> usize {
    relationship.customer_row as usize
}

fn attributes_of(customers: &CustomerFacts, row: usize) -> Vec<(&str, AttributeValue<'_>)> {
    customers
        .attributes
        .iter()
        .filter_map(|attribute| {
            let value = match &attribute.numbers {
                Some(numbers) if !numbers[row].is_nan() => AttributeValue::Number(numbers[row]),
                Some(_) => return None,
                None => AttributeValue::Text(
                    attribute
                        .labels
                        .dictionary
                        .label(attribute.labels.codes.get(row))?,
                ),
            };
            Some((&*attribute.name, value))
        })
        .collect()
}
