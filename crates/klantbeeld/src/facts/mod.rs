//! This node's fact store: loaded from the database at start ([`load`]), then kept current by
//! tailing the event log ([`tail`]). The web layer answers metrics from it once it is loaded.

mod customers;
mod labels;
mod load;
mod tail;

use std::sync::Arc;
use std::time::{Duration, Instant};

use analytics::{CaseLifecycle, SurveyKind, SurveyResponse};
use store::Db;
use store::fact_rows::{CaseFact, SurveyFact};
use web::LiveFacts;

use labels::Labels;

/// How long to wait before trying again when the database cannot be read.
const RETRY_AFTER: Duration = Duration::from_secs(2);

/// How often a load that met agents or teams newer than its labels is done again.
const MAX_RELOADS: u32 = 3;

/// Loads the fact store, then follows the event log until the task is aborted.
pub fn start(db: Db, facts: Arc<LiveFacts>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let started = Instant::now();
        let mut attempts = 0;
        let loaded = loop {
            match load::everything(&db).await {
                Ok(loaded) if loaded.unlabelled > 0 && attempts < MAX_RELOADS => {
                    attempts += 1;
                    tracing::info!(
                        rows = loaded.unlabelled,
                        "agents or teams were created during the load; loading again"
                    );
                }
                Ok(loaded) => break loaded,
                Err(err) => {
                    tracing::warn!(error = %err, "loading the fact store failed; retrying");
                    tokio::time::sleep(RETRY_AFTER).await;
                }
            }
        };
        tracing::info!(
            surveys = loaded.store.surveys.len(),
            cases = loaded.store.cases.len(),
            heap_bytes = loaded.store.heap_bytes(),
            seconds = started.elapsed().as_secs_f64(),
            "fact store loaded"
        );
        facts.finish_loading(loaded.store);
        tail::follow(&db, &facts, loaded.labels, loaded.cursor).await;
    })
}

/// The engine's view of a survey row; `None` for a kind the engine does not know.
fn survey_response<'a>(row: &SurveyFact<'a>, labels: &'a Labels) -> Option<SurveyResponse<'a>> {
    Some(SurveyResponse {
        response_id: row.id,
        customer_id: row.customer_id,
        kind: row.kind.parse::<SurveyKind>().ok()?,
        score: i16::try_from(row.score).ok()?,
        channel: row.channel,
        touchpoint: row.touchpoint,
        segment: row.segment,
        agent: row.agent_id.and_then(|id| labels.agent(id)),
        created_at: row.created_at,
    })
}

fn case_lifecycle<'a>(row: &CaseFact<'a>, labels: &'a Labels) -> CaseLifecycle<'a> {
    CaseLifecycle {
        case_id: row.id,
        customer_id: row.customer_id,
        channel: Some(row.channel),
        priority: Some(row.priority),
        agent: row.assignee_id.and_then(|id| labels.agent(id)),
        team: row.team_id.and_then(|id| labels.team(id)),
        created_at: row.created_at,
        first_response_at: row.first_response_at,
        resolved_at: row.resolved_at,
        reopen_count: u8::try_from(row.reopen_count).unwrap_or(u8::MAX),
    }
}
