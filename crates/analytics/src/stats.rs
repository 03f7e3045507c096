//! Tail probabilities for the tests the figures report, from `statrs` rather than our own
//! approximations.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// Two-sided p-value of a standard normal statistic.
pub(crate) fn two_sided_p(z: f64) -> f64 {
    if !z.is_finite() {
        return 1.0;
    }
    let normal = Normal::standard();
    (2.0 * normal.sf(z.abs())).min(1.0)
}

/// P(χ² ≥ statistic) with `degrees` degrees of freedom; 1 without any freedom.
pub(crate) fn chi_squared_p(statistic: f64, degrees: usize) -> f64 {
    if degrees == 0 || !statistic.is_finite() || statistic <= 0.0 {
        return 1.0;
    }
    ChiSquared::new(degrees as f64).map_or(1.0, |distribution| distribution.sf(statistic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_match_printed_tables() {
        // z = 1.96 is the two-sided 5 % point; χ²(1) = 3.841 and χ²(3) = 7.815 are the 5 % points.
        assert!((two_sided_p(1.959_964) - 0.05).abs() < 1e-6);
        assert!((chi_squared_p(3.841_459, 1) - 0.05).abs() < 1e-6);
        assert!((chi_squared_p(7.814_728, 3) - 0.05).abs() < 1e-6);
        assert_eq!(chi_squared_p(0.0, 2), 1.0);
    }
}
