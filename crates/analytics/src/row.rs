//! One answer row: group labels, figures and n, serialised as one flat JSON object.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::query::Dimension;
use crate::scan::RowScan;

/// A group's answer: `{"channel": "email", "month": "2025-03", "nps": 31.4, "n": 1234}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricRow {
    /// The group's label per grouped dimension, in `group_by` order; `None` (JSON `null`) for
    /// rows without a value (no agent, no team).
    pub groups: Vec<(Dimension, Option<String>)>,
    /// The metric's figures in [`crate::Metric::figure_names`] order; never rounded.
    pub figures: Vec<(&'static str, f64)>,
    /// How many facts the figures are computed from.
    pub n: u64,
}

impl MetricRow {
    pub fn figure(&self, name: &str) -> Option<f64> {
        self.figures
            .iter()
            .find(|(figure, _)| *figure == name)
            .map(|&(_, value)| value)
    }

    pub fn label(&self, dimension: Dimension) -> Option<&str> {
        self.groups
            .iter()
            .find(|(grouped, _)| *grouped == dimension)
            .and_then(|(_, label)| label.as_deref())
    }
}

impl Serialize for MetricRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.groups.len() + self.figures.len() + 1))?;
        for (dimension, label) in &self.groups {
            map.serialize_entry(dimension.as_str(), label)?;
        }
        for (name, value) in &self.figures {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("n", &self.n)?;
        map.end()
    }
}

/// Turns (group key, figures, n) into labelled rows in output order.
pub(crate) fn labelled_rows(
    scan: &RowScan<'_>,
    groups: impl IntoIterator<Item = (u32, Vec<(&'static str, f64)>, u64)>,
) -> Vec<MetricRow> {
    let mut rows: Vec<(Vec<u32>, MetricRow)> = groups
        .into_iter()
        .map(|(key, figures, n)| {
            let (labels, order) = scan.describe_group(key);
            let row = MetricRow {
                groups: labels,
                figures,
                n,
            };
            (order, row)
        })
        .collect();
    rows.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    rows.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_one_flat_object_in_column_order() {
        let row = MetricRow {
            groups: vec![
                (Dimension::Channel, Some("email".into())),
                (Dimension::Team, None),
                (Dimension::Month, Some("2025-03".into())),
            ],
            figures: vec![("csat", 80.5), ("mean", 4.125)],
            n: 8,
        };
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"channel":"email","team":null,"month":"2025-03","csat":80.5,"mean":4.125,"n":8}"#
        );
    }
}
