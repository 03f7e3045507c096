//! Email: parsing raw messages, composing replies, SMTP out, IMAP in.
//!
//! Inbound mail arrives as raw RFC 5322 bytes (IMAP or a pipe from an MTA) and is turned into a
//! [`ParsedEmail`]; replies are built with [`compose`] and sent with [`SmtpSender`]. Threading uses
//! Message-ID / In-Reply-To / References first and the `[#1234]` subject tag as a fallback, because
//! many clients drop the reference headers.

mod auth_results;
mod compose;
mod html;
mod imap;
mod parse;
mod quote;
mod reference;
mod smtp;

pub use auth_results::{AuthVerdicts, authentication_verdicts};
pub use compose::{
    ComposeError, Extras, Outgoing, OutgoingAttachment, compose, compose_auto_reply, compose_with,
    new_message_id,
};
pub use html::html_to_text;
pub use imap::{Fetched, ImapAccount, ImapError, fetch_since, wait_for_new};
pub use parse::{Attachment, Automated, Mailbox, ParseError, ParsedEmail, parse};
pub use quote::trim_quoted;
pub use reference::{case_reference, subject_with_reference, subject_with_tag};
pub use smtp::{Security, SendError, SmtpSender, SmtpUrlError};
