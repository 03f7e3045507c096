//! Every metric as a kernel over the shared scan. Scores and counts need only a histogram per
//! group (`count[group][bin]`); durations are gathered per group and their percentiles selected.
//! The formulas are those of `docs/DESIGN.md`, "Metric definitions".

use crate::calendar::BusinessCalendar;
use crate::facts::{CaseFacts, FactStore, NOT_YET, SurveyFacts, SurveyKind};
use crate::groups::{AlignedGroup, Histograms, KeyedValues, align_by_key};
use crate::parallel::{run_all, split_rows, worker_count};
use crate::percentile::{DurationSummary, summarize};
use crate::query::{Metric, MetricQuery, QueryError};
use crate::row::{MetricRow, labelled_rows};
use crate::scan::{FactTable, RowScan};

type Figures = Vec<(&'static str, f64)>;

const SECONDS_PER_HOUR: f64 = 3600.0;

impl FactStore {
    /// Answers one metric question: one row per non-empty group, in group order.
    pub fn query(&self, query: &MetricQuery) -> Result<Vec<MetricRow>, QueryError> {
        query.validate()?;
        let cases = &self.cases;
        match query.metric {
            Metric::Nps => survey_scores(&self.surveys, query, SurveyKind::Nps, nps_figures),
            Metric::Csat => survey_scores(&self.surveys, query, SurveyKind::Csat, csat_figures),
            Metric::Ces => survey_scores(&self.surveys, query, SurveyKind::Ces, ces_figures),
            Metric::Volume => case_counts(
                cases,
                query,
                1,
                |_| true,
                |_| 0,
                |_, n| vec![("volume", n as f64)],
            ),
            Metric::ReopenRate => {
                let (resolved, reopens) = (cases.resolved_after(), cases.reopen_counts());
                // Cases resolved at least once: resolved now, or reopened since.
                let ever_resolved = |row: usize| (resolved[row] != NOT_YET) | (reopens[row] > 0);
                let reopened = |row: usize| usize::from(reopens[row] > 0);
                case_counts(cases, query, 2, ever_resolved, reopened, |counts, n| {
                    vec![("reopen_rate", percent(counts[1], n))]
                })
            }
            Metric::Fcr => {
                let (resolved, reopens) = (cases.resolved_after(), cases.reopen_counts());
                let (created, next) = (cases.created_at(), cases.next_case_of_customer());
                let window = i64::from(query.fcr_window_days) * 86_400;
                let ever_resolved = |row: usize| (resolved[row] != NOT_YET) | (reopens[row] > 0);
                let first_time = |row: usize| {
                    let settled = resolved[row] != NOT_YET && reopens[row] == 0;
                    let resolved_at = i64::from(created[row]) + i64::from(resolved[row]);
                    usize::from(settled && i64::from(next[row]) > resolved_at + window)
                };
                case_counts(cases, query, 2, ever_resolved, first_time, |counts, n| {
                    vec![("fcr", percent(counts[1], n))]
                })
            }
            Metric::Ttr => durations(cases, query, cases.resolved_after()),
            Metric::Frt => durations(cases, query, cases.first_response_after()),
        }
    }
}

/// The figures of `kind` from a count of answers per score (`counts[score]`), as a query over the
/// fact store computes them: for callers with a histogram of their own (one survey's answers).
pub fn score_figures(kind: SurveyKind, counts: &[u32]) -> Vec<(&'static str, f64)> {
    let mut bins = vec![0u32; *kind.scale().end() as usize + 1];
    for (bin, &count) in bins.iter_mut().zip(counts) {
        *bin = count;
    }
    let n: u64 = bins.iter().map(|&count| u64::from(count)).sum();
    if n == 0 {
        return Vec::new();
    }
    match kind {
        SurveyKind::Nps => nps_figures(&bins, n),
        SurveyKind::Csat => csat_figures(&bins, n),
        SurveyKind::Ces => ces_figures(&bins, n),
    }
}

fn survey_scores(
    surveys: &SurveyFacts,
    query: &MetricQuery,
    kind: SurveyKind,
    figures: fn(&[u32], u64) -> Figures,
) -> Result<Vec<MetricRow>, QueryError> {
    let Some(scan) = RowScan::plan(surveys, query)? else {
        return Ok(Vec::new());
    };
    let kind_scores = surveys.kind_scores();
    let bins = *kind.scale().end() as usize + 1;
    let kind = kind.code();
    let counts = count_by_group(
        &scan,
        bins,
        |row| kind_scores[row] >> 4 == kind,
        |row| usize::from(kind_scores[row] & 0x0f),
    );
    Ok(histogram_rows(&scan, &counts, figures))
}

fn case_counts(
    cases: &CaseFacts,
    query: &MetricQuery,
    bins: usize,
    keep: impl Fn(usize) -> bool + Sync,
    bin_of: impl Fn(usize) -> usize + Sync,
    figures: fn(&[u32], u64) -> Figures,
) -> Result<Vec<MetricRow>, QueryError> {
    let Some(scan) = RowScan::plan(cases, query)? else {
        return Ok(Vec::new());
    };
    let counts = count_by_group(&scan, bins, keep, bin_of);
    Ok(histogram_rows(&scan, &counts, figures))
}

/// Counts the kept rows per group and bin, each worker over its own part of the rows.
fn count_by_group(
    scan: &RowScan<'_>,
    bins: usize,
    keep: impl Fn(usize) -> bool + Sync,
    bin_of: impl Fn(usize) -> usize + Sync,
) -> Histograms {
    let parts = split_rows(scan.row_count(), |rows| {
        let mut counts = Histograms::new(scan.key_space(), bins);
        scan.for_each_chunk(rows, &keep, |selected, keys| {
            counts.add_rows(selected, keys, &bin_of);
        });
        counts
    });
    let mut parts = parts.into_iter();
    let mut total = parts
        .next()
        .unwrap_or_else(|| Histograms::new(scan.key_space(), bins));
    for part in parts {
        total.merge(part);
    }
    total
}

fn histogram_rows(
    scan: &RowScan<'_>,
    counts: &Histograms,
    figures: fn(&[u32], u64) -> Figures,
) -> Vec<MetricRow> {
    let groups = counts.groups().map(|(key, counts)| {
        let n: u64 = counts.iter().map(|&count| u64::from(count)).sum();
        (key, figures(counts, n), n)
    });
    labelled_rows(scan, groups)
}

/// `100 · (part / n)`, in DuckDB's order of operations so answers agree to the last bit.
fn percent(part: u32, n: u64) -> f64 {
    100.0 * (f64::from(part) / n as f64)
}

fn mean_score(counts: &[u32], n: u64) -> f64 {
    let total: u64 = (0u64..)
        .zip(counts)
        .map(|(score, &count)| score * u64::from(count))
        .sum();
    total as f64 / n as f64
}

/// % promoters (9–10) − % detractors (0–6).
fn nps_figures(counts: &[u32], n: u64) -> Figures {
    let promoters = i64::from(counts[9] + counts[10]);
    let detractors: i64 = counts[..=6].iter().map(|&count| i64::from(count)).sum();
    vec![("nps", 100.0 * (promoters - detractors) as f64 / n as f64)]
}

/// % top-2-box (4 or 5 on 1–5), and the mean score.
fn csat_figures(counts: &[u32], n: u64) -> Figures {
    vec![
        ("csat", percent(counts[4] + counts[5], n)),
        ("mean", mean_score(counts, n)),
    ]
}

/// Mean of 1–7, and % easy (5–7).
fn ces_figures(counts: &[u32], n: u64) -> Figures {
    vec![
        ("mean", mean_score(counts, n)),
        ("easy_pct", percent(counts[5] + counts[6] + counts[7], n)),
    ]
}

/// TTR or FRT: `seconds_after[row]` is the moment's distance from creation, `NOT_YET` if the case
/// has not reached it (open cases have no TTR, unanswered ones no FRT).
fn durations(
    cases: &CaseFacts,
    query: &MetricQuery,
    seconds_after: &[i32],
) -> Result<Vec<MetricRow>, QueryError> {
    let Some(scan) = RowScan::plan(cases, query)? else {
        return Ok(Vec::new());
    };
    let created_at = cases.created_at();
    let calendar = query.business_calendar.as_deref();
    let parts = split_rows(scan.row_count(), |rows| {
        let mut pairs = Vec::with_capacity(rows.len());
        scan.for_each_chunk(
            rows,
            |row| seconds_after[row] != NOT_YET,
            |selected, keys| {
                pairs.extend(selected.iter().zip(keys).map(|(&row, &key)| {
                    let row = row as usize;
                    let seconds = match calendar {
                        None => seconds_after[row],
                        Some(calendar) => {
                            working_seconds(calendar, created_at[row], seconds_after[row])
                        }
                    };
                    (key, seconds)
                }));
            },
        );
        KeyedValues::group(&pairs, scan.key_space())
    });
    let groups = align_by_key(&parts);
    let value_count: usize = groups
        .iter()
        .flat_map(|(_, s)| s.iter().map(|s| s.len()))
        .sum();
    let summaries = run_all(
        balanced_parts(groups, worker_count(value_count)),
        &summarize_groups,
    );
    Ok(labelled_rows(&scan, summaries.into_iter().flatten()))
}

/// Splits groups into about `parts` runs of similar total size.
fn balanced_parts(groups: Vec<AlignedGroup<'_>>, parts: usize) -> Vec<Vec<AlignedGroup<'_>>> {
    let size = |group: &AlignedGroup<'_>| group.1.iter().map(|s| s.len()).sum::<usize>();
    let target = groups
        .iter()
        .map(size)
        .sum::<usize>()
        .div_ceil(parts.max(1));
    let mut runs = Vec::new();
    let mut run = Vec::new();
    let mut run_size = 0;
    for group in groups {
        run_size += size(&group);
        run.push(group);
        if run_size >= target {
            runs.push(std::mem::take(&mut run));
            run_size = 0;
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn summarize_groups(groups: Vec<AlignedGroup<'_>>) -> Vec<(u32, Figures, u64)> {
    let mut scratch = Vec::new();
    groups
        .into_iter()
        .filter_map(|(key, slices)| {
            scratch.clear();
            slices
                .iter()
                .for_each(|slice| scratch.extend_from_slice(slice));
            let summary = summarize(&mut scratch)?;
            Some((key, duration_figures(summary), scratch.len() as u64))
        })
        .collect()
}

fn duration_figures(summary: DurationSummary) -> Figures {
    vec![
        ("mean_hours", summary.mean / SECONDS_PER_HOUR),
        ("median_hours", f64::from(summary.median) / SECONDS_PER_HOUR),
        ("p90_hours", f64::from(summary.p90) / SECONDS_PER_HOUR),
    ]
}

fn working_seconds(calendar: &dyn BusinessCalendar, created_at: u32, seconds_after: i32) -> i32 {
    let start = i64::from(created_at);
    let working = calendar.working_seconds(start, start + i64::from(seconds_after));
    // Working time never exceeds elapsed time, which fits; clamp a calendar that disagrees.
    working.clamp(0, i64::from(i32::MAX)) as i32
}
