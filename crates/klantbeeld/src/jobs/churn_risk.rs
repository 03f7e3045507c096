//! Fitting the churn-risk model: once the fact store is loaded, then every day, each node on its
//! own facts (the model is the same on every node, fitted from the same data).

use std::sync::Arc;
use std::time::Duration;

use web::LiveFacts;
use web::churn_risk::ChurnRisk;

const REFIT_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
const LOADED_POLL: Duration = Duration::from_secs(1);
/// After a fit that found too few customers: soon again, as customers are being imported.
const RETRY_AFTER: Duration = Duration::from_secs(10 * 60);

pub async fn run(facts: Arc<LiveFacts>, risk: Arc<ChurnRisk>) {
    while !facts.is_loaded() {
        tokio::time::sleep(LOADED_POLL).await;
    }
    loop {
        let started = std::time::Instant::now();
        let facts_now = facts.clone();
        let prepared = move |window: &analytics::RiskWindow| {
            facts_now
                .store
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .prepare_churn_risk(window)
        };
        let wait = match risk.refit(prepared).await {
            Ok(()) => {
                if let Some(fitted) = risk.current() {
                    tracing::info!(
                        auc = fitted.model.quality.auc,
                        customers = fitted.model.quality.n,
                        seconds = started.elapsed().as_secs_f64(),
                        "churn-risk model fitted"
                    );
                }
                REFIT_EVERY
            }
            Err(err) => {
                tracing::info!(reason = %err, "no churn-risk model yet");
                RETRY_AFTER
            }
        };
        tokio::time::sleep(wait).await;
    }
}
