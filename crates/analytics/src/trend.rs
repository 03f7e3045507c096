//! Whether a series (weekly NPS, monthly churn, ...) is rising, falling or stable, decided by the
//! Mann–Kendall test rather than by eye: distribution-free, robust to outliers, and it needs no
//! straight line. Normal approximation with the tie correction, two-sided at 95 %.

use serde::Serialize;

/// The two-sided 95 % critical value of the standard normal distribution.
const Z_CRITICAL_95: f64 = 1.959_963_984_540_054;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrendDirection {
    Rising,
    Falling,
    /// No significant monotonic trend (including series too short to tell).
    Stable,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    pub direction: TrendDirection,
    /// Mann–Kendall S: later-minus-earlier pairs that rise, minus those that fall.
    pub s: i64,
    /// S standardised (with continuity correction); |z| > 1.96 is significant.
    pub z: f64,
    /// Points used (non-finite values, such as a period without data, are skipped).
    pub n: usize,
}

/// Tests `series`, oldest first, for a monotonic trend.
pub fn trend(series: &[f64]) -> Trend {
    let points: Vec<f64> = series.iter().copied().filter(|v| v.is_finite()).collect();
    let n = points.len();
    let s: i64 = points
        .iter()
        .enumerate()
        .flat_map(|(i, earlier)| {
            points[i + 1..]
                .iter()
                .map(move |later| sign(later - earlier))
        })
        .sum();
    let variance = s_variance(&points);
    let z = if variance > 0.0 {
        (s - s.signum()) as f64 / variance.sqrt()
    } else {
        0.0
    };
    let direction = if z > Z_CRITICAL_95 {
        TrendDirection::Rising
    } else if z < -Z_CRITICAL_95 {
        TrendDirection::Falling
    } else {
        TrendDirection::Stable
    };
    Trend { direction, s, z, n }
}

fn sign(difference: f64) -> i64 {
    if difference > 0.0 {
        1
    } else if difference < 0.0 {
        -1
    } else {
        0
    }
}

/// Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18, t the sizes of groups of tied values.
fn s_variance(points: &[f64]) -> f64 {
    let spread = |t: usize| {
        let t = t as f64;
        t * (t - 1.0) * (2.0 * t + 5.0)
    };
    let mut sorted = points.to_vec();
    sorted.sort_by(f64::total_cmp);
    let ties: f64 = sorted
        .chunk_by(|a, b| a == b)
        .map(|tied| spread(tied.len()))
        .sum();
    (spread(points.len()) - ties) / 18.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_steady_rise_of_five_points_is_significant() {
        // S = 10, Var(S) = 5·4·15/18 = 50/3, z = 9/√(50/3) ≈ 2.2045.
        let result = trend(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(result.s, 10);
        assert!((result.z - 2.204_540).abs() < 1e-6, "{}", result.z);
        assert_eq!(result.direction, TrendDirection::Rising);
    }

    #[test]
    fn falling_noisy_series_is_falling() {
        let series = [52.0, 50.5, 51.0, 48.0, 47.5, 48.2, 45.0, 44.1, 44.9, 41.0];
        assert_eq!(trend(&series).direction, TrendDirection::Falling);
    }

    #[test]
    fn flat_alternating_short_and_empty_series_are_stable() {
        let flat = trend(&[3.0; 12]);
        assert_eq!(
            (flat.direction, flat.s, flat.z),
            (TrendDirection::Stable, 0, 0.0)
        );
        let alternating = [1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0, 3.0];
        assert_eq!(trend(&alternating).direction, TrendDirection::Stable);
        // Three points can never be significant: max z = 2/√(11/3) ≈ 1.04.
        assert_eq!(trend(&[1.0, 2.0, 3.0]).direction, TrendDirection::Stable);
        assert_eq!(trend(&[]).direction, TrendDirection::Stable);
    }

    #[test]
    fn ties_shrink_the_variance_and_gaps_are_skipped() {
        // Ties {2, 2}: Var = (6·5·17 − 2·1·9)/18 = 27.333..
        let result = trend(&[1.0, 2.0, 2.0, 3.0, f64::NAN, 4.0, 5.0]);
        assert_eq!(result.n, 6);
        assert_eq!(result.s, 14);
        assert!((result.z - 13.0 / (492.0f64 / 18.0).sqrt()).abs() < 1e-12);
        assert_eq!(result.direction, TrendDirection::Rising);
    }
}
