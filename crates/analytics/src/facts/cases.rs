//! Case lifecycles: one row per case, 22 bytes each, updated in place as the case is answered,
//! resolved and reopened.

use super::{FactError, TimeSpan, customer_code, unix_seconds};
use crate::dict::DimensionColumn;
use crate::id_index::IdIndex;
use crate::query::Dimension;
use crate::scan::FactTable;

/// `first_response_after` / `resolved_after` of a case without that moment (yet).
pub(crate) const NOT_YET: i32 = i32::MIN;

/// One case as the caller feeds it. Missing dimensions are `None`; timestamps are unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseLifecycle<'a> {
    pub case_id: i64,
    pub customer_id: i64,
    pub channel: Option<&'a str>,
    pub priority: Option<&'a str>,
    /// The assignee's external id.
    pub agent: Option<&'a str>,
    pub team: Option<&'a str>,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
    /// The current (final) resolution; `None` while the case is open or after a reopen.
    pub resolved_at: Option<i64>,
    pub reopen_count: u8,
}

#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    ids: IdIndex,
    pub(crate) customer_ids: Vec<u32>,
    channel: DimensionColumn,
    priority: DimensionColumn,
    agent: DimensionColumn,
    team: DimensionColumn,
    pub(crate) created_at: Vec<u32>,
    // Moments as seconds after creation: the durations the metrics need, and half an i64.
    first_response_after: Vec<i32>,
    pub(crate) resolved_after: Vec<i32>,
    reopen_counts: Vec<u8>,
    span: Option<TimeSpan>,
}

impl CaseFacts {
    pub fn len(&self) -> usize {
        self.created_at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.created_at.is_empty()
    }

    pub fn append(&mut self, case: &CaseLifecycle<'_>) -> Result<(), FactError> {
        let row = u32::try_from(self.len()).map_err(|_| FactError::TableFull)?;
        let customer = customer_code(case.customer_id)?;
        let created_at = unix_seconds(case.created_at)?;
        let first_response_after = seconds_after(created_at, case.first_response_at)?;
        let resolved_after = seconds_after(created_at, case.resolved_at)?;
        if !self.ids.insert(case.case_id, row) {
            return Err(FactError::DuplicateId(case.case_id));
        }
        self.customer_ids.push(customer);
        self.channel.push(case.channel);
        self.priority.push(case.priority);
        self.agent.push(case.agent);
        self.team.push(case.team);
        self.created_at.push(created_at);
        self.first_response_after.push(first_response_after);
        self.resolved_after.push(resolved_after);
        self.reopen_counts.push(case.reopen_count);
        self.span = Some(TimeSpan::widen(self.span, created_at));
        Ok(())
    }

    pub fn contains(&self, case_id: i64) -> bool {
        self.ids.row_of(case_id).is_some()
    }

    /// The first public reply: keeps the earliest, so replays and out-of-order events are harmless.
    pub fn record_first_response(&mut self, case_id: i64, at: i64) -> Result<(), FactError> {
        let row = self.row_of(case_id)?;
        let after = seconds_after(self.created_at[row], Some(at))?;
        let current = &mut self.first_response_after[row];
        if *current == NOT_YET || after < *current {
            *current = after;
        }
        Ok(())
    }

    /// The case is resolved at `at`, replacing an earlier resolution (TTR is to the final one).
    pub fn record_resolution(&mut self, case_id: i64, at: i64) -> Result<(), FactError> {
        let row = self.row_of(case_id)?;
        self.resolved_after[row] = seconds_after(self.created_at[row], Some(at))?;
        Ok(())
    }

    /// A resolved case became active again: it is unresolved until the next resolution.
    pub fn record_reopen(&mut self, case_id: i64) -> Result<(), FactError> {
        let row = self.row_of(case_id)?;
        self.resolved_after[row] = NOT_YET;
        self.reopen_counts[row] = self.reopen_counts[row].saturating_add(1);
        Ok(())
    }

