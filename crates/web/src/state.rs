use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use analytics::FactStore;
use store::Db;
use store::intake::{Intake, IntakeConfig};

use crate::calendar::CalendarCache;
use crate::email_intake::EmailIntake;
use crate::live::Live;
use crate::login_throttle::LoginLimiter;
use crate::metrics::Metrics;
use crate::password::PasswordWork;
use crate::throttle::Throttle;

/// Settings of the HTTP layer, as the binary resolved them from its configuration
/// (`klantbeeld::config::Config`, where each setting, its default and its documentation are
/// declared once). No defaults here: every value comes from there.
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
    /// The address outside systems reach this server at (`https://support.example.nl`); webhook
    /// signatures are computed over it. Without it, the request's Host header is used.
    pub public_url: Option<String>,
    /// How long a customer is told to wait at most for a callback without a preferred time.
    pub callback_promise_minutes: i64,
    /// Attempts before a callback counts as failed, and the time between them.
    pub callback_attempts: i64,
    pub callback_spacing_minutes: i64,
    /// Client addresses that may read `/metrics` (never a request relayed by a proxy).
    pub metrics_allow_from: Vec<ipnet::IpNet>,
    /// When set, `/metrics` also needs `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// Countries (ISO codes, upper case) callbacks from the public form and the chat may be for.
    pub sms_countries: Vec<String>,
}

/// Open survey links one client address may start per hour: enough for a shared office, too few to
/// stuff a survey's figures.
pub const OPEN_SURVEY_ANSWERS_PER_HOUR: usize = 10;

/// Callbacks one client address may ask for per hour from the public form and the chat.
pub const CALLBACKS_PER_HOUR: usize = 5;
/// Messages one chat visitor may send per minute: brisk typing, not a script.
pub const CHAT_MESSAGES_PER_MINUTE: usize = 20;
/// New chat visitors (customer records) one client address may start per hour.
pub const NEW_CHAT_VISITORS_PER_HOUR: usize = 10;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Group-committed writes of inbound contacts.
    pub intake: Intake,
    pub config: Arc<WebConfig>,
    pub(crate) login_limiter: Arc<LoginLimiter>,
    /// Anonymous answers through open survey links, per client address.
    pub(crate) open_survey_throttle: Arc<Throttle>,
    /// Callbacks asked for from the public form and the chat, per client address.
    pub(crate) callback_throttle: Arc<Throttle>,
    /// Chat messages per visitor, and new chat visitors' records per client address.
    pub(crate) chat_message_throttle: Arc<Throttle>,
    pub(crate) chat_customer_throttle: Arc<Throttle>,
    /// The key public forms' stamps are signed with (see [`crate::form_stamp`]).
    pub(crate) form_key: Arc<std::sync::OnceLock<Vec<u8>>>,
    pub(crate) passwords: Arc<PasswordWork>,
    pub(crate) metrics: Arc<Metrics>,
    /// What the metrics API answers from; filled and kept current outside the web layer.
    pub facts: Arc<LiveFacts>,
    /// The churn-risk model, fitted from `facts` by the binary's job.
    pub churn_risk: Arc<crate::churn_risk::ChurnRisk>,
    /// What search answers from; opened, filled and kept current outside the web layer.
    pub search: Arc<LiveSearch>,
    /// Committed events for live views, and which agents are online.
    pub live: Arc<Live>,
    /// The business calendar, with the settings it was built from.
    pub(crate) calendar: Arc<CalendarCache>,
    /// Email in, from the email hook and the IMAP poller.
    pub email: EmailIntake,
    /// Opens the first-run page `/setup` from another machine while no agent exists.
    pub(crate) first_run_key: Option<Arc<str>>,
}

/// The in-memory fact store of this node: empty until the loader has read the database, then
/// kept current from the event log. Queries hold the read lock; updates the write lock briefly.
#[derive(Default)]
pub struct LiveFacts {
    pub store: RwLock<FactStore>,
    loaded: AtomicBool,
}

impl LiveFacts {
    /// Whether the store holds the whole database yet; until then metrics are refused (503).
    pub fn is_loaded(&self) -> bool {
        self.loaded.load(Ordering::Acquire)
    }

    /// Replaces the store with a freshly loaded one and opens it to queries.
    pub fn finish_loading(&self, loaded: FactStore) {
        *self
            .store
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = loaded;
        self.loaded.store(true, Ordering::Release);
    }
}

/// This node's search index: absent until it is opened and, when it was missing, rebuilt; then
/// kept current from the event log. Until then searches are refused (503).
#[derive(Default)]
pub struct LiveSearch {
    index: OnceLock<search::SearchIndex>,
}

impl LiveSearch {
    pub fn index(&self) -> Option<&search::SearchIndex> {
        self.index.get()
    }

    /// Opens the index to queries.
    pub fn finish_loading(&self, index: search::SearchIndex) {
        let _ = self.index.set(index);
    }
}

impl AppState {
    /// Fails when intake cannot start its writers (the SQLite writer opens its own connection).
    pub fn new(db: Db, config: WebConfig) -> Result<Self, store::StoreError> {
        let intake = Intake::start(
            db.clone(),
            IntakeConfig {
                queue: config.intake_queue.max(1),
                ..IntakeConfig::for_db(&db)
            },
        )?;
        Ok(AppState {
            email: EmailIntake::new(db.clone(), intake.clone()),
            intake,
            db,
            config: Arc::new(config),
            login_limiter: Arc::new(LoginLimiter::default()),
            open_survey_throttle: Arc::new(Throttle::new(
                OPEN_SURVEY_ANSWERS_PER_HOUR,
                Duration::from_secs(3600),
            )),
            callback_throttle: Arc::new(Throttle::new(
                CALLBACKS_PER_HOUR,
                Duration::from_secs(3600),
            )),
            chat_message_throttle: Arc::new(Throttle::new(
                CHAT_MESSAGES_PER_MINUTE,
                Duration::from_secs(60),
            )),
            chat_customer_throttle: Arc::new(Throttle::new(
                NEW_CHAT_VISITORS_PER_HOUR,
                Duration::from_secs(3600),
            )),
            form_key: Arc::default(),
            passwords: Arc::new(PasswordWork::default()),
            metrics: Arc::new(Metrics::default()),
            facts: Arc::new(LiveFacts::default()),
            churn_risk: Arc::default(),
            search: Arc::new(LiveSearch::default()),
            live: Arc::new(Live::default()),
            calendar: Arc::default(),
            first_run_key: None,
        })
    }

    /// What replies may be sent on, for [`store::reply_routes::of_case`].
    pub fn reach(&self) -> store::reply_routes::Reach<'_> {
        store::reply_routes::Reach {
            sms_countries: &self.config.sms_countries,
        }
    }

    /// Lets `/setup?key=KEY` create the first admin from any address (the server prints it at
    /// start when the database has no agent); without it only this machine may.
    pub fn with_first_run_key(mut self, key: String) -> Self {
        self.first_run_key = Some(key.into());
        self
    }
}
