//! What an inbox list shows: its filters and sort, as the inbox page's query string and as a
//! saved view's definition (`api/views.rs`, `pages/inbox/`). Values from a URL are read leniently
//! (an unknown one falls back to the default); a saved view is checked strictly first.

use domain::{CaseStatus, Channel};
use serde::{Deserialize, Serialize};
use store::cases::{CaseFilter, CaseSort, SortKey, Visibility};

use crate::auth::session::urlencode;

/// The active statuses: what an agent's inbox shows unless asked otherwise.
pub const ACTIVE: [CaseStatus; 4] = [
    CaseStatus::New,
    CaseStatus::Open,
    CaseStatus::Pending,
    CaseStatus::OnHold,
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxFilter {
    /// `active` (default), `all`, or one status.
    #[serde(default)]
    pub status: String,
    /// `me`, `none` or an agent id; empty: anyone.
    #[serde(default)]
    pub assignee: String,
    /// A team id; empty: any team.
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub tag: String,
}

/// Filters and a sort: the definition of a saved view.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxView {
    #[serde(default)]
    pub filter: InboxFilter,
    /// One of [`SortKey`]'s names; empty: newest first.
    #[serde(default)]
    pub sort: String,
    /// `asc` or `desc`; empty: the column's natural direction.
    #[serde(default)]
    pub order: String,
}

impl InboxFilter {
    /// The status tab: `active` when none is given.
    pub fn status_or_active(&self) -> &str {
        if self.status.is_empty() {
            "active"
        } else {
            &self.status
        }
    }

    /// The store's filter for an agent who sees `visible_to`; unknown values filter nothing.
    pub fn case_filter(&self, agent_id: i64, visible_to: Option<Visibility>) -> CaseFilter {
        let statuses = match self.status_or_active() {
            "all" => Vec::new(),
            "active" => ACTIVE.to_vec(),
            one => one
                .parse::<CaseStatus>()
                .map(|s| vec![s])
                .unwrap_or_else(|_| ACTIVE.to_vec()),
        };
        let assignee_id = match self.assignee.as_str() {
            "" => None,
            "none" => Some(None),
            "me" => Some(Some(agent_id)),
            id => id.parse::<i64>().ok().map(Some),
        };
        CaseFilter {
            statuses,
            assignee_id,
            team_id: self.team.parse().ok(),
            channel: self.channel.parse::<Channel>().ok(),
            customer_id: None,
            tag: Some(self.tag.trim().to_lowercase()).filter(|t| !t.is_empty()),
            visible_to,
        }
    }

    /// Why this filter can't be saved, if it can't.
    pub fn problem(&self) -> Option<String> {
        let status_ok = matches!(self.status.as_str(), "" | "active" | "all")
            || self.status.parse::<CaseStatus>().is_ok();
        let assignee_ok = matches!(self.assignee.as_str(), "" | "me" | "none")
            || self.assignee.parse::<i64>().is_ok_and(|id| id > 0);
        let team_ok = self.team.is_empty() || self.team.parse::<i64>().is_ok_and(|id| id > 0);
        let channel_ok = self.channel.is_empty() || self.channel.parse::<Channel>().is_ok();
        if !status_ok {
            Some("filter.status must be active, all or a case status".into())
        } else if !assignee_ok {
            Some("filter.assignee must be me, none or an agent id".into())
        } else if !team_ok {
            Some("filter.team must be a team id".into())
        } else if !channel_ok {
            Some("filter.channel must be a channel".into())
        } else if self.tag.chars().count() > 50 {
            Some("filter.tag is longer than 50 characters".into())
        } else {
            None
        }
    }
}

impl InboxView {
    /// The sort asked for; an unknown column sorts newest first.
    pub fn case_sort(&self) -> CaseSort {
        match SortKey::parse(&self.sort) {
            None => CaseSort::NEWEST,
            Some(key) => CaseSort {
                key,
                descending: match self.order.as_str() {
                    "asc" => false,
                    "desc" => true,
                    _ => key.descending_first(),
                },
            },
        }
    }

    pub fn problem(&self) -> Option<String> {
        if !self.sort.is_empty() && SortKey::parse(&self.sort).is_none() {
            return Some(format!(
                "sort must be one of {}",
                SortKey::ALL.map(SortKey::as_str).join(", ")
            ));
        }
        if !matches!(self.order.as_str(), "" | "asc" | "desc") {
            return Some("order must be asc or desc".into());
        }
        self.filter.problem()
    }

    /// `/inbox?…` showing this view; `status` replaces the filter's status tab when given.
    pub fn href(&self, status: Option<&str>, sort: Option<CaseSort>) -> String {
        let filter = &self.filter;
        let mut parts = vec![format!(
            "status={}",
            urlencode(status.unwrap_or(filter.status_or_active()))
        )];
        for (key, value) in [
            ("assignee", &filter.assignee),
            ("team", &filter.team),
            ("channel", &filter.channel),
            ("tag", &filter.tag),
        ] {
            if !value.is_empty() {
                parts.push(format!("{key}={}", urlencode(value)));
            }
        }
        let sort = sort.unwrap_or_else(|| self.case_sort());
        if sort != CaseSort::NEWEST {
            parts.push(format!("sort={}", sort.key.as_str()));
            parts.push(format!(
                "order={}",
                if sort.descending { "desc" } else { "asc" }
            ));
        }
        format!("/inbox?{}", parts.join("&"))
    }
}
