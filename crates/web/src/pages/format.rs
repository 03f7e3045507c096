//! Numbers, percentages, dates and durations as a reader of the page's language writes them:
//! `78,7 %`, `1.234,5`, `21-11-2026` in Dutch; `78.7%`, `1,234.5`, `21 Nov 2026` in English.
//! Every function takes the [`Lang`] first and returns the text to show; a value that is not a
//! number (no data) is shown as [`NO_VALUE`]. Times are shown in Europe/Amsterdam.
//!
//! For CSV cells use [`bare_number`]: no thousands separator, the decimal mark of the language
//! (a Dutch spreadsheet reads `78,7`, an English one `78.7`).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Amsterdam;

use super::i18n::Lang;

/// What a figure without data shows.
pub const NO_VALUE: &str = "–";

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn decimal_mark(lang: Lang) -> char {
    match lang {
        Lang::Nl => ',',
        Lang::En => '.',
    }
}

fn group_mark(lang: Lang) -> char {
    match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    }
}

/// `value` rounded to `decimals`, as `(sign, integer digits, fraction digits)`; `-0` is `0`.
fn parts(value: f64, decimals: usize) -> (bool, String, String) {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    (negative, whole.to_string(), fraction.to_string())
}

fn join(lang: Lang, negative: bool, whole: &str, fraction: &str) -> String {
    let mut out = String::with_capacity(whole.len() + fraction.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(whole);
    if !fraction.is_empty() {
        out.push(decimal_mark(lang));
        out.push_str(fraction);
    }
    out
}

/// `1234.56` with 1 decimal: `1.234,6` (nl), `1,234.6` (en).
pub fn number(lang: Lang, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return NO_VALUE.to_string();
    }
    let (negative, whole, fraction) = parts(value, decimals);
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group_mark(lang));
        }
        grouped.push(digit);
    }
    join(lang, negative, &grouped, &fraction)
}

/// Like [`number`] without thousands separators, for CSV cells: `1234,6` (nl), `1234.6` (en).
pub fn bare_number(lang: Lang, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let (negative, whole, fraction) = parts(value, decimals);
    join(lang, negative, &whole, &fraction)
}

/// A percentage (`78.66` means 78.66 %) with 1 decimal: `78,7 %` (nl), `78.7%` (en).
pub fn percent(lang: Lang, value: f64) -> String {
    if !value.is_finite() {
        return NO_VALUE.to_string();
    }
    match lang {
        Lang::Nl => format!("{} %", number(lang, value, 1)),
        Lang::En => format!("{}%", number(lang, value, 1)),
    }
}

/// `21-11-2026` (nl), `21 Nov 2026` (en).
pub fn date(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::Nl => day.format("%d-%m-%Y").to_string(),
        Lang::En => {
            use chrono::Datelike;
            let month = MONTHS_EN[day.month0() as usize];
            format!("{} {month} {}", day.day(), day.year())
        }
    }
}

/// A moment in Amsterdam time: `21-11-2026 14:05` (nl), `21 Nov 2026 14:05` (en).
pub fn date_time(lang: Lang, at: &DateTime<Utc>) -> String {
    let local = at.with_timezone(&Amsterdam);
    format!(
        "{} {}",
        date(lang, local.date_naive()),
        local.format("%H:%M")
    )
}

/// A length of time, to the two largest units: `45 s`, `12 min`, `3 u 05 min` (nl) /
/// `3 h 05 min` (en), `2 d 4 u` / `2 d 4 h` from 48 hours on. Negative lengths show as `0 s`.
pub fn duration(lang: Lang, seconds: f64) -> String {
    if !seconds.is_finite() {
        return NO_VALUE.to_string();
    }
    let hour = match lang {
        Lang::Nl => "u",
        Lang::En => "h",
    };
    let total = seconds.max(0.0).round() as u64;
    let (days, hours, minutes) = (total / 86_400, total / 3600, total / 60);
    if total < 60 {
        format!("{total} s")
    } else if total < 3600 {
        format!("{minutes} min")
    } else if total < 48 * 3600 {
        format!("{hours} {hour} {:02} min", minutes % 60)
    } else {
        format!("{days} d {} {hour}", hours % 24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_the_languages_marks() {
        assert_eq!(number(Lang::Nl, 1234.56, 1), "1.234,6");
        assert_eq!(number(Lang::En, 1234.56, 1), "1,234.6");
        assert_eq!(number(Lang::Nl, 1_234_567.0, 0), "1.234.567");
        assert_eq!(number(Lang::En, 999.96, 1), "1,000.0");
        assert_eq!(number(Lang::Nl, 3.5, 0), "4");
        assert_eq!(number(Lang::En, -12.25, 2), "-12.25");
        assert_eq!(number(Lang::Nl, -0.04, 1), "0,0", "no minus on a zero");
        assert_eq!(number(Lang::En, f64::NAN, 1), "–");
        assert_eq!(bare_number(Lang::Nl, 1234.56, 1), "1234,6");
        assert_eq!(bare_number(Lang::En, 1234.56, 1), "1234.6");
        assert_eq!(bare_number(Lang::En, -33.333, 1), "-33.3");
        assert_eq!(bare_number(Lang::Nl, f64::INFINITY, 1), "");
    }

    #[test]
    fn percentages_carry_the_sign_as_each_language_writes_it() {
        assert_eq!(percent(Lang::Nl, 78.66), "78,7 %");
        assert_eq!(percent(Lang::En, 78.66), "78.7%");
        assert_eq!(percent(Lang::Nl, 100.0), "100,0 %");
        assert_eq!(percent(Lang::En, -33.333), "-33.3%");
        assert_eq!(percent(Lang::Nl, f64::NAN), "–");
    }

    #[test]
    fn dates_are_unambiguous() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(date(Lang::Nl, day), "21-11-2026");
        assert_eq!(date(Lang::En, day), "21 Nov 2026");
        let early = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        assert_eq!(date(Lang::Nl, early), "04-03-2025");
        assert_eq!(date(Lang::En, early), "4 Mar 2025");
    }

    #[test]
    fn date_times_are_amsterdam_time() {
        // 13:05 UTC is 14:05 in Amsterdam in winter, 15:05 in summer.
        let winter = DateTime::parse_from_rfc3339("2026-11-21T13:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(date_time(Lang::Nl, &winter), "21-11-2026 14:05");
        assert_eq!(date_time(Lang::En, &winter), "21 Nov 2026 14:05");
        let summer = DateTime::parse_from_rfc3339("2026-06-30T22:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(date_time(Lang::Nl, &summer), "01-07-2026 00:30");
    }

    #[test]
    fn durations_take_the_two_largest_units() {
        assert_eq!(duration(Lang::Nl, 44.6), "45 s");
        assert_eq!(duration(Lang::En, 720.0), "12 min");
        assert_eq!(duration(Lang::Nl, 3.0 * 3600.0 + 300.0), "3 u 05 min");
        assert_eq!(duration(Lang::En, 3.0 * 3600.0 + 300.0), "3 h 05 min");
        assert_eq!(duration(Lang::Nl, 52.0 * 3600.0), "2 d 4 u");
        assert_eq!(duration(Lang::En, 52.0 * 3600.0), "2 d 4 h");
        assert_eq!(duration(Lang::En, -5.0), "0 s");
        assert_eq!(duration(Lang::Nl, f64::NAN), "–");
    }
}
