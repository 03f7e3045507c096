//! How a group of a breakdown or drill-down reads: a channel or touchpoint in words, an agent by
//! name. The facts label groups by key (`whatsapp`, `renewal`, an agent's email address), which
//! stays the value of every link and filter.

use std::collections::HashMap;

use analytics::Dimension;

use crate::error::ApiResult;
use crate::pages::i18n::Lang;
use crate::pages::terms;
use crate::state::AppState;

pub struct GroupNames {
    lang: Lang,
    /// Agents' names by email address.
    agents: HashMap<String, String>,
}

impl GroupNames {
    pub async fn load(state: &AppState, lang: Lang) -> ApiResult<GroupNames> {
        let agents = store::agents::list(&state.db)
            .await?
            .into_iter()
            .map(|agent| (agent.email, agent.name))
            .collect();
        Ok(GroupNames { lang, agents })
    }

    pub fn shown(&self, dimension: Dimension, key: &str) -> String {
        match dimension {
            Dimension::Channel => terms::channel(self.lang, key).into_owned(),
            Dimension::Touchpoint => terms::touchpoint(self.lang, key).into_owned(),
            Dimension::Agent => self.agents.get(key).cloned().unwrap_or_else(|| key.into()),
            _ => key.to_string(),
        }
    }
}
