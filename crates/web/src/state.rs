use std::sync::Arc;

use store::Db;
use store::intake::{Intake, IntakeConfig};

use crate::auth::rate_limit::LoginLimiter;
use crate::metrics::Metrics;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Set the `Secure` flag on session cookies (serve over HTTPS).
    pub secure_cookies: bool,
    /// How long an agent stays logged in.
    pub session_hours: i64,
    /// Inbound contacts that may wait for the database at once; more are refused with 503.
    pub intake_queue: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            max_body_bytes: 1024 * 1024,
            secure_cookies: false,
            session_hours: 12,
            intake_queue: 4096,
        }
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Group-committed writes of inbound contacts.
    pub intake: Intake,
    pub config: Arc<WebConfig>,
    pub(crate) login_limiter: Arc<LoginLimiter>,
    pub(crate) metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(db: Db, config: WebConfig) -> Self {
        AppState {
            intake: Intake::start(
                db.clone(),
                IntakeConfig {
                    queue: config.intake_queue.max(1),
                    ..IntakeConfig::for_db(&db)
                },
            ),
            db,
            config: Arc::new(config),
            login_limiter: Arc::new(LoginLimiter::default()),
            metrics: Arc::new(Metrics::default()),
        }
    }
}
