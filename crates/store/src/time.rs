use chrono::{DateTime, SubsecRound, Utc};

/// The current time, truncated to microseconds: what both backends store without rounding, so a
/// value read back equals the value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
