//! Rising topics: a count in the latest window that is improbably high against the topic's own
//! baseline, under a Poisson model with the mean of the previous windows.

use serde::{Deserialize, Serialize};
use statrs::distribution::{DiscreteCDF, Poisson};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rising {
    /// P(X ≥ observed) for X ~ Poisson(expected).
    pub p_value: f64,
    /// The baseline: mean count of the previous windows.
    pub expected: f64,
    pub observed: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RisingRule {
    /// How many windows before the latest make the baseline.
    pub baseline_windows: usize,
    /// Fewer baseline windows than this and nothing is judged.
    pub min_baseline_windows: usize,
    /// A topic rises when its tail probability is below this.
    pub max_p_value: f64,
    /// … and its latest count is at least this, so a jump from 0 to 2 is no alarm.
    pub min_count: u32,
    /// The baseline mean is taken as at least this, so a topic that was silent is not certain to
    /// be rising at its first mention.
    pub min_expected: f64,
}

impl Default for RisingRule {
    fn default() -> Self {
        RisingRule {
            baseline_windows: 8,
            min_baseline_windows: 4,
            max_p_value: 0.001,
            min_count: 10,
            min_expected: 0.5,
        }
    }
}

/// Whether the last of `counts_by_window` (oldest first; windows of 24 hours or 7 days) rises
/// above the mean of the windows before it, by the default [`RisingRule`].
pub fn rising(counts_by_window: &[u32]) -> Option<Rising> {
    RisingRule::default().judge(counts_by_window)
}

impl RisingRule {
    pub fn judge(&self, counts_by_window: &[u32]) -> Option<Rising> {
        let (&observed, earlier) = counts_by_window.split_last()?;
        let baseline = &earlier[earlier.len().saturating_sub(self.baseline_windows)..];
        if baseline.len() < self.min_baseline_windows || observed < self.min_count {
            return None;
        }
        let mean = baseline.iter().map(|&c| f64::from(c)).sum::<f64>() / baseline.len() as f64;
        let expected = mean.max(self.min_expected);
        let poisson = Poisson::new(expected).ok()?;
        let p_value = poisson.sf(u64::from(observed) - 1);
        (p_value < self.max_p_value).then_some(Rising {
            p_value,
            expected: mean,
            observed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_rises() {
        let found = rising(&[4, 6, 5, 3, 5, 4, 6, 5, 25]).unwrap();
        assert_eq!(found.observed, 25);
        assert!((found.expected - 4.75).abs() < 1e-9);
        assert!(found.p_value < 1e-6);
    }

    #[test]
    fn a_steady_or_small_topic_does_not() {
        assert_eq!(rising(&[40, 38, 45, 41, 39, 44, 40, 42, 47]), None);
        assert_eq!(
            rising(&[0, 0, 0, 0, 0, 0, 0, 0, 3]),
            None,
            "below the minimum count"
        );
        assert_eq!(rising(&[1, 30]), None, "too little history");
    }
}
