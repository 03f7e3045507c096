//! The extension point for business time: TTR and FRT measured in working seconds only.
//!
//! The calendar itself (time zone, periods per day, holidays) belongs to the domain; the fact
//! store only asks it how many working seconds lie between two instants.

use std::fmt::Debug;

/// Counts working time between two instants.
pub trait BusinessCalendar: Debug + Send + Sync {
    /// Working seconds in `[start, end)`, both unix seconds; 0 when `end <= start`.
    fn working_seconds(&self, start: i64, end: i64) -> i64;
}
