//! `?group_by=a,b&from=&to=&tz=&time=&filter.<dim>=<value>` turned into a [`MetricQuery`];
//! every mistake is a 400 that says which parameter and what it accepts.

use std::str::FromStr;

use analytics::{DEFAULT_TIME_ZONE, Dimension, Metric, MetricQuery};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::error::{ApiError, ErrorCode};

const FILTER_PREFIX: &str = "filter.";
/// `filter.customer.<attribute>`: a customer attribute, not a fact dimension.
const CUSTOMER_PREFIX: &str = "customer.";

/// A question as the query string asks it; the caller adds what needs the database.
#[derive(Debug)]
pub struct Asked {
    pub query: MetricQuery,
    /// Business time: the caller attaches the calendar.
    pub business: bool,
    /// `filter.customer.<key>=<value>`: only facts of customers with these attributes.
    pub customer_attributes: Vec<(String, String)>,
}

/// The question asked by the path's metric and the query string's parameters.
pub fn metric_query(metric: &str, params: &[(String, String)]) -> Result<Asked, ApiError> {
    let metric: Metric = metric
        .parse()
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidMetric, format!("{err}")))?;
    let mut query = MetricQuery::new(metric);
    let mut business = false;
    let mut customer_attributes = Vec::new();
    let mut from = None;
    let mut to = None;
    for (name, value) in params {
        match name.as_str() {
            "group_by" => query.group_by.extend(dimensions(value)?),
            "tz" => query.time_zone = time_zone(value)?,
            "from" => from = Some(value.as_str()),
            "fcr_days" if metric == Metric::Fcr => {
                query.fcr_window_days = value
                    .parse()
                    .ok()
                    .filter(|days| (1..=90).contains(days))
                    .ok_or_else(|| {
                    ApiError::bad_request(
                        ErrorCode::InvalidFcrDays,
                        "fcr_days must be a whole number of days from 1 to 90",
                    )
                })?;
            }
            "to" => to = Some(value.as_str()),
            "time" => match value.as_str() {
                "calendar" => business = false,
                "business" if matches!(metric, Metric::Ttr | Metric::Frt) => business = true,
                "business" => {
                    return Err(ApiError::bad_request(
                        ErrorCode::InvalidTime,
                        format!("business time applies to ttr and frt, not to {metric}"),
                    ));
                }
                other => {
                    return Err(ApiError::bad_request(
                        ErrorCode::InvalidTime,
                        format!("time is calendar or business, not {:?}", shorten(other)),
                    ));
                }
            },
            _ => match name.strip_prefix(FILTER_PREFIX) {
                Some(attribute) if attribute.starts_with(CUSTOMER_PREFIX) => {
                    let key = &attribute[CUSTOMER_PREFIX.len()..];
                    if !domain::is_attribute_name(key) {
                        return Err(ApiError::bad_request(
                            ErrorCode::InvalidFilter,
                            format!(
                                "customer attribute {:?} must be letters, digits or _",
                                shorten(key)
                            ),
                        ));
                    }
                    customer_attributes.push((key.to_string(), value.clone()));
                }
                Some(dimension) => {
                    let dimension = one_dimension(dimension)?;
                    let values = value.split(',').map(str::trim).filter(|v| !v.is_empty());
                    match query.filters.iter_mut().find(|f| f.dimension == dimension) {
                        Some(filter) => filter.values.extend(values.map(str::to_string)),
                        None => query = query.filter(dimension, values),
                    }
                }
                None => {
                    return Err(ApiError::bad_request(
                        ErrorCode::UnknownParameter,
                        format!(
                            "unknown parameter {:?}; use group_by, from, to, tz, time, fcr_days (fcr) and filter.<dimension>",
                            shorten(name)
                        ),
                    ));
                }
            },
        }
    }
    let zone = query.time_zone;
    query.from = from
        .map(|text| moment(text, "from", zone, Bound::Start))
        .transpose()?;
    query.to = to
        .map(|text| moment(text, "to", zone, Bound::End))
        .transpose()?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from >= to
    {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDate,
            "from must be before to",
        ));
    }
    Ok(Asked {
        query,
        business,
        customer_attributes,
    })
}

fn dimensions(list: &str) -> Result<Vec<Dimension>, ApiError> {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(one_dimension)
        .collect()
}

fn one_dimension(name: &str) -> Result<Dimension, ApiError> {
    name.parse()
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidDimension, format!("{err}")))
}

