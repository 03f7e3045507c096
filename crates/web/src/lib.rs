//! Klantbeeld's HTTP surface: the JSON API under `/api/v1`, its OpenAPI document, the server-rendered
//! agent UI, health and metrics. Every route is listed in [`router`].
//!
//! Handlers live in `api/`, `pages/`, `hooks/` and `chat/`, and only the router mounts them. What
//! more than one handler (or the binary's jobs) needs is a use case or a service: a top-level
//! module beside the handlers that never imports one. [`AppState`] holds only services that do
//! not name it. `scripts/module_cycles.py` checks both, and that no import circle remains.

// Handlers, and the router that mounts them.
mod api;
mod assets;
mod chat;
mod hooks;
mod pages;
mod router;

// Use cases the handlers share.
mod attachments;
mod business_events;
mod callbacks;
pub mod churn;
pub mod churn_risk;
pub mod email_intake;
mod finder;
mod inbound;
mod inbox_admin;
mod inbox_view;
mod metric_answers;
mod organisation;
mod outgoing;
mod public_address;
mod surveys;

// Services, the router's layers, and the state that holds them.
mod auth;
mod calendar;
mod csv_file;
mod error;
mod extract;
mod form_stamp;
mod input;
mod live;
mod login_throttle;
mod metrics;
mod multipart;
mod password;
mod state;
mod throttle;
mod timeout;
mod uploads;

pub use callbacks::PER_NUMBER_PER_DAY as PER_NUMBER_CALLBACKS_PER_DAY;
pub use error::{ApiError, ErrorCode};
pub use live::Live;
pub use password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, acceptable_password, hash_password};
pub use router::{API_PREFIX, HOOKS_PREFIX, described_routes, router};
pub use state::{
    AppState, CALLBACKS_PER_HOUR, CHAT_MESSAGES_PER_MINUTE, LiveFacts, LiveSearch,
    NEW_CHAT_VISITORS_PER_HOUR, OPEN_SURVEY_ANSWERS_PER_HOUR, WebConfig,
};
