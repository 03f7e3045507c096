//! The query strings of the churn endpoints: `from`, `to` (dates in `tz` or RFC 3339 instants;
//! default the last twelve months), `tz`, `group_by`, `contacts_days`, `filter.<group>=a,b`, and
//! `outcome` for drivers. Every mistake is a 400 that names its parameter.

use analytics::{ChurnGroup, ChurnQuery, DEFAULT_TIME_ZONE, DriverQuery, Outcome};
use chrono::{Months, Utc};
use chrono_tz::Tz;

use crate::error::{ApiError, ErrorCode};
use crate::metric_answers::params::{Bound, moment, shorten, time_zone};

const FILTER_PREFIX: &str = "filter.";

/// What every churn query has: the window, its time zone and the contacts window.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub from: i64,
    pub to: i64,
    pub time_zone: Tz,
    pub contacts_days: u16,
}

/// Reads the window's parameters, handing every other one to `other`.
fn window(
    params: &[(String, String)],
    mut other: impl FnMut(&str, &str) -> Result<(), ApiError>,
) -> Result<Window, ApiError> {
    let mut zone = DEFAULT_TIME_ZONE;
    if let Some((_, name)) = params.iter().find(|(name, _)| name == "tz") {
        zone = time_zone(name)?;
    }
    let (mut from, mut to, mut contacts_days) = (None, None, analytics::DEFAULT_CONTACTS_DAYS);
    for (name, value) in params {
        match name.as_str() {
            "tz" => {}
            "from" => from = Some(moment(value, "from", zone, Bound::Start)?),
            "to" => to = Some(moment(value, "to", zone, Bound::End)?),
            "contacts_days" => {
                contacts_days = value
                    .parse()
                    .ok()
                    .filter(|days| (1..=365).contains(days))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            ErrorCode::InvalidContactsDays,
                            "contacts_days must be a whole number of days from 1 to 365",
                        )
                    })?;
            }
            _ => other(name, value)?,
        }
    }
    let now = Utc::now();
    let to = to.unwrap_or(now.timestamp());
    let from = match from {
        Some(from) => from,
        None => chrono::DateTime::from_timestamp(to, 0)
            .and_then(|end| end.checked_sub_months(Months::new(12)))
            .map_or(0, |start| start.timestamp()),
    };
    if from >= to {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDate,
            "from must be before to",
        ));
    }
    if from < 0 || to > i64::from(u32::MAX) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDate,
            "from and to must lie between 1970 and 2106",
        ));
    }
    Ok(Window {
        from,
        to,
        time_zone: zone,
        contacts_days,
    })
}

fn group(name: &str) -> Result<ChurnGroup, ApiError> {
    let group: ChurnGroup = name
        .parse()
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidDimension, format!("{err}")))?;
    if let ChurnGroup::Attribute(attribute) = &group
        && !domain::is_attribute_name(attribute)
    {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDimension,
            format!(
                "customer attribute {:?} must be letters, digits or _ (at most 64)",
                shorten(attribute)
            ),
        ));
    }
    Ok(group)
}

/// `GET /api/v1/metrics/churn` and the churn page.
pub fn churn_query(params: &[(String, String)]) -> Result<ChurnQuery, ApiError> {
    let mut groups = Vec::new();
    let mut filters: Vec<(ChurnGroup, Vec<String>)> = Vec::new();
    let window = window(params, |name, value| {
        if name == "group_by" {
            for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let group = group(name)?;
                if groups.contains(&group) {
                    return Err(ApiError::bad_request(
                        ErrorCode::InvalidDimension,
                        format!("{group} appears twice in group_by"),
                    ));
                }
                groups.push(group);
            }
            return Ok(());
        }
        let Some(filtered) = name.strip_prefix(FILTER_PREFIX) else {
            return Err(ApiError::bad_request(
                ErrorCode::UnknownParameter,
                format!(
                    "unknown parameter {:?}; use from, to, tz, group_by, contacts_days and filter.<group>",
                    shorten(name)
                ),
            ));
        };
        let group = group(filtered)?;
        let values = value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        match filters.iter_mut().find(|(g, _)| *g == group) {
            Some((_, existing)) => existing.extend(values),
            None => filters.push((group, values.collect())),
        }
        Ok(())
    })?;
    let mut query = ChurnQuery::new(window.from, window.to).group_by(groups);
    query.filters = filters;
    query.contacts_days = window.contacts_days;
    query.time_zone = window.time_zone;
    Ok(query)
}

/// `GET /api/v1/analysis/drivers`: `outcome` is required.
pub fn driver_query(params: &[(String, String)]) -> Result<DriverQuery, ApiError> {
    let mut outcome = None;
    let window = window(params, |name, value| match name {
        "outcome" => {
            outcome = Some(value.parse::<Outcome>().map_err(|err| {
                ApiError::bad_request(ErrorCode::InvalidOutcome, err.to_string())
            })?);
            Ok(())
        }
        _ => Err(ApiError::bad_request(
            ErrorCode::UnknownParameter,
            format!(
                "unknown parameter {:?}; use outcome, from, to, tz and contacts_days",
                shorten(name)
            ),
        )),
    })?;
    let outcome = outcome.ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::InvalidOutcome,
            "outcome is required: churn, detractor or low_csat",
        )
    })?;
    let mut query = DriverQuery::new(outcome, window.from, window.to);
    query.contacts_days = window.contacts_days;
    Ok(query)
}

/// The parameters minus a drill-down's own (`side`, `attribute`, `value`, `limit`), which the
/// caller reads itself.
pub fn without(params: &[(String, String)], own: &[&str]) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|(name, _)| !own.contains(&name.as_str()))
        .cloned()
        .collect()
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

    #[test]
    fn groups_filters_and_dates_are_read() {
        let query = churn_query(&params(&[
            ("from", "2025-01-01"),
            ("to", "2025-03-31"),
            ("tz", "UTC"),
            ("group_by", "month,customer.contract"),
            ("filter.segment", "smb,ent"),
            ("contacts_days", "30"),
        ]))
        .expect("valid");
        assert_eq!((query.from, query.to), (1_735_689_600, 1_743_465_600));
        assert_eq!(query.group_by[1], ChurnGroup::Attribute("contract".into()));
        assert_eq!(query.filters[0].1, ["smb", "ent"]);
        assert_eq!(query.contacts_days, 30);
    }

    #[test]
    fn mistakes_name_their_parameter() {
        let refused = |pairs: &[(&str, &str)]| churn_query(&params(pairs)).unwrap_err().code;
        assert_eq!(
            refused(&[("group_by", "colour")]),
            ErrorCode::InvalidDimension
        );
        assert_eq!(
            refused(&[("group_by", "customer.a-b")]),
            ErrorCode::InvalidDimension
        );
        assert_eq!(refused(&[("from", "2025-02-30")]), ErrorCode::InvalidDate);
        assert_eq!(
            refused(&[("contacts_days", "0")]),
            ErrorCode::InvalidContactsDays
        );
        assert_eq!(
            refused(&[("groupby", "month")]),
            ErrorCode::UnknownParameter
        );
        let drivers = |pairs: &[(&str, &str)]| driver_query(&params(pairs)).unwrap_err().code;
        assert_eq!(drivers(&[]), ErrorCode::InvalidOutcome);
        assert_eq!(
            drivers(&[("outcome", "happiness")]),
            ErrorCode::InvalidOutcome
        );
    }
}
