//! Survey responses: one row per answered NPS, CSAT or CES question, 14 bytes each.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{FactError, TimeSpan, customer_code, unix_seconds};
use crate::dict::DimensionColumn;
use crate::id_index::IdIndex;
use crate::query::Dimension;
use crate::scan::FactTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurveyKind {
    Nps,
    Csat,
    Ces,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Csat => "csat",
            SurveyKind::Ces => "ces",
        }
    }

    /// The answers the question allows: NPS 0–10, CSAT 1–5, CES 1–7.
    pub fn scale(self) -> RangeInclusive<i16> {
        match self {
            SurveyKind::Nps => 0..=10,
            SurveyKind::Csat => 1..=5,
            SurveyKind::Ces => 1..=7,
        }
    }

    /// The high nibble of a packed kind-and-score byte.
    pub(crate) fn code(self) -> u8 {
        match self {
            SurveyKind::Nps => 0,
            SurveyKind::Csat => 1,
            SurveyKind::Ces => 2,
        }
    }
}

impl fmt::Display for SurveyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a survey kind: nps, csat or ces")]
pub struct UnknownSurveyKind(pub String);

impl FromStr for SurveyKind {
    type Err = UnknownSurveyKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nps" => Ok(SurveyKind::Nps),
            "csat" => Ok(SurveyKind::Csat),
            "ces" => Ok(SurveyKind::Ces),
            _ => Err(UnknownSurveyKind(s.chars().take(40).collect())),
        }
    }
}

/// One answered survey question, as the caller feeds it. Missing dimensions are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyResponse<'a> {
    pub response_id: i64,
    pub customer_id: i64,
    pub kind: SurveyKind,
    pub score: i16,
    pub channel: Option<&'a str>,
    pub touchpoint: Option<&'a str>,
    pub segment: Option<&'a str>,
    /// The agent's external id.
    pub agent: Option<&'a str>,
    /// Unix seconds, UTC.
    pub created_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct SurveyFacts {
    ids: IdIndex,
    pub(crate) customer_ids: Vec<u32>,
    /// Kind in the high nibble, score in the low one: every score fits 0–15.
    pub(crate) kind_scores: Vec<u8>,
    channel: DimensionColumn,
    touchpoint: DimensionColumn,
    segment: DimensionColumn,
    agent: DimensionColumn,
    pub(crate) created_at: Vec<u32>,
    span: Option<TimeSpan>,
}

impl SurveyFacts {
    pub fn len(&self) -> usize {
        self.created_at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.created_at.is_empty()
    }

    /// Whether any response ever came on `channel`: lets a caller skip a query that would find
    /// nothing (the anonymous share of a figure, when no open link was ever answered).
    pub fn has_channel(&self, channel: &str) -> bool {
        self.channel.dictionary.code(channel).is_some()
    }

    pub fn append(&mut self, response: &SurveyResponse<'_>) -> Result<(), FactError> {
        let row = u32::try_from(self.len()).map_err(|_| FactError::TableFull)?;
        if !response.kind.scale().contains(&response.score) {
            return Err(FactError::ScoreOutOfRange {
                kind: response.kind,
                score: response.score,
            });
        }
        let customer = customer_code(response.customer_id)?;
        let created_at = unix_seconds(response.created_at)?;
        if !self.ids.insert(response.response_id, row) {
            return Err(FactError::DuplicateId(response.response_id));
        }
        self.customer_ids.push(customer);
        self.kind_scores
            .push(response.kind.code() << 4 | response.score as u8);
        self.channel.push(response.channel);
        self.touchpoint.push(response.touchpoint);
        self.segment.push(response.segment);
        self.agent.push(response.agent);
        self.created_at.push(created_at);
        self.span = Some(TimeSpan::widen(self.span, created_at));
        Ok(())
    }

    /// Appends the response, or when it is present already (a customer who changed their answer)
    /// sets its score; the other attributes of a response do not change.
    pub fn upsert(&mut self, response: &SurveyResponse<'_>) -> Result<(), FactError> {
        let Some(row) = self.ids.row_of(response.response_id) else {
            return self.append(response);
        };
        if !response.kind.scale().contains(&response.score) {
            return Err(FactError::ScoreOutOfRange {
                kind: response.kind,
                score: response.score,
            });
        }
        self.kind_scores[row as usize] = response.kind.code() << 4 | response.score as u8;
        Ok(())
    }

    /// Appends every row of `other` after this table's rows, as if appended one by one: how a
    /// load read in parts on several threads becomes one table. Refused, changing nothing, when
    /// a response is in both.
    pub fn append_table(&mut self, other: &SurveyFacts) -> Result<(), FactError> {
        let offset = u32::try_from(self.len()).map_err(|_| FactError::TableFull)?;
        offset
            .checked_add(u32::try_from(other.len()).map_err(|_| FactError::TableFull)?)
            .ok_or(FactError::TableFull)?;
        if let Some(id) = other.ids.ids().find(|&id| self.contains(id)) {
            return Err(FactError::DuplicateId(id));
        }
        self.ids.append_index(&other.ids, offset);
        self.customer_ids.extend_from_slice(&other.customer_ids);
        self.kind_scores.extend_from_slice(&other.kind_scores);
        self.channel.append_column(&other.channel);
        self.touchpoint.append_column(&other.touchpoint);
        self.segment.append_column(&other.segment);
        self.agent.append_column(&other.agent);
        self.created_at.extend_from_slice(&other.created_at);
        if let Some(span) = other.span {
            let widened = TimeSpan::widen(self.span, span.first);
            self.span = Some(TimeSpan::widen(Some(widened), span.last));
        }
        Ok(())
    }

