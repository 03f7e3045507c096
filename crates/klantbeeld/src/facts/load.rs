//! Building the fact store from the tables, read in id order on two threads (each with its own
//! connection), into columns reserved once for the number of rows.

use std::ops::RangeInclusive;
use std::sync::Arc;

use analytics::{CaseFacts, FactError, FactStore, SurveyFacts};
use store::fact_rows::{self, CaseFact, SurveyFact};
use store::{Db, StoreError};

use super::labels::Labels;
use super::{case_lifecycle, survey_response};
use store::events::EventCursor;

/// The whole fact store, the labels it was built with, and where the tail starts.
pub struct Loaded {
    pub store: FactStore,
    pub labels: Labels,
    pub cursor: EventCursor,
    /// Rows naming an agent or team created after the labels were read (an import committing
    /// during the load); the tail skips rows it already holds, so such a load is done again.
    pub unlabelled: u64,
}

/// Reads the fact store from the tables.
///
/// Two threads share the work evenly: one reads the first part of the survey responses, the
/// other the cases and then the rest of the responses, which are appended to the first part.
pub async fn everything(db: &Db) -> Result<Loaded, StoreError> {
    // The log's position is read first: whatever commits while the tables are read is applied
    // again by the tail, which is harmless (known ids are skipped, case rows are upserted).
    let cursor = EventCursor::at_latest(db).await?;
    let labels = Arc::new(Labels::load(db).await?);
    let (highest_survey, highest_case) = fact_rows::highest_ids(db).await?;
    // Ids from one sequence each: the highest is (about) the row count. A case costs about
    // what a response does to load.
    let split = highest_survey.min((highest_survey + highest_case) / 2);
    let first_part = surveys(db, 0..=split, highest_survey, labels.clone());
    let second_part = async {
        let cases = cases(db, highest_case, labels.clone()).await?;
        let surveys = surveys(
            db,
            split + 1..=i64::MAX,
            highest_survey - split,
            labels.clone(),
        )
        .await?;
        Ok::<_, StoreError>((cases, surveys))
    };
    let ((mut surveys, first_unlabelled), ((cases, case_unlabelled), (rest, rest_unlabelled))) =
        tokio::try_join!(first_part, second_part)?;
    if let Err(err) = surveys.append_table(&rest) {
        // The id ranges do not overlap, so this cannot happen; keep the first part if it does.
        tracing::error!(error = %err, "joining the parts of the survey load failed");
    }
    drop(rest);
    let mut store = FactStore {
        surveys,
        cases,
        ..FactStore::default()
    };
    super::customers::load(db, &mut store).await?;
    store.shrink_to_fit();
    Ok(Loaded {
        store,
        labels: Arc::unwrap_or_clone(labels),
        cursor,
        unlabelled: first_unlabelled + case_unlabelled + rest_unlabelled,
    })
}

/// Rows the engine refused (a timestamp or score it cannot hold); counted and logged, not fatal.
#[derive(Default)]
struct Refusals {
    count: u64,
    first: Option<String>,
}

impl Refusals {
    fn note(&mut self, id: i64, why: impl ToString) {
        self.count += 1;
        self.first
            .get_or_insert_with(|| format!("id {id}: {}", why.to_string()));
    }

    fn report(&self, table: &str) {
        if let Some(first) = &self.first {
            tracing::warn!(table, count = self.count, first = %first, "rows left out of the fact store");
        }
    }
}

struct SurveyLoad {
    facts: SurveyFacts,
    labels: Arc<Labels>,
    refusals: Refusals,
    unlabelled: u64,
}

impl SurveyLoad {
    fn add(&mut self, row: &SurveyFact<'_>) {
        if !self.labels.knows(row.agent_id, []) {
            self.unlabelled += 1;
        }
        let Some(response) = survey_response(row, &self.labels) else {
            self.refusals.note(
                row.id,
                format!("survey kind {:?} or score {}", row.kind, row.score),
            );
            return;
        };
        match self.facts.append(&response) {
            Ok(()) | Err(FactError::DuplicateId(_)) => {}
            Err(err) => self.refusals.note(row.id, err),
        }
    }
}

/// The survey responses with ids in `ids`, in columns reserved for `expected` rows, and how many
/// of them named an agent without a label.
async fn surveys(
    db: &Db,
    ids: RangeInclusive<i64>,
    expected: i64,
    labels: Arc<Labels>,
) -> Result<(SurveyFacts, u64), StoreError> {
    let mut facts = SurveyFacts::default();
    facts.reserve(usize::try_from(expected).unwrap_or(0));
    let load = SurveyLoad {
        facts,
        labels,
        refusals: Refusals::default(),
        unlabelled: 0,
    };
    let load = fact_rows::surveys(db, ids, load, SurveyLoad::add).await?;
    load.refusals.report("survey_responses");
    Ok((load.facts, load.unlabelled))
}

struct CaseLoad {
    facts: CaseFacts,
    labels: Arc<Labels>,
    refusals: Refusals,
    unlabelled: u64,
}

impl CaseLoad {
    fn add(&mut self, row: &CaseFact<'_>) {
        if !self.labels.knows(row.assignee_id, row.team_id) {
            self.unlabelled += 1;
        }
        match self.facts.append(&case_lifecycle(row, &self.labels)) {
            Ok(()) | Err(FactError::DuplicateId(_)) => {}
            Err(err) => self.refusals.note(row.id, err),
        }
    }
}

async fn cases(
    db: &Db,
    expected: i64,
    labels: Arc<Labels>,
) -> Result<(CaseFacts, u64), StoreError> {
    let mut facts = CaseFacts::default();
    facts.reserve(usize::try_from(expected).unwrap_or(0));
    let load = CaseLoad {
        facts,
        labels,
        refusals: Refusals::default(),
        unlabelled: 0,
    };
    let load = fact_rows::cases(db, 0..=i64::MAX, load, CaseLoad::add).await?;
    load.refusals.report("cases");
    Ok((load.facts, load.unlabelled))
}
