//! The security probe: each flaw it found, as an automated attack against a running server.

mod chat;
mod hooks;
mod other_teams;
mod server;
mod sms;
mod surveys;
mod writing;
