//! Klantbeeld's storage: one repository API over SQLite and PostgreSQL.
//!
//! SQL is written once with `$n` placeholders, which both backends accept, and run through
//! [`on_pool!`], which expands the same code for either pool. Queries branch per backend only
//! where the dialects differ (JSON access, schema introspection). Every change appends its event
//! in the same transaction (see [`events`]).

mod db;
mod error;
pub mod events;
mod page;
mod secret;
pub mod sql;
mod time;

pub mod agents;
pub mod bulk;
pub mod case_bulk;
pub mod case_moves;
pub mod case_reads;
pub mod cases;
pub mod channels;
pub mod conversations;
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

/// Constant-time comparison of two secrets (CSRF tokens and the like).
pub use secret::generate as generate_secret;
pub use secret::hashes_match as secret_matches;

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`; the body is compiled once per backend.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Begins a write transaction: `BEGIN IMMEDIATE` on SQLite, so a writer waits for the lock up front
/// instead of failing when it upgrades from reading; a plain `BEGIN` on PostgreSQL.
#[macro_export]
macro_rules! begin_write {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                $crate::events::notify_committed();
                out
            }
            $crate::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                $crate::events::notify_committed();
                out
            }
        }
    };
}
