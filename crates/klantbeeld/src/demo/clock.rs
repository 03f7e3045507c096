//! When things happen: how contacts arrive over the weeks, weekdays and hours in Amsterdam, when
//! the back office works, and the two days of the big outage.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Europe::Amsterdam;
use domain::Channel;
use rand::Rng;
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;
use rand::rngs::StdRng;

/// Relative arrivals of written contacts per local hour on a weekday: office hours carry ~80%.
const WRITTEN_WEEKDAY: [f64; 24] = [
    0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 4.0, 6.0, 6.0, 5.5, 4.5, 5.0, 5.5, 5.0, 4.5, 3.5, 2.2,
    2.0, 2.0, 1.8, 1.2, 0.6,
];
/// At weekends people write about a third as much, later in the day.
const WRITTEN_WEEKEND: [f64; 24] = [
    0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 1.0, 1.3, 1.4, 1.3, 1.2, 1.2, 1.2, 1.1, 1.0, 0.9,
    1.0, 1.1, 1.0, 0.7, 0.4,
];
/// Calls and chats come in only while the contact centre is open: weekdays 08-20.
const LIVE_WEEKDAY: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0, 7.0, 6.5, 6.0, 4.5, 5.5, 6.0, 5.5, 5.0, 4.0, 2.5,
    2.0, 0.0, 0.0, 0.0, 0.0,
];
/// ... and on Saturday 09-17.
const LIVE_SATURDAY: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.5, 1.8, 1.8, 1.5, 1.5, 1.5, 1.3, 1.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0,
];
/// The back office answers written contacts on weekdays from 08:00 to 18:00.
const OFFICE_OPENS: u32 = 8;
const OFFICE_CLOSES: u32 = 18;
/// Contacts per hour during the outage fall off with this time constant, in hours.
const OUTAGE_DECAY_HOURS: f64 = 14.0;
/// How long the outage keeps customers calling.
const OUTAGE_HOURS: i64 = 48;

/// How contacts of one kind spread over the hours of a period.
struct Arrivals {
    hours: Vec<DateTime<Utc>>,
    index: WeightedIndex<f64>,
}

impl Arrivals {
    /// Over the hours that begin from `from` until `until`, each weighted by `weight`.
    fn new(
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        weight: impl Fn(DateTime<Utc>) -> f64,
    ) -> anyhow::Result<Arrivals> {
        let hours: Vec<DateTime<Utc>> =
            std::iter::successors(Some(from), |h| Some(*h + TimeDelta::hours(1)))
                .take_while(|h| *h < until)
                .collect();
        let index = WeightedIndex::new(hours.iter().map(|h| weight(*h)))?;
        Ok(Arrivals { hours, index })
    }

    /// A moment in a sampled hour, never after `now`.
    fn sample(&self, rng: &mut StdRng, now: DateTime<Utc>) -> DateTime<Utc> {
        let hour = self.hours[self.index.sample(rng)];
        let room = (now - hour).num_seconds().clamp(1, 3600);
        hour + TimeDelta::seconds(rng.random_range(0..room))
    }
}

pub struct Clock {
    pub now: DateTime<Utc>,
    written: Arrivals,
    live: Arrivals,
    outage_written: Arrivals,
    outage_live: Arrivals,
}

impl Clock {
    /// Contact patterns for the `days` (at least a week) up to `now`, with the outage placed
    /// somewhere in the last month.
    pub fn new(rng: &mut StdRng, now: DateTime<Utc>, days: i64) -> anyhow::Result<Clock> {
        let days = days.max(7);
        let today = now.with_timezone(&Amsterdam).date_naive();
        let first_day = today - TimeDelta::days(days - 1);
        let start = amsterdam(first_day, 0);
        let span = (now - start).num_seconds().max(1) as f64;
        // Mild growth: the last day of the period is 30% busier than the first.
        let growth = |hour: DateTime<Utc>| 1.0 + 0.3 * (hour - start).num_seconds() as f64 / span;
        let outage_day = today - TimeDelta::days(rng.random_range(4..days.min(26)));
        let outage_start = amsterdam(outage_day, 6);
        let outage_end = (outage_start + TimeDelta::hours(OUTAGE_HOURS)).min(now);
        let decay = |hour: DateTime<Utc>| {
            (-((hour - outage_start).num_minutes() as f64 / 60.0) / OUTAGE_DECAY_HOURS).exp()
        };
        Ok(Clock {
            now,
            written: Arrivals::new(start, now, |h| arrival_weight(false, h) * growth(h))?,
            live: Arrivals::new(start, now, |h| arrival_weight(true, h) * growth(h))?,
            outage_written: Arrivals::new(outage_start, outage_end, |h| {
                arrival_weight(false, h) * decay(h)
            })?,
            outage_live: Arrivals::new(outage_start, outage_end, |h| {
                arrival_weight(true, h) * decay(h)
            })?,
        })
    }

