//! The metrics read from their tables instead of the fact store, whose volumes are small:
//! availability of the phone queues (from `calls`) and of chat (from chat cases: answered at the
//! first agent reply, abandoned when closed without one), and the survey response rate (from
//! `survey_invitations`). Same URL, parameters and answer shape as the fact-store metrics.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};
use store::channels::calls;
use store::surveys::invitations;

use super::params::{Bound, moment, shorten, time_zone};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;

/// A call abandoned sooner than this was a misdial, not a customer who gave up.
pub const SHORT_ABANDON_SECONDS: i64 = 5;
const DEFAULT_TARGET_SECONDS: i64 = 20;

pub const AVAILABILITY_FORMULA: &str = "offered = calls minus short abandons (< 5 s), and chats; abandon rate = abandoned / offered; \
     service level = answered within target / (answered + abandoned); ASA = mean wait of answered calls and chats (chat: until the first agent reply)";
pub const RESPONSE_RATE_FORMULA: &str =
    "response rate = answered invitations / invitations that reached the customer x 100";

const TIME_GROUPS: [&str; 4] = ["day", "week", "month", "quarter"];

/// The metrics this module answers.
pub fn answers(metric: &str) -> bool {
    matches!(metric, "availability" | "response_rate")
}

struct Params {
    group_by: Vec<String>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: Tz,
    target_seconds: i64,
}

fn params(metric: &str, pairs: &[(String, String)]) -> ApiResult<Params> {
    let attributes: &[&str] = match metric {
        "availability" => &["queue", "inbox"],
        _ => &["survey", "touchpoint", "channel", "agent", "team"],
    };
    let mut group_by = Vec::new();
    let (mut from, mut to, mut zone, mut target_seconds) =
        (None, None, time_zone("")?, DEFAULT_TARGET_SECONDS);
    for (name, value) in pairs {
        match name.as_str() {
            "group_by" => {
                for dimension in value.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                    if !attributes.contains(&dimension) && !TIME_GROUPS.contains(&dimension) {
                        return Err(ApiError::bad_request(
                            ErrorCode::InvalidDimension,
                            format!(
                                "{metric} groups by {} and {}, not {:?}",
                                attributes.join(", "),
                                TIME_GROUPS.join(", "),
                                shorten(dimension)
                            ),
                        ));
                    }
                    group_by.push(dimension.to_string());
                }
            }
            "from" => from = Some(value.clone()),
            "to" => to = Some(value.clone()),
            "tz" => zone = time_zone(value)?,
            "target_seconds" if metric == "availability" => {
                target_seconds = value
                    .parse()
                    .ok()
                    .filter(|s| (1..=3600).contains(s))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            ErrorCode::InvalidTarget,
                            "target_seconds must be a whole number from 1 to 3600",
                        )
                    })?;
            }
            _ => {
                return Err(ApiError::bad_request(
                    ErrorCode::UnknownParameter,
                    format!(
                        "unknown parameter {:?}; use group_by, from, to, tz{}",
                        shorten(name),
                        if metric == "availability" {
                            " and target_seconds"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
    }
    if group_by
        .iter()
        .filter(|d| TIME_GROUPS.contains(&d.as_str()))
        .count()
        > 1
    {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDimension,
            "group by at most one of day, week, month, quarter",
        ));
    }
    let instant = |text: Option<String>,
                   name: &str,
                   bound: Bound,
                   default: DateTime<Utc>|
     -> ApiResult<DateTime<Utc>> {
        match text {
            None => Ok(default),
            Some(text) => DateTime::from_timestamp(moment(&text, name, zone, bound)?, 0)
                .ok_or_else(|| {
                    ApiError::bad_request(ErrorCode::InvalidDate, format!("{name} is out of range"))
                }),
        }
    };
    let from = instant(from, "from", Bound::Start, DateTime::UNIX_EPOCH)?;
    let to = instant(to, "to", Bound::End, Utc::now() + chrono::Duration::days(1))?;
    if from >= to {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidDate,
            "from must be before to",
        ));
    }
    Ok(Params {
        group_by,
        from,
        to,
        zone,
        target_seconds,
    })
}

