//! Web chat: the embeddable widget (`/widget.js`) and its WebSocket (`/chat/{inbox}/socket`).
//! A visitor is a customer recognised by the random token their browser keeps; an email address
//! it gives links only once the visitor proves it with a mailed code (see [`identity`]).

mod identity;
mod socket;
mod survey;
mod widget;

pub use socket::connect;
pub use widget::script;

/// The name of a visitor's record until they give theirs.
pub const VISITOR: &str = "Chat visitor";
