use super::*;
use crate::facts::AttributeValue;

#[test]
fn auc_counts_pairs_with_ties_as_half() {
    // Leavers 0.9 and 0.4, stayers 0.4 and 0.1: pairs (0.9>0.4) (0.9>0.1) (0.4=0.4 half)
    // (0.4>0.1) = 3.5 of 4.
    let scored = [(0.9, true), (0.4, true), (0.4, false), (0.1, false)];
    assert!((auc(&scored) - 0.875).abs() < 1e-12);
    assert!(auc(&[(0.5, true)]).is_nan(), "no stayer, no AUC");
}

/// Customers on a monthly contract leave three times as often; contacts add to it; the
/// `colour` attribute is noise.
fn population() -> (Vec<RiskRecord<'static>>, Vec<bool>) {
    let mut records = Vec::new();
    let mut outcomes = Vec::new();
    for i in 0..2000u32 {
        let monthly = i % 2 == 0;
        let contacts = (i / 2) % 5;
        let colour = ["red", "blue", "green"][(i % 3) as usize];
        // A deterministic, well-mixed draw in 0..100.
        let draw = (u64::from(i).wrapping_mul(2_654_435_761) >> 7) % 100;
        let chance = if monthly { 30 } else { 10 } + contacts * 8;
        records.push(RiskRecord {
            segment: None,
            attributes: vec![
                (
                    "contract",
                    AttributeValue::Text(if monthly { "Monthly" } else { "Yearly" }),
                ),
                ("colour", AttributeValue::Text(colour)),
            ],
            tenure_days: Some(f64::from(i % 700)),
            contacts,
            ..RiskRecord::default()
        });
        outcomes.push(draw < u64::from(chance));
    }
    (records, outcomes)
}

#[test]
fn the_model_ranks_by_the_real_drivers_and_reports_held_out_quality() {
    let (records, outcomes) = population();
    let model = RiskModel::fit(&records, &outcomes).unwrap();
    assert_eq!(model.quality.n, 2000);
    // The true chance ranges 10–62 %: a ranking by it alone has an AUC near 0.75.
    assert!(model.quality.auc > 0.68, "{:?}", model.quality);
    let risky = RiskRecord {
        attributes: vec![("contract", AttributeValue::Text("Monthly"))],
        contacts: 4,
        ..RiskRecord::default()
    };
    let safe = RiskRecord {
        attributes: vec![("contract", AttributeValue::Text("Yearly"))],
        contacts: 0,
        ..RiskRecord::default()
    };
    assert!(model.score(&risky) > model.score(&safe) + 0.2);
    let reasons: Vec<Column> = model
        .reasons(&risky, 2)
        .into_iter()
        .map(|r| r.column)
        .collect();
    assert!(reasons.contains(&Column::Contacts), "{reasons:?}");
    assert!(
        reasons.contains(&Column::Value {
            attribute: "contract".into(),
            value: "Monthly".into()
        }),
        "{reasons:?}"
    );
}

#[test]
fn too_few_customers_give_no_model() {
    let (records, outcomes) = population();
    assert_eq!(
        RiskModel::fit(&records[..20], &outcomes[..20]).unwrap_err(),
        RiskError::TooFew { n: 20 }
    );
    let stayers = vec![false; 500];
    assert!(RiskModel::fit(&records[..500], &stayers).is_err());
}
