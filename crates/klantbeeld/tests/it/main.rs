//! Integration tests: each test starts the real server on 127.0.0.1:0 with a fresh database, on
//! SQLite always and on PostgreSQL when `KLANTBEELD_TEST_DATABASE_URL` names a server.

mod helpers;

mod agents;
mod attacks;
mod auth;
mod bad_input;
mod browser;
mod callback_claims;
mod cases;
mod channels;
mod churn;
mod churn_page;
mod cli;
mod customers;
mod dashboard;
mod dutch;
mod error_pages;
mod fuzz;
mod inbox;
mod intake;
mod interactions;
mod metrics;
mod openapi;
mod organisation;
mod records;
mod replies;
mod schema;
mod search;
mod surveys;
mod ui;
mod visitor;
mod writing;
