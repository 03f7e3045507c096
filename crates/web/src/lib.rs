//! Klantbeeld's HTTP surface: the JSON API under `/api/v1`, its OpenAPI document, the server-rendered
//! agent UI, health and metrics. Every route is listed in [`router`].

mod api;
mod assets;
mod attachments;
mod auth;
mod callbacks;
mod chat;
mod error;
mod extract;
pub mod hooks;
mod live;
mod metrics;
mod pages;
mod router;
mod state;
mod throttle;

pub use auth::password::{
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, acceptable_password, hash_password,
};
pub use error::ApiError;
pub use live::Live;
pub use router::router;
pub use state::{AppState, LiveFacts, OPEN_SURVEY_ANSWERS_PER_HOUR, WebConfig};
