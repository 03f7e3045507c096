//! What an agent must know about a customer's emails before answering: a Reply-To that is none of
//! the sender's known addresses (offered, never used on its own), and failed SPF/DKIM/DMARC checks.

use serde_json::Value;
use sqlx::types::Json;

use crate::{Db, StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailFlags {
    pub interaction_id: i64,
    pub inbox_id: Option<i64>,
    /// Where the sender asks replies to go, unverified.
    pub reply_to: Option<String>,
    /// The checks the receiving MTA reported as failed (`spf`, `dkim`, `dmarc`).
    pub failed_checks: Vec<String>,
}

/// The flags of a case's inbound emails that have any, newest first.
pub async fn of_case(db: &Db, case_id: i64) -> Result<Vec<EmailFlags>, StoreError> {
    let sql = "SELECT id, inbox_id, details FROM interactions WHERE case_id = $1 AND channel = \
               'email' AND direction = 'inbound' AND details IS NOT NULL ORDER BY id DESC LIMIT \
               500";
    let rows: Vec<(i64, Option<i64>, Json<Value>)> = db.fetch_all(sql, params![case_id]).await?;
    Ok(rows
        .into_iter()
        .map(|(interaction_id, inbox_id, Json(details))| EmailFlags {
            interaction_id,
            inbox_id,
            reply_to: details["reply_to"].as_str().map(str::to_string),
            failed_checks: details["authentication"]["failed"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|check| check.as_str().map(str::to_string))
                .collect(),
        })
        .filter(|flags| flags.reply_to.is_some() || !flags.failed_checks.is_empty())
        .collect())
}
