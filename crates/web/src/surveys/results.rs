//! One survey's figures: response rate and scores, overall or per channel, agent, team or month,
//! each with n and its formula; for `GET /api/v1/surveys/{id}/results` and the survey pages.

use std::collections::BTreeMap;

use domain::SurveyKind;
use store::surveys::invitations;

use crate::metric_answers::operational::RESPONSE_RATE_FORMULA;

pub const GROUPS: [&str; 4] = ["channel", "agent", "team", "month"];

/// The figures of one group of a survey's invitations.
pub struct FigureRow {
    /// The group's label; empty when not grouped.
    pub label: String,
    pub sent: u64,
    pub answered: u64,
    pub response_rate: f64,
    /// As the metrics API names them (`csat` and `mean`, `nps`, `mean` and `easy_pct`).
    pub figures: Vec<(&'static str, f64)>,
    /// Answers with a score.
    pub n: u64,
}

/// The metric engine's kind of a scored survey; `None` for custom questions only.
fn engine_kind(kind: SurveyKind) -> Option<analytics::SurveyKind> {
    kind.as_str().parse().ok()
}

/// The formula of each figure the survey has, by figure name.
pub fn formulas(kind: SurveyKind) -> Vec<(&'static str, &'static str)> {
    let mut all = vec![("response_rate", RESPONSE_RATE_FORMULA)];
    if let Some(metric) =
        engine_kind(kind).and_then(|k| k.as_str().parse::<analytics::Metric>().ok())
    {
        all.push((kind.as_str(), metric.formula()));
    }
    all
}

/// Tallies `delivered` invitations per group (`GROUPS`, or one group when `None`).
pub fn figure_rows(
    kind: SurveyKind,
    delivered: &[invitations::Delivered],
    group_by: Option<&str>,
) -> Vec<FigureRow> {
    let mut groups: BTreeMap<String, (u64, u64, Vec<u32>)> = BTreeMap::new();
    for invitation in delivered {
        let label = match group_by {
            Some("channel") => invitation.channel.clone(),
            Some("agent") => invitation.agent_name.clone(),
            Some("team") => invitation.team_name.clone(),
            Some(_) => Some(invitation.sent_at.format("%Y-%m").to_string()),
            None => Some(String::new()),
        }
        .unwrap_or_else(|| "(none)".into());
        let (sent, answered, scores) = groups.entry(label).or_default();
        *sent += 1;
        if invitation.answered {
            *answered += 1;
            if let Some(score) = invitation.score.and_then(|s| usize::try_from(s).ok()) {
                if scores.len() <= score {
                    scores.resize(score + 1, 0);
                }
                scores[score] += 1;
            }
        }
    }
    groups
        .into_iter()
        .map(|(label, (sent, answered, scores))| FigureRow {
            label,
            sent,
            answered,
            response_rate: 100.0 * answered as f64 / sent as f64,
            figures: engine_kind(kind)
                .map(|k| analytics::score_figures(k, &scores))
                .unwrap_or_default(),
            n: scores.iter().map(|&c| u64::from(c)).sum(),
        })
        .collect()
}
