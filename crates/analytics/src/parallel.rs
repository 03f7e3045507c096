//! Splitting a scan across the machine's cores with scoped threads: each worker owns its
//! accumulators, and the caller merges them.

use std::ops::Range;
use std::thread;

/// Below this many rows per worker, a thread costs more than it saves.
const MIN_ROWS_PER_WORKER: usize = 128 * 1024;
const MAX_WORKERS: usize = 8;

/// Runs `job` over consecutive parts of `0..rows`, in parallel, and returns the results in order.
pub(crate) fn split_rows<R: Send>(rows: usize, job: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let workers = worker_count(rows);
    let part = rows.div_ceil(workers).max(1);
    let ranges: Vec<Range<usize>> = (0..workers)
        .map(|w| (w * part).min(rows)..((w + 1) * part).min(rows))
        .collect();
    run_all(ranges, &job)
}

/// Runs `job` on every input, in parallel, and returns the results in order.
pub(crate) fn run_all<I: Send, R: Send>(inputs: Vec<I>, job: &(impl Fn(I) -> R + Sync)) -> Vec<R> {
    let mut inputs = inputs.into_iter();
    let Some(first) = inputs.next() else {
        return Vec::new();
    };
    thread::scope(|scope| {
        let others: Vec<_> = inputs
            .map(|input| scope.spawn(move || job(input)))
            .collect();
        let mut results = vec![job(first)];
        for worker in others {
            results.push(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results
    })
}

pub(crate) fn worker_count(rows: usize) -> usize {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    cores
        .min(MAX_WORKERS)
        .min(rows / MIN_ROWS_PER_WORKER)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_every_row_once_in_order() {
        for rows in [0, 1, 1000, MIN_ROWS_PER_WORKER * 3 + 7] {
            let parts = split_rows(rows, |range| range);
            assert_eq!(parts.first().map(|r| r.start), Some(0));
            assert_eq!(parts.last().map(|r| r.end), Some(rows));
            for pair in parts.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
            }
        }
    }
}
