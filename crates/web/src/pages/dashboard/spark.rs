//! A sparkline: a figure's course over the period's buckets as the `points` of an SVG polyline
//! in a 100 × 24 box, drawn by the page without JavaScript.

/// Width and height of the sparkline's view box.
pub const WIDTH: f64 = 100.0;
pub const HEIGHT: f64 = 24.0;

/// The polyline through the buckets that have a value (a bucket without data is skipped), the
/// lowest value at the bottom; `None` with fewer than two points.
pub fn points(values: &[Option<f64>]) -> Option<String> {
    let known: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
        .collect();
    if known.len() < 2 {
        return None;
    }
    let (low, high) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, v)| {
            (lo.min(v), hi.max(v))
        });
    let span = if high > low { high - low } else { 1.0 };
    let last = (values.len() - 1).max(1) as f64;
    let margin = 2.0;
    Some(
        known
            .iter()
            .map(|&(i, v)| {
                let x = i as f64 / last * WIDTH;
                let y = if high > low {
                    HEIGHT - margin - (v - low) / span * (HEIGHT - 2.0 * margin)
                } else {
                    HEIGHT / 2.0
                };
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_spans_the_box_and_skips_gaps() {
        assert_eq!(
            points(&[Some(1.0), None, Some(3.0), Some(2.0)]).as_deref(),
            Some("0.0,22.0 66.7,2.0 100.0,12.0")
        );
        assert_eq!(
            points(&[Some(5.0), Some(5.0)]).as_deref(),
            Some("0.0,12.0 100.0,12.0")
        );
        assert_eq!(points(&[None, Some(1.0)]), None);
        assert_eq!(points(&[]), None);
    }
}
