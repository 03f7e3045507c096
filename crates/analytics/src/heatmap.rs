//! Contact volume by local weekday and hour, for staffing: when cases come in.

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;

use crate::facts::FactStore;
use crate::scan::FactTable;

/// Cases created per `[weekday][hour]` (Monday first, local time in `zone`) in `[from, to)`.
impl FactStore {
    pub fn volume_by_weekday_hour(&self, from: i64, to: i64, zone: Tz) -> [[u64; 24]; 7] {
        let mut grid = [[0u64; 24]; 7];
        // The zone's offset changes at most at whole hours here; look it up once per UTC hour.
        let mut offsets = std::collections::HashMap::new();
        for &at in self.cases.created_at() {
            let at = i64::from(at);
            if at < from || at >= to {
                continue;
            }
            let offset = *offsets.entry(at.div_euclid(3600)).or_insert_with(|| {
                zone.offset_from_utc_datetime(
                    &chrono::DateTime::from_timestamp(at, 0)
                        .unwrap_or_default()
                        .naive_utc(),
                )
                .fix()
                .local_minus_utc()
            });
            let local = at + i64::from(offset);
            let day = local.div_euclid(86_400);
            // 1970-01-01 was a Thursday: Monday-first weekday is (day + 3) mod 7.
            let weekday = (day + 3).rem_euclid(7) as usize;
            let hour = (local.rem_euclid(86_400) / 3600) as usize;
            grid[weekday][hour] += 1;
        }
        grid
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::Europe::Amsterdam;

    use crate::facts::{CaseLifecycle, FactStore};

    fn case(id: i64, created_at: i64) -> CaseLifecycle<'static> {
        CaseLifecycle {
            case_id: id,
            customer_id: id,
            channel: None,
            priority: None,
            agent: None,
            team: None,
            created_at,
            first_response_at: None,
            resolved_at: None,
            reopen_count: 0,
        }
    }

    #[test]
    fn cases_land_on_their_local_weekday_and_hour() {
        let mut store = FactStore::new();
        // Monday 2025-01-06 08:30 UTC is 09:30 in Amsterdam; Sunday 2025-07-06 22:15 UTC is Monday 00:15 (UTC+2).
        store.cases.append(&case(1, 1_736_152_200)).unwrap();
        store.cases.append(&case(2, 1_751_840_100)).unwrap();
        store.cases.append(&case(3, 1_600_000_000)).unwrap();
        let grid = store.volume_by_weekday_hour(1_700_000_000, 1_800_000_000, Amsterdam);
        assert_eq!(grid[0][9], 1);
        assert_eq!(grid[0][0], 1);
        assert_eq!(
            grid.iter().flatten().sum::<u64>(),
            2,
            "the third is outside the range"
        );
    }
}
