//! This node's churn-risk model: fitted from the fact store at start and daily (the binary's
//! job), held here for the risk list, the customer page and scoring other systems' records.

use std::sync::{Arc, RwLock};

use analytics::{Prepared, RiskError, RiskModel, RiskWindow};
use chrono::{DateTime, Utc};

/// Days after which a customer who is still active counts as having stayed.
pub const OUTCOME_DAYS: u16 = 90;

pub struct Fitted {
    pub model: RiskModel,
    pub fitted_at: DateTime<Utc>,
}

/// The latest model, or why there is none.
#[derive(Default)]
pub struct ChurnRisk {
    current: RwLock<Option<Arc<Fitted>>>,
    last_error: RwLock<Option<String>>,
}

impl ChurnRisk {
    pub fn current(&self) -> Option<Arc<Fitted>> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Why the last fit gave no model (too few customers, ...), for the page and the API.
    pub fn last_error(&self) -> Option<String> {
        self.last_error
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Refits from the training set `prepare` reads (under the fact store's read lock, which it
    /// lets go before the fit runs, so metrics and the event tail are not held up for seconds).
    pub async fn refit(
        &self,
        prepare: impl FnOnce(&RiskWindow) -> Result<Prepared, RiskError> + Send + 'static,
    ) -> Result<(), RiskError> {
        let now = Utc::now();
        let fitted = tokio::task::spawn_blocking(move || prepare(&window(now))?.fit())
            .await
            .map_err(|err| RiskError::Fit(err.to_string()))
            .and_then(|fitted| fitted);
        let mut last_error = self
            .last_error
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match fitted {
            Ok(model) => {
                *last_error = None;
                *self
                    .current
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::new(Fitted {
                    model,
                    fitted_at: now,
                }));
                Ok(())
            }
            Err(err) => {
                *last_error = Some(err.to_string());
                Err(err)
            }
        }
    }
}

/// The outcome window ending now.
pub fn window(now: DateTime<Utc>) -> RiskWindow {
    let mut window = RiskWindow::new(now.timestamp());
    window.days = OUTCOME_DAYS;
    window
}
