//! One fatigue policy per person, across every survey: at most `max_invitations` in any
//! `window_days`, at least `min_gap_days` between two, and per kind at most one every so many
//! days (relationship NPS quarterly). Scheduled invitations count as sent: they will be.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use domain::SurveyKind;
use serde::{Deserialize, Serialize};

use crate::{Db, StoreError, settings};

const KEY: &str = "survey_fatigue";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FatiguePolicy {
    pub max_invitations: u32,
    pub window_days: u32,
    pub min_gap_days: u32,
    /// Per survey kind, the fewest days between two invitations of that kind.
    #[serde(default = "default_kind_days")]
    pub kind_min_days: BTreeMap<SurveyKind, u32>,
}

fn default_kind_days() -> BTreeMap<SurveyKind, u32> {
    BTreeMap::from([(SurveyKind::Nps, 90)])
}

impl Default for FatiguePolicy {
    fn default() -> Self {
        FatiguePolicy {
            max_invitations: 2,
            window_days: 30,
            min_gap_days: 7,
            kind_min_days: default_kind_days(),
        }
    }
}

impl FatiguePolicy {
    /// Why the policy cannot be used, if it cannot.
    pub fn problem(&self) -> Option<&'static str> {
        if !(1..=100).contains(&self.max_invitations) {
            Some("max_invitations must be 1 to 100")
        } else if !(1..=730).contains(&self.window_days) {
            Some("window_days must be 1 to 730")
        } else if self.min_gap_days > self.window_days {
            Some("min_gap_days must be 0 to window_days")
        } else if self.kind_min_days.values().any(|&days| days > 730) {
            Some("kind_min_days must be 0 to 730")
        } else {
            None
        }
    }

    /// The longest look back any rule needs.
    pub fn horizon(&self) -> Duration {
        let longest = self
            .kind_min_days
            .values()
            .copied()
            .chain([self.window_days, self.min_gap_days])
            .max()
            .unwrap_or(0);
        Duration::days(i64::from(longest))
    }

    /// Why an invitation of `kind` due at `at` would tire the customer, given the invitations
    /// they have had or will have (`previous`); `None` when it may go. `survey_days` is a
    /// relationship survey's own interval.
    pub fn tires(
        &self,
        at: DateTime<Utc>,
        kind: SurveyKind,
        survey: (i64, Option<i64>),
        previous: &[Previous],
    ) -> Option<String> {
        let near = |days: i64| move |p: &&Previous| (p.send_at - at).abs() < Duration::days(days);
        let in_window = previous
            .iter()
            .filter(near(i64::from(self.window_days)))
            .count();
        if in_window >= self.max_invitations as usize {
            return Some(format!(
                "{in_window} invitation(s) within {} days; the policy allows {}",
                self.window_days, self.max_invitations
            ));
        }
        if let Some(close) = previous.iter().find(near(i64::from(self.min_gap_days))) {
            return Some(format!(
                "another invitation on {}; the policy wants {} days between two",
                close.send_at.format("%Y-%m-%d"),
                self.min_gap_days
            ));
        }
        if let Some(&days) = self.kind_min_days.get(&kind)
            && previous
                .iter()
                .filter(|p| p.kind == kind)
                .any(|p| near(i64::from(days))(&p))
        {
            return Some(format!("a {kind} invitation within {days} days"));
        }
        let (survey_id, every_days) = survey;
        if let Some(days) = every_days
            && previous
                .iter()
                .filter(|p| p.survey_id == survey_id)
                .any(|p| near(days)(&p))
        {
            return Some(format!(
                "this survey was sent within its {days}-day interval"
            ));
        }
        None
    }
}

/// An invitation that went or will go to the customer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Previous {
    pub survey_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: SurveyKind,
    pub send_at: DateTime<Utc>,
}

pub async fn policy(db: &Db) -> Result<FatiguePolicy, StoreError> {
    Ok(settings::get(db, KEY).await?.unwrap_or_default())
}

pub async fn set_policy(db: &Db, policy: &FatiguePolicy) -> Result<(), StoreError> {
    settings::put(db, KEY, policy).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap() + Duration::days(day)
    }

    fn sent(survey_id: i64, kind: SurveyKind, day: i64) -> Previous {
        Previous {
            survey_id,
            kind,
            send_at: at(day),
        }
    }

    #[test]
    fn the_window_and_the_gap_both_hold() {
        let policy = FatiguePolicy {
            max_invitations: 2,
            window_days: 30,
            min_gap_days: 7,
            kind_min_days: BTreeMap::new(),
        };
        let csat = (1, None);
        assert!(policy.tires(at(0), SurveyKind::Csat, csat, &[]).is_none());
        let one = [sent(1, SurveyKind::Csat, 0)];
        assert!(
            policy
                .tires(at(6), SurveyKind::Csat, csat, &one)
                .is_some_and(|why| why.contains("7 days"))
        );
        assert!(policy.tires(at(8), SurveyKind::Csat, csat, &one).is_none());
        let two = [sent(1, SurveyKind::Csat, 0), sent(2, SurveyKind::Ces, 10)];
        assert!(
            policy
                .tires(at(20), SurveyKind::Csat, csat, &two)
                .is_some_and(|why| why.contains("allows 2"))
        );
        assert!(policy.tires(at(31), SurveyKind::Csat, csat, &two).is_none());
    }

    #[test]
    fn a_scheduled_invitation_counts_before_it_goes() {
        let policy = FatiguePolicy::default();
        let later = [sent(1, SurveyKind::Csat, 3)];
        assert!(
            policy
                .tires(at(0), SurveyKind::Csat, (1, None), &later)
                .is_some()
        );
    }

    #[test]
    fn relationship_nps_waits_its_days() {
        let policy = FatiguePolicy::default();
        let quarter = [sent(5, SurveyKind::Nps, 0)];
        assert!(
            policy
                .tires(at(60), SurveyKind::Nps, (5, Some(90)), &quarter)
                .is_some()
        );
        assert!(
            policy
                .tires(at(91), SurveyKind::Nps, (5, Some(90)), &quarter)
                .is_none()
        );
        assert!(
            policy
                .tires(at(60), SurveyKind::Csat, (1, None), &quarter)
                .is_none()
        );
    }

    #[test]
    fn a_policy_outside_its_bounds_is_refused() {
        let mut policy = FatiguePolicy::default();
        assert!(policy.problem().is_none());
        policy.min_gap_days = 40;
        assert!(policy.problem().is_some());
        policy.min_gap_days = 1;
        policy.max_invitations = 0;
        assert!(policy.problem().is_some());
    }
}
