//! The Klantbeeld application: configuration, startup and shutdown, and the commands of the
//! `klantbeeld` binary. The binary is a thin CLI over this library, so tests start the same server.

pub mod config;
pub mod demo;
pub mod facts;
pub mod import;
mod jobs;
pub mod search;
pub mod server;
