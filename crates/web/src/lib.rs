//! Klantbeeld's HTTP surface: the JSON API under `/api/v1`, its OpenAPI document, the server-rendered
//! agent UI, health and metrics. Every route is listed in [`router`].

mod api;
mod assets;
mod attachments;
mod auth;
mod business_events;
mod calendar;
mod callbacks;
mod chat;
mod csv_file;
pub mod email_intake;
mod error;
mod extract;
mod finder;
mod form_stamp;
mod hooks;
mod inbound;
mod inbox_admin;
mod inbox_view;
mod input;
mod live;
mod login_throttle;
mod metric_answers;
mod metrics;
mod multipart;
mod organisation;
mod outgoing;
mod pages;
mod password;
mod public_address;
mod router;
mod state;
mod surveys;
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
