//! The period a dashboard shows: whole local days (Europe/Amsterdam), `to` included; the period
//! before it of the same length, to compare with; and the time buckets its small charts use.

use chrono::{Datelike, Days, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;
use serde::Deserialize;

use super::words::Words;
use crate::error::{ApiError, ErrorCode};
use crate::metric_answers::params::start_of_day;
use crate::pages::format;
use crate::pages::i18n::Lang;

/// The longest period a dashboard shows, in days (ten years).
const MAX_DAYS: i64 = 3660;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// How a period's small charts are bucketed: by day up to a month, by week up to a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    Day,
    Week,
    Month,
}

impl Grain {
    pub fn dimension(self) -> analytics::Dimension {
        match self {
            Grain::Day => analytics::Dimension::Day,
            Grain::Week => analytics::Dimension::Week,
            Grain::Month => analytics::Dimension::Month,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.dimension().as_str()
    }

    /// The label the metrics give a day's bucket (`2025-01-06` for the week of that Monday).
    pub fn label(self, day: NaiveDate) -> String {
        match self {
            Grain::Day => day.format("%Y-%m-%d").to_string(),
            Grain::Week => (day - Days::new(day.weekday().num_days_from_monday().into()))
                .format("%Y-%m-%d")
                .to_string(),
            Grain::Month => day.format("%Y-%m").to_string(),
        }
    }
}

/// The first of the month after `day`'s.
fn next_month(day: NaiveDate) -> Option<NaiveDate> {
    let (year, month) = match day.month() {
        12 => (day.year() + 1, 1),
        month => (day.year(), month + 1),
    };
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&Amsterdam).date_naive()
}

impl Period {
    /// The period asked for, or the last 30 days; a bad date or a reversed or overlong period
    /// is a 400.
    pub fn from_query(query: &PeriodQuery) -> Result<Period, ApiError> {
        let parse = |text: &Option<String>, default: NaiveDate| match text
            .as_deref()
            .filter(|t| !t.is_empty())
        {
            None => Ok(default),
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .filter(|day| (1970..=9000).contains(&day.year()))
                .ok_or_else(|| {
                    ApiError::bad_request(ErrorCode::InvalidDate, "dates are YYYY-MM-DD")
                }),
        };
        let last = parse(&query.to, today())?;
        let first = parse(&query.from, last - Days::new(29))?;
        if first > last {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidDate,
                "from must not be after to",
            ));
        }
        if (last - first).num_days() >= MAX_DAYS {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidDate,
                format!("a period spans at most {MAX_DAYS} days"),
            ));
        }
        Ok(Period { first, last })
    }

    /// Days in the period.
    pub fn days(self) -> u64 {
        (self.last - self.first).num_days() as u64 + 1
    }

    /// The period of the same length just before this one.
    pub fn previous(self) -> Period {
        let last = self.first - Days::new(1);
        Period {
            first: last - Days::new(self.days() - 1),
            last,
        }
    }

    /// `[from, to)` in unix seconds.
    pub fn bounds(self) -> (i64, i64) {
        let midnight = |date: NaiveDate| start_of_day(Amsterdam, date).unwrap_or(0);
        (midnight(self.first), midnight(self.last + Days::new(1)))
    }

    /// `[from, to)` as instants.
    pub fn instants(self) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
        let (from, to) = self.bounds();
        (
            chrono::DateTime::from_timestamp(from, 0).unwrap_or_default(),
            chrono::DateTime::from_timestamp(to, 0).unwrap_or_default(),
        )
    }

    pub fn query_string(self) -> String {
        format!("from={}&to={}", self.first, self.last)
    }

    /// "laatste 30 dagen" for a period up to today, else "01-01-2025 – 28-02-2025".
    pub fn label(self, w: &Words, lang: Lang) -> String {
        if self.last == today() {
            return w.last_days.replace("{n}", &self.days().to_string());
        }
        self.range(lang)
    }

    /// Always the dates: "01-01-2025 – 28-02-2025".
    pub fn range(self, lang: Lang) -> String {
        if self.first == self.last {
            return format::date(lang, self.first);
        }
        format!(
            "{} – {}",
            format::date(lang, self.first),
            format::date(lang, self.last)
        )
    }

    pub fn grain(self) -> Grain {
        match self.days() {
            0..=31 => Grain::Day,
            32..=366 => Grain::Week,
            _ => Grain::Month,
        }
    }

    /// The labels of the period's buckets in order.
    pub fn buckets(self, grain: Grain) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        let mut day = self.first;
        while day <= self.last {
            let label = grain.label(day);
            if labels.last() != Some(&label) {
                labels.push(label);
            }
            day = match grain {
                Grain::Day => day + Days::new(1),
                Grain::Week => day + Days::new(7 - u64::from(day.weekday().num_days_from_monday())),
                Grain::Month => next_month(day).unwrap_or(self.last + Days::new(1)),
            };
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
        let period = Period {
            first: day(2025, 2, 1),
            last: day(2025, 2, 28),
        };
        assert_eq!(
            period.previous(),
            Period {
                first: day(2025, 1, 4),
                last: day(2025, 1, 31),
            }
        );
    }

    #[test]
    fn buckets_cover_the_period() {
        let period = Period {
            first: day(2025, 1, 1),
            last: day(2025, 2, 28),
        };
        assert_eq!(period.grain(), Grain::Week);
        let weeks = period.buckets(Grain::Week);
        assert_eq!(weeks.first().map(String::as_str), Some("2024-12-30"));
        assert_eq!(weeks.last().map(String::as_str), Some("2025-02-24"));
        assert_eq!(weeks.len(), 9);
        assert_eq!(period.buckets(Grain::Month), ["2025-01", "2025-02"]);
        let late = Period {
            first: day(2025, 1, 31),
            last: day(2025, 3, 1),
        };
        assert_eq!(
            late.buckets(Grain::Month),
            ["2025-01", "2025-02", "2025-03"]
        );
        assert_eq!(period.buckets(Grain::Day).len(), 59);
    }

    #[test]
    fn bad_and_overlong_periods_are_refused() {
        let ask = |from: &str, to: &str| {
            Period::from_query(&PeriodQuery {
                from: Some(from.into()),
                to: Some(to.into()),
            })
        };
        assert!(ask("2025-01-01", "2025-02-28").is_ok());
        assert!(ask("2025-02-30", "2025-03-01").is_err());
        assert!(ask("2025-03-01", "2025-02-01").is_err());
        assert!(ask("1900-01-01", "2025-02-01").is_err());
        assert!(ask("2000-01-01", "2025-02-01").is_err());
    }
}