    /// When a contact of an ordinary day arrived; `live` for calls and chats.
    pub fn arrival(&self, rng: &mut StdRng, live: bool) -> DateTime<Utc> {
        let arrivals = if live { &self.live } else { &self.written };
        arrivals.sample(rng, self.now)
    }

    /// When a contact about the big outage arrived.
    pub fn outage_arrival(&self, rng: &mut StdRng, live: bool) -> DateTime<Utc> {
        let arrivals = if live {
            &self.outage_live
        } else {
            &self.outage_written
        };
        arrivals.sample(rng, self.now)
    }
}

fn arrival_weight(live: bool, hour: DateTime<Utc>) -> f64 {
    let local = hour.with_timezone(&Amsterdam);
    let table = match (live, local.weekday()) {
        (false, Weekday::Sat | Weekday::Sun) => &WRITTEN_WEEKEND,
        (false, _) => &WRITTEN_WEEKDAY,
        (true, Weekday::Sat) => &LIVE_SATURDAY,
        (true, Weekday::Sun) => return 0.0,
        (true, _) => &LIVE_WEEKDAY,
    };
    table[local.hour() as usize]
}

/// `work` of office time after `start`: the moment an agent who starts on it as soon as the
/// office is open has spent that long on it.
pub fn after_office_time(start: DateTime<Utc>, work: TimeDelta) -> DateTime<Utc> {
    let mut at = start;
    let mut left = work;
    loop {
        let day = at.with_timezone(&Amsterdam).date_naive();
        let (opens, closes) = (amsterdam(day, OFFICE_OPENS), amsterdam(day, OFFICE_CLOSES));
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if weekend || at >= closes {
            at = amsterdam(day + TimeDelta::days(1), 0);
            continue;
        }
        at = at.max(opens);
        if left <= closes - at {
            return at + left;
        }
        left -= closes - at;
        at = closes;
    }
}

/// When the first reply went out: chats within minutes, texts within hours, email and web forms
/// within 1 to 30 office hours (mostly the shorter), or 4 during the outage, when all hands help.
pub fn first_reply_at(
    rng: &mut StdRng,
    channel: Channel,
    start: DateTime<Utc>,
    outage: bool,
) -> DateTime<Utc> {
    let longest_hours = if outage { 4.0 } else { 30.0 };
    match channel {
        Channel::Chat => start + minutes(rng, 1, 10),
        Channel::Sms | Channel::Whatsapp => after_office_time(start, minutes(rng, 10, 240)),
        _ => {
            let skew: f64 = rng.random::<f64>().powi(2);
            let hours = 1.0 + skew * (longest_hours - 1.0);
            after_office_time(start, TimeDelta::minutes((hours * 60.0) as i64))
        }
    }
}

/// A random whole number of minutes in `from..to`.
pub fn minutes(rng: &mut StdRng, from: i64, to: i64) -> TimeDelta {
    TimeDelta::minutes(rng.random_range(from..to))
}

/// The instant of `hour`:00 on `day` in Amsterdam.
fn amsterdam(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local = day.and_time(chrono::NaiveTime::MIN) + TimeDelta::hours(i64::from(hour));
    // Whole hours exist on every day except in the spring-forward gap at 02:00, which no caller
    // asks for; UTC is a harmless stand-in there.
    Amsterdam
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}
