//! The organisation's business calendar: opening hours per weekday in one time zone, and its
//! holidays, stored in `settings` and built into an [`analytics::WorkingWeek`] for business-time
//! figures (`time=business` on TTR and FRT). Until an admin sets one, Monday to Friday
//! 09:00–17:00 Europe/Amsterdam holds. Read and replaced by `api/calendar.rs`, used by the metrics.

use std::collections::BTreeMap;
use std::sync::Arc;

use analytics::{Period, WorkingWeek};
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use store::Db;
use tokio::sync::Mutex;

use crate::error::{ApiError, ApiResult, ErrorCode};

const KEY: &str = "business_calendar";
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The years a calendar is laid out for; times outside count as closed.
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2060;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSettings {
    pub time_zone: String,
    /// Weekday (`mon` … `sun`) to opening periods such as `"09:00-12:30"`; a missing day is closed.
    pub week: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        CalendarSettings {
            time_zone: "Europe/Amsterdam".into(),
            week: WEEKDAYS[..5]
                .iter()
                .map(|day| (day.to_string(), vec!["09:00-17:00".to_string()]))
                .collect(),
            holidays: Vec::new(),
        }
    }
}

/// `"09:30"` as minutes after midnight; `"24:00"` is the day's end.
fn minutes(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    (minutes < 60 && (hours < 24 || (hours, minutes) == (24, 0))).then_some(hours * 60 + minutes)
}

impl CalendarSettings {
    /// The calendar these settings describe, or why they describe none.
    pub fn working_week(&self) -> Result<WorkingWeek, String> {
        let zone: Tz = self.time_zone.parse().map_err(|_| {
            format!(
                "{:?} is not an IANA time zone such as Europe/Amsterdam",
                self.time_zone
            )
        })?;
        let mut week: [Vec<Period>; 7] = Default::default();
        for (day, periods) in &self.week {
            let index = WEEKDAYS
                .iter()
                .position(|d| d == day)
                .ok_or_else(|| format!("{day:?} is not a weekday; use {}", WEEKDAYS.join(", ")))?;
            if periods.len() > 6 {
                return Err(format!("{day}: at most 6 periods a day"));
            }
            for period in periods {
                let parsed = period
                    .split_once('-')
                    .and_then(|(from, to)| Some((minutes(from)?, minutes(to)?)))
                    .filter(|(from, to)| from < to)
                    .ok_or_else(|| {
                        format!("{day}: {period:?} is not a period such as \"09:00-17:00\"")
                    })?;
                if week[index].last().is_some_and(|&(_, end)| end > parsed.0) {
                    return Err(format!("{day}: periods must be in order and apart"));
                }
                week[index].push(parsed);
            }
        }
        if self.holidays.len() > 2000 {
            return Err("at most 2000 holidays".into());
        }
        if let Some(day) = self
            .holidays
            .iter()
            .find(|d| !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()))
        {
            return Err(format!("holiday {day} is outside {FIRST_YEAR}-{LAST_YEAR}"));
        }
        let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).ok_or("calendar span")?;
        let last = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).ok_or("calendar span")?;
        Ok(WorkingWeek::new(zone, &week, &self.holidays, first, last))
    }
}

/// The calendar last built, with the settings it was built from; built again only when the
/// settings change (on any node).
#[derive(Default)]
pub struct CalendarCache {
    built: Mutex<Option<(CalendarSettings, Arc<WorkingWeek>)>>,
}

impl CalendarCache {
    /// The organisation's calendar as it is stored now.
    pub async fn current(&self, db: &Db) -> ApiResult<Arc<WorkingWeek>> {
        let settings = settings(db).await?;
        let mut cached = self.built.lock().await;
        if let Some((seen, calendar)) = cached.as_ref()
            && *seen == settings
        {
            return Ok(calendar.clone());
        }
        let calendar = Arc::new(checked(&settings)?);
        *cached = Some((settings, calendar.clone()));
        Ok(calendar)
    }
}

/// The stored settings, or the default calendar's.
pub async fn settings(db: &Db) -> ApiResult<CalendarSettings> {
    Ok(store::settings::get(db, KEY).await?.unwrap_or_default())
}

/// Stores settings that describe a calendar; others are a 422 that writes nothing.
pub async fn replace(db: &Db, settings: &CalendarSettings) -> ApiResult<()> {
    checked(settings)?;
    store::settings::put(db, KEY, settings).await?;
    Ok(())
}

fn checked(settings: &CalendarSettings) -> ApiResult<WorkingWeek> {
    settings
        .working_week()
        .map_err(|why| ApiError::unprocessable(ErrorCode::InvalidCalendar, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_zones_are_checked() {
        assert!(CalendarSettings::default().working_week().is_ok());
        let mut bad = CalendarSettings::default();
        bad.week.insert("mon".into(), vec!["17:00-09:00".into()]);
        assert!(bad.working_week().is_err());
        let mut bad = CalendarSettings::default();
        bad.week.insert(
            "mon".into(),
            vec!["09:00-13:00".into(), "12:00-17:00".into()],
        );
        assert!(bad.working_week().is_err());
        let mut bad = CalendarSettings::default();
        bad.week.insert("maandag".into(), vec![]);
        assert!(bad.working_week().is_err());
        let bad = CalendarSettings {
            time_zone: "Mars/Olympus".into(),
            ..CalendarSettings::default()
        };
        assert!(bad.working_week().is_err());
        let mut night = CalendarSettings::default();
        night.week.insert("sat".into(), vec!["00:00-24:00".into()]);
        assert!(night.working_week().is_ok());
    }
}
