//! Evaluates the churn-risk model on a labelled CSV it was not developed on (for example the
//! telecom data of `bench/fetch_churn_data.sh`): header row, `customer_id` first, `churned` (0/1)
//! last, every other column an attribute (numeric when every value parses as a number).
//! Fits on a fixed 70 % of the rows and prints the AUC on the other 30 %, next to the
//! cross-validated AUC the model reports about itself.
//!
//!     cargo run --release -p analytics --example churn_risk_eval -- telco.csv

use analytics::{AttributeValue, RiskModel, RiskRecord, auc};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: churn_risk_eval FILE.csv")?;
    let mut reader = csv::Reader::from_path(&path)?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|row| row.map(|row| row.iter().map(str::to_owned).collect()))
        .collect::<Result<_, _>>()?;
    let churned = header.len() - 1;
    let numeric: Vec<bool> = (0..header.len())
        .map(|c| {
            rows.iter()
                .all(|r| r[c].is_empty() || r[c].parse::<f64>().is_ok())
        })
        .collect();
    let records: Vec<RiskRecord<'_>> = rows
        .iter()
        .map(|row| RiskRecord {
            attributes: (1..churned)
                .filter(|&c| !row[c].is_empty())
                .map(|c| {
                    let value = if numeric[c] {
                        AttributeValue::Number(row[c].parse().unwrap_or_default())
                    } else {
                        AttributeValue::Text(&row[c])
                    };
                    (header[c].as_str(), value)
                })
                .collect(),
            ..RiskRecord::default()
        })
        .collect();
    let outcomes: Vec<bool> = rows.iter().map(|r| r[churned] == "1").collect();
    // A fixed split by a hash of the row number, independent of the model's own folds.
    let held_out = |i: usize| (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03) >> 60 < 5;
    let (train, test): (Vec<usize>, Vec<usize>) = (0..rows.len()).partition(|&i| !held_out(i));
    let model = RiskModel::fit(
        &train
            .iter()
            .map(|&i| records[i].clone())
            .collect::<Vec<_>>(),
        &train.iter().map(|&i| outcomes[i]).collect::<Vec<_>>(),
    )?;
    let scored: Vec<(f64, bool)> = test
        .iter()
        .map(|&i| (model.score(&records[i]), outcomes[i]))
        .collect();
    println!(
        "{path}: fitted on {} ({} left), held out {}: AUC {:.4} (cross-validated on the fitted rows: {:.4})",
        model.quality.n,
        model.quality.positives,
        test.len(),
        auc(&scored),
        model.quality.auc
    );
    Ok(())
}
