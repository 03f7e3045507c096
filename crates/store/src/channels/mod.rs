//! What the channels need stored: inboxes, attachments, replies waiting to go out, phone calls, callback
//! requests, and the mailbox positions of IMAP polling.

pub mod attachments;
pub mod callbacks;
pub mod calls;
pub mod email_flags;
pub mod inboxes;
pub mod mailbox;
pub mod outbox;