    pub fn contains(&self, response_id: i64) -> bool {
        self.ids.row_of(response_id).is_some()
    }

    /// Makes room for `additional` rows at once, so a bulk load does not over-allocate.
    pub fn reserve(&mut self, additional: usize) {
        self.customer_ids.reserve_exact(additional);
        self.kind_scores.reserve_exact(additional);
        for column in self.dimension_columns_mut() {
            column.reserve(additional);
        }
        self.created_at.reserve_exact(additional);
    }

    pub fn shrink_to_fit(&mut self) {
        self.ids.shrink_to_fit();
        self.customer_ids.shrink_to_fit();
        self.kind_scores.shrink_to_fit();
        for column in self.dimension_columns_mut() {
            column.shrink_to_fit();
        }
        self.created_at.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.customer_ids.capacity() * size_of::<u32>()
            + self.kind_scores.capacity()
            + [&self.channel, &self.touchpoint, &self.segment, &self.agent]
                .iter()
                .map(|column| column.heap_bytes())
                .sum::<usize>()
            + self.created_at.capacity() * size_of::<u32>()
    }

    fn dimension_columns_mut(&mut self) -> [&mut DimensionColumn; 4] {
        [
            &mut self.channel,
            &mut self.touchpoint,
            &mut self.segment,
            &mut self.agent,
        ]
    }

    pub(crate) fn kind_scores(&self) -> &[u8] {
        &self.kind_scores
    }
}

impl FactTable for SurveyFacts {
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
            Dimension::Touchpoint => Some(&self.touchpoint),
            Dimension::Segment => Some(&self.segment),
            Dimension::Agent => Some(&self.agent),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(id: i64, kind: SurveyKind, score: i16) -> SurveyResponse<'static> {
        SurveyResponse {
            response_id: id,
            customer_id: 7,
            kind,
            score,
            channel: Some("email"),
            touchpoint: Some("billing"),
            segment: None,
            agent: Some("a-1"),
            created_at: 1_700_000_000,
        }
    }

    #[test]
    fn scores_outside_the_scale_are_refused_and_change_nothing() {
        let mut facts = SurveyFacts::default();
        let refused = facts.append(&response(1, SurveyKind::Csat, 0));
        assert_eq!(
            refused,
            Err(FactError::ScoreOutOfRange {
                kind: SurveyKind::Csat,
                score: 0
            })
        );
        assert!(facts.append(&response(1, SurveyKind::Nps, 11)).is_err());
        assert!(facts.is_empty());
        assert!(!facts.contains(1));
        facts.append(&response(1, SurveyKind::Nps, 10)).unwrap();
        assert_eq!(facts.kind_scores(), [10]);
    }

    #[test]
    fn a_table_appended_whole_equals_its_rows_appended_one_by_one() {
        let kinds = [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces];
        let rows: Vec<SurveyResponse<'static>> = (0..600)
            .map(|id| {
                let mut row = response(id, kinds[id as usize % 3], 3);
                row.channel = [Some("email"), Some("chat"), None][id as usize % 3];
                row.agent = Some(["a-1", "a-2", "a-3", "a-4"][id as usize % 4]);
                row.created_at += id * 3600;
                row
            })
            .collect();
        let mut one_by_one = SurveyFacts::default();
        let (mut head, mut tail) = (SurveyFacts::default(), SurveyFacts::default());
        for row in &rows {
            one_by_one.append(row).unwrap();
        }
        // The tail's dictionaries meet values in another order than the head's.
        for row in rows[300..].iter().rev() {
            tail.append(row).unwrap();
        }
        for row in &rows[..300] {
            head.append(row).unwrap();
        }
        head.append_table(&tail).unwrap();
        assert_eq!(head.len(), 600);
        for id in [0, 299, 300, 599] {
            let row = head.ids.row_of(id).unwrap() as usize;
            assert_eq!(head.created_at[row], 1_700_000_000 + id as u32 * 3600);
            assert_eq!(
                head.agent.dictionary.label(agent_code(&head, row)),
                rows[id as usize].agent
            );
        }
        assert_eq!(head.span, one_by_one.span);
        assert_eq!(head.append_table(&tail), Err(FactError::DuplicateId(300)));
        assert_eq!(head.len(), 600);
    }

    fn agent_code(facts: &SurveyFacts, row: usize) -> u32 {
        match &facts.agent.codes {
            crate::dict::CodeColumn::Narrow(codes) => u32::from(codes[row]),
            crate::dict::CodeColumn::Medium(codes) => u32::from(codes[row]),
            crate::dict::CodeColumn::Wide(codes) => codes[row],
        }
    }

    #[test]
    fn a_response_is_stored_once() {
        let mut facts = SurveyFacts::default();
        facts.append(&response(5, SurveyKind::Ces, 7)).unwrap();
        assert_eq!(
            facts.append(&response(5, SurveyKind::Ces, 6)),
            Err(FactError::DuplicateId(5))
        );
        assert_eq!(facts.len(), 1);
    }

    #[test]
    fn timestamps_and_customers_must_fit_their_columns() {
        let mut facts = SurveyFacts::default();
        let mut early = response(1, SurveyKind::Nps, 9);
        early.created_at = -1;
        assert_eq!(
            facts.append(&early),
            Err(FactError::TimestampOutOfRange(-1))
        );
        let mut big = response(1, SurveyKind::Nps, 9);
        big.customer_id = 1 << 40;
        assert!(matches!(
            facts.append(&big),
            Err(FactError::CustomerIdOutOfRange(_))
        ));
        assert!(facts.is_empty());
    }
}