pub(crate) fn time_zone(name: &str) -> Result<Tz, ApiError> {
    if name.is_empty() {
        return Ok(DEFAULT_TIME_ZONE);
    }
    Tz::from_str(name).map_err(|_| {
        ApiError::bad_request(
            ErrorCode::InvalidTimeZone,
            format!(
                "{:?} is not an IANA time zone such as Europe/Amsterdam or UTC",
                shorten(name)
            ),
        )
    })
}

#[derive(Clone, Copy)]
pub(crate) enum Bound {
    Start,
    End,
}

/// Unix seconds of `from` or `to`: an RFC 3339 instant as given, or a date in `zone` meaning the
/// whole day (`from`: its first moment; `to`: the first moment of the next day, as `to` is
/// exclusive).
pub(crate) fn moment(text: &str, name: &str, zone: Tz, bound: Bound) -> Result<i64, ApiError> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.timestamp());
    }
    let invalid = || {
        ApiError::bad_request(
            ErrorCode::InvalidDate,
            format!(
                "{name} must be a date (YYYY-MM-DD, in the query's time zone) or an RFC 3339 time, not {:?}",
                shorten(text)
            ),
        )
    };
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| invalid())?;
    let day = match bound {
        Bound::Start => date,
        Bound::End => date.checked_add_days(Days::new(1)).ok_or_else(invalid)?,
    };
    start_of_day(zone, day).ok_or_else(invalid)
}

/// The first moment of `day` in `zone`: midnight, or the end of a DST gap that swallows it.
pub(crate) fn start_of_day(zone: Tz, day: NaiveDate) -> Option<i64> {
    (0..=24 * 60).step_by(15).find_map(|minutes| {
        let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0)?;
        zone.from_local_datetime(&day.and_time(time))
            .earliest()
            .map(|at| at.timestamp())
    })
}

pub(crate) fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn refused(metric: &str, pairs: &[(&str, &str)]) -> &'static str {
        metric_query(metric, &params(pairs))
            .expect_err("refused")
            .code
            .as_str()
    }

    #[test]
    fn dates_are_whole_local_days() {
        let query = metric_query(
            "nps",
            &params(&[
                ("from", "2025-03-30"),
                ("to", "2025-03-30"),
                ("tz", "Europe/Amsterdam"),
            ]),
        )
        .expect("valid")
        .query;
        // The day DST starts has 23 hours.
        assert_eq!(query.from, Some(1_743_289_200));
        assert_eq!(query.to, Some(1_743_289_200 + 23 * 3600));
        let utc = metric_query("nps", &params(&[("from", "2025-01-01T00:00:00Z")]))
            .expect("valid")
            .query;
        assert_eq!(utc.from, Some(1_735_689_600));
    }

    #[test]
    fn filters_and_groups_accumulate() {
        let query = metric_query(
            "csat",
            &params(&[
                ("group_by", "channel, month"),
                ("filter.channel", "email,chat"),
                ("filter.channel", "sms"),
            ]),
        )
        .expect("valid")
        .query;
        assert_eq!(query.group_by, [Dimension::Channel, Dimension::Month]);
        assert_eq!(query.filters[0].values, ["email", "chat", "sms"]);
    }

    #[test]
    fn mistakes_name_their_parameter() {
        assert_eq!(refused("nsp", &[]), "invalid_metric");
        assert_eq!(
            refused("nps", &[("group_by", "colour")]),
            "invalid_dimension"
        );
        assert_eq!(
            refused("nps", &[("filter.colour", "x")]),
            "invalid_dimension"
        );
        assert_eq!(
            refused("nps", &[("tz", "Mars/Olympus")]),
            "invalid_time_zone"
        );
        assert_eq!(refused("nps", &[("from", "2025-02-30")]), "invalid_date");
        assert_eq!(
            refused("nps", &[("from", "2025-02-02"), ("to", "2025-02-01")]),
            "invalid_date"
        );
        assert_eq!(
            refused("nps", &[("groupby", "channel")]),
            "unknown_parameter"
        );
        assert_eq!(refused("nps", &[("time", "business")]), "invalid_time");
        assert!(
            metric_query("ttr", &params(&[("time", "business")]))
                .expect("valid")
                .business
        );
        assert_eq!(
            refused("nps", &[("filter.customer.a-b", "x")]),
            "invalid_filter"
        );
        let asked =
            metric_query("nps", &params(&[("filter.customer.plan", "zakelijk")])).expect("valid");
        assert_eq!(
            asked.customer_attributes,
            [("plan".to_string(), "zakelijk".to_string())]
        );
    }
}