    /// The case moved to another assignee and/or team (`None`: unassigned, no team).
    pub fn record_assignment(
        &mut self,
        case_id: i64,
        agent: Option<&str>,
        team: Option<&str>,
    ) -> Result<(), FactError> {
        let row = self.row_of(case_id)?;
        self.agent.set(row, agent);
        self.team.set(row, team);
        Ok(())
    }

    pub fn record_priority(
        &mut self,
        case_id: i64,
        priority: Option<&str>,
    ) -> Result<(), FactError> {
        let row = self.row_of(case_id)?;
        self.priority.set(row, priority);
        Ok(())
    }

    /// Makes the case's row equal `case`: appends it when new, otherwise replaces everything that
    /// changes over a case's life (answer, resolution, reopens, priority, assignee, team). The
    /// event tail calls it with the case's current database row, so replays change nothing.
    pub fn upsert(&mut self, case: &CaseLifecycle<'_>) -> Result<(), FactError> {
        let Some(row) = self.ids.row_of(case.case_id) else {
            return self.append(case);
        };
        let row = row as usize;
        let first_response_after = seconds_after(self.created_at[row], case.first_response_at)?;
        let resolved_after = seconds_after(self.created_at[row], case.resolved_at)?;
        self.first_response_after[row] = first_response_after;
        self.resolved_after[row] = resolved_after;
        self.reopen_counts[row] = case.reopen_count;
        self.priority.set(row, case.priority);
        self.agent.set(row, case.agent);
        self.team.set(row, case.team);
        Ok(())
    }

    fn row_of(&self, case_id: i64) -> Result<usize, FactError> {
        self.ids
            .row_of(case_id)
            .map(|row| row as usize)
            .ok_or(FactError::UnknownCase(case_id))
    }

    /// Makes room for `additional` rows at once, so a bulk load does not over-allocate.
    pub fn reserve(&mut self, additional: usize) {
        self.customer_ids.reserve_exact(additional);
        for column in self.dimension_columns_mut() {
            column.reserve(additional);
        }
        self.created_at.reserve_exact(additional);
        self.first_response_after.reserve_exact(additional);
        self.resolved_after.reserve_exact(additional);
        self.reopen_counts.reserve_exact(additional);
    }

    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.customer_ids.shrink_to_fit();
        for column in self.dimension_columns_mut() {
            column.shrink_to_fit();
        }
        self.created_at.shrink_to_fit();
        self.first_response_after.shrink_to_fit();
        self.resolved_after.shrink_to_fit();
        self.reopen_counts.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.customer_ids.capacity() * size_of::<u32>()
            + [&self.channel, &self.priority, &self.agent, &self.team]
                .iter()
                .map(|column| column.heap_bytes())
                .sum::<usize>()
            + self.created_at.capacity() * size_of::<u32>()
            + self.first_response_after.capacity() * size_of::<i32>()
            + self.resolved_after.capacity() * size_of::<i32>()
            + self.reopen_counts.capacity()
    }

    fn dimension_columns_mut(&mut self) -> [&mut DimensionColumn; 4] {
        [
            &mut self.channel,
            &mut self.priority,
            &mut self.agent,
            &mut self.team,
        ]
    }

    pub(crate) fn first_response_after(&self) -> &[i32] {
        &self.first_response_after
    }

    /// For each case, when the same customer's next case was created (`u32::MAX` if none yet):
    /// a sort of all cases by customer and creation, done per FCR question.
    pub(crate) fn next_case_of_customer(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_unstable_by_key(|&row| {
            (
                self.customer_ids[row as usize],
                self.created_at[row as usize],
            )
        });
        let mut next = vec![u32::MAX; self.len()];
        for pair in order.windows(2) {
            let (this, after) = (pair[0] as usize, pair[1] as usize);
            if self.customer_ids[this] == self.customer_ids[after] {
                next[this] = self.created_at[after];
            }
        }
        next
    }

    pub(crate) fn resolved_after(&self) -> &[i32] {
        &self.resolved_after
    }

    pub(crate) fn reopen_counts(&self) -> &[u8] {
        &self.reopen_counts
    }
}

