//! How many texts an inbox has sent this hour. A leaked form or a pumping attack must not run up
//! an SMS bill without bound: past its hourly cap an inbox sends nothing until the next hour.
//! The count lives in the database, so every app node shares it.

use chrono::{DateTime, Timelike, Utc};

use crate::{Db, StoreError, params};

/// Counts one text for `inbox_id` in the hour of `at` and returns the count including it.
pub async fn spend(db: &Db, inbox_id: i64, at: DateTime<Utc>) -> Result<i64, StoreError> {
    let hour = at
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at);
    db.scalar(
        "INSERT INTO send_budget (inbox_id, hour, sent) VALUES ($1, $2, 1) \
         ON CONFLICT (inbox_id, hour) DO UPDATE SET sent = send_budget.sent + 1 RETURNING sent",
        params![inbox_id, hour],
    )
    .await
}
