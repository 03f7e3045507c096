//! Per-group accumulators, addressed by the combined group key of a row.
//!
//! A group key is a mixed-radix number over the grouped dimensions (see `scan.rs`). When the key
//! space is small enough, a group's slot is its key: a flat array, no hashing. Past that (say agent
//! × day over many years), slots go only to the keys that occur, through a hash map.

use rustc_hash::FxHashMap;

/// Above this many counters per worker, slots are handed out sparsely.
const DENSE_COUNTER_LIMIT: usize = 1 << 22;

#[derive(Debug)]
enum Slots {
    /// Slot = key, for every key in the key space.
    Dense { slot_count: usize },
    /// Slots in order of first appearance; `keys[slot]` is the slot's key.
    Sparse {
        slot_of_key: FxHashMap<u32, u32>,
        keys: Vec<u32>,
    },
}

impl Slots {
    fn new(key_space: u32, counters_per_group: usize) -> Self {
        let key_space = key_space as usize;
        if key_space.saturating_mul(counters_per_group) <= DENSE_COUNTER_LIMIT {
            Slots::Dense {
                slot_count: key_space,
            }
        } else {
            Slots::Sparse {
                slot_of_key: FxHashMap::default(),
                keys: Vec::new(),
            }
        }
    }

    #[inline]
    fn slot(&mut self, key: u32) -> usize {
        match self {
            Slots::Dense { .. } => key as usize,
            Slots::Sparse { slot_of_key, keys } => {
                let next = keys.len() as u32;
                let slot = *slot_of_key.entry(key).or_insert(next);
                if slot == next {
                    keys.push(key);
                }
                slot as usize
            }
        }
    }

    fn slot_count(&self) -> usize {
        match self {
            Slots::Dense { slot_count } => *slot_count,
            Slots::Sparse { keys, .. } => keys.len(),
        }
    }

    fn key(&self, slot: usize) -> u32 {
        match self {
            Slots::Dense { .. } => slot as u32,
            Slots::Sparse { keys, .. } => keys[slot],
        }
    }
}

/// Counts per group and bin: score histograms for survey metrics (`count[group][score]`), one
/// bin for volume, reopened-or-not for the reopen rate.
#[derive(Debug)]
pub(crate) struct Histograms {
    slots: Slots,
    bins: usize,
    counts: Vec<u32>,
}

impl Histograms {
    pub(crate) fn new(key_space: u32, bins: usize) -> Self {
        let slots = Slots::new(key_space, bins);
        let counts = vec![0; slots.slot_count() * bins];
        Histograms {
            slots,
            bins,
            counts,
        }
    }

    #[cfg(test)]
    fn add(&mut self, key: u32, bin: usize) {
        self.group_counts(key)[bin] += 1;
    }

    /// Counts each row in its group's `bin_of(row)`.
    pub(crate) fn add_rows(&mut self, rows: &[u32], keys: &[u32], bin_of: impl Fn(usize) -> usize) {
        let bins = self.bins;
        match self.slots {
            // The hot path: a flat array, no slot lookup.
            Slots::Dense { .. } => {
                for (&row, &key) in rows.iter().zip(keys) {
                    self.counts[key as usize * bins + bin_of(row as usize)] += 1;
                }
            }
            Slots::Sparse { .. } => {
                for (&row, &key) in rows.iter().zip(keys) {
                    self.group_counts(key)[bin_of(row as usize)] += 1;
                }
            }
        }
    }

    /// Adds another worker's counts to these.
    pub(crate) fn merge(&mut self, other: Histograms) {
        if let (Slots::Dense { .. }, Slots::Dense { .. }) = (&self.slots, &other.slots) {
            for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
                *mine += theirs;
            }
            return;
        }
        for (key, counts) in other.groups() {
            for (mine, theirs) in self.group_counts(key).iter_mut().zip(counts) {
                *mine += theirs;
            }
        }
    }

    #[inline]
    fn group_counts(&mut self, key: u32) -> &mut [u32] {
        let first = self.slots.slot(key) * self.bins;
        if first == self.counts.len() {
            self.counts.resize(first + self.bins, 0);
        }
        &mut self.counts[first..first + self.bins]
    }

    /// The groups with at least one count: (key, count per bin).
    pub(crate) fn groups(&self) -> impl Iterator<Item = (u32, &[u32])> {
        self.counts
            .chunks_exact(self.bins)
            .enumerate()
            .filter(|(_, counts)| counts.iter().any(|&count| count > 0))
            .map(|(slot, counts)| (self.slots.key(slot), counts))
    }
}

