//! Web chat: the embeddable widget (`/widget.js`) and its WebSocket (`/chat/{inbox}/socket`).
//! A visitor is a customer recognised by the random token their browser keeps; an email address
//! it gives links only once the visitor proves it with a mailed code (see [`identity`]).

mod identity;
mod socket;
mod survey;
mod widget;

pub use socket::connect;
pub use widget::script;

use crate::state::AppState;

/// The name of a visitor's record until they give theirs, in the organisation's language.
async fn visitor_name(state: &AppState, given: Option<&String>) -> String {
    match given {
        Some(name) => name.clone(),
        None => store::organisation::language(&state.db)
            .await
            .unwrap_or_default()
            .chat_visitor()
            .into(),
    }
}
