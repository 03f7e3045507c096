//! Who is about to leave: an L2-regularised logistic regression (`linfa-logistic`, the maintained
//! linfa crate, rather than our own optimiser) fitted on the organisation's own customers, its
//! quality reported as the AUC on held-out folds, and for each score the columns that raised it
//! most.

mod features;
mod population;

use linfa::Dataset;
use linfa::traits::Fit;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2, Axis};
use serde::Serialize;

pub use features::{Column, FeatureSpace, RiskRecord};
pub use population::{AtRisk, RiskWindow};

/// Folds of the cross-validation that reports the model's AUC.
const FOLDS: usize = 5;
/// At most this many customers are fitted on; a larger population is sampled evenly.
const MAX_TRAINING_ROWS: usize = 200_000;
/// Fewer customers than this, or fewer of either outcome, give no model.
const MIN_ROWS: usize = 50;
const MIN_PER_OUTCOME: usize = 10;
/// The L2 weight (`linfa`'s `alpha`), fixed in advance, not tuned on the evaluation data.
const L2: f64 = 1.0;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RiskError {
    #[error(
        "too few customers to fit a churn-risk model: {n} (at least {MIN_ROWS}, with {MIN_PER_OUTCOME} who left and {MIN_PER_OUTCOME} who stayed)"
    )]
    TooFew { n: usize },
    #[error("the churn-risk model could not be fitted: {0}")]
    Fit(String),
}

/// How good the model is, as the API and the settings page report it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ModelQuality {
    /// Area under the ROC curve of scores on customers each fold's model was not fitted on.
    pub auc: f64,
    /// Customers fitted on.
    pub n: usize,
    /// Of whom this many had the outcome.
    pub positives: usize,
}

/// One reason behind a score: a column, whether the customer's value is above the average
/// customer's (for numbers: "high" or "low"), and how much it raised the log-odds.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub column: Column,
    pub higher: bool,
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct RiskModel {
    space: FeatureSpace,
    weights: Vec<f64>,
    intercept: f64,
    /// Each column's mean over the fitted rows: reasons are measured against the average customer.
    means: Vec<f64>,
    pub quality: ModelQuality,
}

/// A training set encoded and ready to fit: cheap to make (one pass over the records), so a
/// caller can make it under a lock and fit after releasing it.
#[derive(Debug, Clone)]
pub struct Prepared {
    space: FeatureSpace,
    matrix: Array2<f64>,
    outcomes: Vec<bool>,
}

