//! Klantbeeld's storage: one repository API over SQLite and PostgreSQL.
//!
//! SQL is written once with `$n` placeholders, which both backends accept, and run with the
//! statement helpers of [`Db`] (outside a transaction) and [`Tx`] (inside one): `execute`,
//! `fetch_one`, `fetch_optional`, `fetch_all`, `scalar`, ... with parameters from
//! [`params!`] (see [`sql`]). [`Db::begin_write`] opens a write transaction; each step of a change
//! is an `async fn` on [`Tx`] in its feature module, and [`Tx::commit`] wakes the event log's
//! tails once. Queries branch per backend only where the dialects differ (JSON access, schema
//! introspection, PostgreSQL's bulk import). Every change appends its event in the same
//! transaction (see [`events`]). The bulk paths on SQLite open their own rusqlite connection
//! through `sqlite_direct`.

mod db;
mod error;
pub mod events;
mod page;
mod secret;
pub mod sql;
mod sqlite_direct;
mod time;
mod tx;

pub mod agents;
pub mod bulk;
pub mod case_bulk;
pub mod case_moves;
pub mod case_reads;
pub mod cases;
pub mod channels;
pub mod conversations;
pub mod customer_facts;
pub mod customers;
pub mod drafts;
pub mod drill;
pub mod duplicates;
pub mod fact_rows;
pub mod identity_claims;
pub mod import;
pub mod intake;
pub mod interactions;
pub mod linking;
pub mod organisation;
pub mod relationships;
pub mod reply_routes;
pub mod saved_views;
pub mod schema;
pub mod search_rows;
pub mod sessions;
pub mod settings;
pub mod setup_links;
pub mod signatures;
pub mod surveys;
pub mod teams;
pub mod tokens;

pub use db::{Backend, Db};
pub use error::{Entity, StoreError};
pub use page::{Cursor, Page};
pub use time::{now, parse_timestamp};
pub use tx::Tx;

/// Constant-time comparison of two secrets (CSRF tokens and the like).
pub use secret::generate as generate_secret;
pub use secret::hashes_match as secret_matches;
