//! Id → row lookup that costs almost nothing for database ids.
//!
//! Database ids arrive mostly ascending and dense (an auto-increment key, loaded in id order, then
//! tailed commit by commit), so the index stores runs of consecutive ids on consecutive rows, sorted
//! by id: one 16-byte run for a gap-free table instead of 8–16 bytes per row for a sorted vector or
//! a hash map. An id out of order (a transaction that committed late) starts a new run; ids in a
//! random order would cost one run each, which is still correct, only larger and slower to append.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IdRun {
    first_id: i64,
    first_row: u32,
    len: u32,
}

impl IdRun {
    fn contains(&self, id: i64) -> bool {
        id >= self.first_id && id - self.first_id < i64::from(self.len)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    runs: Vec<IdRun>,
    /// The run that holds the most recently added row: the only one an append can extend.
    last_run: usize,
}

impl IdIndex {
    pub(crate) fn row_of(&self, id: i64) -> Option<u32> {
        let after = self.runs.partition_point(|run| run.first_id <= id);
        let run = self.runs.get(after.checked_sub(1)?)?;
        run.contains(id)
            .then(|| run.first_row + (id - run.first_id) as u32)
    }

    /// Records that `id` lives at `row`, the row just appended. Returns false, changing nothing, if
    /// the id is already present.
    pub(crate) fn insert(&mut self, id: i64, row: u32) -> bool {
        let position = self.runs.partition_point(|run| run.first_id <= id);
        if position > 0 && self.runs[position - 1].contains(id) {
            return false;
        }
        if let Some(last) = self.runs.get_mut(self.last_run)
            && last.first_id.checked_add(i64::from(last.len)) == Some(id)
            && last.first_row + last.len == row
            && position == self.last_run + 1
        {
            last.len += 1;
            return true;
        }
        self.runs.insert(
            position,
            IdRun {
                first_id: id,
                first_row: row,
                len: 1,
            },
        );
        self.last_run = position;
        true
    }

    /// Adds every id of `other`, whose rows now start at `row_offset`; the caller has checked
    /// that no id is in both. A run that continues this index's last one extends it.
    pub(crate) fn append_index(&mut self, other: &IdIndex, row_offset: u32) {
        for run in &other.runs {
            let run = IdRun {
                first_row: run.first_row + row_offset,
                ..*run
            };
            let position = self.runs.partition_point(|r| r.first_id <= run.first_id);
            match position.checked_sub(1).map(|before| &mut self.runs[before]) {
                Some(before)
                    if before.first_id + i64::from(before.len) == run.first_id
                        && before.first_row + before.len == run.first_row =>
                {
                    before.len += run.len;
                }
                _ => self.runs.insert(position, run),
            }
        }
        let rows = other
            .runs
            .iter()
            .map(|r| r.first_row + r.len)
            .max()
            .unwrap_or(0)
            + row_offset;
        if let Some(last) = self.runs.iter().position(|r| r.first_row + r.len == rows) {
            self.last_run = last;
        }
    }

    /// Every id, in id order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.runs
            .iter()
            .flat_map(|run| (0..i64::from(run.len)).map(move |i| run.first_id + i))
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.runs.shrink_to_fit();
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.runs.capacity() * size_of::<IdRun>()
    }

    #[cfg(test)]
    fn run_count(&self) -> usize {
        self.runs.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_ascending_ids_take_one_run() {
        let mut index = IdIndex::default();
        for row in 0..10_000u32 {
            assert!(index.insert(1_000 + i64::from(row), row));
        }
        assert_eq!(index.run_count(), 1);
        assert_eq!(index.row_of(1_000), Some(0));
        assert_eq!(index.row_of(10_999), Some(9_999));
        assert_eq!(index.row_of(999), None);
        assert_eq!(index.row_of(11_000), None);
    }

    #[test]
    fn gaps_and_late_ids_start_runs_and_still_resolve() {
        let mut index = IdIndex::default();
        let ids = [1, 2, 3, 7, 8, 5, 9, 10, 4];
        for (row, &id) in ids.iter().enumerate() {
            assert!(index.insert(id, row as u32));
        }
        for (row, &id) in ids.iter().enumerate() {
            assert_eq!(index.row_of(id), Some(row as u32), "id {id}");
        }
        assert_eq!(index.row_of(6), None);
        // 1-3 | 7-8 | 5 | 9-10 | 4
        assert_eq!(index.run_count(), 5);
    }

    #[test]
    fn duplicates_are_refused() {
        let mut index = IdIndex::default();
        assert!(index.insert(5, 0));
        assert!(index.insert(6, 1));
        assert!(!index.insert(5, 2));
        assert!(!index.insert(6, 2));
        assert!(index.insert(4, 2));
        assert!(!index.insert(4, 3));
    }
}