impl Prepared {
    /// Encodes `records` (true in `outcomes`: left). The columns (kept values, scales) are
    /// learned from all records, without their outcomes.
    pub fn new(records: &[RiskRecord<'_>], outcomes: &[bool]) -> Result<Prepared, RiskError> {
        let (records, outcomes) = sample(records, outcomes);
        let positives = outcomes.iter().filter(|&&left| left).count();
        if records.len() < MIN_ROWS
            || positives < MIN_PER_OUTCOME
            || records.len() - positives < MIN_PER_OUTCOME
        {
            return Err(RiskError::TooFew { n: records.len() });
        }
        let space = FeatureSpace::learn(&records);
        let mut matrix = Array2::<f64>::zeros((records.len(), space.len()));
        for (record, mut row) in records.iter().zip(matrix.rows_mut()) {
            let row = row
                .as_slice_mut()
                .ok_or_else(|| RiskError::Fit("matrix is not contiguous".into()))?;
            space.encode(record, row);
        }
        Ok(Prepared {
            space,
            matrix,
            outcomes,
        })
    }

    /// Cross-validates, then fits on every row.
    pub fn fit(self) -> Result<RiskModel, RiskError> {
        let rows = self.outcomes.len();
        let mut held_out = Vec::with_capacity(rows);
        for fold in 0..FOLDS {
            let (train, test): (Vec<usize>, Vec<usize>) =
                (0..rows).partition(|&i| fold_of(i) != fold);
            let model = self.fit_rows(&train)?;
            held_out.extend(test.iter().map(|&i| {
                let row = self.matrix.row(i);
                (logistic(model.log_odds(row.iter())), self.outcomes[i])
            }));
        }
        let mut model = self.fit_rows(&(0..rows).collect::<Vec<_>>())?;
        model.quality.auc = auc(&held_out);
        Ok(model)
    }

    fn fit_rows(&self, rows: &[usize]) -> Result<RiskModel, RiskError> {
        let matrix = self.matrix.select(Axis(0), rows);
        let outcomes: Vec<bool> = rows.iter().map(|&i| self.outcomes[i]).collect();
        let means = matrix
            .mean_axis(Axis(0))
            .map_or_else(|| vec![0.0; self.space.len()], |means| means.to_vec());
        let positives = outcomes.iter().filter(|&&left| left).count();
        let dataset = Dataset::new(matrix, Array1::from_vec(outcomes));
        let fitted = LogisticRegression::default()
            .alpha(L2)
            .max_iterations(200)
            .fit(&dataset)
            .map_err(|err| RiskError::Fit(err.to_string()))?;
        // linfa's positive class is the more frequent one; the model scores leaving.
        let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
        Ok(RiskModel {
            space: self.space.clone(),
            weights: fitted.params().iter().map(|w| sign * w).collect(),
            intercept: sign * fitted.intercept(),
            means,
            quality: ModelQuality {
                auc: f64::NAN,
                n: rows.len(),
                positives,
            },
        })
    }
}

impl RiskModel {
    /// Fits on `records` with `outcomes` (true: left), after cross-validating the same procedure.
    pub fn fit(records: &[RiskRecord<'_>], outcomes: &[bool]) -> Result<RiskModel, RiskError> {
        Prepared::new(records, outcomes)?.fit()
    }

    /// The probability, 0–1, that the customer leaves within the window.
    pub fn score(&self, record: &RiskRecord<'_>) -> f64 {
        let mut row = vec![0.0; self.space.len()];
        self.space.encode(record, &mut row);
        logistic(self.log_odds(row.iter()))
    }

    /// The columns that raise this customer's risk most above the average customer's, strongest
    /// first; at most `limit`.
    pub fn reasons(&self, record: &RiskRecord<'_>, limit: usize) -> Vec<Reason> {
        let mut row = vec![0.0; self.space.len()];
        self.space.encode(record, &mut row);
        let mut raised: Vec<(usize, f64)> = (0..row.len())
            .map(|i| (i, self.weights[i] * (row[i] - self.means[i])))
            .filter(|&(_, weight)| weight > 0.0)
            .collect();
        raised.sort_by(|a, b| b.1.total_cmp(&a.1));
        raised
            .into_iter()
            .take(limit)
            .map(|(i, weight)| Reason {
                column: self.space.column(i).clone(),
                higher: row[i] > self.means[i],
                weight,
            })
            .collect()
    }

    fn log_odds<'r>(&self, row: impl Iterator<Item = &'r f64>) -> f64 {
        self.intercept + row.zip(&self.weights).map(|(x, w)| x * w).sum::<f64>()
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// A fixed, well-mixed fold per row (a multiplicative hash), so a refit on the same data
/// reports the same AUC.
fn fold_of(row: usize) -> usize {
    ((row as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % FOLDS
}

/// Every k-th row when there are more than [`MAX_TRAINING_ROWS`].
fn sample<'a>(records: &[RiskRecord<'a>], outcomes: &[bool]) -> (Vec<RiskRecord<'a>>, Vec<bool>) {
    let step = records.len().div_ceil(MAX_TRAINING_ROWS).max(1);
    records
        .iter()
        .zip(outcomes)
        .step_by(step)
        .map(|(record, &outcome)| (record.clone(), outcome))
        .unzip()
}

/// Area under the ROC curve: the chance a random customer who left scores above a random one
/// who stayed (ties count half), by ranks (Mann–Whitney U).
pub fn auc(scored: &[(f64, bool)]) -> f64 {
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut rank_sum, mut positives) = (0.0, 0usize);
    let mut start = 0;
    while start < sorted.len() {
        let end = start + sorted[start..].partition_point(|s| s.0 == sorted[start].0);
        // Tied scores share the mean of their ranks (1-based).
        let mean_rank = (start + 1 + end) as f64 / 2.0;
        for &(_, positive) in &sorted[start..end] {
            if positive {
                rank_sum += mean_rank;
                positives += 1;
            }
        }
        start = end;
    }
    let negatives = sorted.len() - positives;
    if positives == 0 || negatives == 0 {
        return f64::NAN;
    }
    let p = positives as f64;
    (rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64)
}

#[cfg(test)]
mod tests;
