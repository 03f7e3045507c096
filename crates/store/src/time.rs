use chrono::{DateTime, SubsecRound, Utc};

/// The current time, truncated to microseconds: what both backends store without rounding, so a
/// value read back equals the value written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Parses `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`; without an offset the time is UTC.
/// Covers what SQLite stores (RFC 3339, as sqlx writes it) and what imports bring. Written by hand
/// because bulk loads and imports parse millions: chrono's format parser is ten times slower.
/// Fractions beyond microseconds are cut off.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut micros = 0;
    if let Some((b'.', fraction)) = rest.split_first() {
        let length = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if length == 0 {
            return None;
        }
        let kept = &fraction[..length.min(6)];
        micros = digits(kept)? * 10i64.pow(6 - kept.len() as u32);
        rest = &fraction[length..];
    }
    let offset_seconds = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let minutes = digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?;
            if minutes >= 24 * 60 {
                return None;
            }
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_seconds;
    DateTime::from_timestamp(seconds, micros as u32 * 1000)
}

/// The date of a day number since 1970-01-01 (the inverse of [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn digits(text: &[u8]) -> Option<i64> {
    text.iter().try_fold(0i64, |n, &digit| {
        digit
            .is_ascii_digit()
            .then(|| n * 10 + i64::from(digit - b'0'))
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SecondsFormat;

    #[test]
    fn reads_back_what_sqlx_writes() {
        for at in [0, 951_782_400, 1_716_489_762, 1_735_689_599, 4_102_444_800] {
            let time = DateTime::from_timestamp(at, 0).unwrap();
            for written in [time, time + chrono::Duration::microseconds(120_001)] {
                let text = written.to_rfc3339_opts(SecondsFormat::AutoSi, false);
                assert_eq!(parse_timestamp(&text), Some(written), "{text}");
            }
        }
    }

    #[test]
    fn import_forms_and_offsets() {
        let utc = DateTime::from_timestamp(1_716_489_762, 0);
        for text in [
            "2024-05-23 18:42:42",
            "2024-05-23T18:42:42Z",
            "2024-05-23T20:42:42+02:00",
            "2024-05-23T13:42:42-0500",
        ] {
            assert_eq!(parse_timestamp(text), utc, "{text}");
        }
        assert_eq!(
            parse_timestamp("2024-05-23 18:42:42.5").map(|at| at.timestamp_subsec_millis()),
            Some(500)
        );
        for bad in [
            "2024-13-23 18:42:42",
            "2023-02-29 00:00:00",
            "2024-05-23 24:00:00",
            "2024-05-23",
            "2024-05-23 18:42:42+2",
            "2024-05-23 18:42:42.",
            "yesterday",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}
