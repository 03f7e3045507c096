//! What the fact store calls agents and teams, by database id: read once, read again when a row
//! names one that was created since.

use std::collections::HashMap;

use store::{Db, StoreError};

#[derive(Debug, Clone, Default)]
pub struct Labels {
    agents: HashMap<i64, Box<str>>,
    teams: HashMap<i64, Box<str>>,
}

impl Labels {
    pub async fn load(db: &Db) -> Result<Labels, StoreError> {
        let agents = store::fact_rows::agent_labels(db).await?;
        let teams = store::fact_rows::team_names(db).await?;
        Ok(Labels {
            agents: agents
                .into_iter()
                .map(|(id, label)| (id, label.into()))
                .collect(),
            teams: teams
                .into_iter()
                .map(|(id, name)| (id, name.into()))
                .collect(),
        })
    }

    pub fn agent(&self, id: i64) -> Option<&str> {
        self.agents.get(&id).map(|label| &**label)
    }

    pub fn team(&self, id: i64) -> Option<&str> {
        self.teams.get(&id).map(|name| &**name)
    }

    /// Whether every agent and team id in `ids` has a label.
    pub fn knows(
        &self,
        agents: impl IntoIterator<Item = i64>,
        teams: impl IntoIterator<Item = i64>,
    ) -> bool {
        agents.into_iter().all(|id| self.agents.contains_key(&id))
            && teams.into_iter().all(|id| self.teams.contains_key(&id))
    }
}
