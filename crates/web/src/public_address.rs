//! The addresses Klantbeeld hands to outside systems and people: webhooks, the chat widget, setup
//! links.

use axum::http::{HeaderMap, header};

use crate::state::AppState;

/// The base address outside systems reach us at: the configured public URL, else this request's Host.
pub fn public_base(state: &AppState, headers: &HeaderMap) -> String {
    match &state.config.public_url {
        Some(base) => base.trim_end_matches('/').to_string(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    }
}

/// The address of a setup link: `<public_url>/setup/<token>`.
pub fn setup_url(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    format!("{}/setup/{token}", public_base(state, headers))
}
