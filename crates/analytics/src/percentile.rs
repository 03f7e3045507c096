//! Nearest-rank percentiles (DuckDB's `quantile_disc`): the q-quantile of n values is the sorted
//! element at rank ⌈n·q⌉, 1-based. Selected in linear time, without sorting.

/// A quantile as an exact fraction, so ⌈n·q⌉ has no floating-point rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quantile {
    numerator: usize,
    denominator: usize,
}

pub(crate) const MEDIAN: Quantile = Quantile {
    numerator: 1,
    denominator: 2,
};
pub(crate) const P90: Quantile = Quantile {
    numerator: 9,
    denominator: 10,
};

impl Quantile {
    /// 0-based position of the quantile among `n > 0` sorted values: ⌈n·q⌉ − 1.
    fn index(self, n: usize) -> usize {
        (n * self.numerator).div_ceil(self.denominator).max(1) - 1
    }
}

/// Mean, median and p90 of durations in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DurationSummary {
    pub(crate) mean: f64,
    pub(crate) median: i32,
    pub(crate) p90: i32,
}

/// Summarises `values`, reordering them; `None` when there are none.
pub(crate) fn summarize(values: &mut [i32]) -> Option<DurationSummary> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let sum: i64 = values.iter().map(|&v| i64::from(v)).sum();
    let median_index = MEDIAN.index(n);
    let p90_index = P90.index(n);
    let (_, &mut median, above_median) = values.select_nth_unstable(median_index);
    // p90 ≥ median, so it is the right element of what lies above the median.
    let p90 = match p90_index - median_index {
        0 => median,
        offset => *above_median.select_nth_unstable(offset - 1).1,
    };
    Some(DurationSummary {
        mean: sum as f64 / n as f64,
        median,
        p90,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rank ⌈n·q⌉ read straight off a sorted copy: the definition, independently computed.
    fn by_definition(values: &[i32], q: f64) -> i32 {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let rank = ((sorted.len() as f64) * q - 1e-9).ceil().max(1.0) as usize;
        sorted[rank - 1]
    }

    #[test]
    fn small_hand_checked_cases() {
        // n = 10: median is the 5th, p90 the 9th value.
        let mut values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
        let summary = summarize(&mut values).unwrap();
        assert_eq!((summary.median, summary.p90), (5, 9));
        assert_eq!(summary.mean, 5.5);
        // n = 1: both are the only value.
        let summary = summarize(&mut [42]).unwrap();
        assert_eq!((summary.median, summary.p90), (42, 42));
        // n = 3: ranks ⌈1.5⌉ = 2 and ⌈2.7⌉ = 3.
        let summary = summarize(&mut [30, 10, 20]).unwrap();
        assert_eq!((summary.median, summary.p90), (20, 30));
        assert_eq!(summarize(&mut []), None);
    }

    #[test]
    fn matches_the_sorted_definition_for_every_size_up_to_300() {
        let mut state = 0x2545_f491_u32;
        for n in 1..=300 {
            let values: Vec<i32> = (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    (state % 50) as i32 - 10
                })
                .collect();
            let summary = summarize(&mut values.clone()).unwrap();
            assert_eq!(summary.median, by_definition(&values, 0.5), "n = {n}");
            assert_eq!(summary.p90, by_definition(&values, 0.9), "n = {n}");
        }
    }
}