impl FactTable for CaseFacts {
    fn created_at(&self) -> &[u32] {
        &self.created_at
    }

    fn span(&self) -> Option<TimeSpan> {
        self.span
    }

    fn customer_ids(&self) -> &[u32] {
        &self.customer_ids
    }

    fn dimension(&self, dimension: Dimension) -> Option<&DimensionColumn> {
        match dimension {
            Dimension::Channel => Some(&self.channel),
            Dimension::Priority => Some(&self.priority),
            Dimension::Agent => Some(&self.agent),
            Dimension::Team => Some(&self.team),
            _ => None,
        }
    }
}

/// `at − created_at` in seconds; `NOT_YET` for `None`. Out of range beyond ±68 years.
fn seconds_after(created_at: u32, at: Option<i64>) -> Result<i32, FactError> {
    let Some(at) = at else {
        return Ok(NOT_YET);
    };
    at.checked_sub(i64::from(created_at))
        .and_then(|after| i32::try_from(after).ok())
        .filter(|&after| after != NOT_YET)
        .ok_or(FactError::TimestampOutOfRange(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: i64) -> CaseLifecycle<'static> {
        CaseLifecycle {
            case_id: id,
            customer_id: 1,
            channel: Some("email"),
            priority: Some("normal"),
            agent: None,
            team: None,
            created_at: 1_000_000,
            first_response_at: None,
            resolved_at: None,
            reopen_count: 0,
        }
    }

    #[test]
    fn lifecycle_updates_find_their_row_by_case_id() {
        let mut facts = CaseFacts::default();
        for id in [10, 11, 12] {
            facts.append(&case(id)).unwrap();
        }
        facts.record_first_response(11, 1_000_600).unwrap();
        facts.record_first_response(11, 1_000_900).unwrap();
        facts.record_resolution(11, 1_003_600).unwrap();
        assert_eq!(facts.first_response_after(), [NOT_YET, 600, NOT_YET]);
        assert_eq!(facts.resolved_after(), [NOT_YET, 3_600, NOT_YET]);

        facts.record_reopen(11).unwrap();
        assert_eq!(facts.resolved_after()[1], NOT_YET);
        assert_eq!(facts.reopen_counts(), [0, 1, 0]);
        facts.record_resolution(11, 1_007_200).unwrap();
        assert_eq!(facts.resolved_after()[1], 7_200);
    }

    #[test]
    fn upsert_appends_new_cases_and_overwrites_the_lifecycle_of_known_ones() {
        let mut facts = CaseFacts::default();
        facts.upsert(&case(1)).unwrap();
        let mut later = case(1);
        later.first_response_at = Some(1_000_060);
        later.resolved_at = Some(1_000_600);
        later.reopen_count = 2;
        later.agent = Some("a-9");
        facts.upsert(&later).unwrap();
        facts.upsert(&later).unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts.first_response_after(), [60]);
        assert_eq!(facts.resolved_after(), [600]);
        assert_eq!(facts.reopen_counts(), [2]);
        later.resolved_at = Some(i64::from(u32::MAX) * 2);
        assert!(facts.upsert(&later).is_err());
        assert_eq!(
            facts.resolved_after(),
            [600],
            "a refused upsert changes nothing"
        );
    }

    #[test]
    fn updates_of_unknown_cases_are_refused() {
        let mut facts = CaseFacts::default();
        facts.append(&case(1)).unwrap();
        assert_eq!(
            facts.record_resolution(2, 5),
            Err(FactError::UnknownCase(2))
        );
        assert_eq!(facts.record_reopen(0), Err(FactError::UnknownCase(0)));
    }

    #[test]
    fn moments_too_far_from_creation_are_refused_and_change_nothing() {
        let mut facts = CaseFacts::default();
        let mut far = case(1);
        far.resolved_at = Some(i64::from(u32::MAX) * 2);
        assert!(matches!(
            facts.append(&far),
            Err(FactError::TimestampOutOfRange(_))
        ));
        assert!(facts.is_empty());
        assert!(!facts.contains(1));
    }
}