/// The label of an instant's time bucket in `zone`, as the fact-store metrics write them.
fn bucket(grain: &str, zone: Tz, at: DateTime<Utc>) -> String {
    let date = zone.from_utc_datetime(&at.naive_utc()).date_naive();
    match grain {
        "week" => (date - Days::new(date.weekday().num_days_from_monday().into()))
            .format("%Y-%m-%d")
            .to_string(),
        "month" => date.format("%Y-%m").to_string(),
        "quarter" => format!("{}-Q{}", date.year(), date.month0() / 3 + 1),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

fn ratio(part: u64, whole: u64) -> Value {
    if whole == 0 {
        Value::Null
    } else {
        json!(100.0 * part as f64 / whole as f64)
    }
}

/// Rows of `{dimension: label, ..., figures, "n"}` in label order.
fn rows<T, F>(
    params: &Params,
    items: &[T],
    label: impl Fn(&str, &T) -> Option<String>,
    at: impl Fn(&T) -> DateTime<Utc>,
    figures: F,
) -> Vec<Value>
where
    F: Fn(&[&T]) -> Map<String, Value>,
{
    let mut groups: BTreeMap<Vec<Option<String>>, Vec<&T>> = BTreeMap::new();
    for item in items {
        let key = params
            .group_by
            .iter()
            .map(|d| {
                if TIME_GROUPS.contains(&d.as_str()) {
                    Some(bucket(d, params.zone, at(item)))
                } else {
                    label(d, item)
                }
            })
            .collect();
        groups.entry(key).or_default().push(item);
    }
    groups
        .into_iter()
        .map(|(key, members)| {
            let mut row = Map::new();
            for (dimension, label) in params.group_by.iter().zip(key) {
                row.insert(dimension.clone(), json!(label));
            }
            row.extend(figures(&members));
            Value::Object(row)
        })
        .collect()
}

/// `GET /api/v1/metrics/availability` or `/response_rate`: `{metric, formula, rows}`.
pub async fn answer(
    state: &AppState,
    metric: &str,
    pairs: &[(String, String)],
) -> ApiResult<Value> {
    let params = params(metric, pairs)?;
    let rows = if metric == "availability" {
        let mut calls = calls::offered_between(&state.db, params.from, params.to).await?;
        calls.extend(calls::chats_between(&state.db, params.from, params.to).await?);
        let target = params.target_seconds;
        let label = |d: &str, call: &calls::CallFact| match d {
            "queue" => call.queue.clone(),
            _ => Some(call.inbox_name.clone()),
        };
        rows(
            &params,
            &calls,
            label,
            |call| call.offered_at,
            |members| {
                let wait = |call: &&calls::CallFact| call.wait_seconds.unwrap_or(0);
                let short = members
                    .iter()
                    .filter(|c| {
                        c.state == "abandoned"
                            && !c.answered
                            && c.wait_seconds.is_some_and(|w| w < SHORT_ABANDON_SECONDS)
                    })
                    .count() as u64;
                let abandoned = members
                    .iter()
                    .filter(|c| c.state == "abandoned" && !c.answered)
                    .count() as u64
                    - short;
                let answered: Vec<_> = members.iter().filter(|c| c.answered).collect();
                let within = answered.iter().filter(|c| wait(c) <= target).count() as u64;
                let offered = members.len() as u64 - short;
                let asa = (!answered.is_empty()).then(|| {
                    answered.iter().map(|c| wait(c) as f64).sum::<f64>() / answered.len() as f64
                });
                let mut figures = Map::new();
                figures.insert("offered".into(), json!(offered));
                figures.insert("answered".into(), json!(answered.len()));
                figures.insert("abandoned".into(), json!(abandoned));
                figures.insert("short_abandoned".into(), json!(short));
                figures.insert("abandon_rate".into(), ratio(abandoned, offered));
                figures.insert(
                    "service_level".into(),
                    ratio(within, answered.len() as u64 + abandoned),
                );
                figures.insert("asa_seconds".into(), json!(asa));
                figures.insert("n".into(), json!(offered));
                figures
            },
        )
    } else {
        let delivered = invitations::delivered_between(&state.db, params.from, params.to).await?;
        let label = |d: &str, sent: &invitations::Delivered| match d {
            "survey" => Some(sent.survey_name.clone()),
            "touchpoint" => Some(sent.touchpoint.clone()),
            "channel" => sent.channel.clone(),
            "agent" => sent.agent_name.clone(),
            _ => sent.team_name.clone(),
        };
        rows(
            &params,
            &delivered,
            label,
            |sent| sent.sent_at,
            |members| {
                let answered = members.iter().filter(|i| i.answered).count() as u64;
                let mut figures = Map::new();
                figures.insert("sent".into(), json!(members.len()));
                figures.insert("answered".into(), json!(answered));
                figures.insert(
                    "response_rate".into(),
                    ratio(answered, members.len() as u64),
                );
                figures.insert("n".into(), json!(members.len()));
                figures
            },
        )
    };
    let formula = if metric == "availability" {
        AVAILABILITY_FORMULA
    } else {
        RESPONSE_RATE_FORMULA
    };
    Ok(json!({"metric": metric, "formula": formula, "rows": rows}))
}
