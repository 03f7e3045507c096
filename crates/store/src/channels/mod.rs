//! What the channels need stored: inboxes, attachments, replies waiting to go out, phone calls,
//! callback requests, the mailbox positions of IMAP polling, and the texts each inbox sent this
//! hour.

pub mod attachments;
pub mod callbacks;
pub mod calls;
pub mod email_flags;
pub mod inboxes;
pub mod mailbox;
pub mod outbox;
pub mod send_budget;