/// One worker's values, grouped by key with a counting sort: each group is one slice, groups in
/// key order.
#[derive(Debug)]
pub(crate) struct KeyedValues {
    /// (key, start, end) of each non-empty group in `values`, by ascending key.
    groups: Vec<(u32, u32, u32)>,
    values: Vec<i32>,
}

impl KeyedValues {
    pub(crate) fn group(pairs: &[(u32, i32)], key_space: u32) -> Self {
        let mut slots = Slots::new(key_space, 1);
        let mut counts = vec![0u32; slots.slot_count()];
        for &(key, _) in pairs {
            let slot = slots.slot(key);
            if slot == counts.len() {
                counts.push(0);
            }
            counts[slot] += 1;
        }
        let mut occupied: Vec<(u32, usize)> = (0..counts.len())
            .filter(|&slot| counts[slot] > 0)
            .map(|slot| (slots.key(slot), slot))
            .collect();
        occupied.sort_unstable();
        // From here on `counts[slot]` is the slot's write cursor.
        let mut groups = Vec::with_capacity(occupied.len());
        let mut next = 0;
        for (key, slot) in occupied {
            let start = next;
            next += counts[slot];
            groups.push((key, start, next));
            counts[slot] = start;
        }
        let mut values = vec![0; pairs.len()];
        for &(key, value) in pairs {
            let cursor = &mut counts[slots.slot(key)];
            values[*cursor as usize] = value;
            *cursor += 1;
        }
        KeyedValues { groups, values }
    }

    fn groups(&self) -> impl Iterator<Item = (u32, &[i32])> {
        self.groups
            .iter()
            .map(|&(key, start, end)| (key, &self.values[start as usize..end as usize]))
    }
}

/// A group's values across workers: its slice from each worker that saw it.
pub(crate) type AlignedGroup<'a> = (u32, Vec<&'a [i32]>);

/// Lines up the workers' groups by key, in key order.
pub(crate) fn align_by_key(parts: &[KeyedValues]) -> Vec<AlignedGroup<'_>> {
    let mut all: Vec<(u32, &[i32])> = parts.iter().flat_map(KeyedValues::groups).collect();
    // Stable, so a key's slices keep the workers' order.
    all.sort_by_key(|&(key, _)| key);
    let mut aligned: Vec<AlignedGroup<'_>> = Vec::new();
    for (key, values) in all {
        match aligned.last_mut() {
            Some((last, slices)) if *last == key => slices.push(values),
            _ => aligned.push((key, vec![values])),
        }
    }
    aligned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_histograms_count_alike_and_merge() {
        for key_space in [16, u32::MAX] {
            let mut one = Histograms::new(key_space, 3);
            one.add(5, 0);
            one.add(5, 2);
            one.add(9, 1);
            let mut other = Histograms::new(key_space, 3);
            other.add(9, 1);
            other.add(2, 2);
            one.merge(other);
            let mut groups: Vec<(u32, Vec<u32>)> =
                one.groups().map(|(key, c)| (key, c.to_vec())).collect();
            groups.sort();
            assert_eq!(
                groups,
                [(2, vec![0, 0, 1]), (5, vec![1, 0, 1]), (9, vec![0, 2, 0])],
                "key space {key_space}"
            );
        }
    }

    #[test]
    fn worker_values_are_grouped_and_aligned_by_key() {
        for key_space in [8, u32::MAX] {
            let first = KeyedValues::group(&[(3, 30), (1, 10), (3, 31)], key_space);
            let second = KeyedValues::group(&[(6, 60), (1, 11)], key_space);
            let parts = [first, second];
            let aligned: Vec<(u32, Vec<Vec<i32>>)> = align_by_key(&parts)
                .into_iter()
                .map(|(key, slices)| (key, slices.iter().map(|s| s.to_vec()).collect()))
                .collect();
            assert_eq!(
                aligned,
                [
                    (1, vec![vec![10], vec![11]]),
                    (3, vec![vec![30, 31]]),
                    (6, vec![vec![60]]),
                ],
                "key space {key_space}"
            );
        }
    }
}
