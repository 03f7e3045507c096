//! Web chat: the embeddable widget (`/widget.js`) and its WebSocket (`/chat/{inbox}/socket`).
//! A visitor is a customer recognised by the random token their browser keeps; leaving an email
//! address links that customer to their email history (merging the two records when both exist).

mod socket;
mod survey;
mod widget;

pub use socket::connect;
pub use widget::script;
