//! Channel adapters. Each turns what an outside system sends into plain data the store can thread
//! (and back): raw RFC 5322 mail, IMAP mailboxes, SMTP relays, SMS/WhatsApp providers, PBX call events.
//! No database access here: the web and binary crates decide what to store.

pub mod email;
pub mod phone;
pub mod sms;
