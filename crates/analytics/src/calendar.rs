//! Business time: TTR and FRT measured in working seconds only.
//!
//! [`WorkingWeek`] is a calendar of opening periods per weekday and holidays in one time zone. It
//! lays out every day of its span once (each day's working intervals in UTC, DST-correct, and the
//! working seconds before it), so counting the working time between two instants is two binary
//! searches, however far apart they are.

use std::fmt::Debug;

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Counts working time between two instants.
pub trait BusinessCalendar: Debug + Send + Sync {
    /// Working seconds in `[start, end)`, both unix seconds; 0 when `end <= start`.
    fn working_seconds(&self, start: i64, end: i64) -> i64;
}

/// Minutes since local midnight: `(start, end)` with `end` up to 1440 (the day's end).
pub type Period = (u16, u16);

#[derive(Debug, Clone)]
pub struct WorkingWeek {
    /// UTC start of each local day of the span, and the end of the last one.
    day_starts: Vec<i64>,
    /// Where each day's intervals begin in `intervals`; one more entry than days.
    day_spans: Vec<u32>,
    /// Working intervals `[from, to)` in unix seconds, day after day.
    intervals: Vec<(i64, i64)>,
    /// Working seconds before each day (and after the last).
    before_day: Vec<i64>,
}

impl WorkingWeek {
    /// The calendar for local dates `first..=last`. `week[0]` is Monday; `holidays` have no hours.
    /// Periods must be ordered and apart; the caller checks them.
    pub fn new(
        zone: Tz,
        week: &[Vec<Period>; 7],
        holidays: &[NaiveDate],
        first: NaiveDate,
        last: NaiveDate,
    ) -> WorkingWeek {
        let mut calendar = WorkingWeek {
            day_starts: Vec::new(),
            day_spans: vec![0],
            intervals: Vec::new(),
            before_day: vec![0],
        };
        let mut date = first;
        while date <= last {
            calendar.day_starts.push(instant(zone, date, 0));
            if !holidays.contains(&date) {
                for &(from, to) in &week[date.weekday().num_days_from_monday() as usize] {
                    let (from, to) = (instant(zone, date, from), instant(zone, date, to));
                    if to > from {
                        calendar.intervals.push((from, to));
                    }
                }
            }
            let worked: i64 = calendar.intervals
                [*calendar.day_spans.last().unwrap_or(&0) as usize..]
                .iter()
                .map(|(from, to)| to - from)
                .sum();
            calendar.day_spans.push(calendar.intervals.len() as u32);
            calendar
                .before_day
                .push(calendar.before_day.last().unwrap_or(&0) + worked);
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        calendar
            .day_starts
            .push(instant(zone, last.succ_opt().unwrap_or(last), 0));
        calendar
    }

    /// Working seconds before instant `at`; constant before the span and after it.
    fn worked_before(&self, at: i64) -> i64 {
        let days = self.day_starts.len() - 1;
        if days == 0 || at <= self.day_starts[0] {
            return 0;
        }
        if at >= self.day_starts[days] {
            return self.before_day[days];
        }
        let day = self.day_starts.partition_point(|&start| start <= at) - 1;
        let intervals =
            &self.intervals[self.day_spans[day] as usize..self.day_spans[day + 1] as usize];
        self.before_day[day]
            + intervals
                .iter()
                .map(|&(from, to)| (at.min(to) - from).max(0))
                .sum::<i64>()
    }
}

impl BusinessCalendar for WorkingWeek {
    fn working_seconds(&self, start: i64, end: i64) -> i64 {
        if end <= start {
            return 0;
        }
        self.worked_before(end) - self.worked_before(start)
    }
}

/// The instant a local wall-clock time happens, `minutes` after midnight of `date` (1440 is the
/// next midnight). A time skipped by a DST change counts from the moment the clock jumps to; a
/// repeated one from its first occurrence.
fn instant(zone: Tz, date: NaiveDate, minutes: u16) -> i64 {
    let local = NaiveDateTime::new(date, NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.timestamp(),
        LocalResult::None => (1..=4)
            .find_map(|quarter| {
                zone.from_local_datetime(&(local + Duration::minutes(15 * quarter)))
                    .earliest()
            })
            .map_or_else(|| local.and_utc().timestamp(), |at| at.timestamp()),
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::Europe::Amsterdam;

    use super::*;

    fn office_hours() -> [Vec<Period>; 7] {
        let day = vec![(9 * 60, 12 * 60 + 30), (13 * 60, 17 * 60)];
        [
            day.clone(),
            day.clone(),
            day.clone(),
            day.clone(),
            day,
            vec![],
            vec![],
        ]
    }

    fn at(text: &str) -> i64 {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        Amsterdam
            .from_local_datetime(&local)
            .earliest()
            .unwrap()
            .timestamp()
    }

    fn calendar(holidays: &[NaiveDate]) -> WorkingWeek {
        let (first, last) = (
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
        );
        WorkingWeek::new(Amsterdam, &office_hours(), holidays, first, last)
    }

    #[test]
    fn only_opening_hours_count_and_the_lunch_break_does_not() {
        let week = calendar(&[]);
        // Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
        assert_eq!(
            week.working_seconds(at("2026-11-20 16:00"), at("2026-11-23 10:00")),
            2 * 3600
        );
        // Across lunch: 12:00-12:30 and 13:00-14:00.
        assert_eq!(
            week.working_seconds(at("2026-11-24 12:00"), at("2026-11-24 14:00")),
            5400
        );
        // A whole week: 5 days of 7.5 hours.
        assert_eq!(
            week.working_seconds(at("2026-11-23 00:00"), at("2026-11-30 00:00")),
            5 * 27_000
        );
        assert_eq!(
            week.working_seconds(at("2026-11-28 10:00"), at("2026-11-28 11:00")),
            0,
            "Saturday"
        );
        assert_eq!(
            week.working_seconds(at("2026-11-24 14:00"), at("2026-11-24 12:00")),
            0
        );
    }

    #[test]
    fn a_holiday_has_no_hours() {
        let christmas = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        let week = calendar(&[christmas]);
        assert_eq!(
            week.working_seconds(at("2026-12-24 17:00"), at("2026-12-28 09:30")),
            1800
        );
    }

    #[test]
    fn a_day_with_a_dst_change_keeps_its_wall_clock_hours() {
        let week = calendar(&[]);
        // Sunday 2026-03-29 clocks go forward; the Monday after still has 7.5 hours.
        assert_eq!(
            week.working_seconds(at("2026-03-27 00:00"), at("2026-03-31 00:00")),
            2 * 27_000
        );
        let night = [
            vec![(0, 1440)],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![(0, 1440)],
        ];
        let week = WorkingWeek::new(
            Amsterdam,
            &night,
            &[],
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        );
        // The Sunday of the spring change has 23 hours, the autumn one 25.
        assert_eq!(
            week.working_seconds(at("2026-03-29 00:00"), at("2026-03-30 00:00")),
            23 * 3600
        );
        assert_eq!(
            week.working_seconds(at("2026-10-25 00:00"), at("2026-10-26 00:00")),
            25 * 3600
        );
    }
}
